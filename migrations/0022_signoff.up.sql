-- Sign-off: a contributor marked approver clears a respondent's answers;
-- when a respondent has one, only an approver may submit. Drafters save
-- and ask for approval.
ALTER TABLE contributors ADD COLUMN approver boolean NOT NULL DEFAULT false;

-- The pending request for approval: who asked last, and when. A
-- submission clears it.
ALTER TABLE responses
    ADD COLUMN approval_requested_by bigint REFERENCES contributors ON DELETE SET NULL,
    ADD COLUMN approval_requested_at timestamptz;

-- The approver who submitted, when the respondent had one: what the
-- receipt names.
ALTER TABLE submissions ADD COLUMN approved_by bigint REFERENCES contributors ON DELETE SET NULL;

-- A message that tells an approver a drafter asks for approval.
ALTER TABLE messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE messages ADD CONSTRAINT messages_kind_check
    CHECK (kind IN ('invitation', 'reminder', 'receipt', 'lost_link', 'results', 'approval_request'));
