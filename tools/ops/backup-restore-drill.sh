#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Backup and restore drill (docs/OPERATIONS.md "Backups"): starts the packaged server on port offset 150 against a
# scratch database and data directory, enrolls a device, backs up (data directory, then database), destroys both,
# restores, restarts, and checks that the device re-enrolls with its old certificate and the audit chain verifies.
# Usage: tools/ops/backup-restore-drill.sh [work-dir]   (needs PostgreSQL on 127.0.0.1:5432 as postgres)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
W="${1:-$(mktemp -d)}"; mkdir -p "$W"; cd "$W"
S="$ROOT/ear/target/server"; P=8593; D="$W/data"; DB=est_drill
echo "work directory: $W"
start() { (EST_DATA_DIR=$D EST_DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB EST_ADMIN_PASSWORD=Drill-Admin-1 setsid bash $S/bin/est-gateway.sh -Djboss.socket.binding.port-offset=150 > server-$1.log 2>&1 &)
  for i in $(seq 1 80); do curl -s -o /dev/null --cacert $D/ca/ca.pem https://localhost:$P/.well-known/est/cacerts 2>/dev/null && return 0; sleep 2; done; echo "server did not start"; exit 1; }
stop() { pkill -f "port-offset=150" || true; sleep 5; }
stop; dropdb -h 127.0.0.1 -U postgres --if-exists $DB; start before
curl -s --cacert $D/ca/ca.pem -u admin:Drill-Admin-1 -H 'Content-Type: application/json' -d '{"commonName":"drill-1","password":"drill-Secret-1"}' https://localhost:$P/api/v1/devices > /dev/null || true
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem -subj /CN=drill-1 -outform DER 2>/dev/null | base64 -w64 > csr.b64
curl -sS --cacert $D/ca/ca.pem -u drill-1:drill-Secret-1 -H 'Content-Type: application/pkcs10' --data-binary @csr.b64 https://localhost:$P/.well-known/est/simpleenroll | base64 -d | openssl pkcs7 -inform DER -print_certs -out cert.pem
openssl x509 -in cert.pem -noout -serial | tee serial-before.txt
sha256sum $D/ca/ca.pem | tee ca-before.txt
echo "== backup (data directory first, then the database)"
/usr/bin/time -f "data dir: %e s" tar -C "$W" -czf data.tgz data
/usr/bin/time -f "pg_dump: %e s" pg_dump -h 127.0.0.1 -U postgres -Fc -f db.dump $DB
ls -l data.tgz db.dump | awk '{print $5, $9}'
echo "== disaster: server stopped, database dropped, data directory deleted"
stop; dropdb -h 127.0.0.1 -U postgres $DB; rm -rf "$D"
echo "== restore (data directory, then the database, then start)"
tar -C "$W" -xzf data.tgz
createdb -h 127.0.0.1 -U postgres $DB
/usr/bin/time -f "pg_restore: %e s" pg_restore -h 127.0.0.1 -U postgres -d $DB db.dump
start after
sha256sum $D/ca/ca.pem | tee ca-after.txt
echo "== checks"
printf 'GET /.well-known/est/cacerts: '; curl -s -o /dev/null -w '%{http_code}\n' --cacert $D/ca/ca.pem https://localhost:$P/.well-known/est/cacerts
openssl req -new -key key.pem -subj /CN=drill-1 -outform DER 2>/dev/null | base64 -w64 > csr2.b64
printf 'simplereenroll with the certificate issued before the backup: '
curl -sS -o reenrolled.b64 -w '%{http_code}\n' --cacert $D/ca/ca.pem --cert cert.pem --key key.pem -H 'Content-Type: application/pkcs10' --data-binary @csr2.b64 https://localhost:$P/.well-known/est/simplereenroll
printf 'certificate on record: '; psql -h 127.0.0.1 -U postgres -d $DB -tAc "select count(*) from issued_certificate where ltrim(lower(serial_hex), '0') = ltrim(lower('$(cut -d= -f2 serial-before.txt)'), '0')"
printf 'audit_verify() problems: '; psql -h 127.0.0.1 -U postgres -d $DB -tAc "select count(*) from audit_verify()"
stop
