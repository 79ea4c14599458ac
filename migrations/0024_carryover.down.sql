ALTER TABLE consultations DROP COLUMN follows;
ALTER TABLE questions DROP COLUMN key;
