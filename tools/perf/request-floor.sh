#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/PERFORMANCE.md "The request floor": the server's CPU per GET /.well-known/est/cacerts (TLS records, HTTP,
# JAX-RS, two EJB calls, the request log line; no crypto, no database) next to a keep-alive Basic enrollment, on the
# same warmed server, ROUNDS times. cacerts: curl's parallel mode, 16 connections kept alive, 2 000 requests per curl
# process (16 handshakes each), 15 processes per round; server CPU from /proc over them. Everything it creates
# (WORK, database est_bench_floor, a server at port offset 3800) is its own; the server is stopped on exit.
#   ./mvnw -q -DskipTests install && ROUNDS=3 tools/perf/request-floor.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
JAR="$ROOT/benchmark/target/est-benchmark.jar"
WORK="${WORK:-$ROOT/target/request-floor}"
ROUNDS="${ROUNDS:-3}"
OFFSET=3800
PORT=$((8443 + OFFSET))
[ -x "$ROOT/ear/target/server/bin/est-gateway.sh" ] && [ -f "$JAR" ] || { echo "build first: ./mvnw -q -DskipTests install" >&2; exit 2; }
mkdir -p "$WORK"
. tools/lib/server.sh
trap est_stop EXIT
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS est_bench_floor WITH (FORCE)"
rm -rf "$WORK/floor-data"
est_start floor "$ROOT/ear/target/server" "$OFFSET" est_bench_floor
java_pid=$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
common=(--concurrency 16 --client curl --no-half-load --db-url "jdbc:postgresql://127.0.0.1:5432/est_bench_floor")
est_bench floor "$OFFSET" warmup "${common[@]}" --seconds 60 --warmup 0 --no-bound
server_ticks() { awk '{print $14 + $15}' "/proc/$java_pid/stat"; }
hz=$(getconf CLK_TCK)
PER_BATCH=2000 BATCHES=15
urls="$WORK/cacerts.curl"
: > "$urls"
for _ in $(seq 1 "$PER_BATCH"); do
  printf 'url = "https://localhost:%d/.well-known/est/cacerts"\noutput = /dev/null\n' "$PORT" >> "$urls"
done
batch() { curl -sk --no-progress-meter -Z --parallel-max 16 -K "$urls"; }
for round in $(seq 1 "$ROUNDS"); do
  for _ in 1 2 3; do batch; done   # warm-up of the GET path
  before=$(server_ticks); t0=$(date +%s.%N)
  for _ in $(seq 1 "$BATCHES"); do batch; done
  after=$(server_ticks); t1=$(date +%s.%N)
  n=$((PER_BATCH * BATCHES))
  python3 -c "print('round $round  GET cacerts: $n requests, %.0f/s, server CPU %.3f ms per request' % ($n / ($t1 - $t0), ($after - $before) * 1000.0 / $hz / $n))"
  est_bench floor "$OFFSET" "enroll-$round" "${common[@]}" --seconds 15 --warmup 10 --no-bound --scenario enroll-basic-keep-alive
  echo "round $round $(grep -m1 'enroll-basic-keep-alive ' "$WORK/enroll-$round.txt" | sed 's/  */ /g')"
done
