-- SPDX-License-Identifier: Apache-2.0
-- The audit trail carries the CA (issue 14; docs/DBA.md "Named CAs"), and a CA's life ends in the admin API:
-- a PENDING CA may be deleted, an ACTIVE one is RETIRED (its row stays).

-- ---------------------------------------------------------------------------------------------------------
-- audit_event.ca: the name of the CA an event is about (the CA that issued or is to issue the certificate, the
-- CA that was created, retired, ...); NULL for events without a CA and in rows written before this migration.
-- Not indexed, like node: filter by serial, subject or time first.
ALTER TABLE audit_event ADD COLUMN ca TEXT;

-- The CA is part of the hashed row text only when it is not NULL: a row without a CA (every row sealed before
-- this migration) hashes exactly as before (V11), so audit_verify() checks old and new rows alike. A row with a
-- CA always carries its node position too ('' for NULL), so the CA never takes the node's place in the text,
-- and its CA cannot be changed or removed without breaking the chain.
CREATE OR REPLACE FUNCTION audit_row_text(e audit_event) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\x1f', e.id::text, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.event_type, e.outcome, coalesce(e.actor, ''), coalesce(e.auth_method, ''), coalesce(e.source_address, ''),
        coalesce(e.label, ''), coalesce(e.subject, ''), coalesce(e.serial_hex, ''), coalesce(e.http_status::text, ''),
        coalesce(e.reason, ''), coalesce(e.handler, ''),
        CASE WHEN e.ca IS NULL THEN e.node ELSE coalesce(e.node, '') END, e.ca)
$$;

-- ---------------------------------------------------------------------------------------------------------
-- Views for DBAs gain the CA (appended: CREATE OR REPLACE VIEW keeps the earlier columns).
CREATE OR REPLACE VIEW v_refused_attempts AS
SELECT e.id AS event_id, e.occurred_at, e.event_type, e.actor, e.auth_method, e.source_address, e.handler, e.label,
       e.subject, e.http_status, e.reason, e.node, e.ca
FROM audit_event e WHERE e.outcome = 'REFUSED';

-- A serial is unique per CA only: revoked_by is the revocation event of this certificate's CA (an event written
-- before this migration carries no CA and matches by serial, as before).
CREATE OR REPLACE VIEW v_revocations AS
SELECT c.serial_hex, c.subject_dn, d.common_name AS device, c.revoked_at, c.revocation_reason, c.issued_at, c.not_after,
       (SELECT e.actor FROM audit_event e WHERE e.event_type = 'CERTIFICATE_REVOKED' AND e.serial_hex = c.serial_hex
          AND (e.ca = c.ca OR e.ca IS NULL)
        ORDER BY e.id DESC LIMIT 1) AS revoked_by,
       c.ca
FROM issued_certificate c JOIN device d ON d.id = c.device_id
WHERE c.status = 'REVOKED';

-- ---------------------------------------------------------------------------------------------------------
-- DELETE /api/v1/cas/<name>: only a PENDING CA (no certificate, nothing issued) loses its row; a CA that ever had
-- a certificate is history like the certificates it issued and can only be RETIRED.
CREATE FUNCTION ca_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.status = 'PENDING' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'ca keeps its history (% of CA % refused: only a PENDING CA may be deleted)', TG_OP,
        coalesce(OLD.name, '');
END;
$$;
CREATE TRIGGER tr_ca_keep_history BEFORE DELETE ON ca FOR EACH ROW EXECUTE FUNCTION ca_keep_history();

GRANT DELETE ON ca TO est_app;
