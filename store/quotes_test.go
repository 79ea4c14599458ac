package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// quoteTexts lists quotes as "respondent: text" in their order, the
// respondent empty where it is withheld.
func quoteTexts(qs []store.Quote) string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Respondent+": "+q.Text)
	}
	return strings.Join(out, " | ")
}

func mustFindQuotes(t *testing.T, st *store.Store, questionID int64, public bool) []store.Quote {
	t.Helper()
	qs, err := st.FindQuotes(context.Background(), questionID, public)
	if err != nil {
		t.Fatalf("find quotes: %v", err)
	}
	return qs
}

func TestQuotePassagesAreTheAnswersWords(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, domain.AudienceSurvivors)
	a := mustSubmitSurvivor(t, st, "Red de Sobrevivientes", "CO", domain.AttributionNamed, "es",
		"Nadie nos preguntó. El transporte es caro.")
	choose := func(p *store.Passage) (int64, error) {
		return st.ChooseQuote(ctx, "reviewer:3", store.QuoteInput{ResponseID: a.ResponseID, QuestionID: q[2], Passage: p})
	}
	// Characters, not bytes: "ó" is one.
	id, err := choose(&store.Passage{Start: 20, End: 42, Text: "El transporte es caro."})
	if err != nil {
		t.Fatalf("choose passage: %v", err)
	}
	again, err := choose(&store.Passage{Start: 20, End: 42, Text: "El transporte es caro."})
	if err != nil || again != id {
		t.Fatalf("choose the same passage again = %d, %v; want %d", again, err, id)
	}
	for name, p := range map[string]*store.Passage{
		"elsewhere in the answer": {Start: 0, End: 22, Text: "El transporte es caro."},
		"not in the answer":       {Start: 20, End: 42, Text: "El transporte es gratis"},
		"past the end":            {Start: 40, End: 50, Text: "o.xxxxxxxx"},
		"empty":                   {Start: 3, End: 3, Text: ""},
		"length that disagrees":   {Start: 0, End: 4, Text: "Nadie"},
	} {
		e := wantKind(t, func() error { _, err := choose(p); return err }(), store.KindValidation, "validation_failed")
		if e.Fields["passage"] == "" {
			t.Errorf("%s: fields = %v, want a problem with the passage", name, e.Fields)
		}
	}
	_, err = st.ChooseQuote(ctx, "reviewer:3", store.QuoteInput{ResponseID: a.ResponseID, QuestionID: q[2],
		Note: strings.Repeat("n", 1001)})
	if e := wantKind(t, err, store.KindValidation, "validation_failed"); e.Fields["note"] == "" {
		t.Errorf("fields = %v, want a problem with the note", e.Fields)
	}
	_, err = st.ChooseQuote(ctx, "reviewer:3", store.QuoteInput{ResponseID: a.ResponseID + 1000, QuestionID: q[2]})
	wantKind(t, err, store.KindNotFound, "answer_not_found")

	// The database holds the rule for every writer.
	_, err = st.Pool().Exec(ctx, `INSERT INTO quotes (response_id, question_id, passage, passage_start, passage_end, position)
		VALUES ($1, $2, 'Nadie', 1, 6, 9)`, a.ResponseID, q[2])
	if err == nil {
		t.Fatal("the database took a passage that is not the answer's text at its place")
	}
	qs := mustFindQuotes(t, st, q[2], false)
	if len(qs) != 1 || qs[0].Passage == nil || qs[0].Passage.Start != 20 || qs[0].Text != "El transporte es caro." {
		t.Fatalf("quotes = %+v, want the one passage", qs)
	}
}

func TestQuotesGoWhenTheAnswerChanges(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, domain.AudienceSurvivors)
	_, p := mustInvite(t, st, store.NewRespondent{Audience: domain.AudienceSurvivors, Name: "Survivors' Network", Country: "KH"})
	submit := func(version int, text2, text3 string) int {
		t.Helper()
		v := mustSave(t, st, p, version,
			store.AnswerInput{QuestionID: q[1], Choice: "partly", Text: "Sometimes."},
			store.AnswerInput{QuestionID: q[2], Text: text2},
			store.AnswerInput{QuestionID: q[3], Choice: "some_difference", Text: text3})
		if _, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: domain.AttributionNamed, Language: "en"}); err != nil {
			t.Fatalf("submit: %v", err)
		}
		return v
	}
	v := submit(0, "Transport is the problem.", "Some.")
	for _, in := range []store.QuoteInput{
		{ResponseID: p.ResponseID, QuestionID: q[1]},
		{ResponseID: p.ResponseID, QuestionID: q[2], Passage: &store.Passage{Start: 0, End: 9, Text: "Transport"}},
		{ResponseID: p.ResponseID, QuestionID: q[3]},
	} {
		if _, err := st.ChooseQuote(ctx, "reviewer:3", in); err != nil {
			t.Fatalf("choose: %v", err)
		}
	}
	// Question 1 unchanged, question 2's text changed, question 3 left empty.
	submit(v, "Roads are the problem.", "")
	for n, want := range map[int]int{1: 1, 2: 0, 3: 0} {
		if got := len(mustFindQuotes(t, st, q[n], false)); got != want {
			t.Errorf("question %d: %d quotes after resubmitting, want %d", n, got, want)
		}
	}
}

func TestQuotesCarryTheAttributionAgreed(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, domain.AudienceSurvivors)
	named := mustSubmitSurvivor(t, st, "Survivors' Network", "KH", domain.AttributionNamed, "en", "Named words.")
	anon := mustSubmitSurvivor(t, st, "Quiet Group", "CO", domain.AttributionAnonymous, "en", "Anonymous words.")
	conf := mustSubmitSurvivor(t, st, "Secret Group", "AF", domain.AttributionConfidential, "en", "Confidential words.")
	var ids []int64
	for _, p := range []*store.Principal{conf, anon, named} {
		id, err := st.ChooseQuote(ctx, "reviewer:3", store.QuoteInput{ResponseID: p.ResponseID, QuestionID: q[2], Note: "for section 2"})
		if err != nil {
			t.Fatalf("choose: %v", err)
		}
		ids = append(ids, id)
	}
	internal := mustFindQuotes(t, st, q[2], false)
	if got, want := quoteTexts(internal), "Secret Group: Confidential words. | Quiet Group: Anonymous words. | Survivors' Network: Named words."; got != want {
		t.Fatalf("internal quotes = %s, want %s", got, want)
	}
	if internal[0].Public() || !internal[1].Public() || internal[0].Note != "for section 2" {
		t.Errorf("internal quotes = %+v: the confidential one is not public, and notes are kept", internal)
	}

	public := mustFindQuotes(t, st, q[2], true)
	if got, want := quoteTexts(public), ": Anonymous words. | Survivors' Network: Named words."; got != want {
		t.Fatalf("public quotes = %s, want %s", got, want)
	}
	a, n := public[0], public[1]
	if !a.Withheld() || a.Kind != "" || a.Country != "" || a.CountryName != "" || a.Region != "" ||
		a.Audience != domain.AudienceSurvivors || a.Attribution != domain.AttributionAnonymous {
		t.Errorf("anonymous quote = %+v, want its audience and nothing else of who gave it", a)
	}
	if n.Withheld() || n.Country != "KH" || n.CountryName != "Cambodia" || n.Kind != domain.KindOrganisation {
		t.Errorf("named quote = %+v, want the name, country and kind", n)
	}
	if a.Note != "" || a.ChosenBy != "" || n.Note != "" {
		t.Errorf("public quotes carry the reviewers' notes: %+v", public)
	}

	// Moves change places with the neighbour; the first stays first when
	// moved earlier.
	if err := st.MoveQuote(ctx, "reviewer:3", q[2], ids[2], -1); err != nil {
		t.Fatal(err)
	}
	if err := st.MoveQuote(ctx, "reviewer:3", q[2], ids[0], -1); err != nil {
		t.Fatal(err)
	}
	if err := st.SetQuoteNote(ctx, "reviewer:3", q[2], ids[2], "  opens section 3 "); err != nil {
		t.Fatal(err)
	}
	e := wantKind(t, st.SetQuoteNote(ctx, "reviewer:3", q[2], ids[2], strings.Repeat("n", 1001)), store.KindValidation, "validation_failed")
	if e.Fields["note"] == "" {
		t.Errorf("fields = %v, want a problem with the note", e.Fields)
	}
	wantKind(t, st.SetQuoteNote(ctx, "reviewer:3", q[1], ids[2], "elsewhere"), store.KindNotFound, "not_found")
	if err := st.RemoveQuote(ctx, "reviewer:3", q[2], ids[1]); err != nil {
		t.Fatal(err)
	}
	wantKind(t, st.RemoveQuote(ctx, "reviewer:3", q[2], ids[1]), store.KindNotFound, "not_found")
	wantKind(t, st.MoveQuote(ctx, "reviewer:3", q[1], ids[0], 1), store.KindNotFound, "not_found")
	after := mustFindQuotes(t, st, q[2], false)
	if got, want := quoteTexts(after), "Secret Group: Confidential words. | Survivors' Network: Named words."; got != want {
		t.Fatalf("quotes after moves and removal = %s, want %s", got, want)
	}
	if got := after[1].Note; got != "opens section 3" {
		t.Errorf("note = %q, want the one written, trimmed", got)
	}
	got := strings.Join(auditActions(t, st, "reviewer:3"), " ")
	if want := "quote.choose quote.choose quote.choose quote.move quote.note quote.remove"; got != want {
		t.Fatalf("audit = %s, want %s", got, want)
	}
}
