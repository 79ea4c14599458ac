DELETE FROM messages WHERE kind = 'approval_request';
ALTER TABLE messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE messages ADD CONSTRAINT messages_kind_check
    CHECK (kind IN ('invitation', 'reminder', 'receipt', 'lost_link', 'results'));
ALTER TABLE submissions DROP COLUMN approved_by;
ALTER TABLE responses DROP COLUMN approval_requested_by, DROP COLUMN approval_requested_at;
ALTER TABLE contributors DROP COLUMN approver;
