-- SPDX-License-Identifier: Apache-2.0
-- What one enrollment costs PostgreSQL (issue 15; docs/PERFORMANCE.md "CPU per enrollment", docs/DBA.md "Indexes").
-- Every index of issued_certificate is written by every enrollment; three served no query, and the audit sealer
-- updated one audit row per statement.

-- ---------------------------------------------------------------------------------------------------------
-- issued_certificate: 14 indexes -> 11.
-- (subject_der, issued_at DESC): no query reads it; the re-enroll rule reads (subject_der, id DESC)
-- (ix_issued_certificate_subject_latest), DBAs search by subject_dn.
DROP INDEX ix_issued_certificate_subject;
-- (sha256::text) (V8) was meant for lookups that bind the fingerprint as varchar; PostgreSQL compares such a
-- parameter as char(64) and reads the unique index uq_issued_certificate_sha256 (EXPLAIN of the application's
-- prepared statement; pg_stat_user_indexes showed 0 scans of it after 48 000 enrollments).
DROP INDEX ix_issued_certificate_sha256_text;
-- Serial numbers: (ca, serial_hex) unique (V12) and (serial_hex) (V6) become one unique (serial_hex, ca), which
-- serves a lookup by serial alone (revocation without ?ca=, v_issuance_history by serial) and by CA + serial.
-- (issuer_dn, serial_hex) stays unique (RFC 5280 4.1.2.2: unique per issuer name).
CREATE UNIQUE INDEX uq_issued_certificate_serial_ca ON issued_certificate (serial_hex, ca);
DROP INDEX uq_issued_certificate_ca_serial;
DROP INDEX ix_issued_certificate_serial;

-- ---------------------------------------------------------------------------------------------------------
-- Sealing: the hashes are still computed row after row (each follows its predecessor), but written by one UPDATE
-- per batch instead of one per row; the append-only trigger compares the columns instead of formatting the row
-- text twice. Same chain, same audit_verify(): rows sealed before and after this migration verify alike.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Sealing may set chain_seq/chain_hash once and change nothing else: every other column is listed here (a
    -- column added to audit_event must be added here and to audit_row_text()).
    IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL AND NEW.chain_hash IS NOT NULL
       AND (OLD.id, OLD.occurred_at, OLD.event_type, OLD.outcome, OLD.actor, OLD.auth_method, OLD.source_address,
            OLD.label, OLD.subject, OLD.serial_hex, OLD.http_status, OLD.reason, OLD.handler, OLD.node, OLD.ca)
           IS NOT DISTINCT FROM
           (NEW.id, NEW.occurred_at, NEW.event_type, NEW.outcome, NEW.actor, NEW.auth_method, NEW.source_address,
            NEW.label, NEW.subject, NEW.serial_hex, NEW.http_status, NEW.reason, NEW.handler, NEW.node, NEW.ca) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
END;
$$;

CREATE OR REPLACE FUNCTION audit_seal(max_rows integer DEFAULT 1000) RETURNS integer LANGUAGE plpgsql AS $$
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
    SELECT chain_seq, chain_hash INTO prev_seq, prev_hash FROM audit_event
        WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
    prev_seq := coalesce(prev_seq, 0);
    prev_hash := coalesce(prev_hash, '\x00'::bytea);
    FOR r IN SELECT * FROM audit_event WHERE chain_seq IS NULL ORDER BY id LIMIT max_rows LOOP
        prev_hash := sha256(prev_hash || convert_to(audit_row_text(r), 'UTF8'));
        ids := ids || r.id;
        hashes := hashes || prev_hash;
    END LOOP;
    -- the n-th row found gets position prev_seq + n
    UPDATE audit_event e SET chain_seq = prev_seq + u.n, chain_hash = u.hash
        FROM unnest(ids, hashes) WITH ORDINALITY AS u(id, hash, n) WHERE e.id = u.id;
    RETURN cardinality(ids);
END;
$$;
