package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// A save reads the last version a colleague wrote of each answer. An
// answer autosaved for days has thousands of the saver's own revisions:
// the read must go to the colleagues' revisions straight away, not walk
// back through the saver's own.
func TestSaveReadsColleaguesRevisionsOnly(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	ana := mustState(t, st, "CO")
	_, bruno := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Delegation CO", Country: "CO", Contributor: "Bruno"})
	q := questionIDs(t, st, "states-parties")
	v := mustSave(t, st, bruno, 0, store.AnswerInput{QuestionID: q[1], Text: "Bruno's first words"})
	const own = 400
	for i := range own {
		v = mustSave(t, st, ana, v, store.AnswerInput{QuestionID: q[1], Text: fmt.Sprintf("Ana's draft %d", i)})
	}
	if _, err := st.Pool().Exec(ctx, `ANALYZE answer_revisions`); err != nil {
		t.Fatal(err)
	}

	var plan []struct{ Plan node }
	var raw []byte
	if err := st.Pool().QueryRow(ctx, `EXPLAIN (ANALYZE, FORMAT JSON) `+store.LockQuestionsSQL, ana.ContributorID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &plan); err != nil || len(plan) != 1 {
		t.Fatalf("plan %s: %v", raw, err)
	}
	read := plan[0].Plan.revisionRowsRead()
	if read > 10 {
		t.Errorf("the save's read went through %.0f revisions of %d; want the colleague's last one per question:\n%s", read, own+1, raw)
	}
}

// node is a node of a JSON plan.
type node struct {
	Relation string  `json:"Relation Name"`
	Rows     float64 `json:"Actual Rows"`
	Loops    float64 `json:"Actual Loops"`
	Removed  float64 `json:"Rows Removed by Filter"`
	Plans    []node  `json:"Plans"`
}

// revisionRowsRead adds up the rows the plan read from answer_revisions:
// those it returned and those its filters threw away.
func (n node) revisionRowsRead() float64 {
	var sum float64
	if n.Relation == "answer_revisions" {
		sum += (n.Rows + n.Removed) * max(n.Loops, 1)
	}
	for _, c := range n.Plans {
		sum += c.revisionRowsRead()
	}
	return sum
}
