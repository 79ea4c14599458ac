-- Versions for what several Co-Chairs edit at once: a save names the
-- version it was based on, and one based on an older version is refused
-- instead of overwriting a colleague's work.
--
-- Key points that exist already are at version 1; a question without key
-- points is at version 0. A theme is at version 1 when created and moves on
-- at each rename; updated_by and updated_at say who renamed it last and
-- when (a reviewer's id, or NULL for the command line, as in 0004).

ALTER TABLE key_points ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);

ALTER TABLE themes
    ADD COLUMN version    integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    ADD COLUMN updated_by bigint,
    ADD COLUMN updated_at timestamptz;
