package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

const slug2012 = "va-impact-2012"

// newStore returns a store on a fresh database with the 2012 consultation.
func newStore(t *testing.T) *store.Store {
	t.Helper()
	st := dbtest.NewStore(t)
	mustLoadDefault(t, st)
	return st
}

// mustLoadDefault loads the 2012 consultation.
func mustLoadDefault(t *testing.T, st *store.Store) {
	t.Helper()
	f, err := consultations.Default()
	if err != nil {
		t.Fatalf("default consultation: %v", err)
	}
	if _, err := st.LoadConsultation(context.Background(), f); err != nil {
		t.Fatalf("load consultation: %v", err)
	}
}

// mustLoadNext loads a copy of the 2012 consultation under another slug,
// and returns its id.
func mustLoadNext(t *testing.T, st *store.Store) int64 {
	t.Helper()
	f, err := consultations.Default()
	if err != nil {
		t.Fatalf("default consultation: %v", err)
	}
	f.Slug = "next-cycle"
	r, err := st.LoadConsultation(context.Background(), f)
	if err != nil {
		t.Fatalf("load consultation: %v", err)
	}
	return r.Consultation.ID
}

func mustInvite(t *testing.T, st *store.Store, in store.NewRespondent) (*store.Access, *store.Principal) {
	t.Helper()
	if in.Consultation == "" {
		in.Consultation = slug2012
	}
	acc, err := st.Invite(context.Background(), in)
	if err != nil {
		t.Fatalf("invite %+v: %v", in, err)
	}
	p, err := st.Authenticate(context.Background(), acc.Token)
	if err != nil {
		t.Fatalf("authenticate: %v", err)
	}
	return acc, p
}

func mustState(t *testing.T, st *store.Store, country string) *store.Principal {
	t.Helper()
	_, p := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Delegation " + country, Country: country})
	return p
}

// consultationID returns the id of the 2012 consultation.
func consultationID(t *testing.T, st *store.Store) int64 {
	t.Helper()
	c, err := st.FindConsultationBySlug(context.Background(), slug2012)
	if err != nil {
		t.Fatalf("find consultation: %v", err)
	}
	return c.ID
}

// questionIDs returns the ids of an audience's questions by number.
func questionIDs(t *testing.T, st *store.Store, audience domain.Audience) map[int]int64 {
	t.Helper()
	c, err := st.FindConsultationBySlug(context.Background(), slug2012)
	if err != nil {
		t.Fatalf("find consultation: %v", err)
	}
	qs, ok := c.QuestionSet(audience)
	if !ok {
		t.Fatalf("no %s question set", audience)
	}
	ids := map[int]int64{}
	for _, q := range qs.Questions {
		ids[q.Number] = q.ID
	}
	return ids
}

func mustSave(t *testing.T, st *store.Store, p *store.Principal, version int, answers ...store.AnswerInput) int {
	t.Helper()
	saved, err := st.SaveDraft(context.Background(), p, store.Draft{Version: version, Answers: answers})
	if err != nil {
		t.Fatalf("save draft at version %d: %v", version, err)
	}
	return saved.Version
}

// wantKind checks err's kind and code. A *store.ValidationError comes back
// as an *store.Error with its fields in English.
func wantKind(t *testing.T, err error, kind store.Kind, code string) *store.Error {
	t.Helper()
	var e *store.Error
	if v := (*store.ValidationError)(nil); errors.As(err, &v) {
		e = &store.Error{Kind: store.KindValidation, Code: v.Code, Message: store.English()(v.Key), Fields: v.Fields(store.English())}
	} else if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want a %s error %q", err, err, kind, code)
	}
	if e.Kind != kind || e.Code != code {
		t.Fatalf("err = %s/%s (%s), want %s/%s", e.Kind, e.Code, e.Message, kind, code)
	}
	return e
}

// setWindow moves a consultation's opening and closing times.
func setWindow(t *testing.T, st *store.Store, opens, closes *time.Time) {
	t.Helper()
	_, err := st.Pool().Exec(context.Background(),
		`UPDATE consultations SET opens_at = $2, closes_at = $3 WHERE slug = $1`, slug2012, opens, closes)
	if err != nil {
		t.Fatalf("set window: %v", err)
	}
}
