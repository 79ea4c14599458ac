DROP INDEX contributors_working_name;
ALTER TABLE contributors DROP COLUMN language;
