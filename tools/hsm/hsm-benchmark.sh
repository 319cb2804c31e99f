#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/PERFORMANCE.md "CA key in an HSM": the benchmark against a server whose default CA key lives in a SoftHSM2
# token (PKCS#11, key generated in the token) and against one with the in-memory PKCS#12 key, one server at a time,
# alternating, same parameters. Everything it creates (token directory, data directories, databases est_bench_hsm
# and est_bench_mem, servers at port offsets 3000/3100) is its own and removed or stopped on exit.
#   ./mvnw -q -DskipTests package && ROUNDS=2 SECONDS_PER=15 tools/hsm/hsm-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
SERVER="$ROOT/ear/target/server"
JAR="$ROOT/benchmark/target/est-benchmark.jar"
WORK="${WORK:-$ROOT/target/hsm-benchmark}"
ROUNDS="${ROUNDS:-2}"
SECONDS_PER="${SECONDS_PER:-15}"
SCENARIOS="${SCENARIOS:-enroll-basic-keep-alive enroll-basic-new-connection}"
LIB="$(ls /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so 2>/dev/null | head -n 1)"
[ -x "$SERVER/bin/est-gateway.sh" ] && [ -f "$JAR" ] && [ -n "$LIB" ] || { echo "build first (./mvnw -q -DskipTests package) and install softhsm2" >&2; exit 2; }
rm -rf "$WORK" && mkdir -p "$WORK/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$WORK/tokens" > "$WORK/softhsm2.conf"
export SOFTHSM2_CONF="$WORK/softhsm2.conf"
softhsm2-util --init-token --free --label est-bench --pin 1234 --so-pin 5678 >/dev/null
. tools/lib/server.sh
trap est_stop EXIT
start() { # kind offset
  local extra=()
  [ "$1" = hsm ] && extra=(EST_CA_KEY_LOCATION="pkcs11:library=$LIB;token=est-bench;key=ca" EST_CA_PKCS11_PIN=1234)
  est_start "$1" "$SERVER" "$2" "est_bench_$1" "${extra[@]}"
}
for kind in hsm mem; do psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS est_bench_$kind WITH (FORCE)"; done
for round in $(seq 1 "$ROUNDS"); do
  for kind in hsm mem; do
    offset=3000; [ "$kind" = mem ] && offset=3100
    start "$kind" "$offset"
    for scenario in $SCENARIOS; do
      java -jar "$JAR" --url "https://localhost:$((8443 + offset))" --data-dir "$WORK/$kind-data" --admin-password bench-admin-Secret-1 --concurrency 16 \
        --seconds "$SECONDS_PER" --warmup 10 --scenario "$scenario" --no-half-load --no-bound \
        --out "$WORK/$kind-$scenario-$round.json" > "$WORK/$kind-$scenario-$round.txt" 2>&1 || true
      echo "round $round $kind $scenario: $(grep -o '"enrollmentsPerSecond":[0-9.]*\|"p99Ms":[0-9.]*\|"errors":{[^}]*}' "$WORK/$kind-$scenario-$round.json" 2>/dev/null | head -3 | tr "\n" " ")"
    done
    est_stop
  done
done
