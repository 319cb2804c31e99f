#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# docs/PERFORMANCE.md "PostgreSQL per enrollment": PostgreSQL's CPU per enrollment without the application. pgbench
# replays the statements of one keep-alive Basic enrollment (from pg_stat_statements of a benchmark run: the pool's
# validation, the device by name, the certificate and audit inserts, commit) with 16 clients against a schema
# migrated by hand up to each version in VERSIONS, while a second pgbench session seals the audit trail every 2 s
# as the application does (up to 50 000 rows per call: pgbench inserts faster than the application). CPU of all
# PostgreSQL processes (/proc, with the ended ones) over the timed run / transactions, versions alternating ROUNDS
# times; after each run it seals what is left and VACUUMs the database (what autovacuum would do later; CI's
# PostgreSQL runs without it) and reports the CPU with that too. PARTS=1 adds the enrollment statement by statement
# on the last version. RETURNING='RETURNING *' replays the inserts as the application sent them until issue 15
# (JDBC getGeneratedKeys: the driver asks for the whole row back). OPTIONS='-c commit_delay=0|-c commit_delay=100'
# alternates server settings of the replaying sessions too ('|' between variants; settings a session may set as
# the superuser pgbench connects as). Everything it creates (databases est_dbenroll_v<N>, WORK) is its own.
#   VERSIONS="15 16" ROUNDS=3 SECONDS_PER=40 tools/perf/db-enrollment.sh
#   VERSIONS=16 OPTIONS='-c commit_delay=0|-c commit_delay=200 -c commit_siblings=2' tools/perf/db-enrollment.sh
#   VERSIONS=16 ROUNDS=2 SECONDS_PER=20 PARTS=1 tools/perf/db-enrollment.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSIONS="${VERSIONS:-15 16}"; ROUNDS="${ROUNDS:-3}"; SECONDS_PER="${SECONDS_PER:-60}"; CLIENTS="${CLIENTS:-16}"
RETURNING="${RETURNING:-returning id}"
IFS='|' read -r -a VARIANTS <<< "${OPTIONS:-}"; [ "${#VARIANTS[@]}" -gt 0 ] || VARIANTS=("")
WORK="${WORK:-$PWD/target/db-enrollment}"
PSQL=(psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -v ON_ERROR_STOP=1 -q)
export PGPASSWORD="${PGPASSWORD:-postgres}" PGOPTIONS="-c client_min_messages=warning"
mkdir -p "$WORK"
# The certificate of a real enrollment (534 bytes of DER in the benchmark; random bytes of that length here).
cat > "$WORK/enroll.sql" <<SQL
\set dev random(1, 1000)
SELECT '';
BEGIN;
SELECT id, common_name, created_at, created_by, dns_name, enabled, failed_attempts, ip_address, locked_until, one_time, password_hash, serial_number, version FROM device WHERE common_name = 'db-' || :dev::text;
INSERT INTO issued_certificate (approval_request_id, auth_identity, auth_method, ca, ca_generation, csr_sha256, der, device_id, handler, issued_at, issuer_dn, key_generated_by_server, label, not_after, not_before, operation, renewed_from_id, revocation_reason, revoked_at, san, serial_hex, sha256, status, subject_der, subject_dn, version) VALUES (NULL, 'db-' || :dev::text, 'HTTP_BASIC', 'default', 1, encode(sha256(random()::text::bytea), 'hex'), decode(repeat(md5(random()::text), 33), 'hex'), :dev::bigint, 'builtin-simpleenroll', now(), 'O=EST Gateway,CN=EST Gateway CA be14a8db', false, NULL, now() + interval '1 year', now() - interval '5 minutes', 'simpleenroll', NULL, NULL, NULL, 'DNS' || chr(58) || 'db-' || :dev::text, substr(md5(random()::text), 1, 31), encode(sha256(random()::text::bytea), 'hex'), 'VALID', decode('301b3119301706035504030c1062656e63682d38343666343539322d39', 'hex'), 'CN=db-' || :dev::text, 0) $RETURNING;
INSERT INTO audit_event (actor, auth_method, ca, event_type, handler, http_status, label, node, occurred_at, outcome, reason, serial_hex, source_address, subject) VALUES ('db-' || :dev::text, 'HTTP_BASIC', 'default', 'ENROLL', 'builtin-simpleenroll', 200, NULL, 'bench', now(), 'SUCCESS', NULL, substr(md5(random()::text), 1, 31), '127.0.0.1', 'CN=db-' || :dev::text) $RETURNING;
END;
SQL
printf 'SELECT audit_seal(50000);\n' > "$WORK/seal.sql"
pg_cpu_ticks() {  # utime + stime of every PostgreSQL process, and of the ended ones (the postmaster's children)
  local sum=0 pid
  for pid in $(pgrep -u postgres); do
    if [ "$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null)" = 1 ]; then
      sum=$((sum + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    else
      sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    fi
  done
  echo "$sum"
}
for v in $VERSIONS; do
  db="est_dbenroll_v$v"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  "${PSQL[@]}" -d "$db" -c "CREATE TABLE flyway_schema_history (installed_rank INTEGER PRIMARY KEY)"
  for f in $(ls db-migrations/src/main/resources/db/migration/V*.sql | sort -V); do
    n=$(basename "$f" | sed 's/^V\([0-9]*\)__.*/\1/')
    if [ "$n" -le "$v" ]; then "${PSQL[@]}" -d "$db" -f "$f"; fi
  done
  "${PSQL[@]}" -d "$db" -c "INSERT INTO device (common_name, created_by) SELECT 'db-' || g, 'db-enrollment' FROM generate_series(1, 1000) g"
done
hz=$(getconf CLK_TCK)
# measure DB SCRIPT OUT [OPTIONS]: warm-up, then SECONDS_PER seconds with the sealer beside; prints "tps | ms | ms with vacuum"
measure() {
  local db="$1" script="$2" out="$3" sealer before ran vacuumed tx tps
  local PGOPTIONS="$PGOPTIONS ${4:-}"
  pgbench -h 127.0.0.1 -U postgres -n -c "$CLIENTS" -j 2 -T 10 -M prepared -f "$script" "$db" > /dev/null 2>&1  # warm-up
  "${PSQL[@]}" -d "$db" -c "SELECT audit_seal(1000000)" -c "VACUUM" > /dev/null
  pgbench -h 127.0.0.1 -U postgres -n -c 1 -R 0.5 -T "$((SECONDS_PER + 2))" -M prepared -f "$WORK/seal.sql" "$db" > /dev/null 2>&1 &
  sealer=$!
  before=$(pg_cpu_ticks)
  pgbench -h 127.0.0.1 -U postgres -n -c "$CLIENTS" -j 2 -T "$SECONDS_PER" -M prepared -f "$script" "$db" > "$out" 2>&1
  wait "$sealer" || true
  sleep 1   # the backends of pgbench's connections end now; the postmaster collects their CPU when it reaps them
  ran=$(pg_cpu_ticks)
  # what autovacuum would do later (CI's PostgreSQL runs without it): the dead rows the run left, in every table
  "${PSQL[@]}" -d "$db" -c "SELECT audit_seal(1000000)" -c "VACUUM" > /dev/null
  vacuumed=$(pg_cpu_ticks)
  tx=$(awk '/number of transactions actually processed/ {print $NF}' "$out" | cut -d/ -f1)
  tps=$(awk '/^tps/ {print $3; exit}' "$out")
  python3 -c "print('%.0f | %.3f | %.3f' % ($tps, ($ran - $before) * 1000.0 / $hz / $tx, ($vacuumed - $before) * 1000.0 / $hz / $tx))"
}
echo "| round | schema | options | transactions/s | PostgreSQL CPU ms per enrollment | with the vacuum of what the run left |" > "$WORK/results.md"
echo "|---|---|---|---|---|---|" >> "$WORK/results.md"
for r in $(seq 1 "$ROUNDS"); do
  for v in $VERSIONS; do
    for o in "${!VARIANTS[@]}"; do
      echo "| $r | V$v | ${VARIANTS[$o]:-(none)} | $(measure "est_dbenroll_v$v" "$WORK/enroll.sql" "$WORK/v$v-$o-$r.txt" "${VARIANTS[$o]}") |" \
        | tee -a "$WORK/results.md"
    done
  done
done
# PARTS=1: the enrollment statement by statement on the last version (each script adds one statement to the one
# before: validation and an empty transaction, + device, + certificate insert, + audit insert = the enrollment)
if [ "${PARTS:-0}" = 1 ]; then
  last="${VERSIONS##* }"
  names=("validation + empty transaction" "+ SELECT device" "+ INSERT issued_certificate" "+ INSERT audit_event")
  echo "| round | statements (V$last) | transactions/s | PostgreSQL CPU ms per transaction | with vacuum |" >> "$WORK/results.md"
  echo "|---|---|---|---|---|" >> "$WORK/results.md"
  for r in $(seq 1 "$ROUNDS"); do
    for k in 0 1 2 3; do
      { sed -n 1,3p "$WORK/enroll.sql"; sed -n "4,$((3 + k))p" "$WORK/enroll.sql"; echo "END;"; } > "$WORK/part$k.sql"
      echo "| $r | ${names[$k]} | $(measure "est_dbenroll_v$last" "$WORK/part$k.sql" "$WORK/part$k-$r.txt") |" \
        | tee -a "$WORK/results.md"
    done
  done
fi
for v in $VERSIONS; do "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS est_dbenroll_v$v WITH (FORCE)"; done
