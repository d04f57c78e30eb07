-- Inbound mail that could not be handled, counted per Message-ID in the database (so every node
-- and a restarted node see the same count); after partnerflow.inbound-mail.max-attempts failures
-- the message is set aside: recorded in inbound_mail with kind FAILED and given to an agent.
CREATE TABLE inbound_mail_failure (
    message_id       VARCHAR(998) PRIMARY KEY,
    failures         INTEGER NOT NULL,
    last_error       VARCHAR(1000),
    first_failed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_failed_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The original of every inbound mail as it came (RFC 5322 bytes, an .eml), for agents: the
-- extracted reply text is what the case shows, this is what the partner sent.
CREATE TABLE inbound_mail_original (
    id          UUID PRIMARY KEY,
    message_id  VARCHAR(998) NOT NULL,
    raw         BYTEA NOT NULL,
    -- the message was larger than partnerflow.inbound-mail.max-original-size: raw is its beginning
    truncated   BOOLEAN NOT NULL,
    stored_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_inbound_mail_original_message ON inbound_mail_original (message_id);

ALTER TABLE case_message ADD COLUMN original_mail_id UUID;

ALTER TABLE inbound_mail DROP CONSTRAINT ck_inbound_mail_kind;
ALTER TABLE inbound_mail ADD CONSTRAINT ck_inbound_mail_kind CHECK (kind IN ('REPLY', 'AUTO_REPLY', 'BOUNCE', 'FAILED'));
