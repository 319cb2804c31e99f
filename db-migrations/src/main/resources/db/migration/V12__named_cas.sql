-- SPDX-License-Identifier: Apache-2.0
-- Named CAs (issue 14): several issuing CAs in one gateway. The CA of existing installations is the CA named
-- 'default' (V10 registered it under that name); every certificate issued so far is the default CA's.

-- ---------------------------------------------------------------------------------------------------------
-- ca: where each CA's key lives, its algorithm, its state, and (for a subordinate CA) the certificates above it.
--   key_location  'pkcs12:<path relative to EST_DATA_DIR>' (a PKCS#12 file protected by the key store password),
--                 later 'pkcs11:<token reference>'; never a secret.
--   status        ACTIVE: issues and is trusted for TLS client authentication and re-enrollment;
--                 PENDING: a subordinate CA whose key exists but whose certificate is not imported yet;
--                 RETIRED: issues no more, its certificates are still on record.
--   chain_pem     the issuers above the CA certificate, up to the root, PEM; NULL for a self-signed CA.
-- A PENDING CA has no certificate yet, hence subject_dn, sha256 and der become nullable for that state only.
ALTER TABLE ca ADD COLUMN key_location TEXT NOT NULL DEFAULT 'pkcs12:ca/ca.p12'
    CONSTRAINT ck_ca_key_location CHECK (key_location ~ '^(pkcs12|pkcs11):.+');
ALTER TABLE ca ALTER COLUMN key_location DROP DEFAULT;
ALTER TABLE ca ADD COLUMN key_algorithm TEXT;
ALTER TABLE ca ADD COLUMN status TEXT NOT NULL DEFAULT 'ACTIVE'
    CONSTRAINT ck_ca_status CHECK (status IN ('ACTIVE', 'PENDING', 'RETIRED'));
ALTER TABLE ca ADD COLUMN chain_pem TEXT;
ALTER TABLE ca ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE ca ALTER COLUMN subject_dn DROP NOT NULL;
ALTER TABLE ca ALTER COLUMN sha256 DROP NOT NULL;
ALTER TABLE ca ALTER COLUMN der DROP NOT NULL;
ALTER TABLE ca ADD CONSTRAINT ck_ca_certificate CHECK (status = 'PENDING' OR (der IS NOT NULL AND sha256 IS NOT NULL
    AND subject_dn IS NOT NULL));
ALTER TABLE ca ADD CONSTRAINT ck_ca_name CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,31}$');

-- ---------------------------------------------------------------------------------------------------------
-- issued_certificate.ca: the CA that signed the certificate. No foreign key: an installation upgraded from
-- before V10 has certificates before its first node registers the default CA (after this migration).
ALTER TABLE issued_certificate ADD COLUMN ca TEXT NOT NULL DEFAULT 'default';
-- Revocation and CRLs address a certificate by CA and serial; (issuer_dn, serial_hex) stays unique too.
CREATE UNIQUE INDEX uq_issued_certificate_ca_serial ON issued_certificate (ca, serial_hex);

-- The CA of a certificate is history like its issuer: only revocation may change a row.
CREATE OR REPLACE FUNCTION issued_certificate_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.id, OLD.device_id, OLD.serial_hex, OLD.issuer_dn, OLD.subject_dn, OLD.subject_der,
            OLD.san, OLD.not_before, OLD.not_after, OLD.sha256, OLD.der, OLD.renewed_from_id, OLD.label, OLD.operation,
            OLD.auth_method, OLD.auth_identity, OLD.csr_sha256, OLD.issued_at, OLD.handler, OLD.key_generated_by_server,
            OLD.approval_request_id, OLD.ca)
        IS NOT DISTINCT FROM (NEW.id, NEW.device_id, NEW.serial_hex, NEW.issuer_dn, NEW.subject_dn, NEW.subject_der,
            NEW.san, NEW.not_before, NEW.not_after, NEW.sha256, NEW.der, NEW.renewed_from_id, NEW.label, NEW.operation,
            NEW.auth_method, NEW.auth_identity, NEW.csr_sha256, NEW.issued_at, NEW.handler, NEW.key_generated_by_server,
            NEW.approval_request_id, NEW.ca)
        AND NOT (OLD.status = 'REVOKED' AND NEW.status <> 'REVOKED') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'issued_certificate keeps its history (% refused; only revocation may change a row)', TG_OP;
END;
$$;

-- v_issuance_history gains the CA (appended: CREATE OR REPLACE VIEW keeps the earlier columns).
CREATE OR REPLACE VIEW v_issuance_history AS
SELECT c.id AS certificate_id, c.serial_hex, c.subject_dn, c.san, c.issuer_dn, c.not_before, c.not_after,
       c.issued_at, c.status, c.revoked_at, c.revocation_reason, d.id AS device_id, d.common_name AS device,
       c.handler, c.label, c.operation, c.auth_method, c.auth_identity, c.csr_sha256, c.sha256 AS certificate_sha256,
       p.serial_hex AS renewed_from_serial, c.approval_request_id, a.decided_by AS approved_by, a.decided_at AS approved_at,
       c.key_generated_by_server, c.ca
FROM issued_certificate c
JOIN device d ON d.id = c.device_id
LEFT JOIN issued_certificate p ON p.id = c.renewed_from_id
LEFT JOIN approval_request a ON a.id = c.approval_request_id;

-- The CAs for DBAs: one row per CA without its DER.
CREATE VIEW v_ca AS
SELECT name, status, key_location, key_algorithm, subject_dn, sha256, chain_pem IS NOT NULL AS subordinate,
       registered_by, registered_at, updated_at
FROM ca;

-- The application creates CAs (admin API) and updates their state (subordinate chain import).
GRANT UPDATE ON ca TO est_app;
GRANT SELECT ON v_ca TO est_auditor;
