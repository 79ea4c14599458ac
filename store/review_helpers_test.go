package store_test

import (
	"context"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// mustSubmitSurvivor invites a survivors' organisation, answers every
// survivors' question in lang and submits with the attribution given. It returns the
// principal.
func mustSubmitSurvivor(t *testing.T, st *store.Store, name, country string, attribution domain.Attribution, lang, text string) *store.Principal {
	t.Helper()
	_, p := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: name, Country: country})
	q := questionIDs(t, st, "survivors")
	v := mustSave(t, st, p, 0,
		store.AnswerInput{QuestionID: q[1], Choice: "partly", Text: text, Language: lang},
		store.AnswerInput{QuestionID: q[2], Text: text, Language: lang},
		store.AnswerInput{QuestionID: q[3], Choice: "some_difference", Text: text, Language: lang})
	if _, err := st.SubmitResponse(context.Background(), p,
		store.Submission{Version: v, Attribution: attribution, Language: lang}); err != nil {
		t.Fatalf("submit: %v", err)
	}
	return p
}

// mustSubmitState submits a State Party's answers to every question.
func mustSubmitState(t *testing.T, st *store.Store, country string, attribution domain.Attribution, text string) *store.Principal {
	t.Helper()
	p := mustState(t, st, country)
	q := questionIDs(t, st, "states-parties")
	var in []store.AnswerInput
	for n := 1; n <= 4; n++ {
		in = append(in, store.AnswerInput{QuestionID: q[n], Text: text})
	}
	v := mustSave(t, st, p, 0, in...)
	if _, err := st.SubmitResponse(context.Background(), p,
		store.Submission{Version: v, Attribution: attribution, Language: "en"}); err != nil {
		t.Fatalf("submit: %v", err)
	}
	return p
}

// auditActions returns the actions the audit log holds for actor, oldest
// first.
func auditActions(t *testing.T, st *store.Store, actor string) []string {
	t.Helper()
	rows, err := st.Pool().Query(context.Background(), `SELECT action FROM audit_log WHERE actor = $1 ORDER BY id`, actor)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}
