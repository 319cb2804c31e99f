-- SPDX-License-Identifier: Apache-2.0
-- Several nodes on one database (docs/SCALING.md): one CA, registered here so that a node started with another
-- data directory (and so another CA) is refused; and one CRL per change of the revocation state, signed once by
-- whichever node sees the change first and served by every node, so that CRL numbers only grow across nodes
-- (RFC 5280 §5.2.3). Names of CAs are text so that later named CAs fit; today there is one, 'default'.

-- The CA every node signs with: registered by the first node that starts (INSERT ... ON CONFLICT DO NOTHING),
-- compared by every later start (bin/est-gateway.sh before WildFly, and the application after Flyway).
CREATE TABLE ca (
    name          TEXT        PRIMARY KEY DEFAULT 'default',
    subject_dn    TEXT        NOT NULL,
    sha256        CHAR(64)    NOT NULL CONSTRAINT uq_ca_sha256 UNIQUE,
    der           BYTEA       NOT NULL,
    registered_by TEXT        NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- CRLs as signed: the latest row (highest crl_number) is what every node serves. crl_number comes from
-- crl_number_seq (V3) under an advisory lock per CA, so it is strictly greater than every earlier row's.
-- revocation_state is the state of issued_certificate the CRL was built from; a node that sees another state
-- builds the next one. Old rows are pruned by the application (docs/DBA.md "CRLs").
CREATE TABLE crl (
    ca               TEXT        NOT NULL DEFAULT 'default' REFERENCES ca (name),
    crl_number       BIGINT      NOT NULL CONSTRAINT ck_crl_number CHECK (crl_number > 0),
    this_update      TIMESTAMPTZ NOT NULL,
    next_update      TIMESTAMPTZ NOT NULL,
    revocation_state TEXT        NOT NULL,
    revoked_count    INTEGER     NOT NULL,
    der              BYTEA       NOT NULL,
    sha256           CHAR(64)    NOT NULL,
    created_by       TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (ca, crl_number),
    CONSTRAINT ck_crl_validity CHECK (next_update > this_update)
);

GRANT SELECT, INSERT ON ca TO est_app;
GRANT SELECT, INSERT, DELETE ON crl TO est_app;
GRANT SELECT ON ca, crl TO est_auditor;
