-- Reference data: the States Parties to the Convention and the regions used
-- in its meetings. Administrators may correct rows; loading never overwrites.
CREATE TABLE countries (
    iso2           char(2) PRIMARY KEY CHECK (iso2 ~ '^[A-Z]{2}$'),
    iso3           char(3) NOT NULL UNIQUE CHECK (iso3 ~ '^[A-Z]{3}$'),
    name           text NOT NULL,
    region         text NOT NULL,
    un_region      text NOT NULL DEFAULT '',
    un_subregion   text NOT NULL DEFAULT '',
    state_party    boolean NOT NULL DEFAULT true,
    party_in_2012  boolean NOT NULL DEFAULT false
);

-- Texts in several languages are jsonb objects keyed by language code,
-- always holding "en".
CREATE TABLE consultations (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug              text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title             jsonb NOT NULL CHECK (title ? 'en'),
    meeting           jsonb NOT NULL DEFAULT '{}',
    context           jsonb NOT NULL CHECK (context ? 'en'),
    opens_at          timestamptz,
    closes_at         timestamptz,
    time_zone         text NOT NULL DEFAULT 'UTC',
    self_registration boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (opens_at IS NULL OR closes_at IS NULL OR opens_at < closes_at)
);

CREATE TABLE question_sets (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations ON DELETE CASCADE,
    audience        text NOT NULL CHECK (audience IN ('states-parties', 'survivors')),
    title           jsonb NOT NULL CHECK (title ? 'en'),
    intro           jsonb NOT NULL DEFAULT '{}',
    UNIQUE (consultation_id, audience),
    -- Targets of the composite keys below, which tie every respondent and
    -- answer to one consultation and one audience.
    UNIQUE (id, consultation_id, audience)
);

CREATE TABLE questions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_set_id bigint NOT NULL REFERENCES question_sets ON DELETE CASCADE,
    number          integer NOT NULL CHECK (number > 0),
    kind            text NOT NULL CHECK (kind IN ('text', 'choice', 'choice_comment')),
    required        boolean NOT NULL DEFAULT true,
    max_length      integer NOT NULL CHECK (max_length BETWEEN 1 AND 100000),
    text            jsonb NOT NULL CHECK (text ? 'en'),
    hint            jsonb NOT NULL DEFAULT '{}',
    -- [{"value": "yes", "label": {"en": "Yes", ...}}, ...]
    choices         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(choices) = 'array'),
    UNIQUE (question_set_id, number),
    UNIQUE (id, question_set_id),
    CHECK ((kind = 'text') = (jsonb_array_length(choices) = 0))
);

CREATE TABLE respondents (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id bigint NOT NULL,
    question_set_id bigint NOT NULL,
    audience        text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('state', 'organisation', 'individual')),
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    country         char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    verified        boolean NOT NULL DEFAULT false,
    self_registered boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (question_set_id, consultation_id, audience)
        REFERENCES question_sets (id, consultation_id, audience) ON DELETE CASCADE,
    -- States answer the States Parties' questions; survivors and their
    -- organisations answer the survivors' questions.
    CHECK ((kind = 'state') = (audience = 'states-parties')),
    UNIQUE (id, question_set_id)
);

-- One State Party respondent per country per consultation.
CREATE UNIQUE INDEX respondents_one_state_per_country
    ON respondents (consultation_id, country) WHERE kind = 'state';
CREATE INDEX respondents_consultation ON respondents (consultation_id, audience);

-- Contributors are the named people acting for a respondent, each with an
-- access link of their own. Only the SHA-256 of the link's token is kept.
CREATE TABLE contributors (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    respondent_id bigint NOT NULL REFERENCES respondents ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    email         text NOT NULL DEFAULT '',
    token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);
CREATE INDEX contributors_respondent ON contributors (respondent_id);

-- One response per respondent. version counts saves; submitted_version is
-- the version the reviewers see.
CREATE TABLE responses (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    respondent_id     bigint NOT NULL UNIQUE,
    question_set_id   bigint NOT NULL,
    status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    version           integer NOT NULL DEFAULT 0 CHECK (version >= 0),
    attribution       text CHECK (attribution IN ('named', 'anonymous', 'confidential')),
    receipt           text UNIQUE,
    language          text NOT NULL DEFAULT 'en',
    submitted_version integer,
    submitted_at      timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (respondent_id, question_set_id)
        REFERENCES respondents (id, question_set_id) ON DELETE CASCADE,
    UNIQUE (id, question_set_id),
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL AND receipt IS NOT NULL
        AND attribution IS NOT NULL AND submitted_version IS NOT NULL))
);

-- The current text of each answer. The composite keys make an answer to a
-- question of the other audience impossible.
CREATE TABLE answers (
    response_id     bigint NOT NULL,
    question_id     bigint NOT NULL,
    question_set_id bigint NOT NULL,
    choice          text,
    text            text NOT NULL DEFAULT '',
    version         integer NOT NULL,
    updated_by      bigint NOT NULL REFERENCES contributors,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (response_id, question_id),
    FOREIGN KEY (response_id, question_set_id)
        REFERENCES responses (id, question_set_id) ON DELETE CASCADE,
    FOREIGN KEY (question_id, question_set_id)
        REFERENCES questions (id, question_set_id)
);

-- Every save of every answer, with who made it. Never updated or deleted.
CREATE TABLE answer_revisions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    response_id  bigint NOT NULL,
    question_id  bigint NOT NULL,
    version      integer NOT NULL,
    choice       text,
    text         text NOT NULL,
    contributor_id bigint NOT NULL REFERENCES contributors,
    created_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (response_id, question_id) REFERENCES answers (response_id, question_id),
    UNIQUE (response_id, question_id, version)
);

-- Each submission, so that a repeated submit of one version creates nothing
-- twice and every receipt handed out stays traceable.
CREATE TABLE submissions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    response_id    bigint NOT NULL REFERENCES responses ON DELETE CASCADE,
    version        integer NOT NULL,
    receipt        text NOT NULL UNIQUE,
    attribution    text NOT NULL CHECK (attribution IN ('named', 'anonymous', 'confidential')),
    contributor_id bigint NOT NULL REFERENCES contributors,
    submitted_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (response_id, version)
);

-- The answers as last submitted: what reviewers read, while respondents may
-- go on editing their draft until the consultation closes.
CREATE TABLE submitted_answers (
    response_id bigint NOT NULL REFERENCES responses ON DELETE CASCADE,
    question_id bigint NOT NULL REFERENCES questions,
    choice      text,
    text        text NOT NULL,
    PRIMARY KEY (response_id, question_id)
);

CREATE TABLE audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    actor           text NOT NULL,
    action          text NOT NULL,
    consultation_id bigint REFERENCES consultations ON DELETE SET NULL,
    subject         text NOT NULL DEFAULT '',
    details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER answer_revisions_append_only
    BEFORE UPDATE OR DELETE ON answer_revisions
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
