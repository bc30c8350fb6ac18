#!/usr/bin/env bash
# The registry's room SQL through pgbench, at a constant rate, beside `parley-bench room-ops`
# (docs/BENCHMARKS.md, "Rooms"). Connection from the usual libpq variables, e.g.
#
#   PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=parley_bench bench/pgbench/run.sh 100 30
#
# Makes its rows (setup.sql), runs ROOM_LIST, ROOM_JOIN + ROOM_LEAVE and ROOM_CREATE for SECONDS
# each after 5 s of warm-up, with 4 connections (the registry's requests come from many links),
# then removes its rows (teardown.sql). Latency is pgbench's per-transaction latency plus its
# schedule lag, i.e. from the intended start, as the Java load generator measures; percentiles
# come from pgbench's per-transaction log. A "transaction" here is one run of a script file, so
# the join + leave figure covers both database transactions of the pair. The scripts hold
# Hibernate's statements only: the registry's connection pool also sends a SELECT 1 (validate-on-match)
# each time a transaction takes a connection, which they leave out.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rate="${1:?usage: run.sh RATE SECONDS}"
seconds="${2:?usage: run.sh RATE SECONDS}"
work="$(mktemp -d)"
trap 'psql -q -v ON_ERROR_STOP=1 -f "$here/teardown.sql" >/dev/null; rm -rf "$work"' EXIT

psql -q -v ON_ERROR_STOP=1 -f "$here/teardown.sql" >/dev/null
psql -q -v ON_ERROR_STOP=1 -f "$here/setup.sql" >/dev/null
ids="$(psql -Atc "select string_agg(id::text, ',') from (select id from room order by name_key limit 100) p")"
sed "s/PAGE_IDS/$ids/" "$here/room-list.sql" > "$work/room-list.sql"
echo "pgbench: $(pgbench --version | head -1); $(psql -Atc 'select count(*) from room') rooms; load average $(cut -d' ' -f1-3 /proc/loadavg)"

source "$here/lib.sh"

run "ROOM_LIST (limit 100)" "$work/room-list.sql" list
run "ROOM_JOIN + ROOM_LEAVE" "$here/room-join-leave.sql" joinleave
run "ROOM_CREATE (new name)" "$here/room-create.sql" create
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
