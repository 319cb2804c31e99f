#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/SCALING.md "Sizing": the benchmark (benchmark/, docs/PERFORMANCE.md) against ONE node directly and against
# HAProxy (deploy/haproxy-passthrough.cfg) in front of TWO nodes, same parameters, alternating so that the
# machine's drift hits both alike. Two nodes of the packaged server (ear/target/server), port offsets 1000 and
# 1200 (HTTPS 9443/9643, management 10990/11190), one database, one shared data directory; HAProxy on 21443.
# Everything it starts is stopped on exit. Results: $WORK/*.json and one line per run on stdout.
#   ./mvnw -q -DskipTests package && tools/lb/two-nodes-benchmark.sh
#   ROUNDS=2 SECONDS_PER=10 SCENARIOS="enroll-basic-keep-alive reenroll-mtls-new-connection" tools/lb/two-nodes-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
SERVER="$ROOT/ear/target/server"
JAR="$ROOT/benchmark/target/est-benchmark.jar"
WORK="${WORK:-$ROOT/target/two-nodes-benchmark}"
DB="${DB:-est_bench_nodes}"
ROUNDS="${ROUNDS:-2}"
SECONDS_PER="${SECONDS_PER:-10}"
CONCURRENCY="${CONCURRENCY:-16}"
SCENARIOS="${SCENARIOS:-enroll-basic-keep-alive reenroll-mtls-new-connection}"
ADMIN_PASSWORD="bench-admin-Secret-1"
[ -x "$SERVER/bin/est-gateway.sh" ] && [ -f "$JAR" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
HAPROXY="$(command -v haproxy || echo /usr/sbin/haproxy)"
mkdir -p "$WORK/est-data"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

start_node() { # name offset
  local base="$WORK/$1/standalone"
  rm -rf "$base" && mkdir -p "$base"
  (cd "$SERVER/standalone" && tar --exclude='./tmp' --exclude='./log' --exclude='./data' -cf - .) | tar -C "$base" -xf -
  rm -f "$base"/deployments/*.{deployed,failed,isdeploying,pending,undeployed}
  EST_DATA_DIR="$WORK/est-data" EST_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" EST_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    EST_NODE_NAME="$1" EST_LOG_FORMAT=text \
    bash "$SERVER/bin/est-gateway.sh" -Djboss.socket.binding.port-offset="$2" -Djboss.server.base.dir="$base" \
    > "$WORK/$1.console.log" 2>&1 &
  pids+=($!)
}
await_ready() { # management port
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "node with management port $1 not ready" >&2; exit 1
}

start_node node-a 1000
until grep -q "JBoss Bootstrap Environment" "$WORK/node-a.console.log" 2>/dev/null; do sleep 1; done
start_node node-b 1200
await_ready 10990
await_ready 11190
EST_LB_BIND=127.0.0.1:21443 EST_LB_STATS_BIND=127.0.0.1:21404 EST_NODE_A_ADDR=127.0.0.1:9443 EST_NODE_A_MGMT_PORT=10990 \
  EST_NODE_B_ADDR=127.0.0.1:9643 EST_NODE_B_MGMT_PORT=11190 "$HAPROXY" -db -f "$ROOT/deploy/haproxy-passthrough.cfg" \
  > "$WORK/haproxy.log" 2>&1 &
pids+=($!)
sleep 3

bench() { # label url out
  local args=(--url "$2" --data-dir "$WORK/est-data" --admin-password "$ADMIN_PASSWORD" --concurrency "$CONCURRENCY"
    --seconds "$SECONDS_PER" --warmup 5 --no-half-load --no-bound)
  for s in $SCENARIOS; do
    java -jar "$JAR" "${args[@]}" --scenario "$s" --out "${3%.json}-$s.json" > "${3%.json}-$s.txt" 2>&1
    local j="${3%.json}-$s.json"
    echo "$1 $s: $(grep -o '"enrollmentsPerSecond":[0-9.]*' "$j" | head -1) $(grep -o '"p99Ms":[0-9.]*' "$j" | head -1) $(grep -o '"errors":{[^}]*}' "$j" | head -1)"
  done
}

echo "warm-up (both nodes, through HAProxy; discarded)"
bench warmup https://localhost:21443 "$WORK/warmup.json" > /dev/null
for r in $(seq 1 "$ROUNDS"); do
  bench "round $r one-node-direct" https://localhost:9443 "$WORK/direct-$r.json"
  bench "round $r two-nodes-haproxy" https://localhost:21443 "$WORK/haproxy-$r.json"
done
echo "connections per node through HAProxy: $(curl -s 'http://127.0.0.1:21404/stats;csv' | awk -F, '$1=="est-nodes" && $2 ~ /node/ {printf "%s=%s ", $2, $8}')"
