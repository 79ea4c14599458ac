-- A second factor for reviewers: a time-based one-time password (RFC 6238)
-- from an authenticator app, and single-use recovery codes for a lost
-- device. The secret must be readable to check a code; recovery codes are
-- kept only as hashes.
ALTER TABLE reviewers
    ADD COLUMN totp_secret    text,   -- base32, once enrolment is confirmed
    ADD COLUMN totp_pending   text,   -- offered on the enrolment page, not yet confirmed
    ADD COLUMN totp_last_step bigint; -- the last time step accepted: each code works once

CREATE TABLE reviewer_recovery_codes (
    reviewer_id bigint NOT NULL REFERENCES reviewers ON DELETE CASCADE,
    code_hash   bytea NOT NULL CHECK (length(code_hash) = 32),
    used_at     timestamptz,
    PRIMARY KEY (reviewer_id, code_hash)
);

-- A session is full once every factor has been given. Before that it
-- reaches only the page that asks for the code ('second-factor') or, for
-- an administrator without a second factor, the enrolment page ('enrol').
-- Sessions get an id, so that their owner can list and end them without
-- the token, which is kept only as a hash.
ALTER TABLE reviewer_sessions
    ADD COLUMN id            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    ADD COLUMN stage         text NOT NULL DEFAULT 'full' CHECK (stage IN ('second-factor', 'enrol', 'full')),
    ADD COLUMN address       text NOT NULL DEFAULT '' CHECK (length(address) <= 64),
    ADD COLUMN code_failures int NOT NULL DEFAULT 0;
