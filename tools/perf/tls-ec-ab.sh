#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/PERFORMANCE.md "CPU per enrollment": the server's and PostgreSQL's CPU per enrollment with the TLS handshake's
# elliptic-curve arithmetic by the JDK's SunEC (EST_TLS_EC=jdk, before) and by Bouncy Castle (bc, after), one server at a
# time, alternating jdk, bc, jdk, bc ... (ROUNDS pairs), each warmed up first, the benchmark's curl driver, all four
# scenarios plus the bound in the same run. Then, against the bc server, the three load drivers (curl, Java with
# Bouncy Castle's TLS, Java with the JDK's) on the new-connection scenarios: client CPU per enrollment and what the
# server gets. Everything it creates (data directories under WORK, database est_bench_tls, a server at port offset
# 3500) is its own; the server is stopped on exit.
#   ./mvnw -q -DskipTests package && ROUNDS=2 tools/perf/tls-ec-ab.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
SERVER="$ROOT/ear/target/server"
JAR="$ROOT/benchmark/target/est-benchmark.jar"
WORK="${WORK:-$ROOT/target/tls-ec-ab}"
ROUNDS="${ROUNDS:-2}"
SECONDS_PER="${SECONDS_PER:-15}"
WARMUP="${WARMUP:-60}"
OFFSET=3500
[ -x "$SERVER/bin/est-gateway.sh" ] && [ -f "$JAR" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
rm -rf "$WORK" && mkdir -p "$WORK"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS est_bench_tls WITH (FORCE)"
. tools/lib/server.sh
trap est_stop EXIT
bench() { # out-name, then benchmark options
  est_bench tls "$OFFSET" "$@" --concurrency 16 --db-url jdbc:postgresql://127.0.0.1:5432/est_bench_tls
}
for round in $(seq 1 "$ROUNDS"); do
  for ec in jdk bc; do
    est_start tls "$SERVER" "$OFFSET" est_bench_tls EST_TLS_EC="$ec"
    bench "warmup-$ec-$round" --client curl --seconds "$WARMUP" --warmup 0 --no-half-load --no-bound
    bench "$ec-$round" --client curl --seconds "$SECONDS_PER" --warmup 10 --no-half-load
    [ "$ec" = bc ] && [ "$round" = "$ROUNDS" ] && for client in curl bc jdk; do
      bench "client-$client" --client "$client" --seconds "$SECONDS_PER" --warmup 10 --no-half-load --no-bound --scenario enroll-basic-new
      bench "client-$client-mtls" --client "$client" --seconds "$SECONDS_PER" --warmup 10 --no-half-load --no-bound --scenario reenroll-mtls-new
    done
    est_stop
  done
done
python3 - "$WORK" "$ROUNDS" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
runs = {ec: [json.load(open(f"{work}/{ec}-{r}.json")) for r in range(1, rounds + 1)] for ec in ("jdk", "bc")}
def med(xs): return statistics.median([x for x in xs if x is not None])
print("\n| scenario | server CPU ms/enrollment, SunEC (runs) | Bouncy Castle (runs) | bound (server) | PostgreSQL ms (SunEC / BC runs) | enroll/s SunEC / BC (medians) |")
print("|---|---|---|---|---|---|")
for i, s in enumerate(runs["jdk"][0]["scenarios"]):
    n = s["name"]
    get = lambda ec, k: [next(x for x in run["scenarios"] if x["name"] == n)[k] for run in runs[ec]]
    f = lambda xs: ", ".join("%.2f" % x for x in xs)
    print(f"| {n} | {f(get('jdk','serverCpuMsPerEnrollment'))} | {f(get('bc','serverCpuMsPerEnrollment'))} | "
          f"{med(get('jdk','serverCpuBoundMs')):.2f} / {med(get('bc','serverCpuBoundMs')):.2f} | "
          f"{f(get('jdk','postgresCpuMsPerEnrollment'))} / {f(get('bc','postgresCpuMsPerEnrollment'))} | "
          f"{med(get('jdk','enrollmentsPerSecond')):.0f} / {med(get('bc','enrollmentsPerSecond')):.0f} |")
for ec in ("jdk", "bc"):
    for r, run in enumerate(runs[ec], 1):
        print(ec, r, "bound parts:", run.get("boundParts"))
print("\n| driver | scenario | enroll/s | client CPU ms/enrollment | server CPU ms/enrollment |")
print("|---|---|---|---|---|")
for client in ("curl", "bc", "jdk"):
    for suffix in ("", "-mtls"):
        s = json.load(open(f"{work}/client-{client}{suffix}.json"))["scenarios"][0]
        print(f"| {client} | {s['name']} | {s['enrollmentsPerSecond']:.1f} | {s['clientCpuMsPerEnrollment']:.2f} | {s['serverCpuMsPerEnrollment']:.2f} |")
PY
