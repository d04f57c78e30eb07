-- Invitations (processes/user-invitation.bpmn): an alliance lead or alliance team member invites
-- an address of one of the account's domains with roles; the invitee registers through a link
-- from the email. Portable SQL (H2 and PostgreSQL), like V1.
CREATE TABLE invitation (
    id                  UUID PRIMARY KEY,
    account_id          UUID NOT NULL REFERENCES partner_account (id),
    email               VARCHAR(320) NOT NULL,
    -- the invited roles, comma-separated role names (validated against the inviter's permissions)
    roles               VARCHAR(400) NOT NULL,
    language            VARCHAR(8)   NOT NULL,
    invited_by_user_id  UUID NOT NULL REFERENCES partner_user (id),
    invited_by_email    VARCHAR(320) NOT NULL,
    source_address      VARCHAR(64),
    status              VARCHAR(20)  NOT NULL,
    -- the address while the invitation is open (PENDING or SENT), NULL once it is closed. Unique,
    -- so an address has at most one open invitation, whatever requests race (NULLs do not clash).
    open_email          VARCHAR(320),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at             TIMESTAMP WITH TIME ZONE,
    -- set when the invitation email is sent: sent_at + partnerflow.invitations.validity
    expires_at          TIMESTAMP WITH TIME ZONE,
    reminded_at         TIMESTAMP WITH TIME ZONE,
    closed_at           TIMESTAMP WITH TIME ZONE,
    closed_by           VARCHAR(320),
    -- the user who registered through it
    user_id             UUID REFERENCES partner_user (id),
    CONSTRAINT uq_invitation_open_email UNIQUE (open_email),
    CONSTRAINT ck_invitation_status CHECK (status IN ('PENDING', 'SENT', 'ACCEPTED', 'WITHDRAWN', 'EXPIRED')),
    CONSTRAINT ck_invitation_open CHECK (
        (status IN ('PENDING', 'SENT') AND open_email = email AND closed_at IS NULL)
        OR (status IN ('ACCEPTED', 'WITHDRAWN', 'EXPIRED') AND open_email IS NULL AND closed_at IS NOT NULL)),
    CONSTRAINT ck_invitation_accepted CHECK (
        (status = 'ACCEPTED' AND user_id IS NOT NULL) OR (status <> 'ACCEPTED' AND user_id IS NULL)),
    CONSTRAINT ck_invitation_sent CHECK (status = 'PENDING' OR status = 'WITHDRAWN' OR expires_at IS NOT NULL)
);
CREATE INDEX ix_invitation_account ON invitation (account_id, created_at);

-- The links of an invitation: one per email (the invitation, the reminder). Only the SHA-256 of
-- each 32-byte random token is kept; a link works while its invitation is SENT and not past
-- expires_at, so accepting, withdrawing or expiring the invitation kills all its links at once.
CREATE TABLE invitation_token (
    token_hash     VARCHAR(64) PRIMARY KEY,
    invitation_id  UUID NOT NULL REFERENCES invitation (id),
    purpose        VARCHAR(20) NOT NULL,
    issued_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_invitation_token_purpose CHECK (purpose IN ('INVITATION', 'REMINDER'))
);
CREATE INDEX ix_invitation_token_invitation ON invitation_token (invitation_id);
