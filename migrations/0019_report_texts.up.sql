-- The Co-Chairs' introduction and conclusions of their report, written in
-- vaconsult, one pair per consultation and language of the report. A save
-- names the version it was based on, as key points' saves do.
CREATE TABLE report_texts (
    consultation_id bigint NOT NULL REFERENCES consultations ON DELETE CASCADE,
    language        text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    introduction    text NOT NULL DEFAULT '' CHECK (length(introduction) <= 20000),
    conclusions     text NOT NULL DEFAULT '' CHECK (length(conclusions) <= 20000),
    version         integer NOT NULL CHECK (version >= 1),
    updated_by      bigint,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consultation_id, language)
);
