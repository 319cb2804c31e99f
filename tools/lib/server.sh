# SPDX-License-Identifier: Apache-2.0
# Sourced by the measurement scripts (tools/perf, tools/scale, tools/hsm): one EST Gateway server at a time, started
# from an installation (ear/target/server of some build) with a copy of its standalone/ of its own. The caller sets
# WORK (everything goes below it) and calls est_stop on exit (trap est_stop EXIT).
#   est_start NAME HOME OFFSET DATABASE [VAR=value ...]
#     standalone copy $WORK/NAME/standalone, data directory $WORK/NAME-data, console $WORK/NAME.console.log,
#     HTTPS port 8443 + OFFSET, admin password $EST_BENCH_ADMIN_PASSWORD (bench-admin-Secret-1); the extra
#     VAR=value go to the server's environment (EST_TLS_EC=bc, JBOSS_JAVA_SIZING=..., ...). Returns when cacerts
#     answers; exits the script when the server ends or does not come up within 10 minutes.
#   est_stop   stops the server started last (SIGTERM, then waits for it).
EST_PID=""
EST_BENCH_ADMIN_PASSWORD="${EST_BENCH_ADMIN_PASSWORD:-bench-admin-Secret-1}"

est_stop() {
  [ -n "$EST_PID" ] && kill -TERM "$EST_PID" 2>/dev/null && wait "$EST_PID" 2>/dev/null || true
  EST_PID=""
}

est_start() {
  local name="$1" home="$2" offset="$3" database="$4"
  shift 4
  local base="$WORK/$name/standalone"
  rm -rf "$base" && mkdir -p "$base"
  (cd "$home/standalone" && tar --exclude='./tmp' --exclude='./log' --exclude='./data' -cf - .) | tar -C "$base" -xf -
  rm -f "$base"/deployments/*.{deployed,failed,isdeploying,pending,undeployed}
  env EST_DATA_DIR="$WORK/$name-data" EST_DB_URL="jdbc:postgresql://127.0.0.1:5432/$database" \
    EST_ADMIN_PASSWORD="$EST_BENCH_ADMIN_PASSWORD" EST_NODE_NAME="bench-$name" "$@" \
    bash "$home/bin/est-gateway.sh" -Djboss.socket.binding.port-offset="$offset" -Djboss.server.base.dir="$base" \
    >> "$WORK/$name.console.log" 2>&1 &
  EST_PID=$!
  for _ in $(seq 1 600); do
    curl -skf "https://localhost:$((8443 + offset))/.well-known/est/cacerts" >/dev/null 2>&1 && return 0
    kill -0 "$EST_PID" 2>/dev/null || { echo "$name server ended, see $WORK/$name.console.log" >&2; exit 1; }
    sleep 1
  done
  echo "$name server did not come up, see $WORK/$name.console.log" >&2
  exit 1
}

# The benchmark against the server at OFFSET whose data directory is $WORK/NAME-data:
#   est_bench NAME OFFSET OUT [benchmark options ...]   -> $WORK/OUT.json and $WORK/OUT.txt (exits on failure)
est_bench() {
  local name="$1" offset="$2" out="$3"
  shift 3
  java -jar "${JAR:?}" --url "https://localhost:$((8443 + offset))" --data-dir "$WORK/$name-data" \
    --admin-password "$EST_BENCH_ADMIN_PASSWORD" --out "$WORK/$out.json" "$@" > "$WORK/$out.txt" 2>&1 \
    || { cat "$WORK/$out.txt" >&2; exit 1; }
}
