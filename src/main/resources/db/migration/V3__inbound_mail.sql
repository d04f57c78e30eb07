-- Inbound mail: one row per Message-ID handled, written in the same transaction as the
-- handler's work, so a message is handled exactly once even when it is read again (the server
-- flag "seen" is set only after that transaction commits). Bodies are not kept.
-- Portable SQL: runs unchanged on H2 and PostgreSQL.

CREATE TABLE inbound_mail (
    -- the Message-ID header with its angle brackets, or a synthetic id for mail without one
    message_id   VARCHAR(998) PRIMARY KEY,
    sender       VARCHAR(320),
    subject      VARCHAR(1000),
    kind         VARCHAR(20)  NOT NULL,
    -- what the handler did, for operators ("correlated CASE-000123", "no handler", ...)
    outcome      VARCHAR(1000),
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    handled_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_inbound_mail_kind CHECK (kind IN ('REPLY', 'AUTO_REPLY', 'BOUNCE'))
);
CREATE INDEX ix_inbound_mail_received ON inbound_mail (received_at);
