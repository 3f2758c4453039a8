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
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-15s}
USERS=${USERS:-1000}
PORT=${PORT:-18080}
export RG_BENCH_DIR="$PWD/src/bench/wrk"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -q -DskipTests package

DATA=$(mktemp -d)
java -Xmx1g -Dquarkus.profile=dev -Drolegate.data-dir="$DATA" -Dquarkus.http.port="$PORT" \
  -Dquarkus.log.category.\"dev.rolegate\".level=INFO -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > "$DATA/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
RG=http://127.0.0.1:$PORT
for _ in $(seq 1 120); do curl -sf "$RG/q/health/live" >/dev/null && break; sleep 0.5; done

token() { curl -sf "$RG/dev/token" -H 'Content-Type: application/json' -d "$1" | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
ACCOUNT=bench
PLATFORM=$(token '{"scope":"rbac:platform"}')
curl -sf "$RG/v1/accounts" -H "Authorization: Bearer $PLATFORM" -H 'Content-Type: application/json' \
  -d "{\"id\":\"$ACCOUNT\",\"name\":\"Bench\",\"template\":\"saas-analytics\",\"owner\":\"bench\"}" >/dev/null
ADMIN=$(token "{\"scope\":\"rbac:admin\",\"account\":\"$ACCOUNT\",\"sub\":\"bench\",\"ttl\":86400}")
ROLES=(viewer analyst admin viewer viewer)
for i in $(seq 0 $((USERS - 1))); do
  echo "url = \"$RG/v1/accounts/$ACCOUNT/users/u$i\""
  echo "request = \"PUT\""
  echo "data = \"{}\""
  echo "output = \"/dev/null\""
  echo "url = \"$RG/v1/accounts/$ACCOUNT/users/u$i/roles/${ROLES[$((i % 5))]}\""
  echo "request = \"PUT\""
  echo "data = \"{}\""
  echo "output = \"/dev/null\""
done > "$DATA/seed.curl"
curl -sf -K "$DATA/seed.curl" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -o /dev/null
export RG_ACCOUNT=$ACCOUNT RG_USERS=$USERS
export RG_TOKEN=$(token "{\"scope\":\"rbac:check\",\"account\":\"$ACCOUNT\",\"sub\":\"bench\",\"ttl\":86400}")

run() { # name connections script path
  local out
  out=$(wrk -t2 -c"$2" -d"$DURATION" --latency -s "$RG_BENCH_DIR/$3" "$RG$4" | grep '^RESULT')
  printf '%-26s %s\n' "$1" "${out#RESULT }"
}
echo "warm-up..."
wrk -t2 -c16 -d5s -s "$RG_BENCH_DIR/check.lua" "$RG/" >/dev/null
wrk -t2 -c16 -d5s -s "$RG_BENCH_DIR/health.lua" "$RG/q/health/live" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); duration $DURATION each; users $USERS"
run "health/live  64 conns" 64 health.lua /q/health/live
run "check        64 conns" 64 check.lua /
run "health/live   4 conns" 4 health.lua /q/health/live
run "check         4 conns" 4 check.lua /
run "batch of 100  4 conns" 4 batch.lua /
