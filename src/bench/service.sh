# Sourced by the HTTP benchmarks (http-bench.sh, acs-flood-bench.sh): starts the packaged jar
# on the embedded PostgreSQL in a throw-away data directory (or on QUARKUS_DATASOURCE_JDBC_URL),
# mints dev tokens and seeds an account of the saas-analytics template with $USERS users.
# Sets RG (base URL), DATA (the data directory, removed on exit), RG_BENCH_DIR, RG_ACCOUNT,
# RG_USERS and RG_TOKEN (a check token of the account) for the wrk scripts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DURATION=${DURATION:-15s}
USERS=${USERS:-1000}
PORT=${PORT:-18080}
export RG_BENCH_DIR="$PWD/src/bench/wrk"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -q -DskipTests package

DATA=$(mktemp -d)
java -Xmx1g -Dquarkus.profile=dev -Drolegate.data-dir="$DATA" -Dquarkus.http.port="$PORT" \
  -Dquarkus.log.category.\"dev.rolegate\".level=INFO -Dquarkus.log.level=WARN ${SERVICE_OPTS:-} \
  -jar target/quarkus-app/quarkus-run.jar > "$DATA/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
RG=http://127.0.0.1:$PORT
for _ in $(seq 1 120); do curl -sf "$RG/q/health/live" >/dev/null && break; sleep 0.5; done

token() { curl -sf "$RG/dev/token" -H 'Content-Type: application/json' -d "$1" | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
PLATFORM=$(token '{"scope":"rbac:platform"}')

# create_account ID: an account of the saas-analytics template owned by user "bench"; prints its admin token
create_account() {
  curl -sf "$RG/v1/accounts" -H "Authorization: Bearer $PLATFORM" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$1\",\"name\":\"Bench $1\",\"template\":\"saas-analytics\",\"owner\":\"bench\"}" >/dev/null
  token "{\"scope\":\"rbac:admin\",\"account\":\"$1\",\"sub\":\"bench\",\"ttl\":86400}"
}

ACCOUNT=bench
ADMIN=$(create_account "$ACCOUNT")
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

machine() { echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg); duration $DURATION each; users $USERS"; }
