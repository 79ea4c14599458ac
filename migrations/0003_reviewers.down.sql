DROP TABLE IF EXISTS sign_in_failures, reviewer_tokens, reviewer_sessions, reviewers;
