#!/usr/bin/env bash
# HTTP benchmark of the check path against the packaged jar (issue 4 item 5):
# wrk drives POST /check and /check/batch, and in the same run the cheapest endpoint
# (/q/health/live), so the ratio between them holds across machines.
#
#   bash src/bench/http-bench.sh            # needs wrk (apt-get install wrk) and curl
#   DURATION=30s bash src/bench/http-bench.sh
#
# The service runs on the embedded PostgreSQL in a throw-away data directory unless
# QUARKUS_DATASOURCE_JDBC_URL (and _USERNAME, _PASSWORD) point at a server.
source "$(dirname "$0")/service.sh"

run() { # name connections script path
  local out
  out=$(wrk -t2 -c"$2" -d"$DURATION" --latency -s "$RG_BENCH_DIR/$3" "$RG$4" | grep '^RESULT')
  printf '%-26s %s\n' "$1" "${out#RESULT }"
}
echo "warm-up..."
wrk -t2 -c16 -d5s -s "$RG_BENCH_DIR/check.lua" "$RG/" >/dev/null
wrk -t2 -c16 -d5s -s "$RG_BENCH_DIR/health.lua" "$RG/q/health/live" >/dev/null
machine
run "health/live  64 conns" 64 health.lua /q/health/live
run "check        64 conns" 64 check.lua /
run "health/live   4 conns" 4 health.lua /q/health/live
run "check         4 conns" 4 check.lua /
run "batch of 100  4 conns" 4 batch.lua /
