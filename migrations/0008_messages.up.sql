-- Email messages: one row per message to one contributor, from the moment
-- the action that causes it commits to the moment the mail server takes it
-- or it is given up. The queue's jobs (River's tables) carry only the id of
-- a row here; no link's token is ever stored: a message that carries a link
-- gets a fresh one when it is sent.
--
-- status: queued → sending → sent | failed. 'sending' is written and
-- committed before the SMTP transaction starts, so a message found
-- 'sending' after a crash is marked failed ("delivery unknown") rather than
-- sent twice.
CREATE TABLE messages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations ON DELETE CASCADE,
    contributor_id  bigint NOT NULL REFERENCES contributors ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('invitation', 'reminder', 'receipt', 'lost_link')),
    email           text NOT NULL CHECK (email LIKE '%_@_%' AND email !~ '[\r\n]'),
    language        text NOT NULL DEFAULT 'en',
    status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    -- The mail server's last reply, or why the message was given up.
    reply           text NOT NULL DEFAULT '',
    -- What the message needs beyond the contributor: the receipt's response
    -- version, say. Never a token.
    details         jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    sending_at      timestamptz,
    sent_at         timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_consultation ON messages (consultation_id, id DESC);
CREATE INDEX messages_contributor ON messages (contributor_id, kind, created_at DESC);
-- The rate limit counts the messages handed to the server in the last minute.
CREATE INDEX messages_sending_at ON messages (sending_at) WHERE sending_at IS NOT NULL;
