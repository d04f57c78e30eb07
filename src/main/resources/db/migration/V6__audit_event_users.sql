-- Audit events name the partner users involved by id as well as by address, so the audit API can
-- filter "by user" even after an address changes. Both are empty for events of anonymous callers
-- and of the system.
ALTER TABLE audit_event ADD COLUMN actor_user_id UUID;
ALTER TABLE audit_event ADD COLUMN target_user_id UUID;
CREATE INDEX ix_audit_event_actor_user ON audit_event (actor_user_id, occurred_at);
CREATE INDEX ix_audit_event_target_user ON audit_event (target_user_id, occurred_at);
