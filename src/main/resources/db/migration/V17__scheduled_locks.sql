-- Background work outside the engine that one node of a cluster does per due time (held
-- replies, rate-limit bucket cleanup, bringing mail forward after an SMTP outage): a node runs
-- it only while it holds the task's row here (config.ScheduledLocks, ShedLock's scheme).
-- Portable SQL: runs unchanged on H2 (dev, tests) and PostgreSQL (production).
CREATE TABLE scheduled_lock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    -- nobody else starts the task before this (a running node's lease, or the least gap between runs)
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    -- the node that ran it last (config.ScheduledLocks#node: host name and a per-start id)
    locked_by  VARCHAR(255) NOT NULL
);
