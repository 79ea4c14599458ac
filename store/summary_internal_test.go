package store

// AnswerCountsSQL lets the summary's tests read the plan of the statement
// that counts the answers.
const AnswerCountsSQL = answerCountsSQL
