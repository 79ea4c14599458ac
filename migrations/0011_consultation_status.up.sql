-- A consultation's status, beside the dates that open and close it.
--
--   draft      being prepared: invisible to the public, answers refused;
--   live       the dates say whether it is upcoming, open or closed;
--   published  closed, and its results published.
--
-- Consultations that exist already are live, as they were before this
-- column existed.
ALTER TABLE consultations
    ADD COLUMN phase text NOT NULL DEFAULT 'live' CHECK (phase IN ('draft', 'live', 'published'));
