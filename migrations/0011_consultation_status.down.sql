ALTER TABLE consultations DROP COLUMN phase;
