-- SPDX-License-Identifier: Apache-2.0
-- Found at 10 million certificates (docs/DBA.md "Scale"): the application binds fingerprints as text, and
-- "char(64) = text" compares as text, which the char(64) unique indexes cannot serve: the TLS client
-- certificate lookup became a sequential scan. Expression indexes on the text value serve those lookups.
CREATE INDEX ix_issued_certificate_sha256_text ON issued_certificate ((sha256::text));
CREATE INDEX ix_factory_certificate_sha256_text ON factory_certificate ((sha256::text));
CREATE INDEX ix_trust_anchor_sha256_text ON trust_anchor ((sha256::text));
CREATE INDEX ix_account_certificate_sha256_text ON account ((certificate_sha256::text));
CREATE INDEX ix_approval_request_lookup_text ON approval_request ((csr_sha256::text), requester_identity, id DESC);
