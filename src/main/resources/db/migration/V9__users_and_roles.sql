-- Role limits held by the database (users-roles). Portable SQL: runs unchanged on H2 and PostgreSQL.
--
-- Domain page: alliance team at most 20 users, ACE manager at most 20 users per account. Every
-- holder of a limited role occupies one numbered seat (1..20) of its account and role, and a seat
-- can be taken once: a 21st holder has no seat to sit on, whatever the application does and
-- however many requests race. Other roles (and the lead, limited to one by lead_of_account) carry
-- no seat. Nothing needs to be maintained on removal: deleting a row frees its seat.
ALTER TABLE role_assignment ADD COLUMN seat INTEGER;

-- Existing holders get seats 1, 2, ... in the order they were assigned. An account already above
-- a limit makes this migration fail (the constraint below): fix the data first, then migrate.
UPDATE role_assignment SET seat = 1 + (
        SELECT COUNT(*) FROM role_assignment earlier
        WHERE earlier.account_id = role_assignment.account_id AND earlier.role = role_assignment.role
          AND (earlier.assigned_at < role_assignment.assigned_at
               OR (earlier.assigned_at = role_assignment.assigned_at AND earlier.user_id < role_assignment.user_id)))
    WHERE role IN ('ALLIANCE_TEAM', 'ACE_MANAGER');

-- The limit itself: the 20 in this check is the domain's (and PartnerDirectory.ROLE_LIMITS').
ALTER TABLE role_assignment ADD CONSTRAINT ck_role_seat CHECK (
    (role IN ('ALLIANCE_TEAM', 'ACE_MANAGER') AND seat IS NOT NULL AND seat BETWEEN 1 AND 20)
    OR (role NOT IN ('ALLIANCE_TEAM', 'ACE_MANAGER') AND seat IS NULL));
-- NULL seats (unlimited roles) never collide.
ALTER TABLE role_assignment ADD CONSTRAINT uq_role_seat UNIQUE (account_id, role, seat);
