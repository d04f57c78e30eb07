-- Signed links: a partner answers a process's yes/no question by following a link from an
-- email. Portable SQL (H2 and PostgreSQL), like V1.
--
-- The link's token is 32 random bytes (base64url in the URL); only its SHA-256 (hex) is kept,
-- which is enough to look a presented token up and useless for forging one. The token itself
-- is never stored anywhere.
CREATE TABLE signed_link (
    id                   UUID PRIMARY KEY,
    token_hash           VARCHAR(64)  NOT NULL,
    -- the question as the page states it
    purpose              VARCHAR(500) NOT NULL,
    -- whom the link was sent to (shown masked on the page)
    expected_email       VARCHAR(320) NOT NULL,
    -- what an answer notifies: the message correlated to the process instance
    process_instance_id  VARCHAR(64)  NOT NULL,
    message_name         VARCHAR(255) NOT NULL,
    status               VARCHAR(10)  NOT NULL,
    decision             VARCHAR(10),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at              TIMESTAMP WITH TIME ZONE,
    used_from            VARCHAR(64),
    CONSTRAINT uq_signed_link_token_hash UNIQUE (token_hash),
    CONSTRAINT ck_signed_link_status CHECK (status IN ('ISSUED', 'USED', 'EXPIRED', 'REVOKED')),
    -- a decision exists exactly on used links, with the time of use
    CONSTRAINT ck_signed_link_decision CHECK (
        (status = 'USED' AND decision IN ('CONFIRM', 'DECLINE') AND used_at IS NOT NULL)
        OR (status <> 'USED' AND decision IS NULL AND used_at IS NULL)),
    CONSTRAINT ck_signed_link_validity CHECK (expires_at > created_at)
);
-- revoking the open links of a process
CREATE INDEX ix_signed_link_process ON signed_link (process_instance_id, status);
