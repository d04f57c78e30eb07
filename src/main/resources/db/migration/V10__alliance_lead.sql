-- The alliance lead: hand-overs (by the lead, or after a change request an agent approved) and
-- change requests. Portable SQL (H2 and PostgreSQL). The lead itself stays the one
-- role_assignment row with lead_of_account (V1); a hand-over moves that row with one UPDATE.

-- Every hand-over, the business key of its process (alliance-lead-reassignment, or the
-- change request's own process).
CREATE TABLE alliance_lead_handover (
    id                 UUID PRIMARY KEY,
    account_id         UUID NOT NULL REFERENCES partner_account (id),
    previous_lead_id   UUID NOT NULL REFERENCES partner_user (id),
    new_lead_id        UUID NOT NULL REFERENCES partner_user (id),
    actor              VARCHAR(320) NOT NULL,
    change_request_id  UUID,
    occurred_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_alliance_lead_handover_account ON alliance_lead_handover (account_id, occurred_at);

-- "The lead has left": a user asks support to give the role to someone else. open_for_account
-- carries the account id while the request is open and is unique, so an account has at most
-- one open request even when two users ask at the same moment (the same trick as
-- role_assignment.lead_of_account; H2 has no partial indexes).
CREATE TABLE alliance_lead_change_request (
    id                 UUID PRIMARY KEY,
    account_id         UUID NOT NULL REFERENCES partner_account (id),
    requested_by       UUID NOT NULL REFERENCES partner_user (id),
    proposed_lead_id   UUID REFERENCES partner_user (id),
    reason             VARCHAR(4000) NOT NULL,
    case_id            UUID REFERENCES support_case (id),
    status             VARCHAR(20) NOT NULL,
    open_for_account   UUID,
    new_lead_id        UUID REFERENCES partner_user (id),
    decided_by         VARCHAR(320),
    decision_note      VARCHAR(4000),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_one_open_lead_change_per_account UNIQUE (open_for_account),
    CONSTRAINT ck_lead_change_status CHECK (status IN ('OPEN', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
    CONSTRAINT ck_lead_change_open_marker CHECK (
        (status = 'OPEN' AND open_for_account IS NOT NULL AND open_for_account = account_id)
        OR (status <> 'OPEN' AND open_for_account IS NULL))
);
CREATE INDEX ix_alliance_lead_change_account ON alliance_lead_change_request (account_id, created_at);
CREATE INDEX ix_alliance_lead_change_case ON alliance_lead_change_request (case_id);
