-- Marketplace account linking/unlinking and partner tasks. Portable SQL (H2 and PostgreSQL).

-- ---------------------------------------------------------------------------------------------
-- The local marketplace (adapter LocalMarketplace): what the real marketplace and IAM would hold.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE mp_seller_account (
    aws_account_id  VARCHAR(12) PRIMARY KEY,
    legal_name      VARCHAR(200) NOT NULL,
    registered_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE mp_iam_role (
    aws_account_id    VARCHAR(12)  NOT NULL,
    role_name         VARCHAR(64)  NOT NULL,
    -- managed policy names, comma separated
    managed_policies  VARCHAR(1000) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (aws_account_id, role_name)
);

-- One IAM role per partner user and marketplace account (the guide's "Map to IAM role").
CREATE TABLE mp_role_mapping (
    aws_account_id   VARCHAR(12) NOT NULL,
    partner_user_id  UUID        NOT NULL,
    role_name        VARCHAR(64) NOT NULL,
    mapped_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (aws_account_id, partner_user_id),
    CONSTRAINT fk_mp_mapping_role FOREIGN KEY (aws_account_id, role_name)
        REFERENCES mp_iam_role (aws_account_id, role_name) ON DELETE CASCADE
);

-- Products and private offers linked to the partner's solutions and opportunities.
CREATE TABLE mp_linked_listing (
    aws_account_id  VARCHAR(12)  NOT NULL,
    listing_id      VARCHAR(64)  NOT NULL,
    kind            VARCHAR(10)  NOT NULL,
    title           VARCHAR(200) NOT NULL,
    linked_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (aws_account_id, listing_id),
    CONSTRAINT ck_mp_listing_kind CHECK (kind IN ('PRODUCT', 'OFFER'))
);

-- ---------------------------------------------------------------------------------------------
-- Partner Central's side: which marketplace account a partner account is linked to, the linking
-- attempts (marketplace-account-linking.bpmn) and unlink requests (marketplace-account-unlinking.bpmn).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE marketplace_link (
    account_id      UUID PRIMARY KEY REFERENCES partner_account (id),
    -- a seller account is linked to one partner account at most
    aws_account_id  VARCHAR(12) NOT NULL UNIQUE,
    role_suffix     VARCHAR(16) NOT NULL,
    linked_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    linked_by       UUID NOT NULL REFERENCES partner_user (id)
);

CREATE TABLE marketplace_linking (
    id                   UUID PRIMARY KEY,
    account_id           UUID NOT NULL REFERENCES partner_account (id),
    started_by           UUID NOT NULL REFERENCES partner_user (id),
    aws_account_id       VARCHAR(12) NOT NULL,
    seller_legal_name    VARCHAR(200),
    register_as_seller   BOOLEAN NOT NULL DEFAULT FALSE,
    map_alliance_team    BOOLEAN NOT NULL DEFAULT FALSE,
    map_ace_users        BOOLEAN NOT NULL DEFAULT FALSE,
    role_suffix          VARCHAR(16) NOT NULL,
    step                 VARCHAR(30) NOT NULL,
    status               VARCHAR(20) NOT NULL,
    failure              VARCHAR(500),
    source_address       VARCHAR(64),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    -- set to account_id while the linking runs: one running linking per account, by the database
    running_for_account  UUID UNIQUE,
    CONSTRAINT ck_linking_status CHECK (status IN ('IN_PROGRESS', 'SUBMITTED', 'LINKED', 'ABANDONED',
        'CANCELLED', 'FAILED')),
    CONSTRAINT ck_linking_running CHECK (
        (status IN ('IN_PROGRESS', 'SUBMITTED') AND running_for_account = account_id)
        OR (status NOT IN ('IN_PROGRESS', 'SUBMITTED') AND running_for_account IS NULL))
);
CREATE INDEX ix_marketplace_linking_account ON marketplace_linking (account_id, created_at);

CREATE TABLE marketplace_unlink (
    id              UUID PRIMARY KEY,
    account_id      UUID NOT NULL REFERENCES partner_account (id),
    aws_account_id  VARCHAR(12) NOT NULL,
    case_id         UUID REFERENCES support_case (id),
    requested_by    UUID NOT NULL REFERENCES partner_user (id),
    reason          VARCHAR(60) NOT NULL,
    status          VARCHAR(20) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at        TIMESTAMP WITH TIME ZONE,
    -- set to account_id while the request is open: at most one open request per account
    open_for_account UUID UNIQUE,
    CONSTRAINT ck_unlink_status CHECK (status IN ('OPEN', 'UNLINKED', 'CANCELLED', 'DECLINED', 'UNANSWERED')),
    CONSTRAINT ck_unlink_open CHECK (
        (status = 'OPEN' AND open_for_account = account_id)
        OR (status <> 'OPEN' AND open_for_account IS NULL))
);
CREATE INDEX ix_marketplace_unlink_account ON marketplace_unlink (account_id, created_at);

-- ---------------------------------------------------------------------------------------------
-- Partner tasks (partner-task.bpmn): a catalogue, and tasks of an account assigned to its users.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE partner_task_catalogue (
    task_key     VARCHAR(60)  PRIMARY KEY,
    task_type    VARCHAR(10)  NOT NULL,
    stage        VARCHAR(10),
    title        VARCHAR(200) NOT NULL,
    description  VARCHAR(2000) NOT NULL,
    CONSTRAINT ck_catalogue_type CHECK (task_type IN ('ACCOUNT', 'SOLUTION', 'PROGRAM')),
    CONSTRAINT ck_catalogue_stage CHECK (
        (task_type = 'SOLUTION' AND stage IN ('BUILD', 'MARKET', 'SELL', 'GROW'))
        OR (task_type <> 'SOLUTION' AND stage IS NULL))
);

CREATE TABLE partner_task (
    id                UUID PRIMARY KEY,
    account_id        UUID NOT NULL REFERENCES partner_account (id),
    task_key          VARCHAR(60) NOT NULL REFERENCES partner_task_catalogue (task_key),
    assignee_user_id  UUID NOT NULL,
    status            VARCHAR(20) NOT NULL,
    dismiss_reason    VARCHAR(1000),
    dismissed_by      UUID REFERENCES partner_user (id),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at      TIMESTAMP WITH TIME ZONE,
    completed_by      UUID REFERENCES partner_user (id),
    -- the assignee is always a user of the task's own account
    CONSTRAINT fk_partner_task_assignee FOREIGN KEY (account_id, assignee_user_id)
        REFERENCES partner_user (account_id, id),
    CONSTRAINT ck_partner_task_status CHECK (status IN ('OPEN', 'RETURNED', 'COMPLETED'))
);
CREATE INDEX ix_partner_task_assignee ON partner_task (assignee_user_id, status);
CREATE INDEX ix_partner_task_account ON partner_task (account_id, status);
