package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// newStoreWith returns a store with the 2012 consultation as edit changes
// it.
func newStoreWith(t *testing.T, edit func(*questionset.File)) *store.Store {
	t.Helper()
	st := dbtest.NewStore(t)
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	if _, err := st.LoadConsultation(context.Background(), f); err != nil {
		t.Fatalf("load consultation: %v", err)
	}
	return st
}

// admitObservers lets observer States and organisations answer the States
// Parties' questions, and survivors register themselves.
func admitObservers(f *questionset.File) {
	f.SelfRegistration = true
	for i := range f.QuestionSets {
		if f.QuestionSets[i].Audience == domain.AudienceStatesParties {
			f.QuestionSets[i].Kinds = []domain.RespondentKind{"state", "observer-state", "organisation"}
		}
	}
}

// submitStatesSet invites a respondent of kind to the States Parties' set,
// answers every question and submits.
func submitStatesSet(t *testing.T, st *store.Store, kind domain.RespondentKind, name, country string) *store.Principal {
	t.Helper()
	_, p := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Kind: kind, Name: name, Country: country})
	q := questionIDs(t, st, "states-parties")
	var in []store.AnswerInput
	for n := 1; n <= 4; n++ {
		in = append(in, store.AnswerInput{QuestionID: q[n], Text: name + " answers."})
	}
	v := mustSave(t, st, p, 0, in...)
	if _, err := st.SubmitResponse(context.Background(), p, store.Submission{Version: v, Attribution: "named"}); err != nil {
		t.Fatalf("submit: %v", err)
	}
	return p
}

func rateOf(rates []store.ResponseRate, audience domain.Audience, kind domain.RespondentKind) store.ResponseRate {
	for _, r := range rates {
		if r.Audience == audience && r.Kind == kind && r.Region == "" {
			return r
		}
	}
	return store.ResponseRate{}
}

func TestStatesSetAdmitsObserversAndOrganisationsCountedApart(t *testing.T) {
	t.Parallel()
	st := newStoreWith(t, admitObservers)
	ctx := context.Background()
	submitStatesSet(t, st, "state", "Cambodia", "KH")
	mustState(t, st, "CO")
	submitStatesSet(t, st, "observer-state", "United States", "US")
	submitStatesSet(t, st, "organisation", "International Campaign to Ban Landmines", "CH")

	d, err := st.Dashboard(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[domain.RespondentKind]store.ResponseRate{
		"state":          {Audience: "states-parties", Kind: "state", Invited: 2, Started: 1, Submitted: 1},
		"observer-state": {Audience: "states-parties", Kind: "observer-state", Invited: 1, Started: 1, Submitted: 1},
		"organisation":   {Audience: "states-parties", Kind: "organisation", Invited: 1, Started: 1, Submitted: 1},
	} {
		if got := rateOf(d.Audiences, "states-parties", kind); got != want {
			t.Errorf("dashboard rate of %s = %+v, want %+v", kind, got, want)
		}
	}
	var inRegions int
	for _, r := range d.Regions {
		inRegions += r.Invited
	}
	if inRegions != 2 {
		t.Errorf("States counted over the regions = %d, want the 2 States Parties only", inRegions)
	}
	sum, err := st.Summary(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	var parties store.ResponseRate
	for _, r := range sum.Rates {
		if r.Kind == "state" {
			parties.Invited += r.Invited
			parties.Submitted += r.Submitted
		}
	}
	if parties.Invited != 2 || parties.Submitted != 1 {
		t.Errorf("summary: States Parties invited %d, submitted %d; want 2 and 1 (observers and organisations apart)",
			parties.Invited, parties.Submitted)
	}
	if got := sum.Questions[0].Answers; got != 3 {
		t.Errorf("answers to the States' question 1 = %d, want 3 (one per kind)", got)
	}
}

func TestKindsAQuestionSetAdmits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	plain := newStore(t)
	_, err := plain.Invite(ctx, store.NewRespondent{Consultation: slug2012, Audience: "states-parties",
		Kind: "observer-state", Name: "United States", Country: "US"})
	if e := wantKind(t, err, store.KindValidation, "validation_failed"); e.Fields["kind"] == "" {
		t.Fatalf("the 2012 set admits States Parties only; fields = %v", e.Fields)
	}
	st := newStoreWith(t, admitObservers)
	_, err = st.Invite(ctx, store.NewRespondent{Consultation: slug2012, Audience: "states-parties",
		Kind: "observer-state", Name: "Cambodia", Country: "KH"})
	if e := wantKind(t, err, store.KindValidation, "validation_failed"); e.Fields["country"] == "" {
		t.Fatalf("a State Party invited as an observer: fields = %v, want country", e.Fields)
	}
	_, err = st.Invite(ctx, store.NewRespondent{Consultation: slug2012, Audience: "survivors",
		Kind: "observer-state", Name: "United States", Country: "US"})
	if e := wantKind(t, err, store.KindValidation, "validation_failed"); e.Fields["kind"] == "" {
		t.Fatalf("an observer State in the survivors' set: fields = %v, want kind", e.Fields)
	}

	// A file cannot drop a kind that has respondents.
	submitStatesSet(t, st, "observer-state", "United States", "US")
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.LoadConsultation(ctx, f)
	wantKind(t, err, store.KindConflict, "kind_in_use")

	// A file that names a kind its audience cannot admit is refused.
	f.QuestionSets[1].Kinds = []domain.RespondentKind{"state"}
	_, err = st.LoadConsultation(ctx, f)
	wantKind(t, err, store.KindValidation, "invalid_consultation_file")
}

// mustRegister self-registers an organisation of the survivors and saves
// an answer to question 2 of their set, returning the principal and the
// link's token.
func mustRegister(t *testing.T, st *store.Store, name, country, text string) (*store.Principal, string) {
	t.Helper()
	ctx := context.Background()
	acc, err := st.Register(ctx, store.NewRespondent{Consultation: slug2012, Audience: "survivors", Name: name, Country: country})
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	p, err := st.Authenticate(ctx, acc.Token)
	if err != nil {
		t.Fatal(err)
	}
	if text != "" {
		mustSave(t, st, p, 0, store.AnswerInput{QuestionID: questionIDs(t, st, "survivors")[2], Text: text})
	}
	return p, acc.Token
}

func TestDashboardCountsUnverifiedOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	st := newStoreWith(t, admitObservers)
	ctx := context.Background()
	mustSubmitSurvivor(t, st, "Invited Network", "KH", "named", "en", "Text.")
	mustRegister(t, st, "Registered Network", "CO", "Draft.")

	d, err := st.Dashboard(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if got := rateOf(d.Audiences, "survivors", "organisation"); got.Invited != 1 || got.Started != 1 {
		t.Errorf("default rate = %+v, want the invited organisation only", got)
	}
	if d.Unverified != 1 || len(d.Respondents) != 2 {
		t.Errorf("unverified = %d, listed = %d; want 1 and both listed", d.Unverified, len(d.Respondents))
	}
	d, err = st.FindDashboard(ctx, store.DashboardFilter{Consultation: slug2012, IncludeUnverified: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := rateOf(d.Audiences, "survivors", "organisation"); got.Invited != 2 || got.Started != 2 {
		t.Errorf("rate with the unverified = %+v, want both", got)
	}
}

func TestMergeRegistrationsKeepsRevisionsAndContributors(t *testing.T) {
	t.Parallel()
	st := newStoreWith(t, admitObservers)
	ctx := context.Background()
	q := questionIDs(t, st, "survivors")
	keep, _ := mustRegister(t, st, "Landmine Survivors Network", "CO", "")
	mustSave(t, st, keep, 0, store.AnswerInput{QuestionID: q[1], Choice: "yes", Text: "Ours."})
	dup, dupToken := mustRegister(t, st, "Landmine Survivors Netwrok", "CO", "Second draft of question 2.")
	mustSave(t, st, dup, 1, store.AnswerInput{QuestionID: q[1], Choice: "no", Text: "Theirs."})
	cid := keep.ConsultationID

	m, err := st.MergeRespondents(ctx, "reviewer:1", cid, dup.RespondentID, keep.RespondentID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Contributors != 1 || m.Answers != 1 {
		t.Fatalf("merge = %d contributors, %d answers copied; want 1 and 1 (question 2 only)", m.Contributors, m.Answers)
	}
	// The duplicate's contributor now reaches the kept response, with both
	// answers: the kept one to question 1, the copied one to question 2.
	p, err := st.Authenticate(ctx, dupToken)
	if err != nil {
		t.Fatal(err)
	}
	if p.ResponseID != keep.ResponseID {
		t.Fatalf("the merged contributor reaches response %d, want %d", p.ResponseID, keep.ResponseID)
	}
	resp, err := st.FindResponse(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[int64]string{}
	for _, a := range resp.Answers {
		texts[a.QuestionID] = a.Text
	}
	if texts[q[1]] != "Ours." || texts[q[2]] != "Second draft of question 2." {
		t.Fatalf("answers after the merge = %v", texts)
	}
	var kept int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM answer_revisions WHERE response_id = $1`, dup.ResponseID).Scan(&kept); err != nil || kept != 2 {
		t.Fatalf("revisions of the merged response = %d, %v; want both kept", kept, err)
	}
	regs, err := st.FindRegistrations(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if len(regs) != 1 || regs[0].ID != keep.RespondentID || len(regs[0].Contributors) != 2 {
		t.Fatalf("registrations after the merge = %+v, want the kept one with both contributors", regs)
	}
	if got := auditActions(t, st, "reviewer:1"); len(got) != 1 || got[0] != "respondent.merge" {
		t.Fatalf("audit = %v", got)
	}
	_, err = st.MergeRespondents(ctx, "reviewer:1", cid, dup.RespondentID, keep.RespondentID)
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("merging a merged registration: err = %v, want ErrNotFound", err)
	}
	state := mustState(t, st, "KH")
	_, err = st.MergeRespondents(ctx, "reviewer:1", cid, keep.RespondentID, state.RespondentID)
	wantKind(t, err, store.KindValidation, "merge_refused")
}

func TestRemoveRegistrationKeepsSubmittedAnswersInTheAuditLogOnly(t *testing.T) {
	t.Parallel()
	st := newStoreWith(t, admitObservers)
	ctx := context.Background()
	mustSubmitSurvivor(t, st, "Real Network", "KH", "named", "en", "Real answer.")
	junk, junkToken := mustRegister(t, st, "zzzz", "AF", "")
	q := questionIDs(t, st, "survivors")
	v := mustSave(t, st, junk, 0,
		store.AnswerInput{QuestionID: q[1], Choice: "no", Text: "spam"},
		store.AnswerInput{QuestionID: q[2], Text: "spam"},
		store.AnswerInput{QuestionID: q[3], Choice: "no_difference", Text: "spam"})
	if _, err := st.SubmitResponse(ctx, junk, store.Submission{Version: v, Attribution: "named"}); err != nil {
		t.Fatal(err)
	}
	if sum, _ := st.Summary(ctx, slug2012); sum.Questions[4].Answers != 2 {
		t.Fatalf("answers before the removal = %d, want 2", sum.Questions[4].Answers)
	}

	rm, err := st.RemoveRespondent(ctx, "reviewer:1", junk.ConsultationID, junk.RespondentID)
	if err != nil {
		t.Fatal(err)
	}
	if !rm.Submitted || rm.Drafts != 3 || rm.Contributors != 1 {
		t.Fatalf("removal = %+v", rm)
	}
	sum, err := st.Summary(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if got := sum.Questions[4].Answers; got != 1 {
		t.Fatalf("answers after the removal = %d, want 1", got)
	}
	if _, err := st.Authenticate(ctx, junkToken); err == nil {
		t.Fatal("the removed registration's link still works")
	}
	entries, err := st.FindAudit(ctx, store.AuditFilter{Consultation: slug2012, Action: "respondent.remove"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit = %+v, %v", entries, err)
	}
	answers, _ := entries[0].Details["submitted_answers"].([]any)
	if len(answers) != 3 || entries[0].Details["name"] != "zzzz" {
		t.Fatalf("the audit entry keeps %+v, want the name and the 3 submitted answers", entries[0].Details)
	}
	var left int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM answer_revisions WHERE response_id = $1`, junk.ResponseID).Scan(&left)
	if left != 0 {
		t.Fatalf("revisions left = %d, want the drafts gone", left)
	}
	// Other revisions stay append-only.
	if _, err := st.Pool().Exec(ctx, `DELETE FROM answer_revisions`); err == nil {
		t.Fatal("answer_revisions accepted a DELETE outside a removal")
	}
	invited := mustState(t, st, "CO")
	_, err = st.RemoveRespondent(ctx, "reviewer:1", invited.ConsultationID, invited.RespondentID)
	wantKind(t, err, store.KindConflict, "not_a_registration")
}

func TestFindAuditFiltersAndPagesByKeyset(t *testing.T) {
	t.Parallel()
	st := newStoreWith(t, admitObservers)
	ctx := context.Background()
	var ids []int64
	for _, c := range []string{"AF", "CO", "KH", "SN", "TJ"} {
		p, _ := mustRegister(t, st, "Network "+c, c, "")
		ids = append(ids, p.RespondentID)
	}
	for _, id := range ids {
		if err := st.VerifyRespondent(ctx, "reviewer:9", id); err != nil {
			t.Fatal(err)
		}
	}
	var seen []int64
	var before int64
	for range 3 {
		page, err := st.FindAudit(ctx, store.AuditFilter{Consultation: slug2012, Action: "respondent.verify", Before: before, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			seen = append(seen, e.ID)
			if e.Actor != "reviewer:9" || e.Consultation != slug2012 {
				t.Fatalf("entry = %+v", e)
			}
		}
		if len(page) > 0 {
			before = page[len(page)-1].ID
		}
	}
	if len(seen) != 5 {
		t.Fatalf("pages held %d entries, want 5", len(seen))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] >= seen[i-1] {
			t.Fatalf("entries not newest first: %v", seen)
		}
	}
	all, err := st.FindAudit(ctx, store.AuditFilter{Consultation: slug2012, Action: "respondent.", Oldest: true})
	if err != nil || len(all) != 10 || all[0].Action != "respondent.register" {
		t.Fatalf("respondent.* oldest first = %d entries, %v", len(all), err)
	}
	later, err := st.FindAudit(ctx, store.AuditFilter{Consultation: slug2012, Since: time.Now().Add(time.Hour)})
	if err != nil || len(later) != 0 {
		t.Fatalf("since an hour from now = %d entries, %v", len(later), err)
	}
	if _, err := st.Pool().Exec(ctx, `UPDATE audit_log SET actor = 'x'`); err == nil {
		t.Fatal("the audit log accepted an UPDATE")
	}
	if _, err := st.FindAudit(ctx, store.AuditFilter{Consultation: "no-such"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown consultation: err = %v", err)
	}
}

func TestWithdrawResponseLeavesEveryCount(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	p := mustSubmitSurvivor(t, st, "Network", "KH", "named", "en", "Text.")
	second, err := st.Invite(ctx, store.NewRespondent{Consultation: slug2012, Audience: "survivors", Name: "Network",
		Country: "KH", Contributor: "Second official"})
	if err != nil {
		t.Fatal(err)
	}
	mustSubmitSurvivor(t, st, "Other Network", "CO", "named", "en", "Text.")
	if err = st.WithdrawResponse(ctx, p); err != nil {
		t.Fatal(err)
	}
	sum, err := st.Summary(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if got := sum.Questions[4].Answers; got != 1 {
		t.Errorf("answers after a withdrawal = %d, want 1", got)
	}
	var rows int
	err = st.Export(ctx, "cli", store.ExportRequest{Consultation: slug2012}, func(e *store.Export) error {
		return e.Rows(ctx, func(r *store.ExportRow) error {
			if r.Respondent == "Network" {
				t.Errorf("the export holds the withdrawn answer %+v", r)
			}
			rows++
			return nil
		})
	})
	if err != nil || rows != 3 {
		t.Fatalf("export rows = %d, %v; want the other network's 3", rows, err)
	}
	// Every link of the respondent stops working, the other contributor's too.
	if _, err := st.Authenticate(ctx, second.Token); err == nil {
		t.Fatal("a contributor's link works after the withdrawal")
	}
	if got := auditActions(t, st, "contributor:"+itoa(p.ContributorID)); got[len(got)-1] != "response.withdraw" {
		t.Fatalf("audit = %v", got)
	}
	d, _ := st.Dashboard(ctx, slug2012)
	if got := rateOf(d.Audiences, "survivors", "organisation"); got.Invited != 2 || got.Submitted != 1 {
		t.Errorf("dashboard = %+v, want 2 invited, 1 submitted", got)
	}

	closed := mustSubmitSurvivor(t, st, "Late Network", "AF", "named", "en", "Text.")
	past := time.Now().Add(-time.Hour)
	setWindow(t, st, nil, &past)
	wantKind(t, st.WithdrawResponse(ctx, closed), store.KindConflict, "consultation_closed")
}

func TestDeletePersonalDataAfterRetention(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	_, ind := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Kind: "individual", Name: "Ana Gómez",
		Country: "CO", Email: "ana@example.org"})
	q := questionIDs(t, st, "survivors")
	v := mustSave(t, st, ind, 0,
		store.AnswerInput{QuestionID: q[1], Choice: "yes", Text: "Kept."},
		store.AnswerInput{QuestionID: q[2], Text: "Kept."},
		store.AnswerInput{QuestionID: q[3], Choice: "no_difference", Text: "Kept."})
	if _, err := st.SubmitResponse(ctx, ind, store.Submission{Version: v, Attribution: "anonymous"}); err != nil {
		t.Fatal(err)
	}
	mustSubmitState(t, st, "KH", "named", "Kept.")
	if _, err := st.Pool().Exec(ctx, `INSERT INTO messages (consultation_id, contributor_id, kind, email, status)
		VALUES ($1, $2, 'invitation', 'ana@example.org', 'sent')`, ind.ConsultationID, ind.ContributorID); err != nil {
		t.Fatal(err)
	}

	_, err := st.DeletePersonalData(ctx, "cli", slug2012)
	wantKind(t, err, store.KindConflict, "no_retention_period")
	closed := time.Now().Add(-48 * time.Hour)
	setWindow(t, st, nil, &closed)
	if _, err := st.Pool().Exec(ctx, `UPDATE consultations SET retention_days = 30`); err != nil {
		t.Fatal(err)
	}
	_, err = st.DeletePersonalData(ctx, "cli", slug2012)
	wantKind(t, err, store.KindConflict, "retention_not_over")
	before, _ := st.Summary(ctx, slug2012)

	if _, err := st.Pool().Exec(ctx, `UPDATE consultations SET retention_days = 1`); err != nil {
		t.Fatal(err)
	}
	var messages int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM messages`).Scan(&messages)
	del, err := st.DeletePersonalData(ctx, "cli", slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if del.Individuals != 1 || del.Contributors != 2 || del.Emails != 1 || del.Links != 2 || del.Messages != messages || messages < 1 {
		t.Fatalf("deleted = %+v, want 1 individual, 2 contributors, 1 email, 2 links, %d messages", del, messages)
	}
	var names, emails int
	st.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE name <> $1), count(*) FILTER (WHERE email <> '')
		FROM contributors`, store.DeletedName).Scan(&names, &emails)
	if names != 0 || emails != 0 {
		t.Fatalf("contributors left with a name: %d, an email: %d", names, emails)
	}
	state, err := st.FindRespondentByID(ctx, ind.RespondentID)
	if err != nil || state.Name != store.DeletedName {
		t.Fatalf("individual = %+v, %v", state, err)
	}
	after, _ := st.Summary(ctx, slug2012)
	for i := range before.Questions {
		if before.Questions[i].Answers != after.Questions[i].Answers {
			t.Fatalf("question %d: %d answers before, %d after", i, before.Questions[i].Answers, after.Questions[i].Answers)
		}
	}
	again, err := st.DeletePersonalData(ctx, "cli", slug2012)
	if err != nil || again.Individuals+again.Contributors+again.Emails+again.Links != 0 || !again.AlreadyBefore {
		t.Fatalf("second run = %+v, %v; want nothing more", again, err)
	}
}
