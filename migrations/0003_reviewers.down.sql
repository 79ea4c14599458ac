DROP TABLE IF EXISTS rate_events, reviewer_tokens, reviewer_sessions, reviewers;
