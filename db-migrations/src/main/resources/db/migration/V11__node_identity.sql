-- SPDX-License-Identifier: Apache-2.0
-- Node identity (several gateways on one database; docs/SCALING.md, docs/DBA.md "Nodes"): every audit row names
-- the node that wrote it, and a registry of the nodes.

-- ---------------------------------------------------------------------------------------------------------
-- audit_event.node: EST_NODE_NAME of the writing node; NULL in rows written before this migration. Not
-- indexed: one more index on the busiest insert path for a column that is read for forensics.
ALTER TABLE audit_event ADD COLUMN node TEXT;

-- The node is part of the hashed row text, appended only when it is not NULL (concat_ws skips NULLs): a row
-- sealed before this migration hashes exactly as before, so audit_verify() checks old and new rows alike, and
-- a row's node cannot be changed or removed without breaking the chain.
CREATE OR REPLACE FUNCTION audit_row_text(e audit_event) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\x1f', e.id::text, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.event_type, e.outcome, coalesce(e.actor, ''), coalesce(e.auth_method, ''), coalesce(e.source_address, ''),
        coalesce(e.label, ''), coalesce(e.subject, ''), coalesce(e.serial_hex, ''), coalesce(e.http_status::text, ''),
        coalesce(e.reason, ''), coalesce(e.handler, ''), e.node)
$$;

-- ---------------------------------------------------------------------------------------------------------
-- The node registry: one row per node name, written by the node itself (at start, every 15 s, at a clean
-- stop). A running node holds a session-level advisory lock on its name (lock_key) for its whole life; that
-- lock, not this table, is what refuses a second node with the same name. v_node shows both.
CREATE TABLE est_node (
    name            TEXT        PRIMARY KEY CONSTRAINT ck_est_node_name CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    tx_node_id      TEXT        NOT NULL,                   -- WildFly's transaction node identifier (<= 23 bytes)
    lock_key        BIGINT      NOT NULL,                   -- pg_advisory_lock key held by the running node
    host            TEXT        NOT NULL,
    https_port      INTEGER     NOT NULL,
    management_port INTEGER     NOT NULL,
    pid             BIGINT      NOT NULL,                   -- the gateway's process id on its host
    version         TEXT        NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    last_seen       TIMESTAMPTZ NOT NULL,
    stopped_at      TIMESTAMPTZ                             -- set by a clean stop; NULL while running or after a crash
);

-- running: the node's session holds the lock now (pg_locks: a bigint key is classid (high 32 bits) and objid
-- (low 32 bits), objsubid 1). A crashed node is not running, whatever its last_seen says.
CREATE VIEW v_node AS
SELECT n.name, EXISTS (SELECT 1 FROM pg_locks l
                       WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
                         AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
                         AND (l.classid::bigint << 32) | l.objid::bigint = n.lock_key) AS running,
       n.host, n.https_port, n.management_port, n.pid, n.version, n.started_at, n.last_seen, n.stopped_at,
       n.tx_node_id
FROM est_node n;

-- The refused attempts now say which node refused them (a column appended at the end, as views allow).
CREATE OR REPLACE VIEW v_refused_attempts AS
SELECT e.id AS event_id, e.occurred_at, e.event_type, e.actor, e.auth_method, e.source_address, e.handler, e.label,
       e.subject, e.http_status, e.reason, e.node
FROM audit_event e WHERE e.outcome = 'REFUSED';

GRANT SELECT, INSERT, UPDATE ON est_node TO est_app;
GRANT SELECT ON est_node, v_node TO est_app, est_auditor;
