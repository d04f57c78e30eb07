-- Registration's security codes become code requests of the shared security-code block
-- (purpose REGISTRATION), like MFA sign-in and password reset. Portable SQL: runs unchanged on
-- H2 (dev, tests) and PostgreSQL (production).

ALTER TABLE code_request DROP CONSTRAINT ck_code_request_purpose;
ALTER TABLE code_request ADD CONSTRAINT ck_code_request_purpose
    CHECK (purpose IN ('MFA_SIGN_IN', 'PASSWORD_RESET', 'REGISTRATION'));

-- Whether codes are really mailed. Until now that was "user_id is set"; a registration has no
-- user yet but is deliverable, and a registration of an address that already has a user is not.
ALTER TABLE code_request ADD COLUMN deliverable BOOLEAN DEFAULT TRUE NOT NULL;
UPDATE code_request SET deliverable = FALSE WHERE user_id IS NULL;

-- Every existing registration gets its code request, with the same id: its security_code rows
-- already name it as subject_id (purpose 'REGISTRATION').
INSERT INTO code_request (id, purpose, email, user_id, deliverable, status, created_at, completed_at, source_address)
SELECT id, 'REGISTRATION', email, user_id, TRUE,
       CASE status WHEN 'REGISTERED' THEN 'COMPLETED' WHEN 'EXPIRED' THEN 'EXPIRED' ELSE 'OPEN' END,
       created_at, completed_at, source_address
FROM registration;
