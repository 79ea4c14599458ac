package web_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Servers keep consultations in memory. A change made anywhere else — the
// command line loading a file, another server's administrator, plain SQL —
// shows on the next request of every server.
func TestConsultationCacheFollowsChangesMadeElsewhere(t *testing.T) {
	t.Parallel()
	url := dbtest.NewDatabase(t)
	open := func() *store.Store {
		st, err := store.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		return st
	}
	loader, server := open(), open()
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := loader.LoadConsultation(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: server, c: res.Consultation}
	srv := httptest.NewServer(e.handler())
	t.Cleanup(srv.Close)
	e.URL = srv.URL

	b := e.browser("en")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Sok Chea")), "/respond")
	api := e.browser("en")
	path := "/api/v1/consultations/" + e.c.Slug
	first := f.QuestionSets[0].Questions[0].Text["en"]
	for _, s := range f.QuestionSets {
		if s.Audience == domain.AudienceStatesParties {
			first = s.Questions[0].Text["en"]
		}
	}
	wantContains(t, b.get("/respond"), first)
	wantContains(t, api.doBody("GET", path, ""), `"status":"open"`)

	// The command line loads a new wording of the first question.
	for i := range f.QuestionSets {
		if f.QuestionSets[i].Audience == domain.AudienceStatesParties {
			f.QuestionSets[i].Questions[0].Text["en"] = "A reworded first question?"
		}
	}
	if _, err := loader.LoadConsultation(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	wantContains(t, b.get("/respond"), "A reworded first question?")
	wantContains(t, api.doBody("GET", path, ""), "A reworded first question?")

	// Anything that changes the consultation's row, here plain SQL, too.
	if _, err := loader.Pool().Exec(context.Background(),
		`UPDATE consultations SET closes_at = now() - interval '1 day' WHERE slug = $1`, e.c.Slug); err != nil {
		t.Fatal(err)
	}
	wantContains(t, api.doBody("GET", path, ""), `"status":"closed"`)
	wantContains(t, b.get("/respond"), "closed")
}
