-- SPDX-License-Identifier: Apache-2.0
-- 30 million audit events: loaded without the secondary indexes, which are rebuilt afterwards (a sorted
-- index build is far faster than maintaining five indexes row by row), and listed as waiting for the sealer
-- (audit_unsealed, V16) in one statement instead of by the insert trigger row by row.
DROP INDEX IF EXISTS ix_audit_event_occurred_at, ix_audit_event_type_time,
    ix_audit_event_refused, ix_audit_event_subject, ix_audit_event_serial;
SET session_replication_role = replica;
INSERT INTO audit_event (occurred_at, event_type, outcome, actor, auth_method, source_address, label, subject,
    serial_hex, http_status, reason, handler)
SELECT timestamptz '2023-01-01' + (e * 3) * interval '1 second',
       CASE WHEN e % 3 = 0 THEN 'ENROLL' WHEN e % 3 = 1 THEN 'REENROLL' ELSE 'DEVICE_CREATED' END,
       CASE WHEN e % 12 = 0 THEN 'REFUSED' ELSE 'SUCCESS' END,
       'device-' || (e % (:certs / 5) + 1), CASE WHEN e % 3 = 1 THEN 'TLS_CERTIFICATE' ELSE 'HTTP_BASIC' END,
       '10.' || (e % 250) || '.' || (e % 200) || '.' || (e % 100), NULL, 'CN=device-' || (e % (:certs / 5) + 1),
       CASE WHEN e % 12 <> 0 THEN md5('serial' || (e % :certs + 1)) || substr(md5('s2' || (e % :certs + 1)), 1, 8) END,
       CASE WHEN e % 12 = 0 THEN 401 ELSE 200 END,
       CASE WHEN e % 12 = 0 THEN 'unknown device or wrong password' END, CASE WHEN e % 3 = 1 THEN '4' ELSE '3' END
FROM generate_series(1, :audit) e;
RESET session_replication_role;
INSERT INTO audit_unsealed (event_id) SELECT id FROM audit_event;

CREATE INDEX ix_audit_event_occurred_at ON audit_event (occurred_at);
CREATE INDEX ix_audit_event_type_time ON audit_event (event_type, occurred_at);
CREATE INDEX ix_audit_event_refused ON audit_event (occurred_at) WHERE outcome = 'REFUSED';
CREATE INDEX ix_audit_event_subject ON audit_event (subject, occurred_at);
CREATE INDEX ix_audit_event_serial ON audit_event (serial_hex) WHERE serial_hex IS NOT NULL;
