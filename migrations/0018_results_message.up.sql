-- A message that tells a respondent the consultation's results are
-- published, with the address of the public results page.
ALTER TABLE messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE messages ADD CONSTRAINT messages_kind_check
    CHECK (kind IN ('invitation', 'reminder', 'receipt', 'lost_link', 'results'));
