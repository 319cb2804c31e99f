-- SPDX-License-Identifier: Apache-2.0
-- The lookups of re-enrollment and the DBA views, on the loaded data (values from the middle of the data).
\echo '== latest certificate for a subject (re-enroll rule)'
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM issued_certificate WHERE subject_der = convert_to('CN=device-1000003', 'UTF8') ORDER BY id DESC LIMIT 1;
\echo '== certificate by serial'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM issued_certificate WHERE serial_hex = md5('serial5000000') || substr(md5('s25000000'), 1, 8);
\echo '== certificate by fingerprint (TLS client certificate lookup)'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM issued_certificate WHERE sha256 = CAST(encode(sha256(convert_to('cert5000000', 'UTF8')), 'hex') AS varchar); -- as the application binds it
\echo '== v_issuance_history by subject'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM v_issuance_history WHERE subject_dn = 'CN=device-1000003';
\echo '== v_issuance_history by serial'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM v_issuance_history WHERE serial_hex = md5('serial5000000') || substr(md5('s25000000'), 1, 8);
\echo '== v_issuance_history by device'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM v_issuance_history WHERE device = 'device-1000003';
\echo '== v_issuance_history for one day'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM v_issuance_history WHERE issued_at >= '2024-06-01' AND issued_at < '2024-06-02';
\echo '== refused attempts of one day'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM v_refused_attempts WHERE occurred_at >= '2024-06-01' AND occurred_at < '2024-06-02';
\echo '== audit events of a subject'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_event WHERE subject = 'CN=device-1000003' ORDER BY occurred_at DESC LIMIT 50;
\echo '== certificates expiring in the next 30 days (as of the data set)'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM issued_certificate c WHERE c.status = 'VALID'
    AND c.not_after > timestamptz '2026-06-01' AND c.not_after <= timestamptz '2026-07-01';
\echo '== renewal_chain(device) (the function; v_renewal_chain recurses over the whole table first)'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM renewal_chain('device-1000003');
