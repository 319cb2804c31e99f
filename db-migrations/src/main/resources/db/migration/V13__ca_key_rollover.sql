-- SPDX-License-Identifier: Apache-2.0
-- CA key rollover (issue 14, RFC 7030 §4.1.3). Table ca keeps one row per CA describing its CURRENT key and
-- certificate, so v_ca and every reader of ca stay right; ca_generation records the keys a CA has had and the one
-- it will have: generation 1 is the CA's first key (every certificate issued before this migration), a rollover
-- makes generation n+1 current. A CA that was never rolled has no ca_generation rows: its generation 1 is ca's row.

-- ---------------------------------------------------------------------------------------------------------
-- ca.generation: the generation of the key and certificate in the row (1 until the first rollover).
ALTER TABLE ca ADD COLUMN generation SMALLINT NOT NULL DEFAULT 1 CONSTRAINT ck_ca_generation CHECK (generation > 0);

-- ca_generation: one row per key of a CA once it prepares its first rollover (POST /api/v1/cas/{name}/next-key).
--   state             NEXT: generated, not yet issuing (at most one per CA); CURRENT: issuing (the one of ca's row);
--                     PREVIOUS: issues no more, still signs its own CRL until not_after.
--   key_location      as ca.key_location ('pkcs12:ca/<name>-g<n>.p12' or 'pkcs11:...;key=<label>-g<n>'); no secret.
--   der, sha256       the generation's self-signed CA certificate (same subject as every generation of the CA).
--   new_with_old_der  RFC 4210 §4.4 NewWithOld: this generation's public key signed by the previous generation's key;
--   old_with_new_der  OldWithNew: the previous generation's public key signed by this generation's key. Both set by
--                     the rollover that made this generation CURRENT; NULL for generation 1 and a NEXT key.
CREATE TABLE ca_generation (
    ca               TEXT        NOT NULL REFERENCES ca (name),
    generation       SMALLINT    NOT NULL CONSTRAINT ck_ca_generation_number CHECK (generation > 0),
    state            TEXT        NOT NULL CONSTRAINT ck_ca_generation_state CHECK (state IN ('CURRENT', 'PREVIOUS', 'NEXT')),
    key_location     TEXT        NOT NULL CONSTRAINT ck_ca_generation_key_location CHECK (key_location ~ '^(pkcs12|pkcs11):.+'),
    key_algorithm    TEXT        NOT NULL,
    subject_dn       TEXT        NOT NULL,
    sha256           CHAR(64)    NOT NULL CONSTRAINT uq_ca_generation_sha256 UNIQUE,
    der              BYTEA       NOT NULL,
    not_after        TIMESTAMPTZ NOT NULL,
    new_with_old_der BYTEA,
    old_with_new_der BYTEA,
    created_by       TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    activated_at     TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (ca, generation),
    CONSTRAINT ck_ca_generation_links CHECK ((new_with_old_der IS NULL) = (old_with_new_der IS NULL))
);
-- At most one CURRENT and one NEXT key per CA.
CREATE UNIQUE INDEX uq_ca_generation_current ON ca_generation (ca) WHERE state = 'CURRENT';
CREATE UNIQUE INDEX uq_ca_generation_next ON ca_generation (ca) WHERE state = 'NEXT';

-- ---------------------------------------------------------------------------------------------------------
-- issued_certificate.ca_generation: the key generation of its CA that signed it (every certificate so far: 1).
-- A constant default: no table rewrite. No index: the CRL query reads the revoked rows only (partial index
-- ix_issued_certificate_status) and filters them by CA and generation.
ALTER TABLE issued_certificate ADD COLUMN ca_generation SMALLINT NOT NULL DEFAULT 1
    CONSTRAINT ck_issued_certificate_ca_generation CHECK (ca_generation > 0);

-- The generation is history like the CA: only revocation may change a row.
CREATE OR REPLACE FUNCTION issued_certificate_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.id, OLD.device_id, OLD.serial_hex, OLD.issuer_dn, OLD.subject_dn, OLD.subject_der,
            OLD.san, OLD.not_before, OLD.not_after, OLD.sha256, OLD.der, OLD.renewed_from_id, OLD.label, OLD.operation,
            OLD.auth_method, OLD.auth_identity, OLD.csr_sha256, OLD.issued_at, OLD.handler, OLD.key_generated_by_server,
            OLD.approval_request_id, OLD.ca, OLD.ca_generation)
        IS NOT DISTINCT FROM (NEW.id, NEW.device_id, NEW.serial_hex, NEW.issuer_dn, NEW.subject_dn, NEW.subject_der,
            NEW.san, NEW.not_before, NEW.not_after, NEW.sha256, NEW.der, NEW.renewed_from_id, NEW.label, NEW.operation,
            NEW.auth_method, NEW.auth_identity, NEW.csr_sha256, NEW.issued_at, NEW.handler, NEW.key_generated_by_server,
            NEW.approval_request_id, NEW.ca, NEW.ca_generation)
        AND NOT (OLD.status = 'REVOKED' AND NEW.status <> 'REVOKED') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'issued_certificate keeps its history (% refused; only revocation may change a row)', TG_OP;
END;
$$;

-- ---------------------------------------------------------------------------------------------------------
-- crl: one CRL series per key generation, each signed by its own key (RFC 5280 §5: a CRL's issuer signs it; a
-- relying party checks it with the key that signed the certificate). Numbers still come from crl_number_seq.
ALTER TABLE crl ADD COLUMN generation SMALLINT NOT NULL DEFAULT 1 CONSTRAINT ck_crl_generation CHECK (generation > 0);
ALTER TABLE crl DROP CONSTRAINT crl_pkey;
ALTER TABLE crl ADD PRIMARY KEY (ca, generation, crl_number);

-- ---------------------------------------------------------------------------------------------------------
-- Views for DBAs. v_ca gains the current generation (appended). v_ca_generation: every key of every CA, without
-- DER; a CA never rolled shows its row of ca as generation 1 CURRENT.
CREATE OR REPLACE VIEW v_ca AS
SELECT name, status, key_location, key_algorithm, subject_dn, sha256, chain_pem IS NOT NULL AS subordinate,
       registered_by, registered_at, updated_at, generation
FROM ca;

CREATE VIEW v_ca_generation AS
SELECT g.ca, g.generation, g.state, g.key_location, g.key_algorithm, g.subject_dn, g.sha256, g.not_after,
       g.new_with_old_der IS NOT NULL AS has_link_certificates, g.created_by, g.created_at, g.activated_at
FROM ca_generation g
UNION ALL
SELECT c.name, c.generation, 'CURRENT', c.key_location, c.key_algorithm, c.subject_dn, c.sha256, NULL, false,
       c.registered_by, c.registered_at, c.registered_at
FROM ca c
WHERE c.status <> 'PENDING' AND NOT EXISTS (SELECT 1 FROM ca_generation g WHERE g.ca = c.name);

-- v_issuance_history gains the CA generation (appended).
CREATE OR REPLACE VIEW v_issuance_history AS
SELECT c.id AS certificate_id, c.serial_hex, c.subject_dn, c.san, c.issuer_dn, c.not_before, c.not_after,
       c.issued_at, c.status, c.revoked_at, c.revocation_reason, d.id AS device_id, d.common_name AS device,
       c.handler, c.label, c.operation, c.auth_method, c.auth_identity, c.csr_sha256, c.sha256 AS certificate_sha256,
       p.serial_hex AS renewed_from_serial, c.approval_request_id, a.decided_by AS approved_by, a.decided_at AS approved_at,
       c.key_generated_by_server, c.ca, c.ca_generation
FROM issued_certificate c
JOIN device d ON d.id = c.device_id
LEFT JOIN issued_certificate p ON p.id = c.renewed_from_id
LEFT JOIN approval_request a ON a.id = c.approval_request_id;

GRANT SELECT, INSERT, UPDATE ON ca_generation TO est_app;
GRANT SELECT ON ca_generation, v_ca_generation TO est_auditor;
