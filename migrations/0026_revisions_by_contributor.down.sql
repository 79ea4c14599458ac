DROP INDEX IF EXISTS answer_revisions_by_contributor;
