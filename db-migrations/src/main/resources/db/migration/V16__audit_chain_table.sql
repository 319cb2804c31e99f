-- SPDX-License-Identifier: Apache-2.0
-- The audit hash chain in a table of its own (issue 15; docs/DBA.md "The audit trail", docs/PERFORMANCE.md).
-- Sealing used to update every audit row once (chain_seq, chain_hash): a second version of the row and of each of
-- its index entries (the update changes an indexed column, so it is never HOT) and a dead row for vacuum, for
-- every audit event. Now an audit row is written once and never again: the chain is appended to audit_chain, and
-- the rows waiting for it are listed in audit_unsealed (filled by a trigger, emptied by the sealer). Same hash
-- of the same row text: the chain continues where it stood, and audit_verify() checks rows sealed before and after
-- this migration alike.

-- ---------------------------------------------------------------------------------------------------------
-- The chain: position, audit row, SHA-256 of (previous chain_hash || audit_row_text(row)). Append-only for
-- everyone; archiving removes old positions with the triggers off (docs/DBA.md "Retention"). No foreign key to
-- audit_event: archiving removes rows of both, and audit_verify() reports a position whose row is gone.
CREATE TABLE audit_chain (
    chain_seq  BIGINT PRIMARY KEY,
    event_id   BIGINT NOT NULL CONSTRAINT uq_audit_chain_event UNIQUE,
    chain_hash BYTEA  NOT NULL
);
INSERT INTO audit_chain (chain_seq, event_id, chain_hash)
    SELECT chain_seq, id, chain_hash FROM audit_event WHERE chain_seq IS NOT NULL;

CREATE FUNCTION audit_chain_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_chain is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER tr_audit_chain_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_append_only();

-- The rows waiting for the sealer: one entry per inserted audit row, in the inserting transaction (so the sealer
-- sees a row exactly when it has committed), removed when the row is chained.
CREATE TABLE audit_unsealed (
    event_id BIGINT PRIMARY KEY
);
INSERT INTO audit_unsealed (event_id) SELECT id FROM audit_event WHERE chain_seq IS NULL;

-- SECURITY DEFINER: est_app has no privilege on audit_unsealed or audit_chain; it inserts audit rows and calls
-- audit_seal(), which computes the hashes itself. Every name is schema-qualified (no search_path is set: that
-- would cost every audit insert a configuration change).
CREATE FUNCTION audit_event_to_seal() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    INSERT INTO public.audit_unsealed (event_id) VALUES (NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER tr_audit_event_to_seal AFTER INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_to_seal();

-- ---------------------------------------------------------------------------------------------------------
-- audit_event is append-only without exception again (V5 allowed setting the chain columns once), and loses them
-- (and with them their two indexes, uq_audit_event_chain_seq and ix_audit_event_unsealed, and est_app's UPDATE on them).
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
END;
$$;
ALTER TABLE audit_event DROP COLUMN chain_seq, DROP COLUMN chain_hash;

-- Seals up to max_rows committed, unsealed rows in the order of their ids; returns how many. Serialised by an
-- advisory lock. When every position was archived, the chain continues from the newest checkpoint.
CREATE OR REPLACE FUNCTION audit_seal(max_rows integer DEFAULT 1000) RETURNS integer LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    prev_seq  bigint;
    prev_hash bytea;
    r         audit_event;
    ids       bigint[] := '{}';
    hashes    bytea[] := '{}';
BEGIN
    IF NOT pg_try_advisory_xact_lock(7030, 1) THEN
        RETURN 0;                                   -- another sealer is at work
    END IF;
    SELECT c.chain_seq, c.chain_hash INTO prev_seq, prev_hash FROM audit_chain c ORDER BY c.chain_seq DESC LIMIT 1;
    IF prev_seq IS NULL THEN
        SELECT k.chain_seq, k.chain_hash INTO prev_seq, prev_hash FROM audit_checkpoint k ORDER BY k.chain_seq DESC LIMIT 1;
    END IF;
    prev_seq := coalesce(prev_seq, 0);
    prev_hash := coalesce(prev_hash, '\x00'::bytea);
    FOR r IN SELECT e.* FROM audit_unsealed u JOIN audit_event e ON e.id = u.event_id ORDER BY u.event_id LIMIT max_rows LOOP
        prev_hash := sha256(prev_hash || convert_to(audit_row_text(r), 'UTF8'));
        ids := ids || r.id;
        hashes := hashes || prev_hash;
    END LOOP;
    -- the n-th row found gets position prev_seq + n
    INSERT INTO audit_chain (chain_seq, event_id, chain_hash)
        SELECT prev_seq + u.n, u.id, u.hash FROM unnest(ids, hashes) WITH ORDINALITY AS u(id, hash, n);
    DELETE FROM audit_unsealed WHERE event_id = ANY (ids);
    RETURN cardinality(ids);
END;
$$;

-- Verifies the chain from the newest checkpoint. No row: intact. Otherwise the first position whose row is gone or
-- whose hash (or position) does not follow; and an audit row that is neither chained nor waiting for the sealer
-- (inserted with the triggers off, or its waiting entry removed).
CREATE OR REPLACE FUNCTION audit_verify() RETURNS TABLE (chain_seq bigint, id bigint, problem text) LANGUAGE plpgsql STABLE
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    expected_seq  bigint := 0;
    expected_hash bytea := '\x00'::bytea;
    c             record;
    outside       bigint;
BEGIN
    SELECT k.chain_seq, k.chain_hash INTO expected_seq, expected_hash FROM audit_checkpoint k
        ORDER BY k.chain_seq DESC LIMIT 1;
    expected_seq := coalesce(expected_seq, 0);
    expected_hash := coalesce(expected_hash, '\x00'::bytea);
    FOR c IN SELECT a.chain_seq, a.event_id, a.chain_hash, e.id AS found, e AS ev
             FROM audit_chain a LEFT JOIN audit_event e ON e.id = a.event_id
             WHERE a.chain_seq > expected_seq ORDER BY a.chain_seq LOOP
        expected_seq := expected_seq + 1;
        chain_seq := c.chain_seq; id := c.event_id;
        IF c.chain_seq <> expected_seq THEN
            problem := 'chain position ' || expected_seq || ' is missing';
            RETURN NEXT; RETURN;
        END IF;
        IF c.found IS NULL THEN
            problem := 'the audit row of this position is missing';
            RETURN NEXT; RETURN;
        END IF;
        expected_hash := sha256(expected_hash || convert_to(audit_row_text(c.ev), 'UTF8'));
        IF c.chain_hash IS DISTINCT FROM expected_hash THEN
            problem := 'hash does not match the row and its predecessor';
            RETURN NEXT; RETURN;
        END IF;
    END LOOP;
    IF expected_seq = 0 AND EXISTS (SELECT 1 FROM audit_chain a WHERE a.chain_seq <= 0) THEN
        chain_seq := 0; id := NULL; problem := 'invalid chain position';
        RETURN NEXT; RETURN;
    END IF;
    SELECT e.id INTO outside FROM audit_event e
        WHERE NOT EXISTS (SELECT 1 FROM audit_chain a WHERE a.event_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM audit_unsealed u WHERE u.event_id = e.id)
        ORDER BY e.id LIMIT 1;
    IF outside IS NOT NULL THEN
        chain_seq := NULL; id := outside; problem := 'audit row is neither chained nor waiting to be sealed';
        RETURN NEXT;
    END IF;
END;
$$;

-- ---------------------------------------------------------------------------------------------------------
-- The audit trail as DBAs read it before this migration: every column of audit_event with its chain position and
-- hash (NULL for the few seconds until sealed).
CREATE VIEW v_audit_event AS
SELECT e.*, a.chain_seq, a.chain_hash FROM audit_event e LEFT JOIN audit_chain a ON a.event_id = e.id;

REVOKE ALL ON audit_chain, audit_unsealed FROM PUBLIC;
GRANT SELECT ON audit_chain, audit_unsealed, v_audit_event TO est_auditor;
