package store_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// countedRespondent is what the random walk knows of a respondent it made.
type countedRespondent struct {
	p         *store.Principal
	version   int
	submitted bool
	self      bool // self-registered: may be removed
	gone      bool // withdrawn, merged or removed: its link no longer works
}

// TestKeptCountsEqualTheFullCount drives a consultation through a random
// mix of invitations, registrations, saves, submissions, resubmissions,
// changes of attribution, withdrawals, merges, removals, verifications,
// tags, deleted themes and corrected countries, and after each step checks
// that the summary read from the kept counts, folded or not, is exactly
// the summary recounted from every answer, in both variants.
func TestKeptCountsEqualTheFullCount(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	cid := consultationID(t, st)
	rng := rand.New(rand.NewPCG(2012, 25))
	surv, states := questionIDs(t, st, "survivors"), questionIDs(t, st, "states-parties")
	countries := []string{"KH", "CO", "AF", "SN", "BA", "TJ", "PE", "UG"}
	langs := []string{"en", "fr", "es", "ar"}
	attributions := []domain.Attribution{domain.AttributionNamed, domain.AttributionAnonymous, domain.AttributionConfidential}
	var people []*countedRespondent
	var themes []*store.Theme
	statesLeft := []string{"KH", "CO", "AF", "SN", "BA", "TJ"}

	pick := func(ok func(*countedRespondent) bool) *countedRespondent {
		var in []*countedRespondent
		for _, r := range people {
			if !r.gone && ok(r) {
				in = append(in, r)
			}
		}
		if len(in) == 0 {
			return nil
		}
		return in[rng.IntN(len(in))]
	}
	save := func(r *countedRespondent) {
		lang := langs[rng.IntN(len(langs))]
		var in []store.AnswerInput
		if r.p.Audience == domain.AudienceStatesParties {
			for n := 1; n <= 4; n++ {
				in = append(in, store.AnswerInput{QuestionID: states[n], Text: "Report " + lang, Language: lang})
			}
		} else {
			in = append(in, store.AnswerInput{QuestionID: surv[1], Choice: []string{"yes", "partly", "no"}[rng.IntN(3)],
				Text: "Text", Language: lang},
				store.AnswerInput{QuestionID: surv[3], Choice: []string{"real_difference", "some_difference", "no_difference"}[rng.IntN(3)],
					Text: "Text", Language: lang})
			in = append(in, store.AnswerInput{QuestionID: surv[2], Text: "Text " + lang, Language: lang})
		}
		r.version = mustSave(t, st, r.p, r.version, in...)
	}
	submit := func(r *countedRespondent, a domain.Attribution) {
		if _, err := st.SubmitResponse(ctx, r.p, store.Submission{Version: r.version, Attribution: a,
			Language: langs[rng.IntN(len(langs))]}); err != nil {
			t.Fatalf("submit: %v", err)
		}
		r.submitted = true
	}

	steps := map[string]int{}
	for step := 0; step < 160; step++ {
		op := rng.IntN(13)
		switch op {
		case 0, 1: // a new survivors' respondent, invited or registered
			in := store.NewRespondent{Consultation: slug2012, Audience: domain.AudienceSurvivors,
				Kind: []domain.RespondentKind{domain.KindOrganisation, domain.KindIndividual}[rng.IntN(2)],
				Name: "Respondent " + string(rune('A'+step%26)) + string(rune('a'+step/26)), Country: countries[rng.IntN(len(countries))]}
			r := &countedRespondent{}
			var acc *store.Access
			var err error
			if op == 1 {
				acc, err = st.Register(ctx, in)
				r.self = true
			} else {
				acc, err = st.Invite(ctx, in)
			}
			if err != nil {
				t.Fatalf("new respondent %+v: %v", in, err)
			}
			if r.p, err = st.Authenticate(ctx, acc.Token); err != nil {
				t.Fatal(err)
			}
			people = append(people, r)
			if rng.IntN(4) > 0 {
				save(r)
				if rng.IntN(3) > 0 {
					submit(r, attributions[rng.IntN(3)])
				}
			}
		case 2: // a State Party
			if len(statesLeft) == 0 {
				continue
			}
			r := &countedRespondent{p: mustState(t, st, statesLeft[0])}
			statesLeft = statesLeft[1:]
			people = append(people, r)
			save(r)
			submit(r, attributions[rng.IntN(3)])
		case 3: // a new version submitted, answers changed
			r := pick(func(r *countedRespondent) bool { return true })
			if r == nil {
				continue
			}
			save(r)
			submit(r, attributions[rng.IntN(3)])
		case 4: // the attribution changed on resubmitting the same version
			r := pick(func(r *countedRespondent) bool { return r.submitted })
			if r == nil {
				continue
			}
			submit(r, attributions[rng.IntN(3)])
		case 5:
			r := pick(func(r *countedRespondent) bool { return rng.IntN(3) == 0 })
			if r == nil {
				continue
			}
			if err := st.WithdrawResponse(ctx, r.p); err != nil {
				t.Fatalf("withdraw: %v", err)
			}
			r.gone = true
		case 6, 7: // tags
			if len(themes) == 0 || rng.IntN(4) == 0 {
				th, err := st.CreateTheme(ctx, "cli", cid, "Theme "+string(rune('A'+step%26))+string(rune('a'+step/26)))
				if err != nil {
					t.Fatal(err)
				}
				themes = append(themes, th)
			}
			r := pick(func(r *countedRespondent) bool { return r.submitted && r.p.Audience == domain.AudienceSurvivors })
			if r == nil {
				continue
			}
			th := themes[rng.IntN(len(themes))]
			q := surv[[]int{1, 3}[rng.IntN(2)]]
			if op == 6 {
				_ = st.TagAnswer(ctx, "cli", r.p.ResponseID, q, th.ID) // an answer since withdrawn is refused
			} else {
				_ = st.UntagAnswer(ctx, "cli", r.p.ResponseID, q, th.ID)
			}
		case 8:
			from := pick(func(r *countedRespondent) bool { return r.p.Audience == domain.AudienceSurvivors })
			into := pick(func(r *countedRespondent) bool { return r.p.Audience == domain.AudienceSurvivors && r != from })
			if from == nil || into == nil {
				continue
			}
			if _, err := st.MergeRespondents(ctx, "cli", cid, from.p.RespondentID, into.p.RespondentID); err != nil {
				t.Fatalf("merge: %v", err)
			}
			from.gone, into.self = true, false // into now holds from's contributors
		case 9:
			r := pick(func(r *countedRespondent) bool { return r.self })
			if r == nil {
				continue
			}
			if _, err := st.RemoveRespondent(ctx, "cli", cid, r.p.RespondentID); err != nil {
				t.Fatalf("remove: %v", err)
			}
			r.gone = true
		case 10:
			r := pick(func(r *countedRespondent) bool { return r.self })
			if r == nil {
				continue
			}
			if err := st.VerifyRespondent(ctx, "cli", r.p.RespondentID); err != nil {
				t.Fatal(err)
			}
		case 11: // an administrator corrects a country, or a theme goes
			if len(themes) > 0 && rng.IntN(2) == 0 {
				i := rng.IntN(len(themes))
				if err := st.DeleteTheme(ctx, "cli", themes[i].ID, themes[i].Version); err != nil {
					t.Fatal(err)
				}
				themes = append(themes[:i], themes[i+1:]...)
				break
			}
			r := pick(func(r *countedRespondent) bool { return r.p.Audience == domain.AudienceSurvivors })
			if r == nil {
				continue
			}
			if _, err := st.Pool().Exec(ctx, `UPDATE respondents SET country = $2 WHERE id = $1`,
				r.p.RespondentID, countries[rng.IntN(len(countries))]); err != nil {
				t.Fatal(err)
			}
		case 12:
			if _, err := st.FoldCounts(ctx); err != nil {
				t.Fatal(err)
			}
		}
		steps[[]string{"invite", "register", "state", "resubmit", "attribution", "withdraw", "tag", "untag",
			"merge", "remove", "verify", "correct", "fold"}[op]]++
		checkKeptCounts(t, st, step)
		checkDashboard(t, st, step)
	}
	if _, err := st.FoldCounts(ctx); err != nil {
		t.Fatal(err)
	}
	checkKeptCounts(t, st, -1)
	sum, err := st.Summary(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if findSummary(t, sum, "survivors", 1).Answers == 0 || len(sum.Themes) == 0 {
		t.Fatalf("the walk counted nothing to compare: %+v", sum)
	}
	t.Logf("steps: %v", steps)
}

// checkKeptCounts fails unless the summary from the kept counts equals the
// recount, in both variants.
func checkKeptCounts(t *testing.T, st *store.Store, step int) {
	t.Helper()
	ctx := context.Background()
	for _, public := range []bool{false, true} {
		read := st.Summary
		if public {
			read = st.PublicSummary
		}
		kept, err := read(ctx, slug2012)
		if err != nil {
			t.Fatal(err)
		}
		full, err := st.FullSummary(ctx, slug2012, public)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(kept.Rates, full.Rates) {
			t.Fatalf("step %d, public %v: rates\nkept %+v\nfull %+v", step, public, kept.Rates, full.Rates)
		}
		if !reflect.DeepEqual(kept.Questions, full.Questions) {
			t.Fatalf("step %d, public %v: questions\nkept %+v\nfull %+v", step, public, kept.Questions, full.Questions)
		}
		if !reflect.DeepEqual(kept.Themes, full.Themes) {
			t.Fatalf("step %d, public %v: themes\nkept %+v\nfull %+v", step, public, kept.Themes, full.Themes)
		}
	}
}

// TestSummaryReadsNoAnswer guards the summary's time at a million
// responses: none of its statements may read the answers, tags, responses
// or respondents, whose size grows with the responses; they read the kept
// counts, whose size does not.
func TestSummaryReadsNoAnswer(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	ids := []int64{}
	for _, id := range questionIDs(t, st, "survivors") {
		ids = append(ids, id)
	}
	for name, sql := range store.SummaryStatements {
		for _, public := range []bool{false, true} {
			rows, err := st.Pool().Query(ctx, "EXPLAIN "+sql, pgx.NamedArgs{"questions": ids, "public": public,
				"consultation": consultationID(t, st)})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				t.Fatal(err)
			}
			plan := strings.Join(lines, "\n")
			for _, table := range []string{" on submitted_answers", " on answer_themes", " on responses", " on respondents"} {
				if strings.Contains(plan, table) {
					t.Errorf("%s, public %v, reads%s:\n%s", name, public, table, plan)
				}
			}
		}
	}
}

// checkDashboard fails unless the dashboard's rates, read from the kept
// counts, are those counted from every respondent, and its pages, followed
// from the first, list every respondent in the order of the whole list.
func checkDashboard(t *testing.T, st *store.Store, step int) {
	t.Helper()
	ctx := context.Background()
	rows, err := st.Pool().Query(ctx, `SELECT r.id, r.audience, r.kind, r.verified, coalesce(c.region, ''),
			CASE WHEN rs.excluded_at IS NOT NULL THEN 'withdrawn' WHEN rs.status = 'submitted' THEN 'submitted'
				WHEN rs.version > 0 THEN 'started' ELSE 'invited' END
		FROM respondents r
		LEFT JOIN responses rs ON rs.respondent_id = r.id
		LEFT JOIN countries c ON c.iso2 = r.country
		WHERE r.consultation_id = $1 AND r.merged_into IS NULL
		ORDER BY r.audience, coalesce(c.name, r.country), r.name, r.id`, consultationID(t, st))
	if err != nil {
		t.Fatal(err)
	}
	type listed struct {
		id               int64
		audience, kind   string
		verified         bool
		region, progress string
	}
	all, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (listed, error) {
		var l listed
		err := row.Scan(&l.id, &l.audience, &l.kind, &l.verified, &l.region, &l.progress)
		return l, err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, include := range []bool{false, true} {
		var ids []int64
		var d *store.Dashboard
		for from, pages := int64(0), 0; pages == 0 || from != 0; pages++ {
			d, err = st.FindDashboard(ctx, store.DashboardFilter{Consultation: slug2012, IncludeUnverified: include,
				From: from, PageSize: 4})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Respondents) > 4 || pages > len(all) {
				t.Fatalf("step %d: page %d lists %d respondents", step, pages, len(d.Respondents))
			}
			for _, r := range d.Respondents {
				ids = append(ids, r.ID)
			}
			from = d.Next
		}
		want := map[string]int{}
		var wantIDs []int64
		unverified := 0
		for _, l := range all {
			wantIDs = append(wantIDs, l.id)
			if !l.verified {
				unverified++
				if !include {
					continue
				}
			}
			for _, key := range []string{l.audience + "/" + l.kind, "region/" + l.region} {
				if key == "region/"+l.region && l.kind != string(domain.KindState) {
					continue
				}
				want[key+"/invited"]++
				if l.progress == "started" || l.progress == "submitted" {
					want[key+"/started"]++
				}
				if l.progress == "submitted" {
					want[key+"/submitted"]++
				}
			}
		}
		if !slices.Equal(ids, wantIDs) || d.Listed != len(all) || d.Unverified != unverified {
			t.Fatalf("step %d: pages list %v, want %v; listed %d of %d; unverified %d, want %d",
				step, ids, wantIDs, d.Listed, len(all), d.Unverified, unverified)
		}
		got := map[string]int{}
		for _, r := range append(slices.Clone(d.Audiences), d.Regions...) {
			key := string(r.Audience) + "/" + string(r.Kind)
			if r.Kind == "" {
				key = "region/" + r.Region
			}
			for k, n := range map[string]int{"/invited": r.Invited, "/started": r.Started, "/submitted": r.Submitted} {
				if n != 0 {
					got[key+k] += n
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d, unverified counted %v: rates\n got %v\nwant %v", step, include, got, want)
		}
	}
}

// TestDashboardPageReadsTheIndex guards the dashboard's time at a million
// respondents: a page reads each country's respondents from the index by
// consultation, audience, country and name, never the whole consultation.
func TestDashboardPageReadsTheIndex(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	tx, err := st.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	// The test's tables are tiny: without this, reading them whole is
	// the cheapest plan.
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, "EXPLAIN "+store.DashboardPageSQL, consultationID(t, st),
		[]string{"survivors", "survivors"}, []string{"KH", "CO"}, "", 0, 201)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	plan := strings.Join(lines, "\n")
	if !regexp.MustCompile(`Index Scan using respondents_consultation_country on respondents r[^\n]*\n\s+Index Cond: \(\(consultation_id = [^)]+\) AND \(audience = g.audience\) AND \(country = g.country\)\)`).MatchString(plan) {
		t.Errorf("a page does not read respondents from the index by country:\n%s", plan)
	}
}
