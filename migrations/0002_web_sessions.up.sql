-- Sessions of the web pages. Opening an access link starts one, so that the
-- link's token can leave the address bar. The browser holds the session's
-- token in a cookie; only its SHA-256 is kept here.
CREATE TABLE web_sessions (
    token_hash     bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    contributor_id bigint NOT NULL REFERENCES contributors ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX web_sessions_contributor ON web_sessions (contributor_id);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);
