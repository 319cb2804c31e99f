#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Starts EST Gateway in the foreground (Ctrl-C stops it).
#  1. est-bootstrap: creates the database when missing, and on first start the built-in CA and the TLS
#     server certificate (for EST_HOSTNAMES) under EST_DATA_DIR; later starts reuse them.
#  2. WildFly with est.ear; Flyway migrates the schema while the application deploys.
# Extra arguments go to standalone.sh (e.g. -Djboss.socket.binding.port-offset=100).
set -euo pipefail
JBOSS_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JBOSS_HOME
export EST_DATA_DIR="${EST_DATA_DIR:-$HOME/.est-gateway}"
export EST_DB_URL="${EST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/est}"
export EST_DB_USER="${EST_DB_USER:-postgres}"
export EST_DB_PASSWORD="${EST_DB_PASSWORD:-postgres}"
export EST_HOSTNAMES="${EST_HOSTNAMES:-localhost,127.0.0.1}"
mkdir -p "$EST_DATA_DIR"
EST_DATA_DIR="$(cd "$EST_DATA_DIR" && pwd)"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$JAVA" -cp "$JBOSS_HOME/est-bootstrap/*" org.estgateway.ejb.bootstrap.BootstrapMain

# The key stores' password: from the environment, else the file the bootstrap generated (mode 0600).
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
if [ -z "${JAVA_OPTS:-}" ]; then
  JAVA_OPTS="${JBOSS_JAVA_SIZING:--Xms64m -Xmx512m} -Djava.net.preferIPv4Stack=true"
  JAVA_OPTS="$JAVA_OPTS -Djboss.modules.system.pkgs=${JBOSS_MODULES_SYSTEM_PKGS:-org.jboss.byteman} -Djava.awt.headless=true"
fi
EST_SIGNATURE_SCHEMES="ecdsa_secp256r1_sha256,ecdsa_secp384r1_sha384,ecdsa_secp521r1_sha512,ed25519,ed448"
EST_SIGNATURE_SCHEMES="$EST_SIGNATURE_SCHEMES,rsa_pss_rsae_sha256,rsa_pss_rsae_sha384,rsa_pss_rsae_sha512"
EST_SIGNATURE_SCHEMES="$EST_SIGNATURE_SCHEMES,rsa_pss_pss_sha256,rsa_pss_pss_sha384,rsa_pss_pss_sha512"
EST_SIGNATURE_SCHEMES="$EST_SIGNATURE_SCHEMES,rsa_pkcs1_sha256,rsa_pkcs1_sha384,rsa_pkcs1_sha512"
JAVA_OPTS="$JAVA_OPTS -Djdk.tls.rejectClientInitiatedRenegotiation=true -Djdk.tls.server.SignatureSchemes=$EST_SIGNATURE_SCHEMES"
export JAVA_OPTS

exec "$JBOSS_HOME/bin/standalone.sh" -b "${EST_BIND_ADDRESS:-0.0.0.0}" "$@"
