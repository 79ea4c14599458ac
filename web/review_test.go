package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

const reviewerPassword = "correct horse battery staple"

// reviewer creates an account of role and signs it in through the form,
// returning the signed-in browser. An administrator enrols the second
// factor that the account must have.
func (e *env) reviewer(role string) *browser {
	e.t.Helper()
	email := role + "@example.org"
	if _, err := e.st.CreateReviewer(context.Background(), store.NewReviewer{Email: email, Name: "Reviewer " + role,
		Role: role, Password: reviewerPassword}, "cli"); err != nil {
		e.t.Fatalf("create reviewer: %v", err)
	}
	b := e.browser("en")
	form := b.get("/review/signin")
	wantStatus(e.t, form, http.StatusOK)
	signedIn := b.post("/review/signin", form, url.Values{"email": {email}, "password": {reviewerPassword}})
	if role == store.RoleAdmin {
		wantRedirect(e.t, signedIn, "/review/account/second-factor")
		b.enrol()
		return b
	}
	wantRedirect(e.t, signedIn, "/review")
	return b
}

// submit invites a respondent of audience, answers every question with
// text (and the first choice) and submits with attribution. It returns the
// principal.
func (e *env) submit(audience domain.Audience, country, name string, attribution domain.Attribution, text string) *store.Principal {
	e.t.Helper()
	ctx := context.Background()
	p, err := e.st.Authenticate(ctx, e.invite(audience, country, name, name))
	if err != nil {
		e.t.Fatal(err)
	}
	var in []store.AnswerInput
	for _, q := range e.questions(audience) {
		a := store.AnswerInput{QuestionID: q.ID, Text: text}
		if q.TakesChoice() {
			a.Choice = q.Choices[0].Value
		}
		if !q.TakesText() {
			a.Text = ""
		}
		in = append(in, a)
	}
	saved, err := e.st.SaveDraft(ctx, p, store.Draft{Answers: in})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.st.SubmitResponse(ctx, p, store.Submission{Version: saved.Version, Attribution: attribution, Language: "en"}); err != nil {
		e.t.Fatal(err)
	}
	return p
}

func wantLacks(t *testing.T, p page, parts ...string) {
	t.Helper()
	for _, s := range parts {
		if strings.Contains(p.Body, s) {
			t.Fatalf("page has %q:\n%s", s, p.Body)
		}
	}
}

func TestReviewerSignInAndOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	anon := e.browser("en")
	dash := "/review/c/" + e.c.Slug
	wantRedirect(t, anon.get(dash), "/review/signin?next="+url.QueryEscape(dash))
	wantRedirect(t, anon.get("/review"), "/review/signin")

	b := e.reviewer("co-chair")
	p := b.get(dash)
	wantStatus(t, p, http.StatusOK)
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "vaconsult_reviewer") {
			t.Fatalf("a page resets the session cookie: %q", c)
		}
	}
	// The session cookie stays under /review, HttpOnly and SameSite=Lax.
	form := anon.get("/review/signin")
	res := anon.post("/review/signin", form, url.Values{"email": {"co-chair@example.org"}, "password": {reviewerPassword},
		"next": {dash}})
	wantRedirect(t, res, dash)
	cookie := res.Header.Get("Set-Cookie")
	for _, want := range []string{"vaconsult_reviewer=", "Path=/review", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %q", cookie, want)
		}
	}
	// A next= that leaves the reviewers' pages is ignored.
	other := e.browser("en")
	form = other.get("/review/signin?next=//evil.example/review/")
	wantRedirect(t, other.post("/review/signin", form, url.Values{"email": {"co-chair@example.org"},
		"password": {reviewerPassword}, "next": {"//evil.example/x"}}), "/review")

	// Signing out revokes the session: the same cookie no longer opens a page.
	wantRedirect(t, b.post("/review/signout", p, url.Values{}), "/review/signin?signedout=1")
	wantContains(t, b.get("/review/signin?signedout=1"), "You have signed out.")
	wantStatus(t, anon.get(dash), http.StatusOK) // the other session is still alive
	wantRedirect(t, b.get(dash), "/review/signin?next="+url.QueryEscape(dash))
}

func TestReviewerReadsTagsAndSummarises(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	named := e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named", "We are asked.")
	e.submit(domain.AudienceSurvivors, "KH", "Quiet Organisation", "anonymous", "Sometimes.")
	e.submit(domain.AudienceSurvivors, "CO", "Private Group", "confidential", "Not really.")
	e.submit(domain.AudienceStatesParties, "KH", "Cambodia", "named", "We use a national database.")
	drafting, err := e.st.Authenticate(context.Background(), e.invite(domain.AudienceSurvivors, "KH", "Drafting Group", "D"))
	if err != nil {
		t.Fatal(err)
	}
	q1 := e.questions(domain.AudienceSurvivors)[0]
	if _, err := e.st.SaveDraft(context.Background(), drafting, store.Draft{Answers: []store.AnswerInput{
		{QuestionID: q1.ID, Choice: "no", Text: "A draft nobody may read"}}}); err != nil {
		t.Fatal(err)
	}
	b := e.reviewer("co-chair")

	home := b.get("/review")
	wantStatus(t, home, http.StatusOK)
	wantContains(t, home, `href="/review/c/`+e.c.Slug+`"`)
	wantLacks(t, home, `href="/review/reviewers"`)

	dash := b.get("/review/c/" + e.c.Slug)
	wantStatus(t, dash, http.StatusOK)
	wantContains(t, dash, "Response rates", "States Parties by region", "Drafting Group", "Started",
		`href="/review/c/`+e.c.Slug+`/country/KH"`, "/export?format=xlsx&amp;variant=internal")
	wantLacks(t, dash, "/verify") // co-chairs do not verify

	qpath := "/review/c/" + e.c.Slug + "/q/1?audience=survivors"
	q := b.get(qpath)
	wantStatus(t, q, http.StatusOK)
	wantContains(t, q, "Cambodian Survivors Network", "Organisation, Cambodia", "Not to be named",
		"Private Group", "For the Co-Chairs only", "<svg", `class="fill" width="100.0"`, "100.0%", "Submitted answers matching the filters: 3")
	wantLacks(t, q, "Quiet Organisation", "A draft nobody may read", "Drafting Group")
	wantContains(t, q, `action="/review/c/`+e.c.Slug+`/q/1/themes?audience=survivors"`,
		`action="/review/c/`+e.c.Slug+`/q/1/keypoints?audience=survivors"`)

	// Filters by a GET form.
	f := b.get(qpath + "&country=CO")
	wantContains(t, f, "Private Group", "Submitted answers matching the filters: 1")
	wantLacks(t, f, "Cambodian Survivors Network")

	// Themes: create, attach, count, filter, remove.
	wantStatus(t, b.post("/review/c/"+e.c.Slug+"/q/1/themes?audience=survivors", q, url.Values{"name": {""}}), http.StatusUnprocessableEntity)
	wantRedirect(t, b.post("/review/c/"+e.c.Slug+"/q/1/themes?audience=survivors", q, url.Values{"name": {"Not consulted"}}),
		"/review/c/"+e.c.Slug+"/q/1?audience=survivors&done=1#themes")
	dup := b.post("/review/c/"+e.c.Slug+"/q/1/themes?audience=survivors", q, url.Values{"name": {"not consulted"}})
	wantStatus(t, dup, http.StatusConflict)
	wantContains(t, dup, "This consultation already has a theme with that name", `value="not consulted"`,
		`href="/review/c/`+e.c.Slug+`/q/1?audience=survivors&amp;lang=fr"`)
	themes, err := e.st.FindThemes(context.Background(), e.c.ID)
	if err != nil || len(themes) != 1 {
		t.Fatalf("themes = %v, %v", themes, err)
	}
	tag := url.Values{"response": {itoa(named.ResponseID)}, "theme": {itoa(themes[0].ID)}}
	wantStatus(t, b.post("/review/c/"+e.c.Slug+"/q/1/tag?audience=survivors", q, tag), http.StatusSeeOther)
	byTheme := b.get(qpath + "&theme=" + itoa(themes[0].ID))
	wantContains(t, byTheme, "Cambodian Survivors Network", "Submitted answers matching the filters: 1")
	wantLacks(t, byTheme, "Private Group")
	wantStatus(t, b.post("/review/c/"+e.c.Slug+"/q/1/untag?audience=survivors", q, tag), http.StatusSeeOther)
	wantContains(t, b.get(qpath+"&theme="+itoa(themes[0].ID)), "No submitted answer matches the filters.")
	wantStatus(t, b.post("/review/c/"+e.c.Slug+"/q/1/themes", q, url.Values{"name": {"Mistake"}}), http.StatusNotFound)
	wantRedirect(t, b.post("/review/c/"+e.c.Slug+"/q/1/themes?audience=survivors", q, url.Values{"name": {"Mistake"}}),
		"/review/c/"+e.c.Slug+"/q/1?audience=survivors&done=1#themes")
	withMistake := b.get(qpath)
	mistake := between(between(withMistake.Body, `>Mistake</a>`, `/delete`), `/themes/`, `x`)
	// Themes belong to the consultation: another question's page asks too;
	// a theme that is not there is not found.
	wantStatus(t, b.post("/review/c/"+e.c.Slug+"/q/2/themes/"+mistake+"/delete?audience=survivors", q, url.Values{"version": {"1"}}), http.StatusOK)
	wantStatus(t, b.post("/review/c/"+e.c.Slug+"/q/2/themes/999999/delete?audience=survivors", q, url.Values{}), http.StatusNotFound)
	// A deletion is asked first, then done, then can be undone once.
	del := "/review/c/" + e.c.Slug + "/q/1/themes/" + mistake + "/delete?audience=survivors"
	ask := b.post(del, q, url.Values{"version": {"1"}})
	wantStatus(t, ask, http.StatusOK)
	wantContains(t, ask, "Delete the theme “Mistake”?", `name="confirm" value="yes"`, "No, keep it")
	wantContains(t, b.get(qpath), ">Mistake</a>")
	wantRedirect(t, b.post(del, ask, url.Values{"version": {"1"}, "confirm": {"yes"}}),
		"/review/c/"+e.c.Slug+"/q/1?audience=survivors&deleted="+mistake+"&done=1#themes")
	deleted := b.get(qpath + "&deleted=" + mistake + "&done=1")
	wantLacks(t, deleted, ">Mistake</a>")
	wantContains(t, deleted, "The theme “Mistake” has been deleted, with its tags.", "Undo: restore the theme")
	restore := "/review/c/" + e.c.Slug + "/q/1/themes/restore?audience=survivors"
	wantStatus(t, b.post(restore, deleted, url.Values{"theme": {mistake}}), http.StatusSeeOther)
	wantContains(t, b.get(qpath), ">Mistake</a>")
	wantStatus(t, b.post(restore, deleted, url.Values{"theme": {mistake}}), http.StatusConflict)
	again := between(between(b.get(qpath).Body, `>Mistake</a>`, `/delete`), `/themes/`, `x`)
	wantStatus(t, b.post("/review/c/"+e.c.Slug+"/q/1/themes/"+again+"/delete?audience=survivors", q,
		url.Values{"version": {"1"}, "confirm": {"yes"}}), http.StatusSeeOther)
	wantLacks(t, b.get(qpath), ">Mistake</a>")

	// Key points.
	long := url.Values{"keypoints": {strings.Repeat("x", 20001)}}
	bad := b.post("/review/c/"+e.c.Slug+"/q/1/keypoints?audience=survivors", q, long)
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, `href="#keypoints"`, "at most 20,000 characters")
	wantStatus(t, b.post("/review/c/"+e.c.Slug+"/q/1/keypoints?audience=survivors", q,
		url.Values{"keypoints": {"Survivors are rarely asked.\n\nStates say otherwise."}}), http.StatusSeeOther)
	wantContains(t, b.get(qpath), "Survivors are rarely asked.")

	// The country view sets the State's answers beside its survivors'.
	cv := b.get("/review/c/" + e.c.Slug + "/country/KH")
	wantStatus(t, cv, http.StatusOK)
	wantContains(t, cv, "Country view: Cambodia", "We use a national database.", "Cambodian Survivors Network", "Organisation, Cambodia")
	wantLacks(t, cv, "Private Group")
	wantStatus(t, b.get("/review/c/"+e.c.Slug+"/country/XX1"), http.StatusNotFound)
	wantStatus(t, b.get("/review/c/"+e.c.Slug+"/q/9?audience=survivors"), http.StatusNotFound)
	wantStatus(t, b.get("/review/c/"+e.c.Slug+"/q/1"), http.StatusNotFound)

	// Every change is in the audit log under the reviewer's name.
	var actions []string
	rows, err := e.st.Pool().Query(context.Background(), `SELECT action FROM audit_log WHERE actor LIKE 'reviewer:%' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		rows.Scan(&a)
		actions = append(actions, a)
	}
	rows.Close()
	want := "reviewer.sign_in theme.create answer.tag answer.untag theme.create theme.delete theme.restore theme.delete key_points.set"
	if got := strings.Join(actions, " "); got != want {
		t.Fatalf("audit = %q, want %q", got, want)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestReviewerExports(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.submit(domain.AudienceSurvivors, "CO", "Private Group", "confidential", "Secret text.")
	e.submit(domain.AudienceSurvivors, "KH", "Open Network", "named", "Open text.")
	b := e.reviewer("co-chair")
	base := "/review/c/" + e.c.Slug + "/export"
	pub := b.get(base + "?format=csv&variant=public")
	wantStatus(t, pub, http.StatusOK)
	if ct := pub.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("Content-Type = %q", ct)
	}
	if cd := pub.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "public") {
		t.Fatalf("Content-Disposition = %q", cd)
	}
	wantContains(t, pub, "Open Network", "Open text.")
	wantLacks(t, pub, "Secret text.", "Private Group")
	internal := b.get(base + "?format=json&variant=internal")
	wantStatus(t, internal, http.StatusOK)
	wantContains(t, internal, "Secret text.")
	for _, f := range []string{"xlsx", "html"} {
		wantStatus(t, b.get(base+"?format="+f+"&variant=public"), http.StatusOK)
	}
	wantStatus(t, b.get(base+"?format=pdf&variant=public"), http.StatusBadRequest)
	wantStatus(t, b.get("/review/c/no-such/export?format=csv&variant=public"), http.StatusNotFound)
	var n int
	if err := e.st.Pool().QueryRow(context.Background(),
		`SELECT count(*) FROM audit_log WHERE action = 'consultation.export' AND actor LIKE 'reviewer:%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Fatalf("exports in the audit log = %d, want 4", n)
	}
}

func TestAdminVerifiesAndAddsReviewers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(f *questionset.File) { f.SelfRegistration = true })
	acc, err := e.st.Register(context.Background(), store.NewRespondent{Consultation: e.c.Slug,
		Audience: domain.AudienceSurvivors, Kind: "individual", Name: "Self Registered", Country: "CO"})
	if err != nil {
		t.Fatal(err)
	}
	admin := e.reviewer("admin")
	dash := admin.get("/review/c/" + e.c.Slug)
	verify := "/review/c/" + e.c.Slug + "/respondents/" + itoa(acc.Respondent.ID) + "/verify"
	wantContains(t, dash, `action="`+verify+`"`, `href="/review/reviewers"`)
	wantRedirect(t, admin.post(verify, dash, url.Values{}), "/review/c/"+e.c.Slug+"?verified=1&from="+itoa(acc.Respondent.ID)+"#respondent-"+itoa(acc.Respondent.ID))
	r, err := e.st.FindRespondentByID(context.Background(), acc.Respondent.ID)
	if err != nil || !r.Verified {
		t.Fatalf("respondent = %+v, %v; want verified", r, err)
	}
	wantStatus(t, admin.post("/review/c/"+e.c.Slug+"/respondents/999999/verify", dash, url.Values{}), http.StatusNotFound)

	list := admin.get("/review/reviewers")
	wantStatus(t, list, http.StatusOK)
	bad := admin.post("/review/reviewers", list, url.Values{"name": {"Ana"}, "email": {"not an email"}, "role": {"co-chair"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, `href="#email"`, "Enter a valid email address", `value="Ana"`)
	wantRedirect(t, admin.post("/review/reviewers", list, url.Values{"name": {"Ana Chair"}, "email": {"Ana@Example.org"},
		"role": {"co-chair"}}), "/review/reviewers")
	shown := admin.get("/review/reviewers")
	wantContains(t, shown, "Account added", "ana@example.org", "Ana Chair")
	password := between(shown.Body, "<code>", "</code>")
	if len(password) < 12 {
		t.Fatalf("password shown = %q", password)
	}
	wantLacks(t, admin.get("/review/reviewers"), "Account added", password)
	if _, _, err := e.st.SignIn(context.Background(), "ana@example.org", password, "127.0.0.2"); err != nil {
		t.Fatalf("the new account cannot sign in with the password shown: %v", err)
	}
	taken := admin.post("/review/reviewers", list, url.Values{"name": {"Ana"}, "email": {"ana@example.org"}, "role": {"admin"}})
	wantStatus(t, taken, http.StatusConflict)
}

func between(s, from, to string) string {
	_, after, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, to)
	return v
}

func TestReviewerCookieIsSecureOverHTTPS(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	srv := httptest.NewServer(app.NewRouter(e.st, slog.New(slog.NewTextHandler(io.Discard, nil)), "https://consult.example.org"))
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	if _, err := e.st.CreateReviewer(context.Background(), store.NewReviewer{Email: "chair@example.org", Name: "Chair",
		Role: store.RoleCoChair, Password: reviewerPassword}, "cli"); err != nil {
		t.Fatal(err)
	}
	b := e.browser("en")
	form := b.get("/review/signin")
	// The jar does not send Secure cookies over plain HTTP: read the
	// Set-Cookie header instead.
	p := b.post("/review/signin", form, url.Values{"email": {"chair@example.org"}, "password": {reviewerPassword}})
	wantRedirect(t, p, "/review")
	// One cookie for the reviewers' pages, one for the administrators'.
	var paths []string
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "vaconsult_reviewer=") {
			for _, want := range []string{"Secure", "HttpOnly", "SameSite=Lax"} {
				if !strings.Contains(c+";", want) {
					t.Errorf("cookie %q lacks %q", c, want)
				}
			}
			for _, path := range []string{"/review", "/admin"} {
				if strings.Contains(c+";", "Path="+path+";") {
					paths = append(paths, path)
				}
			}
		}
	}
	if strings.Join(paths, " ") != "/review /admin" {
		t.Fatalf("reviewer session cookies for paths %q, want /review and /admin only", paths)
	}
}

func TestReviewerPagesThroughAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i := range 51 {
		e.submit(domain.AudienceSurvivors, "KH", "Organisation "+strconv.Itoa(i+1), "named", "Text.")
	}
	b := e.reviewer("co-chair")
	qpath := "/review/c/" + e.c.Slug + "/q/2?audience=survivors"
	first := b.get(qpath)
	wantContains(t, first, "Answers 1 to 50 of 51", `href="/review/c/`+e.c.Slug+`/q/2?audience=survivors&amp;page=2" rel="next"`)
	wantLacks(t, first, `rel="prev"`, "Organisation 51<")
	second := b.get(qpath + "&page=2")
	wantContains(t, second, "Answers 51 to 51 of 51", "Organisation 51<", `rel="prev"`)
	wantLacks(t, second, `rel="next"`)
}
