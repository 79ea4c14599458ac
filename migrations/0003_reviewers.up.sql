-- Reviewer accounts: the Co-Chairs and the secretariat's administrators.
CREATE TABLE reviewers (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    role          text NOT NULL CHECK (role IN ('admin', 'co-chair')),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    disabled_at   timestamptz
);
CREATE UNIQUE INDEX reviewers_email ON reviewers (email);

-- Signed-in browser sessions; only the SHA-256 of the cookie's token is kept.
CREATE TABLE reviewer_sessions (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    reviewer_id bigint NOT NULL REFERENCES reviewers ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX reviewer_sessions_reviewer ON reviewer_sessions (reviewer_id);

-- Personal API tokens; only their SHA-256 is kept.
CREATE TABLE reviewer_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reviewer_id bigint NOT NULL REFERENCES reviewers ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Events counted to slow abuse: failed sign-ins per account and per
-- address, registrations per address. Kept in the database so that every
-- instance behind a load balancer sees the same counts.
CREATE TABLE rate_events (
    key text NOT NULL,
    at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rate_events_key_at ON rate_events (key, at);
