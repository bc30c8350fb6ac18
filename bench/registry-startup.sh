#!/usr/bin/env bash
# Starts bin/registry RUNS times (default 3) in the server base HOME, stops it once it has started,
# and prints where each start's time went, read from the timestamps in HOME/log/server.log:
#
#   bench/registry-startup.sh /tmp/startup-home 3      (a HOME that does not exist yet: the first run is the cold one)
#
# Ports: PARLEY_REGISTRY_PORT/PARLEY_KEEPALIVE_PORT (default 15700/15701) and a WildFly port
# offset of 311, so it runs beside a registry on the default ports. Starts WildFly: run it under
# the lock the other server tests use.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
home="${1:?usage: $0 HOME [RUNS]}"
runs="${2:-3}"
export PARLEY_REGISTRY_HOME="$home" PARLEY_REGISTRY_PORT="${PARLEY_REGISTRY_PORT:-15700}"
export PARLEY_KEEPALIVE_PORT="${PARLEY_KEEPALIVE_PORT:-15701}"

# Milestones in server.log; each column is the time from the one before.
marks=("JBoss Modules version" "WFLYSRV0049" "WFLYSRV0027" "WFLYSRV0207" "WFLYJPA0010.*phase 1" "WFLYJPA0010.*phase 2"
    "flywaydb.*Database:" "SchemaMigration\\] " "Parley registry listening" "WFLYSRV002[56]")
printf '%-5s %8s %8s %8s %8s %8s %8s %8s %8s %8s  %s\n' run modules boot ear-index to-jpa1 jpa1 to-flyway flyway listen started total
for ((i = 1; i <= runs; i++)); do
    rm -rf "$home/log"
    out="$(mktemp)"
    "$repo/bin/registry" -Djboss.socket.binding.port-offset=311 >"$out" 2>&1 &
    pid=$!
    until grep -q "registry started in\|start-up FAILED" "$out" || ! kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    until grep -q "WFLYSRV002[56]" "$home/log/server.log" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    kill -TERM "$pid"
    wait "$pid" || true
    grep -q "start-up FAILED" "$out" && { cat "$out"; exit 1; }
    rm -f "$out"
    secs=()
    for m in "${marks[@]}"; do
        t="$(grep -m1 -E "$m" "$home/log/server.log" | awk '{print $2}')"
        secs+=("$(awk -F'[:,]' '{printf "%.3f", $1*3600 + $2*60 + $3 + $4/1000}' <<<"$t")")
    done
    row=()
    for ((k = 1; k < ${#secs[@]}; k++)); do row+=("$(awk -v a="${secs[k-1]}" -v b="${secs[k]}" 'BEGIN {printf "%.2f", b - a}')"); done
    printf '%-5s %8s %8s %8s %8s %8s %8s %8s %8s %8s  %s\n' "$i" "${row[@]}" \
        "$(grep -o 'started in [0-9]*ms' "$home/log/server.log" | head -1 | tr -dc 0-9)ms"
done
