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

exec "$JBOSS_HOME/bin/standalone.sh" -b "${EST_BIND_ADDRESS:-0.0.0.0}" "$@"
