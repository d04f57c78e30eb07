-- Certifications: the local stand-in for the external certification system (cert_system_*),
-- and the partner directory's side (consent, T&C account email, synced certifications, merge
-- requests). Portable SQL for H2 and PostgreSQL.

-- === The local certification system (LocalCertificationSystem); a real adapter leaves these empty ===
CREATE TABLE cert_system_account (
    id              UUID PRIMARY KEY,
    email           VARCHAR(320) NOT NULL UNIQUE,   -- lower-case
    sign_in_method  VARCHAR(60)  NOT NULL,
    holder_name     VARCHAR(200) NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    merged_into     UUID REFERENCES cert_system_account (id),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_cert_system_account_status CHECK (status IN ('ACTIVE', 'MERGED'))
);

CREATE TABLE cert_system_exam (
    id                   UUID PRIMARY KEY,
    account_id           UUID NOT NULL REFERENCES cert_system_account (id),
    -- the account the exam was taken with (differs from account_id after a merge)
    original_account_id  UUID NOT NULL REFERENCES cert_system_account (id),
    certification_code   VARCHAR(60)  NOT NULL,
    certification_name   VARCHAR(200) NOT NULL,
    passed_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    -- when the system publishes the exam to partner profiles under account_id
    available_from       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_cert_system_exam_account ON cert_system_exam (account_id);

CREATE TABLE cert_system_merge (
    id               UUID PRIMARY KEY,
    reference        VARCHAR(100) NOT NULL UNIQUE,   -- the requester's key: a retried request is the same merge
    keep_account_id  UUID NOT NULL REFERENCES cert_system_account (id),
    merge_account_id UUID NOT NULL REFERENCES cert_system_account (id),
    status           VARCHAR(20) NOT NULL,
    requested_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    completes_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ck_cert_system_merge_status CHECK (status IN ('IN_PROGRESS', 'COMPLETED'))
);

-- A certification account's address entered as "T&C account email" in a partner profile.
CREATE TABLE cert_system_link (
    email         VARCHAR(320) NOT NULL,
    partner_ref   VARCHAR(100) NOT NULL,
    linked_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    visible_from  TIMESTAMP WITH TIME ZONE NOT NULL,
    unlinked_at   TIMESTAMP WITH TIME ZONE,
    gone_from     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (email, partner_ref)
);

-- === The partner directory ===
CREATE TABLE certification_profile (
    user_id             UUID PRIMARY KEY REFERENCES partner_user (id),
    consent             BOOLEAN NOT NULL,
    consent_changed_at  TIMESTAMP WITH TIME ZONE,
    tnc_email           VARCHAR(320),
    tnc_pending_until   TIMESTAMP WITH TIME ZONE,
    -- a cleared address whose certifications still count until previous_tnc_until
    previous_tnc_email  VARCHAR(320),
    previous_tnc_until  TIMESTAMP WITH TIME ZONE,
    synced_at           TIMESTAMP WITH TIME ZONE
);

-- The certifications the last sync found for a user (business address and T&C address).
CREATE TABLE user_certification (
    user_id                 UUID NOT NULL REFERENCES partner_user (id),
    exam_id                 VARCHAR(100) NOT NULL,
    certification_code      VARCHAR(60)  NOT NULL,
    certification_name      VARCHAR(200) NOT NULL,
    account_email           VARCHAR(320) NOT NULL,
    original_account_email  VARCHAR(320) NOT NULL,
    expires_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    synced_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, exam_id)
);

-- One row per merge case (the support case worked by certification-account-merge.bpmn).
CREATE TABLE certification_merge (
    case_id             UUID PRIMARY KEY REFERENCES support_case (id),
    account_id          UUID NOT NULL REFERENCES partner_account (id),
    keep_email          VARCHAR(320) NOT NULL,
    merge_email         VARCHAR(320) NOT NULL,
    -- "a@x b@y" (sorted, lower-case) while the case is open, NULL afterwards: one open case per pair
    open_pair_key       VARCHAR(700) UNIQUE,
    stage               VARCHAR(40)  NOT NULL,
    -- since when the case waits at its stage, and on whom (Tasklist and the partner API show it)
    stage_since         TIMESTAMP WITH TIME ZONE NOT NULL,
    waiting_on          VARCHAR(200),
    external_merge_id   VARCHAR(100),
    expected_exams      INTEGER,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    merge_requested_at  TIMESTAMP WITH TIME ZONE,
    merge_completed_at  TIMESTAMP WITH TIME ZONE,
    ended_at            TIMESTAMP WITH TIME ZONE
);
