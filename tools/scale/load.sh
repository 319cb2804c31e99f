#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Scale data generator (docs/DBA.md "Scale"): a database with the EST Gateway schema, CERTS issued
# certificates (renewal chains of 5 per device) and AUDIT audit events of realistic shape, then the
# EXPLAIN (ANALYZE, BUFFERS) of the lookups the gateway and DBAs make.
#   tools/scale/load.sh                     # 10 000 000 certificates, 30 000 000 events into est_scale
#   CERTS=1000000 AUDIT=3000000 DB=est_small tools/scale/load.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DB="${DB:-est_scale}"; CERTS="${CERTS:-10000000}"; AUDIT="${AUDIT:-30000000}"
PSQL=(psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
# Flyway's history table is referenced by a GRANT; the migrations are applied here with psql instead.
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE flyway_schema_history (installed_rank INTEGER PRIMARY KEY)"
for f in $(ls db-migrations/src/main/resources/db/migration/V*.sql | sort -V); do
  "${PSQL[@]}" -d "$DB" -f "$f"
done
echo "schema applied; loading $CERTS certificates and $AUDIT audit events"
time "${PSQL[@]}" -d "$DB" -v certs="$CERTS" -f tools/scale/generate.sql
time "${PSQL[@]}" -d "$DB" -v certs="$CERTS" -v audit="$AUDIT" -f tools/scale/generate-audit.sql
time "${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE"
"${PSQL[@]}" -d "$DB" -f tools/scale/explain.sql
