package store

import "golang.org/x/crypto/bcrypt"

// Tests hash passwords at the lowest cost: the cost changes the time, not
// the behaviour.
func init() { bcryptCost = bcrypt.MinCost }

// LockQuestionsSQL is what a save reads of each question once the response
// is locked, for the plan tests.
var LockQuestionsSQL = lockByContributor.questions
