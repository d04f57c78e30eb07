-- Partner sign-in: sessions of the partner API and the failed sign-ins that lock an address.
-- Portable SQL: runs unchanged on H2 (dev, tests) and PostgreSQL (production).

-- A session is known by the SHA-256 of its bearer token only (hex); the token itself is handed
-- to the partner once and never stored. Rows are kept after expiry or sign-out as a record.
CREATE TABLE partner_session (
    id              UUID PRIMARY KEY,
    token_hash      VARCHAR(64) NOT NULL,
    user_id         UUID NOT NULL REFERENCES partner_user (id),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at    TIMESTAMP WITH TIME ZONE,
    revoked_at      TIMESTAMP WITH TIME ZONE,
    source_address  VARCHAR(64),
    CONSTRAINT uq_partner_session_token_hash UNIQUE (token_hash)
);
CREATE INDEX ix_partner_session_user ON partner_session (user_id, expires_at);

-- Failed sign-ins per address (registered or not, so a lock tells nothing about registration).
-- The failure that reaches the limit carries locked_until; the failures it counted are deleted
-- then, and a successful sign-in deletes all of an address's rows, so only open ones remain.
CREATE TABLE sign_in_failure (
    id              UUID PRIMARY KEY,
    email           VARCHAR(320) NOT NULL,
    failed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    source_address  VARCHAR(64)
);
CREATE INDEX ix_sign_in_failure_email ON sign_in_failure (email, failed_at);
