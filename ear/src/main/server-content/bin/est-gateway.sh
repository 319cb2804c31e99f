#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Starts EST Gateway in the foreground (Ctrl-C or SIGTERM stops it gracefully). docs/OPERATIONS.md.
#  0. Checks that this server is the complete configuration the build makes (no stock plain HTTP listener,
#     the HTTPS listener, the EstDS datasource, est.ear in deployments); `est-gateway.sh --check` does only that.
#  1. est-bootstrap: creates the database when missing, refuses a node name (EST_NODE_NAME) that a running node
#     holds, and on first start creates the built-in CA and the TLS server certificate (for EST_HOSTNAMES) under
#     EST_DATA_DIR; later starts reuse them.
#  2. WildFly with est.ear; Flyway migrates the schema while the application deploys. The launcher watches the
#     start: when est.ear fails to deploy or WildFly starts "with errors", it stops WildFly and exits 1 with one
#     line; it never leaves a WildFly behind that listens but serves nothing.
#  3. Then it waits on WildFly and forwards SIGTERM/SIGINT: WildFly suspends (new requests get 503, requests in
#     flight complete, at most EST_STOP_TIMEOUT_SECONDS), stops, and the launcher exits 0.
# Exit codes: 0 stopped on request; 1 start failed (bootstrap, deployment, WildFly errors; WildFly was stopped);
# 2 configuration error (est.properties, EST_* values); 3 incomplete server installation; otherwise WildFly's own.
# Extra arguments go to standalone.sh (e.g. -Djboss.socket.binding.port-offset=100).
set -euo pipefail
JBOSS_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JBOSS_HOME
# The server's base directory: standalone/, or another one given as -Djboss.server.base.dir (a second instance
# of the same installation). Its configuration, deployment markers, log and pid file are this instance's alone:
# touching another instance's deployment markers would undeploy its application.
BASE_DIR="${JBOSS_BASE_DIR:-$JBOSS_HOME/standalone}"
PORT_OFFSET=0 # part of the default node name (EST_NODE_NAME: host name + "-" + port offset)
for arg in "$@"; do
  case "$arg" in
    -Djboss.server.base.dir=*) BASE_DIR="${arg#-Djboss.server.base.dir=}" ;;
    -Djboss.socket.binding.port-offset=*) PORT_OFFSET="${arg#-Djboss.socket.binding.port-offset=}" ;;
  esac
done
CONFIG="$BASE_DIR/configuration/standalone.xml"
DEPLOYMENTS="$BASE_DIR/deployments"

fail() { # exit code, one line
  echo "est-gateway: FAILED: $2" >&2
  exit "$1"
}

# --- 0. The server is the complete configuration (a build whose configuration script failed midway leaves the
# stock WildFly: plain HTTP on 8080 on all addresses, no datasource, no EST) -----------------------------------
check_installation() {
  local problem=""
  if [ ! -f "$CONFIG" ]; then
    problem="$CONFIG is missing"
  elif grep -q '<http-listener ' "$CONFIG"; then
    problem="$CONFIG still has WildFly's stock plain HTTP listener"
  elif ! grep -q '<https-listener name="https"' "$CONFIG"; then
    problem="$CONFIG has no HTTPS listener"
  elif ! grep -q 'jndi-name="java:jboss/datasources/EstDS"' "$CONFIG"; then
    problem="$CONFIG has no EstDS datasource"
  elif [ ! -f "$DEPLOYMENTS/est.ear" ]; then
    problem="$DEPLOYMENTS/est.ear is missing"
  fi
  if [ -n "$problem" ]; then
    fail 3 "incomplete server installation: $problem (the build's server/configure.cli did not complete; rebuild with ./mvnw -DskipTests package)"
  fi
}
check_installation
if [ "${1:-}" = "--check" ]; then
  echo "est-gateway: server installation complete: $JBOSS_HOME"
  exit 0
fi

export EST_DATA_DIR="${EST_DATA_DIR:-$HOME/.est-gateway}"
export EST_DB_URL="${EST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/est}"
export EST_DB_USER="${EST_DB_USER:-postgres}"
export EST_DB_PASSWORD="${EST_DB_PASSWORD:-postgres}"
export EST_HOSTNAMES="${EST_HOSTNAMES:-localhost,127.0.0.1}"
EST_STOP_TIMEOUT_SECONDS="${EST_STOP_TIMEOUT_SECONDS:-30}"
EST_START_TIMEOUT_SECONDS="${EST_START_TIMEOUT_SECONDS:-600}"
EST_LOG_FORMAT="${EST_LOG_FORMAT:-text}"
[[ "$EST_STOP_TIMEOUT_SECONDS" =~ ^[0-9]+$ ]] || fail 2 "EST_STOP_TIMEOUT_SECONDS must be a number of seconds, not '$EST_STOP_TIMEOUT_SECONDS'"
[[ "$EST_START_TIMEOUT_SECONDS" =~ ^[1-9][0-9]*$ ]] || fail 2 "EST_START_TIMEOUT_SECONDS must be a number of seconds, not '$EST_START_TIMEOUT_SECONDS'"
case "$EST_LOG_FORMAT" in
  text) LOG_OPTS="" ;;
  json) LOG_OPTS="-Dest.log.console.pattern.level=OFF -Dest.log.console.json.level=INFO" ;;
  *) fail 2 "EST_LOG_FORMAT must be text or json, not '$EST_LOG_FORMAT'" ;;
esac
mkdir -p "$EST_DATA_DIR"
EST_DATA_DIR="$(cd "$EST_DATA_DIR" && pwd)"
case "$EST_DATA_DIR" in
  *[[:space:]]*) fail 2 "EST_DATA_DIR must not contain white space: '$EST_DATA_DIR'" ;;
esac

# --- 1. Bootstrap (its own exit code: 1 failure, 2 configuration error; one line) ---------------------------
# It also settles the node name (EST_NODE_NAME, else host name + "-" + port offset; an invalid one is a
# configuration error) and refuses a name that a running node holds (exit 1, one line). The name and WildFly's
# transaction node identifier derived from it (at most 23 bytes) come back in NODE_FILE.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# A CA key in a PKCS#11 token named by its label (EST_CA_KEY_LOCATION=pkcs11:...;token=...): the slot is looked up
# through the JDK's PKCS#11 wrapper (ejb/.../ca/key/TokenSlots), in the bootstrap and in WildFly.
PKCS11_EXPORTS="--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED"
NODE_FILE="$BASE_DIR/tmp/est-node"
mkdir -p "$BASE_DIR/tmp"
rm -f "$NODE_FILE"
"$JAVA" "$PKCS11_EXPORTS" "-Djboss.socket.binding.port-offset=$PORT_OFFSET" "-Dest.bootstrap.node-file=$NODE_FILE" \
  -cp "$JBOSS_HOME/est-bootstrap/*" org.estgateway.ejb.bootstrap.BootstrapMain
{ read -r EST_NODE_NAME && read -r EST_TX_NODE_ID; } < "$NODE_FILE" || fail 1 "the bootstrap wrote no node name to $NODE_FILE"
export EST_NODE_NAME # the application names itself, its audit rows and request log lines with it

# The key stores' password: from the environment, else the file the bootstrap generated (mode 0600). It stays in
# the environment (the key stores' credential-reference reads ${env.EST_KEYSTORE_PASSWORD}), never in arguments.
if [ -z "${EST_KEYSTORE_PASSWORD:-}" ]; then
  EST_KEYSTORE_PASSWORD="$(cat "$EST_DATA_DIR/keystore.password")"
fi
export EST_KEYSTORE_PASSWORD

# JVM options for the TLS listener (docs/SECURITY.md "## TLS"). They are JVM options, not standalone.sh
# arguments, so they are in place before any JSSE class reads them. standalone.conf sets its defaults only when
# JAVA_OPTS is empty, so those defaults are restated here; a JAVA_OPTS from the environment is kept as given.
#  - rejectClientInitiatedRenegotiation: a client may not start a renegotiation (TLS 1.2; a DoS lever).
#  - server.SignatureSchemes: the signatures the server makes and accepts (CertificateVerify of client
#    certificates) without SHA-1 (and SHA-224, DSA); applies to this server's handshakes only, not to the
#    certificates the application verifies nor to outgoing connections.
# The heap: 1 GB, fixed, with the parallel collector (WildFly's default is -Xms64m -Xmx512m with G1): 13-19 % less
# server CPU per enrollment and a lower p99 in the same sitting (docs/PERFORMANCE.md "JVM options"). JBOSS_JAVA_SIZING
# from the environment replaces it.
if [ -z "${JAVA_OPTS:-}" ]; then
  JAVA_OPTS="${JBOSS_JAVA_SIZING:--Xms1g -Xmx1g -XX:+UseParallelGC} -Djava.net.preferIPv4Stack=true"
  JAVA_OPTS="$JAVA_OPTS -Djboss.modules.system.pkgs=${JBOSS_MODULES_SYSTEM_PKGS:-org.jboss.byteman} -Djava.awt.headless=true"
fi
EST_SIGNATURE_SCHEMES="ecdsa_secp256r1_sha256,ecdsa_secp384r1_sha384,ecdsa_secp521r1_sha512,ed25519,ed448"
EST_SIGNATURE_SCHEMES="$EST_SIGNATURE_SCHEMES,rsa_pss_rsae_sha256,rsa_pss_rsae_sha384,rsa_pss_rsae_sha512"
EST_SIGNATURE_SCHEMES="$EST_SIGNATURE_SCHEMES,rsa_pss_pss_sha256,rsa_pss_pss_sha384,rsa_pss_pss_sha512"
EST_SIGNATURE_SCHEMES="$EST_SIGNATURE_SCHEMES,rsa_pkcs1_sha256,rsa_pkcs1_sha384,rsa_pkcs1_sha512"
JAVA_OPTS="$JAVA_OPTS -Djdk.tls.rejectClientInitiatedRenegotiation=true -Djdk.tls.server.SignatureSchemes=$EST_SIGNATURE_SCHEMES"
# The key stores' directory (server/configure.cli reads it from this property, never from the environment, so
# that the build does not open them); graceful stop on SIGTERM; the console log format.
JAVA_OPTS="$JAVA_OPTS -Dest.launcher.data.dir=$EST_DATA_DIR -Dorg.wildfly.sigterm.suspend.timeout=$EST_STOP_TIMEOUT_SECONDS $LOG_OPTS"
JAVA_OPTS="$JAVA_OPTS $PKCS11_EXPORTS"
# The TLS handshake's elliptic-curve arithmetic: the JDK's SunEC (jdk, default) or Bouncy Castle (bc); see
# tls-trust/EstEcProvider and docs/PERFORMANCE.md.
case "${EST_TLS_EC:-jdk}" in
  bc|jdk) JAVA_OPTS="$JAVA_OPTS -Dest.tls.ec=${EST_TLS_EC:-jdk}" ;;
  *) echo "est-gateway: EST_TLS_EC must be bc or jdk, not '${EST_TLS_EC}'" >&2; exit 2 ;;
esac
export JAVA_OPTS

# --- 2. WildFly in the background, watched until est.ear is deployed ----------------------------------------
# Deployment markers of an earlier run would mislead the watch (and a stale est.ear.failed makes the scanner skip
# est.ear altogether), so they go; .dodeploy/.skipdeploy are an operator's and stay.
rm -f "$DEPLOYMENTS"/est.ear.{deployed,failed,isdeploying,isundeploying,pending,undeployed}
LOG="${JBOSS_LOG_DIR:-$BASE_DIR/log}/server.log"
log_offset=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
export LAUNCH_JBOSS_IN_BACKGROUND=1 # standalone.sh relays SIGTERM to the JVM and waits for it
export JBOSS_PIDFILE="${JBOSS_PIDFILE:-$BASE_DIR/tmp/est-gateway-wildfly.pid}"
mkdir -p "$(dirname "$JBOSS_PIDFILE")"
rm -f "$JBOSS_PIDFILE"

stopping=0
wildfly=""
stop_requested() {
  stopping=1
  [ -n "$wildfly" ] && kill -TERM "$wildfly" 2>/dev/null || true
}
trap stop_requested TERM INT
trap '[ -n "$wildfly" ] && kill -QUIT "$wildfly" 2>/dev/null || true' QUIT # thread dump

# -Djboss.tx.node.id: the transactions subsystem's node-identifier is ${jboss.tx.node.id:1}; unique per node.
"$JBOSS_HOME/bin/standalone.sh" -b "${EST_BIND_ADDRESS:-0.0.0.0}" "-Djboss.tx.node.id=$EST_TX_NODE_ID" "$@" &
wildfly=$!

# Waits until WildFly (standalone.sh) has exited; its exit status in $status.
await_wildfly() {
  status=0
  while kill -0 "$wildfly" 2>/dev/null; do
    wait "$wildfly" && status=0 || status=$?
  done
  wait "$wildfly" 2>/dev/null && status=0 || { s=$?; [ "$s" -ne 127 ] && status=$s; }
  return 0
}

# Stops WildFly after a failed start and exits 1 with one line.
abort_start() {
  echo "est-gateway: FAILED: $1; stopping WildFly" >&2
  kill -TERM "$wildfly" 2>/dev/null || true
  local java_pid=""
  [ -f "$JBOSS_PIDFILE" ] && java_pid=$(cat "$JBOSS_PIDFILE" 2>/dev/null || true)
  for _ in $(seq 1 60); do
    kill -0 "$wildfly" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$wildfly" 2>/dev/null; then
    [ -n "$java_pid" ] && kill -KILL "$java_pid" 2>/dev/null || true
    kill -KILL "$wildfly" 2>/dev/null || true
  fi
  wait "$wildfly" 2>/dev/null || true
  exit 1
}

one_line() { tr -s '\r\n\t' '   ' | cut -c1-400; }
# A failed deployment's reason: the innermost "Caused by:" of WildFly's failure description when there is one (the
# application's own refusal, e.g. a data directory whose CA is not the database's), on one line.
failure_reason() { tr -s '\r\n\t' '   ' | sed -e 's/ *$//' -e 's/.*Caused by: //' -e 's/\\*"[}"]*$//' | cut -c1-700; }

deadline=$((SECONDS + EST_START_TIMEOUT_SECONDS))
while [ "$stopping" = 0 ]; do
  if ! kill -0 "$wildfly" 2>/dev/null; then
    await_wildfly
    fail 1 "WildFly exited (status $status) before est.ear was deployed (see $LOG)"
  fi
  boot_log="$(tail -c +$((log_offset + 1)) "$LOG" 2>/dev/null || true)"
  if [ -e "$DEPLOYMENTS/est.ear.failed" ]; then
    # a node that took this node's name between the bootstrap's check and the deployment: its one line
    in_use="$(grep -o "node name '[^']*' is in use by a running node.*" <<< "$boot_log" | head -n 1 || true)"
    [ -n "$in_use" ] && abort_start "$in_use"
    abort_start "est.ear failed to deploy: $(failure_reason < "$DEPLOYMENTS/est.ear.failed")"
  fi
  if grep -q 'WFLYSRV0026' <<< "$boot_log"; then
    abort_start "WildFly started with errors: $(grep -m1 ' ERROR ' <<< "$boot_log" | one_line) (see $LOG)"
  fi
  if [ -e "$DEPLOYMENTS/est.ear.deployed" ] && grep -q 'WFLYSRV0025' <<< "$boot_log"; then
    printf "\n"; echo "est-gateway: started: est.ear deployed, WildFly pid $(cat "$JBOSS_PIDFILE" 2>/dev/null || echo '?')"
    break
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    abort_start "est.ear was not deployed within EST_START_TIMEOUT_SECONDS=$EST_START_TIMEOUT_SECONDS s"
  fi
  sleep 1 &
  wait $! || true
done

# --- 3. Running: wait on WildFly; SIGTERM/SIGINT are relayed (graceful suspend, then stop) ---------------------
await_wildfly
if [ "$stopping" = 1 ]; then
  echo "est-gateway: stopped"
fi
exit "$status"
