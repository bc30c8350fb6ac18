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

# percentiles of latency + schedule lag (µs in the log, ms printed) of the logs with this prefix
percentiles() {
    cat "$1".* | awk '{ print $3 + ($7 == "" ? 0 : $7) }' | sort -n | awk -v name="$2" -v rate="$rate" '
        { v[NR] = $1; sum += $1 }
        END {
            if (NR == 0) { print name ": no transactions"; exit }
            p50 = v[int(NR * 0.50) + 1]; p99 = v[int(NR * 0.99) + 1]; p999 = v[int(NR * 0.999) + 1]
            late = 0; for (i = 1; i <= NR; i++) if (v[i] > 20000) late++
            printf "%-28s target %6.1f/s  %d transactions  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  max %7.2f ms  mean %6.2f ms  over 20 ms: %d\n",
                name, rate, NR, p50 / 1000, p99 / 1000, p999 / 1000, v[NR] / 1000, sum / NR / 1000, late
        }'
}

# busy CPU time of the whole machine so far, in clock ticks (user + nice + system + irq + softirq + steal)
busy() {
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

run() {
    local name="$1" script="$2" prefix="$work/$3"
    pgbench -n -M prepared -c 4 -j 2 -R "$rate" -T 5 -f "$script" >/dev/null 2>&1
    local before after
    before="$(busy)"
    pgbench -n -M prepared -c 4 -j 2 -R "$rate" -T "$seconds" -r -l --log-prefix="$prefix" -f "$script" \
        > "$work/$3.out" 2>&1 || { cat "$work/$3.out"; exit 1; }
    after="$(busy)"
    percentiles "$prefix" "$name"
    awk -v t="$((after - before))" -v s="$seconds" 'BEGIN { printf "  the machine was busy %.2f cores meanwhile (pgbench, PostgreSQL and anything else)\n", t / 100 / s }'
    grep -E "^ +[0-9.]+ +[0-9]+ +(select|insert|delete|BEGIN|COMMIT)" "$work/$3.out" \
        | awk '{ printf "    %7.3f ms  %s\n", $1, substr($0, index($0, $3), 110) }'
}

run "ROOM_LIST (limit 100)" "$work/room-list.sql" list
run "ROOM_JOIN + ROOM_LEAVE" "$here/room-join-leave.sql" joinleave
run "ROOM_CREATE (new name)" "$here/room-create.sql" create
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
