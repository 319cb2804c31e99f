-- SPDX-License-Identifier: Apache-2.0
-- Indexes measured at 10 million certificates / 30 million audit events (docs/DBA.md "Scale"), and
-- checkpoints that let old audit rows be archived without breaking the hash chain.

CREATE INDEX ix_issued_certificate_serial ON issued_certificate (serial_hex);
CREATE INDEX ix_issued_certificate_subject_dn ON issued_certificate (subject_dn);
CREATE INDEX ix_audit_event_subject ON audit_event (subject, occurred_at);
CREATE INDEX ix_audit_event_serial ON audit_event (serial_hex) WHERE serial_hex IS NOT NULL;

-- Archiving: rows up to chain_seq are exported (with this checkpoint) and removed in a maintenance window
-- by the schema owner; audit_verify() then starts from the newest checkpoint's hash.
CREATE TABLE audit_checkpoint (
    chain_seq   BIGINT      PRIMARY KEY,
    chain_hash  BYTEA       NOT NULL,
    archived_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    archived_by TEXT        NOT NULL DEFAULT current_user,
    note        TEXT
);
CREATE FUNCTION audit_checkpoint_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_checkpoint is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER tr_audit_checkpoint_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_append_only();

CREATE OR REPLACE FUNCTION audit_verify() RETURNS TABLE (chain_seq bigint, id bigint, problem text) LANGUAGE plpgsql STABLE
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    expected_seq  bigint := 0;
    expected_hash bytea := '\x00'::bytea;
    r             audit_event;
BEGIN
    SELECT c.chain_seq, c.chain_hash INTO expected_seq, expected_hash FROM audit_checkpoint c
        ORDER BY c.chain_seq DESC LIMIT 1;
    expected_seq := coalesce(expected_seq, 0);
    expected_hash := coalesce(expected_hash, '\x00'::bytea);
    FOR r IN SELECT * FROM audit_event e WHERE e.chain_seq > expected_seq ORDER BY e.chain_seq LOOP
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
    IF expected_seq = 0 AND EXISTS (SELECT 1 FROM audit_event e WHERE e.chain_seq IS NOT NULL AND e.chain_seq <= 0) THEN
        chain_seq := 0; id := NULL; problem := 'invalid chain position';
        RETURN NEXT;
    END IF;
END;
$$;
GRANT SELECT ON audit_checkpoint TO est_app, est_auditor;
