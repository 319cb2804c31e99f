#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/PERFORMANCE.md "CPU per enrollment": the server's and PostgreSQL's CPU per enrollment of two builds on this
# machine in one sitting, alternating before, after, before, after ... (ROUNDS pairs) so that the machine's drift
# hits both alike. Each server is warmed up (WARMUP seconds per scenario, curl driver), then the four scenarios run
# SECONDS_PER seconds each and the bound is measured next to them (curl driver, 16 devices). "after" is this
# checkout's ear/target/server; "before" is BEFORE_SERVER (an installation) or else BEFORE_REV (default: the commit
# before issue 15's server changes), built once into WORK. Extra server environment per side: BEFORE_ENV, AFTER_ENV
# (shell words: AFTER_ENV='JBOSS_JAVA_SIZING="-Xms1g -Xmx1g"'). Everything it creates (WORK, databases est_bench_before/est_bench_after, servers at port offsets
# 3600/3700) is its own; the server is stopped on exit.
#   ./mvnw -q -DskipTests package && ROUNDS=2 tools/perf/before-after.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
JAR="$ROOT/benchmark/target/est-benchmark.jar"
WORK="${WORK:-$ROOT/target/before-after}"
ROUNDS="${ROUNDS:-2}"
SECONDS_PER="${SECONDS_PER:-15}"
WARMUP="${WARMUP:-60}"
BEFORE_REV="${BEFORE_REV:-427b065}"
[ -x "$ROOT/ear/target/server/bin/est-gateway.sh" ] && [ -f "$JAR" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
mkdir -p "$WORK"
if [ -z "${BEFORE_SERVER:-}" ]; then
  BEFORE_SERVER="$WORK/before-build/ear/target/server"
  if [ ! -x "$BEFORE_SERVER/bin/est-gateway.sh" ]; then
    rm -rf "$WORK/before-build" && git worktree prune
    git worktree add --detach "$WORK/before-build" "$BEFORE_REV" >/dev/null
    (cd "$WORK/before-build" && ./mvnw -q -B -DskipTests package -pl ear -am) > "$WORK/before-build.log" 2>&1 \
      || { tail -30 "$WORK/before-build.log" >&2; exit 1; }
  fi
fi
. tools/lib/server.sh
trap est_stop EXIT
for side in before after; do psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS est_bench_$side WITH (FORCE)"; done
rm -rf "$WORK"/before-data "$WORK"/after-data
for round in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    if [ "$side" = before ]; then home="$BEFORE_SERVER" offset=3600; eval "env_=(${BEFORE_ENV:-})"
    else home="$ROOT/ear/target/server" offset=3700; eval "env_=(${AFTER_ENV:-})"; fi
    est_start "$side" "$home" "$offset" "est_bench_$side" "${env_[@]}"
    common=(--concurrency 16 --client curl --no-half-load --db-url "jdbc:postgresql://127.0.0.1:5432/est_bench_$side")
    est_bench "$side" "$offset" "warmup-$side-$round" "${common[@]}" --seconds "$WARMUP" --warmup 0 --no-bound
    est_bench "$side" "$offset" "$side-$round" "${common[@]}" --seconds "$SECONDS_PER" --warmup 10
    ls -l "$WORK/$side/standalone/log" > "$WORK/$side-$round.logs.txt"   # what the run left in server.log
    est_stop
    echo "round $round $side done"
  done
done
python3 - "$WORK" "$ROUNDS" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
runs = {k: [json.load(open(f"{work}/{k}-{r}.json")) for r in range(1, rounds + 1)] for k in ("before", "after")}
med = lambda xs: statistics.median([x for x in xs if x is not None])
f = lambda xs: ", ".join("%.2f" % x for x in xs)
print("\n| scenario | server CPU ms/enrollment before (runs) | after (runs) | after/before (medians) | server bound ms | "
      "PostgreSQL ms before | after | PostgreSQL bound ms | enroll/s before / after (medians) |")
print("|---|---|---|---|---|---|---|---|---|")
for s in runs["before"][0]["scenarios"]:
    n = s["name"]
    get = lambda k, key: [next(x for x in run["scenarios"] if x["name"] == n)[key] for run in runs[k]]
    sb, sa = get("before", "serverCpuMsPerEnrollment"), get("after", "serverCpuMsPerEnrollment")
    pb, pa = get("before", "postgresCpuMsPerEnrollment"), get("after", "postgresCpuMsPerEnrollment")
    print(f"| {n} | {f(sb)} | {f(sa)} | {100 * med(sa) / med(sb):.0f} % | "
          f"{med(get('before', 'serverCpuBoundMs') + get('after', 'serverCpuBoundMs')):.2f} | {f(pb)} | {f(pa)} | "
          f"{med(get('before', 'postgresCpuBoundMs') + get('after', 'postgresCpuBoundMs')):.2f} | "
          f"{med(get('before', 'enrollmentsPerSecond')):.0f} / {med(get('after', 'enrollmentsPerSecond')):.0f} |")
errors = sum(sum(x["errors"].values()) for k in runs for run in runs[k] for x in run["scenarios"])
print(f"\nerrors in all timed runs: {errors}")
for k in ("before", "after"):
    for r, run in enumerate(runs[k], 1):
        print(k, r, "bound parts:", run.get("boundParts"))
PY
