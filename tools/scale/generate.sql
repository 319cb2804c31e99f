-- SPDX-License-Identifier: Apache-2.0
-- Realistic shape: 5 certificates per device (first enrollment + 4 renewals a year apart), 1 % revoked,
-- DER-sized blobs, audit events spread over three years, 8 % refusals.
\set devices (:certs / 5)
INSERT INTO device (common_name, password_hash, created_by, created_at)
SELECT 'device-' || d, 'pbkdf2-sha256$210000$c2FsdA==$aGFzaA==', 'scale', timestamptz '2023-01-01' + (d % 1000) * interval '1 hour'
FROM generate_series(1, :devices) d;

INSERT INTO issued_certificate (id, device_id, serial_hex, issuer_dn, subject_dn, subject_der, san, not_before, not_after,
    sha256, der, status, revoked_at, revocation_reason, renewed_from_id, label, operation, auth_method, auth_identity,
    csr_sha256, issued_at, handler)
SELECT i, d, md5('serial' || i) || substr(md5('s2' || i), 1, 8), 'O=EST Gateway,CN=EST Gateway CA scale',
       'CN=device-' || d, convert_to('CN=device-' || d, 'UTF8'), 'DNS:device-' || d,
       t, t + interval '365 days', encode(sha256(convert_to('cert' || i, 'UTF8')), 'hex'),
       decode(repeat(md5(i::text), 19), 'hex'),
       CASE WHEN i % 100 = 0 THEN 'REVOKED' ELSE 'VALID' END,
       CASE WHEN i % 100 = 0 THEN t + interval '30 days' END,
       CASE WHEN i % 100 = 0 THEN 'keyCompromise' END,
       CASE WHEN g > 0 THEN i - 1 END, NULL,
       CASE WHEN g = 0 THEN 'simpleenroll' ELSE 'simplereenroll' END,
       CASE WHEN g = 0 THEN 'HTTP_BASIC' ELSE 'TLS_CERTIFICATE' END, 'device-' || d,
       encode(sha256(convert_to('csr' || i, 'UTF8')), 'hex'), t, CASE WHEN g = 0 THEN '3' ELSE '4' END
FROM (SELECT i, (i - 1) / 5 + 1 AS d, (i - 1) % 5 AS g,
             timestamptz '2022-01-01' + ((i - 1) % 5) * interval '365 days' + ((i / 5) % 8760) * interval '1 hour' AS t
      FROM generate_series(1, :certs) i) s;
SELECT setval(pg_get_serial_sequence('issued_certificate', 'id'), (SELECT max(id) FROM issued_certificate));

