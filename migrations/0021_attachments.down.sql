DROP TRIGGER consultations_personal_data_deleted ON consultations;
DROP FUNCTION response_attachments_follow_retention();
DROP TRIGGER responses_withdrawn ON responses;
DROP FUNCTION response_attachments_follow_withdrawal();
DROP TABLE response_attachments;
ALTER TABLE consultations DROP COLUMN attachments;
