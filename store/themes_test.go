package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/migrations"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// One theme tags answers of both audiences; the summaries count them by
// audience, question and region, the public one without confidential
// answers and without an anonymous answer's region.
func TestThemesAcrossAudiences(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	sp, sv := questionIDs(t, st, "states-parties"), questionIDs(t, st, "survivors")
	state := mustSubmitState(t, st, "KH", domain.AttributionNamed, "We count services.")
	named := mustSubmitSurvivor(t, st, "Network", "KH", domain.AttributionNamed, "en", "Nobody asked us.")
	anon := mustSubmitSurvivor(t, st, "Person", "AF", domain.AttributionAnonymous, "en", "Nobody asked me.")
	secret := mustSubmitSurvivor(t, st, "Group", "CO", domain.AttributionConfidential, "en", "Not asked.")
	th, err := st.CreateTheme(ctx, "reviewer:1", consultationID(t, st), "Data collection")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateTheme(ctx, "reviewer:1", consultationID(t, st), "Inclusion in planning"); err != nil {
		t.Fatal(err)
	}
	for _, tag := range []struct {
		p *store.Principal
		q int64
	}{{state, sp[1]}, {named, sv[2]}, {anon, sv[2]}, {secret, sv[3]}, {named, sv[3]}} {
		if err := st.TagAnswer(ctx, "reviewer:1", tag.p.ResponseID, tag.q, th.ID); err != nil {
			t.Fatalf("tag answer to question %d: %v", tag.q, err)
		}
	}
	themes, err := st.FindThemes(ctx, consultationID(t, st))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := themeCounts(themes), "Data collection=5 Inclusion in planning=0"; got != want {
		t.Fatalf("themes = %s, want %s", got, want)
	}
	// A question's page counts the answers to that question only.
	qr, err := st.FindQuestionReview(ctx, store.AnswerFilter{QuestionID: sv[2], Audience: "survivors"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := themeCounts(qr.Themes), "Data collection=2 Inclusion in planning=0"; got != want {
		t.Fatalf("question's themes = %s, want %s", got, want)
	}

	tests := []struct {
		name    string
		summary func(context.Context, string) (*store.Summary, error)
		want    string
	}{
		{"internal", st.Summary, "Data collection=5 states-parties=1 survivors=4 " +
			"| states-parties/1=1 survivors/2=2 survivors/3=2 | Americas=1 East & South Asia & Pacific=4; " +
			"Inclusion in planning=0  |  | "},
		{"public", st.PublicSummary, "Data collection=4 states-parties=1 survivors=3 " +
			"| states-parties/1=1 survivors/2=2 survivors/3=1 | =1 East & South Asia & Pacific=3; " +
			"Inclusion in planning=0  |  | "},
	}
	for _, tt := range tests {
		sum, err := tt.summary(ctx, slug2012)
		if err != nil {
			t.Fatal(err)
		}
		if got := themeSummaries(sum.Themes); got != tt.want {
			t.Errorf("%s themes:\n got %s\nwant %s", tt.name, got, tt.want)
		}
		if got := findSummary(t, sum, "survivors", 3).Themes; len(got) != 1 || got[0].Count != map[string]int{"internal": 2, "public": 1}[tt.name] {
			t.Errorf("%s survivors' question 3 themes = %+v", tt.name, got)
		}
	}
}

// themeSummaries writes the themes' counts in one line: total and per
// audience | per question | per region, regions sorted.
func themeSummaries(themes []store.ThemeSummary) string {
	var out []string
	for _, ts := range themes {
		var aud, qs, regions []string
		for _, a := range ts.ByAudience {
			aud = append(aud, fmt.Sprintf("%s=%d", a.Audience, a.Count))
		}
		for _, q := range ts.ByQuestion {
			qs = append(qs, fmt.Sprintf("%s/%d=%d", q.Audience, q.Number, q.Count))
		}
		for _, r := range ts.ByRegion {
			regions = append(regions, fmt.Sprintf("%s=%d", r.Key, r.Count))
		}
		slices.Sort(regions)
		out = append(out, fmt.Sprintf("%s=%d %s | %s | %s", ts.Theme.Name, ts.Theme.Count,
			strings.Join(aud, " "), strings.Join(qs, " "), strings.Join(regions, " ")))
	}
	return strings.Join(out, "; ")
}

// Themes made per question before themes belonged to the consultation
// become one per name, in any letter case, with every tag kept; going
// back gives each question its own theme again.
func TestThemesMigrateToTheConsultation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := dbtest.NewDatabase(t)
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mustLoadDefault(t, st)
	sp, sv := questionIDs(t, st, "states-parties"), questionIDs(t, st, "survivors")
	state := mustSubmitState(t, st, "KH", domain.AttributionNamed, "We count services.")
	survivor := mustSubmitSurvivor(t, st, "Network", "KH", domain.AttributionNamed, "en", "Nobody asked us.")

	m, err := migrations.New(url)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	downTo(t, m, 13)
	// Themes as they were: one per question, the same name twice.
	_, err = st.Pool().Exec(ctx, `
		WITH a AS (INSERT INTO themes (question_id, name) VALUES ($1, 'Data collection') RETURNING id),
			b AS (INSERT INTO themes (question_id, name) VALUES ($2, 'data Collection') RETURNING id),
			c AS (INSERT INTO themes (question_id, name) VALUES ($2, 'Inclusion') RETURNING id)
		INSERT INTO answer_themes (response_id, question_id, theme_id)
			SELECT $3::bigint, $1::bigint, id FROM a UNION ALL SELECT $4, $2, id FROM b UNION ALL SELECT $4, $2, id FROM c`,
		sp[1], sv[2], state.ResponseID, survivor.ResponseID)
	if err != nil {
		t.Fatalf("themes per question: %v", err)
	}
	if err := m.Up(); err != nil {
		t.Fatalf("up: %v", err)
	}

	themes, err := st.FindThemes(ctx, consultationID(t, st))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := themeCounts(themes), "Data collection=2 Inclusion=1"; got != want {
		t.Fatalf("themes after the migration = %s, want %s", got, want)
	}
	sum, err := st.Summary(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if got := sum.Themes[0]; got.Of("states-parties") != 1 || got.Of("survivors") != 1 {
		t.Fatalf("data collection by audience = %+v, want one of each", got.ByAudience)
	}
	// The database holds the rule too: no theme on another consultation's
	// answers, whatever the store checks first.
	next := mustLoadNext(t, st)
	_, err = st.Pool().Exec(ctx, `INSERT INTO themes (consultation_id, name) VALUES ($1, 'Elsewhere')`, next)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Pool().Exec(ctx, `INSERT INTO answer_themes (response_id, question_id, theme_id)
		SELECT $1, $2, id FROM themes WHERE name = 'Elsewhere'`, survivor.ResponseID, sv[1])
	if err == nil || !strings.Contains(err.Error(), "not of the consultation") {
		t.Fatalf("tag with another consultation's theme: %v, want refused", err)
	}

	downTo(t, m, 13)
	var perQuestion, tags int
	err = st.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM themes t JOIN questions q ON q.id = t.question_id
			JOIN question_sets qs ON qs.id = q.question_set_id JOIN consultations c ON c.id = qs.consultation_id
			WHERE c.slug = $1), (SELECT count(*) FROM answer_themes)`, slug2012).Scan(&perQuestion, &tags)
	if err != nil {
		t.Fatal(err)
	}
	if perQuestion != 3 || tags != 3 {
		t.Fatalf("after going back: %d themes, %d tags; want 3 and 3", perQuestion, tags)
	}
}

// downTo reverts migrations until the schema is at version v or before.
func downTo(t *testing.T, m *migrations.Migrator, v uint) {
	t.Helper()
	for {
		st, err := m.Status()
		if err != nil {
			t.Fatal(err)
		}
		if st.Version <= v {
			return
		}
		if err := m.Down(); err != nil {
			t.Fatalf("down from %d: %v", st.Version, err)
		}
	}
}

// Undoing the deletion of a theme brings its tags back on every question,
// of both audiences; a theme from another consultation is not restored
// into this one.
func TestRestoreThemeAcrossAudiences(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	cid := consultationID(t, st)
	sp, sv := questionIDs(t, st, "states-parties"), questionIDs(t, st, "survivors")
	state := mustSubmitState(t, st, "KH", domain.AttributionNamed, "We count services.")
	survivor := mustSubmitSurvivor(t, st, "Network", "KH", domain.AttributionNamed, "en", "Nobody asked us.")
	th, err := st.CreateTheme(ctx, "reviewer:1", cid, "Data collection")
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range []struct {
		p *store.Principal
		q int64
	}{{state, sp[1]}, {state, sp[3]}, {survivor, sv[2]}} {
		if err := st.TagAnswer(ctx, "reviewer:1", tag.p.ResponseID, tag.q, th.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DeleteTheme(ctx, "reviewer:1", th.ID, 1); err != nil {
		t.Fatal(err)
	}
	_, err = st.RestoreTheme(ctx, "reviewer:1", mustLoadNext(t, st), th.ID)
	wantKind(t, err, store.KindNotFound, "not_found")
	back, err := st.RestoreTheme(ctx, "reviewer:1", cid, th.ID)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := st.Summary(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := themeSummaries(sum.Themes), "Data collection=3 states-parties=2 survivors=1 "+
		"| states-parties/1=1 states-parties/3=1 survivors/2=1 | East & South Asia & Pacific=3"; got != want || back.Count != 3 {
		t.Fatalf("after the undo (%d tagged):\n got %s\nwant %s", back.Count, got, want)
	}
}
