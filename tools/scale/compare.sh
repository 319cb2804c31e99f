#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/PERFORMANCE.md "Scale of the data": re-enrollment CPU per enrollment (server and PostgreSQL) with CERTS
# certificates stored against an empty database. Two servers of this build, one at a time, alternating
# big, empty, big, empty ... (ROUNDS pairs), each warmed up first; the benchmark's curl driver, re-enroll
# scenarios only. Everything it creates (data directories under WORK, databases est_scale_big and
# est_scale_empty, servers at port offsets 3200/3300) is its own; the servers are stopped on exit. The big
# database is generated once (tools/scale/generate.sql: devices with renewal chains of 5, 1 % revoked) and kept
# for the next run unless FRESH=1; generating 10 million certificates takes a while (see the document).
# Give PostgreSQL the shared_buffers a DBA would (docs/DBA.md): the run prints the setting it had.
#   ./mvnw -q -DskipTests package && CERTS=10000000 ROUNDS=2 tools/scale/compare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
SERVER="$ROOT/ear/target/server"
JAR="$ROOT/benchmark/target/est-benchmark.jar"
WORK="${WORK:-$ROOT/target/scale-compare}"
CERTS="${CERTS:-10000000}"
ROUNDS="${ROUNDS:-2}"
SECONDS_PER="${SECONDS_PER:-15}"
WARMUP="${WARMUP:-40}"
PSQL=(psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -v ON_ERROR_STOP=1 -qAt)
[ -x "$SERVER/bin/est-gateway.sh" ] && [ -f "$JAR" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
mkdir -p "$WORK"
EST_BENCH_ADMIN_PASSWORD=scale-admin-Secret-1
. tools/lib/server.sh
trap est_stop EXIT
start() { est_start "$1" "$SERVER" "$2" "est_scale_$1"; } # kind offset
offset_of() { [ "$1" = big ] && echo 3200 || echo 3300; }
stored() { "${PSQL[@]}" -d "est_scale_$1" -c "SELECT count(*) FROM issued_certificate" 2>/dev/null || echo 0; }

# The empty database is new every time; the big one only when asked, or when it holds fewer than CERTS.
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS est_scale_empty WITH (FORCE)"
rm -rf "$WORK/empty-data"
if [ "${FRESH:-0}" = 1 ] || [ "$(stored big)" -lt "$CERTS" ]; then
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS est_scale_big WITH (FORCE)"
  rm -rf "$WORK/big-data"
  start big "$(offset_of big)"; est_stop   # the server creates the database and migrates it
  echo "generating $CERTS certificates into est_scale_big ..."
  time "${PSQL[@]}" -d est_scale_big -v certs="$CERTS" -f tools/scale/generate.sql
  time "${PSQL[@]}" -d est_scale_big -c "VACUUM ANALYZE"
fi
echo "est_scale_big: $(stored big) certificates, $("${PSQL[@]}" -d est_scale_big -c "SELECT pg_size_pretty(pg_total_relation_size('issued_certificate'))") with its indexes; shared_buffers $("${PSQL[@]}" -d postgres -c 'SHOW shared_buffers')"

for round in $(seq 1 "$ROUNDS"); do
  for kind in big empty; do
    offset=$(offset_of "$kind")
    start "$kind" "$offset"
    # A database server that has been running holds the indexes every insert touches in shared_buffers as far as
    # they fit; a restarted one reads them back page by page. PREWARM=1 (default) loads the certificate table's
    # indexes first (pg_prewarm, PostgreSQL's contrib), so both kinds are measured in that steady state.
    [ "${PREWARM:-1}" = 1 ] && "${PSQL[@]}" -d "est_scale_$kind" -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
      -c "SELECT sum(pg_prewarm(indexrelid)) FROM pg_index WHERE indrelid = 'issued_certificate'::regclass" > /dev/null
    common=(--concurrency 16 --client curl --no-half-load --no-bound --scenario reenroll)
    est_bench "$kind" "$offset" warmup "${common[@]}" --seconds "$WARMUP" --warmup 0
    est_bench "$kind" "$offset" "$kind-$round" "${common[@]}" --seconds "$SECONDS_PER" --warmup 5
    est_stop
  done
done

python3 - "$WORK" "$ROUNDS" "$CERTS" <<'EOF'
import json, statistics, sys
work, rounds, certs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = {k: [json.load(open(f"{work}/{k}-{r}.json")) for r in range(1, rounds + 1)] for k in ("big", "empty")}
names = [s["name"] for s in runs["big"][0]["scenarios"]]
print(f"\n| scenario | figure | {certs:,} certificates (runs) | empty (runs) | big / empty (medians) |")
print("|---|---|---|---|---|")
for n in names:
    for key, label in (("serverCpuMsPerEnrollment", "server CPU ms/enrollment"),
                       ("postgresCpuMsPerEnrollment", "PostgreSQL CPU ms/enrollment"),
                       ("enrollmentsPerSecond", "enrollments/s")):
        v = {k: [next(s for s in run["scenarios"] if s["name"] == n)[key] for run in runs[k]] for k in runs}
        ratio = statistics.median(v["big"]) / statistics.median(v["empty"])
        fmt = lambda xs: ", ".join(f"{x:.2f}" for x in xs)
        print(f"| {n} | {label} | {fmt(v['big'])} | {fmt(v['empty'])} | {100 * ratio:.0f} % |")
    errors = sum(sum(next(s for s in run["scenarios"] if s["name"] == n)["errors"].values()) for k in runs for run in runs[k])
    print(f"| {n} | errors | {errors} | | |")
EOF
