-- Every save reads, for each question, the last version someone other than
-- the person saving wrote. Read from the (response, question, version)
-- index, that walked back through all of the person's own revisions, and
-- an answer autosaved for days has thousands. Per contributor, it is one
-- index lookup for each colleague.
CREATE INDEX answer_revisions_by_contributor ON answer_revisions (response_id, question_id, contributor_id, version);
