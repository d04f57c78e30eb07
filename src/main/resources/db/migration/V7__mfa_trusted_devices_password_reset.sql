-- MFA at sign-in, trusted devices and password reset. Portable SQL: runs unchanged on H2 (dev,
-- tests) and PostgreSQL (production).

-- The account's MFA switch (alliance lead or cloud admin). Off until someone switches it on.
ALTER TABLE partner_account ADD COLUMN mfa_enabled BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE partner_account ADD COLUMN mfa_changed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE partner_account ADD COLUMN mfa_changed_by UUID;

-- Something that is completed with an emailed code: the second step of a sign-in (MFA_SIGN_IN)
-- or a password reset. Its id is the business key and only id of the security-code-delivery
-- process; the codes themselves are rows of security_code with subject_id = this id.
-- user_id is empty for a password reset of an address that is not an active user: such a
-- request looks the same from outside, but nothing is ever mailed for it.
CREATE TABLE code_request (
    id              UUID PRIMARY KEY,
    purpose         VARCHAR(20)  NOT NULL,
    email           VARCHAR(320) NOT NULL,
    user_id         UUID REFERENCES partner_user (id),
    status          VARCHAR(20)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at    TIMESTAMP WITH TIME ZONE,
    source_address  VARCHAR(64),
    CONSTRAINT ck_code_request_purpose CHECK (purpose IN ('MFA_SIGN_IN', 'PASSWORD_RESET')),
    CONSTRAINT ck_code_request_status CHECK (status IN ('OPEN', 'COMPLETED', 'LOCKED', 'EXPIRED'))
);
CREATE INDEX ix_code_request_email ON code_request (email, created_at);

-- A code "requested" for an address that cannot receive it (password reset of an unknown
-- address) is NOT_SENT: it counts for the hourly limit like any other, and never matches.
ALTER TABLE security_code DROP CONSTRAINT ck_security_code_status;
ALTER TABLE security_code ADD CONSTRAINT ck_security_code_status
    CHECK (status IN ('PENDING', 'SENT', 'USED', 'SUPERSEDED', 'LOCKED', 'EXPIRED', 'NOT_SENT'));

-- Devices a user chose to remember after an MFA sign-in: MFA is skipped for that user on that
-- device until expires_at. Known by the SHA-256 (hex) of the device token only; bound to one user.
CREATE TABLE trusted_device (
    id              UUID PRIMARY KEY,
    token_hash      VARCHAR(64) NOT NULL,
    user_id         UUID NOT NULL REFERENCES partner_user (id),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at    TIMESTAMP WITH TIME ZONE,
    revoked_at      TIMESTAMP WITH TIME ZONE,
    source_address  VARCHAR(64),
    CONSTRAINT uq_trusted_device_token_hash UNIQUE (token_hash)
);
CREATE INDEX ix_trusted_device_user ON trusted_device (user_id, expires_at);
