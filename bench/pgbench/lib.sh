# What run.sh and mail.sh share: a pgbench script at a constant rate, timed from its intended
# start, with the busy cores of the machine meanwhile and pgbench's per-statement means. Expects
# $rate, $seconds and $work (a scratch folder) to be set.

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

# run NAME SCRIPT LOG_NAME [more pgbench options]: 5 s of warm-up, then SECONDS measured at RATE
run() {
    # the transaction logs go apart from pgbench's summary, which percentiles() must not read
    local name="$1" script="$2" log="$3" prefix="$work/$3.log"
    shift 3
    pgbench -n -M prepared -c 4 -j 2 -R "$rate" -T 5 "$@" -f "$script" >/dev/null 2>&1
    local before after
    before="$(busy)"
    pgbench -n -M prepared -c 4 -j 2 -R "$rate" -T "$seconds" -r -l --log-prefix="$prefix" "$@" -f "$script" \
        > "$work/$log.out" 2>&1 || { cat "$work/$log.out"; exit 1; }
    after="$(busy)"
    percentiles "$prefix" "$name"
    awk -v t="$((after - before))" -v s="$seconds" 'BEGIN { printf "  the machine was busy %.2f cores meanwhile (pgbench, PostgreSQL and anything else)\n", t / 100 / s }'
    grep -E "^ +[0-9.]+ +[0-9]+ +(select|insert|delete|BEGIN|COMMIT)" "$work/$log.out" \
        | awk '{ printf "    %7.3f ms  %s\n", $1, substr($0, index($0, $3), 110) }'
}
