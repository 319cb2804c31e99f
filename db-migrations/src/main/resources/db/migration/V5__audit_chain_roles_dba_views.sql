-- SPDX-License-Identifier: Apache-2.0
-- The DBA's view (docs/DBA.md): a tamper-evident audit trail, issuance history that cannot be deleted,
-- views for auditors, and two database roles: est_app (what the application runs as) and est_auditor
-- (read-only: the views and the audit table).

-- ---------------------------------------------------------------------------------------------------------
-- Roles. Cluster-wide, so created only when missing. The application's connections SET ROLE est_app
-- (datasource new-connection-sql); migrations run as the login user that owns the schema.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'est_app') THEN
        CREATE ROLE est_app NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'est_auditor') THEN
        CREATE ROLE est_auditor NOLOGIN;   -- DBAs: ALTER ROLE est_auditor LOGIN PASSWORD '...', or GRANT it to people
    END IF;
    EXECUTE format('GRANT est_app TO %I', current_user);
END
$$;

-- ---------------------------------------------------------------------------------------------------------
-- Hash chain. Appends are never blocked: a sealer (the application, every few seconds, or anyone calling
-- audit_seal()) gives committed rows a chain position and chain_hash = sha256(previous chain_hash || row),
-- in the order it finds them. audit_verify() recomputes the chain and reports the first broken row.
ALTER TABLE audit_event ADD COLUMN chain_seq  BIGINT CONSTRAINT uq_audit_event_chain_seq UNIQUE;
ALTER TABLE audit_event ADD COLUMN chain_hash BYTEA;
CREATE INDEX ix_audit_event_unsealed ON audit_event (id) WHERE chain_seq IS NULL;
CREATE INDEX ix_audit_event_type_time ON audit_event (event_type, occurred_at);
CREATE INDEX ix_audit_event_refused ON audit_event (occurred_at) WHERE outcome = 'REFUSED';

-- The canonical text of a row that the chain hashes (every column but the chain itself).
CREATE FUNCTION audit_row_text(e audit_event) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\x1f', e.id::text, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.event_type, e.outcome, coalesce(e.actor, ''), coalesce(e.auth_method, ''), coalesce(e.source_address, ''),
        coalesce(e.label, ''), coalesce(e.subject, ''), coalesce(e.serial_hex, ''), coalesce(e.http_status::text, ''),
        coalesce(e.reason, ''), coalesce(e.handler, ''))
$$;

-- Append-only, now with one exception: sealing may set chain_seq/chain_hash once, and change nothing else.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL AND NEW.chain_hash IS NOT NULL
       AND audit_row_text(OLD) = audit_row_text(NEW) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
END;
$$;

-- Seals up to max_rows committed, unsealed rows; returns how many. Serialised by an advisory lock.
CREATE FUNCTION audit_seal(max_rows integer DEFAULT 1000) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    prev_seq  bigint;
    prev_hash bytea;
    r         audit_event;
    n         integer := 0;
BEGIN
    IF NOT pg_try_advisory_xact_lock(7030, 1) THEN
        RETURN 0;                                   -- another sealer is at work
    END IF;
    SELECT chain_seq, chain_hash INTO prev_seq, prev_hash FROM audit_event
        WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
    prev_seq := coalesce(prev_seq, 0);
    prev_hash := coalesce(prev_hash, '\x00'::bytea);
    FOR r IN SELECT * FROM audit_event WHERE chain_seq IS NULL ORDER BY id LIMIT max_rows LOOP
        prev_seq := prev_seq + 1;
        prev_hash := sha256(prev_hash || convert_to(audit_row_text(r), 'UTF8'));
        UPDATE audit_event SET chain_seq = prev_seq, chain_hash = prev_hash WHERE id = r.id;
        n := n + 1;
    END LOOP;
    RETURN n;
END;
$$;

-- Verifies the whole chain. No row: intact. Otherwise the first row whose hash (or position) does not follow.
CREATE FUNCTION audit_verify() RETURNS TABLE (chain_seq bigint, id bigint, problem text) LANGUAGE plpgsql STABLE
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    expected_seq  bigint := 0;
    expected_hash bytea := '\x00'::bytea;
    r             audit_event;
BEGIN
    FOR r IN SELECT * FROM audit_event e WHERE e.chain_seq IS NOT NULL ORDER BY e.chain_seq LOOP
        expected_seq := expected_seq + 1;
        IF r.chain_seq <> expected_seq THEN
            chain_seq := r.chain_seq; id := r.id; problem := 'chain position ' || expected_seq || ' is missing';
            RETURN NEXT; RETURN;
        END IF;
        expected_hash := sha256(expected_hash || convert_to(audit_row_text(r), 'UTF8'));
        IF r.chain_hash IS DISTINCT FROM expected_hash THEN
            chain_seq := r.chain_seq; id := r.id; problem := 'hash does not match the row and its predecessor';
            RETURN NEXT; RETURN;
        END IF;
    END LOOP;
END;
$$;

-- ---------------------------------------------------------------------------------------------------------
-- Issued certificates are never deleted, and only their revocation may change.
CREATE FUNCTION issued_certificate_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.id, OLD.device_id, OLD.serial_hex, OLD.issuer_dn, OLD.subject_dn, OLD.subject_der,
            OLD.san, OLD.not_before, OLD.not_after, OLD.sha256, OLD.der, OLD.renewed_from_id, OLD.label, OLD.operation,
            OLD.auth_method, OLD.auth_identity, OLD.csr_sha256, OLD.issued_at, OLD.handler, OLD.key_generated_by_server,
            OLD.approval_request_id)
        IS NOT DISTINCT FROM (NEW.id, NEW.device_id, NEW.serial_hex, NEW.issuer_dn, NEW.subject_dn, NEW.subject_der,
            NEW.san, NEW.not_before, NEW.not_after, NEW.sha256, NEW.der, NEW.renewed_from_id, NEW.label, NEW.operation,
            NEW.auth_method, NEW.auth_identity, NEW.csr_sha256, NEW.issued_at, NEW.handler, NEW.key_generated_by_server,
            NEW.approval_request_id)
        AND NOT (OLD.status = 'REVOKED' AND NEW.status <> 'REVOKED') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'issued_certificate keeps its history (% refused; only revocation may change a row)', TG_OP;
END;
$$;
CREATE TRIGGER tr_issued_certificate_keep BEFORE UPDATE OR DELETE ON issued_certificate
    FOR EACH ROW EXECUTE FUNCTION issued_certificate_keep();
CREATE TRIGGER tr_issued_certificate_no_truncate BEFORE TRUNCATE ON issued_certificate
    FOR EACH STATEMENT EXECUTE FUNCTION issued_certificate_keep();
CREATE INDEX ix_issued_certificate_not_after ON issued_certificate (not_after) WHERE status = 'VALID';

-- ---------------------------------------------------------------------------------------------------------
-- Views for DBAs and auditors (documented column by column in docs/DBA.md).
CREATE VIEW v_issuance_history AS
SELECT c.id AS certificate_id, c.serial_hex, c.subject_dn, c.san, c.issuer_dn, c.not_before, c.not_after,
       c.issued_at, c.status, c.revoked_at, c.revocation_reason, d.id AS device_id, d.common_name AS device,
       c.handler, c.label, c.operation, c.auth_method, c.auth_identity, c.csr_sha256, c.sha256 AS certificate_sha256,
       p.serial_hex AS renewed_from_serial, c.approval_request_id, a.decided_by AS approved_by, a.decided_at AS approved_at,
       c.key_generated_by_server
FROM issued_certificate c
JOIN device d ON d.id = c.device_id
LEFT JOIN issued_certificate p ON p.id = c.renewed_from_id
LEFT JOIN approval_request a ON a.id = c.approval_request_id;

CREATE VIEW v_renewal_chain AS
WITH RECURSIVE chain AS (
    SELECT c.id AS root_id, c.id, c.renewed_from_id, 0 AS generation
    FROM issued_certificate c WHERE c.renewed_from_id IS NULL
    UNION ALL
    SELECT chain.root_id, c.id, c.renewed_from_id, chain.generation + 1
    FROM issued_certificate c JOIN chain ON c.renewed_from_id = chain.id
)
SELECT d.common_name AS device, chain.root_id AS first_certificate_id, chain.generation, c.id AS certificate_id,
       c.serial_hex, p.serial_hex AS renewed_from_serial, c.subject_dn, c.not_before, c.not_after, c.issued_at, c.status,
       c.auth_method
FROM chain
JOIN issued_certificate c ON c.id = chain.id
JOIN device d ON d.id = c.device_id
LEFT JOIN issued_certificate p ON p.id = chain.renewed_from_id;

CREATE VIEW v_revocations AS
SELECT c.serial_hex, c.subject_dn, d.common_name AS device, c.revoked_at, c.revocation_reason, c.issued_at, c.not_after,
       (SELECT e.actor FROM audit_event e WHERE e.event_type = 'CERTIFICATE_REVOKED' AND e.serial_hex = c.serial_hex
        ORDER BY e.id DESC LIMIT 1) AS revoked_by
FROM issued_certificate c JOIN device d ON d.id = c.device_id
WHERE c.status = 'REVOKED';

CREATE VIEW v_approval_decisions AS
SELECT a.id AS request_id, a.handler, a.label, a.subject_dn, a.san, a.key_description, a.requester_identity,
       a.auth_method, a.created_at, a.status, a.decided_by, a.decided_at, a.decided_at - a.created_at AS decision_delay,
       a.reason, c.serial_hex AS certificate_serial, a.delivered_at, a.delivery_attempts
FROM approval_request a LEFT JOIN issued_certificate c ON c.id = a.certificate_id
WHERE a.status IN ('APPROVED', 'REJECTED');

CREATE VIEW v_refused_attempts AS
SELECT e.id AS event_id, e.occurred_at, e.event_type, e.actor, e.auth_method, e.source_address, e.handler, e.label,
       e.subject, e.http_status, e.reason
FROM audit_event e WHERE e.outcome = 'REFUSED';

CREATE VIEW v_refusals_by_reason AS
SELECT e.reason, e.http_status, count(*) AS attempts, min(e.occurred_at) AS first_seen, max(e.occurred_at) AS last_seen
FROM audit_event e WHERE e.outcome = 'REFUSED'
GROUP BY e.reason, e.http_status;

CREATE FUNCTION certificates_expiring(days integer) RETURNS TABLE (serial_hex text, subject_dn text, device text,
        not_after timestamptz, days_left integer, handler text) LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = public, pg_temp AS $$
    SELECT c.serial_hex, c.subject_dn, d.common_name, c.not_after,
           floor(extract(epoch FROM c.not_after - now()) / 86400)::integer, c.handler
    FROM issued_certificate c JOIN device d ON d.id = c.device_id
    WHERE c.status = 'VALID' AND c.not_after > now() AND c.not_after <= now() + make_interval(days => days)
      AND NOT EXISTS (SELECT 1 FROM issued_certificate n WHERE n.renewed_from_id = c.id)
    ORDER BY c.not_after
$$;

CREATE VIEW v_certificates_expiring_30d AS SELECT * FROM certificates_expiring(30);

-- ---------------------------------------------------------------------------------------------------------
-- Privileges. est_app: what the application needs, and on audit_event only SELECT, INSERT and the sealing
-- columns. est_auditor: the views, the audit table and the verification function; nothing else.
GRANT USAGE ON SCHEMA public TO est_app, est_auditor;
GRANT SELECT, INSERT, UPDATE, DELETE ON device, account, device_digest, digest_nonce_use, factory_certificate,
    trust_anchor, certificate_role, approval_request TO est_app;
GRANT SELECT, INSERT, UPDATE ON issued_certificate TO est_app;
GRANT SELECT, INSERT ON gateway_secret TO est_app;
GRANT SELECT, INSERT ON audit_event TO est_app;
GRANT UPDATE (chain_seq, chain_hash) ON audit_event TO est_app;
GRANT SELECT, USAGE ON ALL SEQUENCES IN SCHEMA public TO est_app;
GRANT SELECT ON flyway_schema_history TO est_app;
GRANT EXECUTE ON FUNCTION audit_seal(integer), audit_verify(), certificates_expiring(integer) TO est_app;

REVOKE ALL ON audit_event FROM PUBLIC;
GRANT SELECT ON audit_event, v_issuance_history, v_renewal_chain, v_revocations, v_approval_decisions,
    v_refused_attempts, v_refusals_by_reason, v_certificates_expiring_30d TO est_auditor;
GRANT EXECUTE ON FUNCTION audit_verify(), certificates_expiring(integer), audit_row_text(audit_event) TO est_auditor;
