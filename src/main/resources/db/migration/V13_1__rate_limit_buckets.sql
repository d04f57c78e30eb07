-- Per-source rate limits (ratelimit package): Bucket4j's bucket state, one row per endpoint group
-- and source address, shared by every node on PostgreSQL. expires_at (epoch milliseconds) is
-- when a bucket has refilled and can be forgotten; a scheduled job deletes such rows.
-- On the embedded H2 the buckets are kept in memory and this table stays empty.
-- Portable SQL: runs unchanged on H2 and PostgreSQL.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(200) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX ix_rate_limit_bucket_expires_at ON rate_limit_bucket (expires_at);
