#!/usr/bin/env bash
# The registry's mail SQL through pgbench, at a constant rate, beside `parley-bench mail`
# (docs/BENCHMARKS.md, "Mail and relay"). Connection from the usual libpq variables, e.g.
#
#   PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=parley_mailbench bench/pgbench/mail.sh 100 30
#
# Makes its rows (mail-setup.sql), runs MAIL_DEPOSIT and then MAIL_FETCH + MAIL_ACK for SECONDS
# each after 5 s of warm-up, with 4 connections, then removes its rows (mail-teardown.sql).
# Latency is pgbench's per-transaction latency plus its schedule lag, i.e. from the intended
# start; a "transaction" is one run of a script file, so the fetch + ack figure covers both
# database transactions. As in run.sh, the pool's SELECT 1 before each transaction is left out.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rate="${1:?usage: mail.sh RATE SECONDS}"
seconds="${2:?usage: mail.sh RATE SECONDS}"
work="$(mktemp -d)"
trap 'psql -q -v ON_ERROR_STOP=1 -f "$here/mail-teardown.sql" >/dev/null; rm -rf "$work"' EXIT

psql -q -v ON_ERROR_STOP=1 -f "$here/mail-teardown.sql" >/dev/null
psql -q -v ON_ERROR_STOP=1 -f "$here/mail-setup.sql" >/dev/null
echo "pgbench: $(pgbench --version | head -1); $(psql -Atc 'select count(*) from mail') messages in mailboxes; load average $(cut -d' ' -f1-3 /proc/loadavg)"

source "$here/lib.sh"

run "MAIL_DEPOSIT (offline)" "$here/mail-deposit.sql" deposit -D k=0
run "MAIL_FETCH + MAIL_ACK" "$here/mail-fetch-ack.sql" fetchack -D k=0
echo "$(psql -Atc "select count(*) from mail m join account a on a.id = m.recipient_id where a.username_key like 'pgbm%'") messages left in the 20 mailboxes; load average $(cut -d' ' -f1-3 /proc/loadavg)"
