package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

func TestSummaryCountsSubmittedAnswersOnly(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, "survivors")
	a := mustSubmitSurvivor(t, st, "Network", "KH", "named", "en", "text")
	mustSubmitSurvivor(t, st, "Group", "CO", "confidential", "es", "texto")
	mustSubmitSurvivor(t, st, "Person", "AF", "anonymous", "fr", "texte")
	mustSubmitState(t, st, "KH", "named", "report")
	// A draft counts as started, never as an answer.
	_, draft := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Drafting", Country: "KH"})
	mustSave(t, st, draft, 0, store.AnswerInput{QuestionID: q[1], Choice: "no", Text: "draft"})
	th, err := st.CreateTheme(ctx, "cli", consultationID(t, st), "Not asked")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.TagAnswer(ctx, "cli", a.ResponseID, q[1], th.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetKeyPoints(ctx, "cli", q[1], 0, "Half are partly included."); err != nil {
		t.Fatal(err)
	}

	sum, err := st.Summary(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(sum.Questions), 7; got != want {
		t.Fatalf("questions = %d, want %d", got, want)
	}
	s1 := findSummary(t, sum, "survivors", 1)
	if got, want := s1.Answers, 3; got != want {
		t.Fatalf("survivors Q1 answers = %d, want %d (no draft)", got, want)
	}
	if got := counts(s1.Choices); got != "yes=0 partly=3(100) no=0 dont_know=0" {
		t.Errorf("choices = %s", got)
	}
	if got := countsOf(s1.ByRegion); got != "East & South Asia & Pacific=2 Americas=1" {
		t.Errorf("by region = %s", got)
	}
	if got := countsOf(s1.ByLanguage); got != "en=1 es=1 fr=1" {
		t.Errorf("by language = %s", got)
	}
	if len(s1.Themes) != 1 || s1.Themes[0].Count != 1 || s1.KeyPoints != "Half are partly included." {
		t.Errorf("themes %+v, key points %q", s1.Themes, s1.KeyPoints)
	}
	if got := findSummary(t, sum, "states-parties", 4).Answers; got != 1 {
		t.Errorf("States Parties Q4 answers = %d, want 1", got)
	}
	started, submitted := 0, 0
	for _, r := range sum.Rates {
		if r.Audience == "survivors" {
			started += r.Started
			submitted += r.Submitted
		}
	}
	if started != 4 || submitted != 3 {
		t.Errorf("survivors started %d, submitted %d; want 4 and 3", started, submitted)
	}

	_, err = st.Summary(ctx, "no-such")
	wantKind(t, err, store.KindNotFound, "not_found")
}

func findSummary(t *testing.T, sum *store.Summary, audience domain.Audience, number int) *store.QuestionSummary {
	t.Helper()
	for i := range sum.Questions {
		q := &sum.Questions[i]
		if q.Audience == audience && q.Question.Number == number {
			return q
		}
	}
	t.Fatalf("no %s question %d in the summary", audience, number)
	return nil
}

// TestSummaryCountsFromTheIndex checks that the summary counts the answers
// from the (question_id, response_id) INCLUDE (choice, language) index
// alone: were a column it reads missing from the index, PostgreSQL would
// read the table's rows, answers' text and all, which at a million
// responses is several gigabytes instead of a few hundred megabytes.
func TestSummaryCountsFromTheIndex(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	var ids []int64
	for _, a := range []domain.Audience{domain.AudienceStatesParties, domain.AudienceSurvivors} {
		for _, id := range questionIDs(t, st, a) {
			ids = append(ids, id)
		}
	}
	tx, err := st.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	// A test database's tables are tiny; without this, reading them whole
	// is the cheapest plan and the index would not be chosen at all.
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	for _, public := range []bool{false, true} {
		rows, err := tx.Query(ctx, "EXPLAIN "+store.FullAnswerCountsSQL, pgx.NamedArgs{"questions": ids, "public": public})
		if err != nil {
			t.Fatal(err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		plan := strings.Join(lines, "\n")
		if !strings.Contains(plan, "Index Only Scan using submitted_answers_question_response on submitted_answers") {
			t.Errorf("public %v: the answers are not counted from the index alone:\n%s", public, plan)
		}
	}
}
