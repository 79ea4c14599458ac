package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Who asks, in the columns of the authorization matrix.
const (
	none = iota
	respondent
	coChair
	admin
	disabled // a reviewer whose account was disabled after signing in
	principals
)

var principalNames = [principals]string{"no session", "respondent", "co-chair", "admin", "disabled reviewer"}

// authzRow is one registered route with a request that exercises it, and
// the status each principal gets. A disabled reviewer gets what no session
// gets, unless the row says otherwise.
type authzRow struct {
	method, route string // as registered with gin
	path          string // a concrete request
	form          url.Values
	want          [principals]int
}

// caller is a principal: a browser with their cookies and the CSRF field
// of one of their pages, and for the API their bearer token. cookie is
// sent with every request, for the disabled reviewer whose session cookie
// the server clears at the first refusal.
type caller struct {
	b      *browser
	csrf   string
	token  string
	cookie string
}

// TestAuthorizationMatrix asks every registered route as each principal
// and checks the status. Every route must be in the table, so that a new
// route cannot be added without deciding who may call it. Reviewers' pages
// send anyone without a reviewer's session (a respondent's included) to
// the sign-in page with 303; the API answers 401 without a token of the
// right kind; admin-only pages answer a co-chair 403.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(f *questionset.File) { f.SelfRegistration = true })
	sub := e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named", "Text.")
	slug := e.c.Slug
	asset := assetRE.FindStringSubmatch(e.browser("en").get("/").Body)[1]

	callers := newCallers(t, e)

	// Statuses, in the order: no session, respondent, co-chair, admin.
	const (
		ok      = http.StatusOK
		see     = http.StatusSeeOther
		unauth  = http.StatusUnauthorized
		forbid  = http.StatusForbidden
		missing = http.StatusNotFound
		invalid = http.StatusUnprocessableEntity
	)
	reviewer := [principals]int{see, see, ok, ok}
	q := "/review/c/" + slug + "/q/1"
	rows := []authzRow{
		// Health checks and static files: anyone.
		{method: "GET", route: "/healthz", want: [principals]int{ok, ok, ok, ok}},
		{method: "HEAD", route: "/healthz", want: [principals]int{ok, ok, ok, ok}},
		{method: "GET", route: "/readyz", want: [principals]int{ok, ok, ok, ok}},
		{method: "HEAD", route: "/readyz", want: [principals]int{ok, ok, ok, ok}},
		{method: "GET", route: "/static/:name", path: asset, want: [principals]int{ok, ok, ok, ok}},
		{method: "GET", route: "/sw.js", want: [principals]int{ok, ok, ok, ok}},

		// Public API.
		{method: "GET", route: "/api/v1/openapi.json", want: [principals]int{ok, ok, ok, ok}},
		{method: "GET", route: "/api/v1/consultations", want: [principals]int{ok, ok, ok, ok}},
		{method: "GET", route: "/api/v1/consultations/:slug", want: [principals]int{ok, ok, ok, ok}},
		{method: "POST", route: "/api/v1/consultations/:slug/registrations", want: [principals]int{invalid, invalid, invalid, invalid}},
		{method: "POST", route: "/api/v1/consultations/:slug/lost-link", want: [principals]int{invalid, invalid, invalid, invalid}},
		// Respondent API: an access link's token only.
		{method: "GET", route: "/api/v1/response", want: [principals]int{unauth, ok, unauth, unauth}},
		{method: "PUT", route: "/api/v1/response", want: [principals]int{unauth, invalid, unauth, unauth}},
		{method: "POST", route: "/api/v1/response/submit", want: [principals]int{unauth, invalid, unauth, unauth}},
		{method: "POST", route: "/api/v1/response/withdraw", want: [principals]int{unauth, invalid, unauth, unauth}},
		// The consultation follows no earlier one: no previous answers.
		{method: "GET", route: "/api/v1/response/previous", want: [principals]int{unauth, missing, unauth, unauth}},
		// Reviewer API: a reviewer's personal token only.
		{method: "GET", route: "/api/v1/consultations/:slug/summary", want: [principals]int{unauth, unauth, ok, ok}},
		{method: "GET", route: "/api/v1/consultations/:slug/export", path: "/api/v1/consultations/" + slug + "/export?format=csv&variant=public",
			want: [principals]int{unauth, unauth, ok, ok}},
		{method: "GET", route: "/api/v1/consultations/:slug/report", path: "/api/v1/consultations/" + slug + "/report?format=docx",
			want: [principals]int{unauth, unauth, ok, ok}},
		// Administrator API.
		{method: "POST", route: "/api/v1/consultations/:slug/invitations", want: [principals]int{unauth, unauth, forbid, http.StatusBadRequest}},

		// Public pages.
		{method: "GET", route: "/", want: [principals]int{ok, ok, ok, ok}},
		{method: "GET", route: "/c/:slug", want: [principals]int{ok, ok, ok, ok}},
		{method: "GET", route: "/c/:slug/register", want: [principals]int{ok, ok, ok, ok}},
		{method: "POST", route: "/c/:slug/register", want: [principals]int{invalid, invalid, invalid, invalid}},
		{method: "GET", route: "/c/:slug/lost-link", want: [principals]int{ok, ok, ok, ok}},
		{method: "GET", route: "/c/:slug/questionnaire/:audience", path: "/c/" + slug + "/questionnaire/survivors", want: [principals]int{ok, ok, ok, ok}},
		{method: "GET", route: "/c/:slug/questionnaire/:audience/docx", path: "/c/" + slug + "/questionnaire/survivors/docx", want: [principals]int{ok, ok, ok, ok}},
		// Public once an administrator publishes the results; not found
		// before, by anyone (TestResultsPage reads them once published).
		{method: "GET", route: "/c/:slug/results", want: [principals]int{missing, missing, missing, missing}},
		{method: "GET", route: "/c/:slug/results/:id", path: "/c/" + slug + "/results/1", want: [principals]int{missing, missing, missing, missing}},
		{method: "POST", route: "/c/:slug/lost-link", want: [principals]int{invalid, invalid, invalid, invalid}},
		{method: "GET", route: "/r/:token", path: "/r/not-a-token", want: [principals]int{missing, missing, missing, missing}},
		{method: "POST", route: "/r/:token", path: "/r/not-a-token", want: [principals]int{missing, missing, missing, missing}},
		// Respondent pages: a respondent's session only. A reviewer's
		// session is no respondent's.
		{method: "GET", route: "/respond", want: [principals]int{unauth, ok, unauth, unauth}},
		{method: "POST", route: "/respond", want: [principals]int{unauth, see, unauth, unauth}},
		{method: "POST", route: "/respond/draft", want: [principals]int{unauth, ok, unauth, unauth}},
		{method: "GET", route: "/respond/registered", want: [principals]int{unauth, ok, unauth, unauth}},
		// Without the cookie of a link just shown, back to the page.
		{method: "POST", route: "/respond/registered/link/download", want: [principals]int{unauth, see, unauth, unauth}},
		{method: "POST", route: "/respond/registered/link/email", want: [principals]int{unauth, see, unauth, unauth}},
		{method: "GET", route: "/respond/check", want: [principals]int{unauth, ok, unauth, unauth}},
		{method: "POST", route: "/respond/submit", want: [principals]int{unauth, invalid, unauth, unauth}},
		{method: "POST", route: "/respond/withdraw", want: [principals]int{unauth, invalid, unauth, unauth}},
		{method: "GET", route: "/respond/confirmation", want: [principals]int{unauth, see, unauth, unauth}},
		// The history of submissions and the copy of each, on the pages and
		// over the API: this respondent has not submitted, so has no copy.
		{method: "GET", route: "/respond/submissions", want: [principals]int{unauth, ok, unauth, unauth}},
		{method: "GET", route: "/respond/copy", want: [principals]int{unauth, missing, unauth, unauth}},
		{method: "GET", route: "/api/v1/response/submissions", want: [principals]int{unauth, ok, unauth, unauth}},
		{method: "GET", route: "/api/v1/response/copy", want: [principals]int{unauth, missing, unauth, unauth}},
		// Sign-off: a respondent's contributor only; this respondent has no
		// approver, so asking for approval is refused.
		{method: "POST", route: "/respond/approval-request", want: [principals]int{unauth, http.StatusConflict, unauth, unauth}},
		{method: "POST", route: "/api/v1/response/approval-request", want: [principals]int{unauth, http.StatusConflict, unauth, unauth}},
		// A response's documents: its contributors' only, by session or
		// access token; reviewers download those of submitted responses.
		{method: "POST", route: "/respond/attachments", want: [principals]int{unauth, invalid, unauth, unauth}},
		{method: "GET", route: "/respond/attachments/:id", path: "/respond/attachments/999999", want: [principals]int{unauth, missing, unauth, unauth}},
		{method: "POST", route: "/respond/attachments/:id/remove", path: "/respond/attachments/999999/remove",
			want: [principals]int{unauth, missing, unauth, unauth}},
		{method: "GET", route: "/api/v1/response/attachments", want: [principals]int{unauth, ok, unauth, unauth}},
		{method: "POST", route: "/api/v1/response/attachments", want: [principals]int{unauth, http.StatusUnsupportedMediaType, unauth, unauth}},
		{method: "GET", route: "/api/v1/response/attachments/:id", path: "/api/v1/response/attachments/999999",
			want: [principals]int{unauth, missing, unauth, unauth}},
		{method: "DELETE", route: "/api/v1/response/attachments/:id", path: "/api/v1/response/attachments/999999",
			want: [principals]int{unauth, missing, unauth, unauth}},
		{method: "GET", route: "/review/c/:slug/attachments/:id", path: "/review/c/" + slug + "/attachments/999999",
			want: [principals]int{see, see, missing, missing}},

		// Reviewers' pages.
		{method: "GET", route: "/review/signin", want: [principals]int{ok, ok, see, see}},
		{method: "POST", route: "/review/signin", want: [principals]int{invalid, invalid, invalid, invalid}},
		// The code of the second factor: a session that waits for it only;
		// any other is sent on.
		{method: "GET", route: "/review/signin/code", want: [principals]int{see, see, see, see}},
		{method: "POST", route: "/review/signin/code", want: [principals]int{see, see, see, see}},
		// Enrolment: the co-chair has no second factor yet, the
		// administrator has one, and is sent to the account page.
		{method: "GET", route: "/review/account/second-factor", want: [principals]int{see, see, ok, see}},
		{method: "POST", route: "/review/account/second-factor", want: [principals]int{see, see, invalid, see}},
		// One's own account.
		{method: "GET", route: "/review/account", want: reviewer},
		{method: "POST", route: "/review/account/password", want: [principals]int{see, see, invalid, invalid}},
		{method: "POST", route: "/review/account/sessions/:id/end", path: "/review/account/sessions/999999/end",
			want: [principals]int{see, see, missing, missing}},
		{method: "GET", route: "/review", want: reviewer},
		{method: "GET", route: "/review/c/:slug", want: reviewer},
		{method: "GET", route: "/review/c/:slug/themes", want: reviewer},
		{method: "POST", route: "/review/c/:slug/themes", want: [principals]int{see, see, invalid, invalid}},
		{method: "POST", route: "/review/c/:slug/themes/restore", form: url.Values{"theme": {"999999"}},
			want: [principals]int{see, see, missing, missing}},
		{method: "POST", route: "/review/c/:slug/themes/:theme/delete", path: "/review/c/" + slug + "/themes/999999/delete",
			want: [principals]int{see, see, missing, missing}},
		{method: "POST", route: "/review/c/:slug/themes/:theme/rename", path: "/review/c/" + slug + "/themes/999999/rename",
			form: url.Values{"name": {"Renamed"}, "version": {"1"}}, want: [principals]int{see, see, missing, missing}},
		{method: "GET", route: "/review/c/:slug/q/:number", path: q + "?audience=survivors", want: reviewer},
		{method: "POST", route: "/review/c/:slug/q/:number/themes", path: q + "/themes?audience=survivors",
			want: [principals]int{see, see, invalid, invalid}},
		{method: "POST", route: "/review/c/:slug/q/:number/themes/restore", path: q + "/themes/restore?audience=survivors",
			form: url.Values{"theme": {"999999"}}, want: [principals]int{see, see, missing, missing}},
		{method: "POST", route: "/review/c/:slug/q/:number/themes/:theme/delete", path: q + "/themes/999999/delete?audience=survivors",
			want: [principals]int{see, see, missing, missing}},
		{method: "POST", route: "/review/c/:slug/q/:number/themes/:theme/rename", path: q + "/themes/999999/rename?audience=survivors",
			form: url.Values{"name": {"Renamed"}, "version": {"1"}}, want: [principals]int{see, see, missing, missing}},
		{method: "POST", route: "/review/c/:slug/q/:number/tag", path: q + "/tag?audience=survivors",
			want: [principals]int{see, see, invalid, invalid}},
		{method: "POST", route: "/review/c/:slug/q/:number/untag", path: q + "/untag?audience=survivors",
			want: [principals]int{see, see, invalid, invalid}},
		{method: "POST", route: "/review/c/:slug/q/:number/keypoints", path: q + "/keypoints?audience=survivors",
			form: url.Values{"keypoints": {"Key points."}}, want: [principals]int{see, see, see, see}},
		{method: "POST", route: "/review/c/:slug/q/:number/quotes", path: q + "/quotes?audience=survivors",
			want: [principals]int{see, see, invalid, invalid}},
		{method: "POST", route: "/review/c/:slug/q/:number/quotes/:quote/remove", path: q + "/quotes/999999/remove?audience=survivors",
			want: [principals]int{see, see, missing, missing}},
		{method: "POST", route: "/review/c/:slug/q/:number/quotes/:quote/move", path: q + "/quotes/999999/move?audience=survivors",
			form: url.Values{"by": {"-1"}}, want: [principals]int{see, see, missing, missing}},
		{method: "POST", route: "/review/c/:slug/q/:number/quotes/:quote/note", path: q + "/quotes/999999/note?audience=survivors",
			form: url.Values{"note": {"A note."}}, want: [principals]int{see, see, missing, missing}},
		{method: "GET", route: "/review/c/:slug/country/:cc", path: "/review/c/" + slug + "/country/KH", want: reviewer},
		{method: "GET", route: "/review/c/:slug/export", path: "/review/c/" + slug + "/export?format=csv&variant=internal", want: reviewer},
		{method: "GET", route: "/review/c/:slug/answers/:response/:question/translations", path: "/review/c/" + slug + "/answers/999999/1/translations",
			want: [principals]int{see, see, missing, missing}},
		{method: "POST", route: "/review/c/:slug/answers/:response/:question/translations", path: "/review/c/" + slug + "/answers/999999/1/translations",
			want: [principals]int{see, see, missing, missing}},
		{method: "POST", route: "/review/c/:slug/answers/:response/:question/translations/machine", path: "/review/c/" + slug + "/answers/999999/1/translations/machine",
			want: [principals]int{see, see, missing, missing}},
		{method: "GET", route: "/review/c/:slug/report", path: "/review/c/" + slug + "/report?in=fr", want: reviewer},
		{method: "POST", route: "/review/c/:slug/report", form: url.Values{"in": {"fr"}, "version": {"0"}, "introduction": {"x"}},
			want: [principals]int{see, see, see, see}},
		// Administrators only.
		{method: "POST", route: "/review/c/:slug/respondents/:id/verify",
			path: "/review/c/" + slug + "/respondents/" + itoa(sub.RespondentID) + "/verify", want: [principals]int{see, see, forbid, see}},
		{method: "GET", route: "/review/reviewers", want: [principals]int{see, see, forbid, ok}},
		{method: "POST", route: "/review/reviewers", want: [principals]int{see, see, forbid, invalid}},
		{method: "GET", route: "/admin/invitations/template.csv", want: [principals]int{see, see, forbid, ok}},
		{method: "GET", route: "/admin/invitations/states-parties.csv", want: [principals]int{see, see, forbid, ok}},
		{method: "GET", route: "/admin/c/:slug/invitations", want: [principals]int{see, see, forbid, ok}},
		{method: "POST", route: "/admin/c/:slug/invitations/preview", want: [principals]int{see, see, forbid, invalid}},
		{method: "POST", route: "/admin/c/:slug/invitations/import", want: [principals]int{see, see, forbid, invalid}},
		{method: "POST", route: "/admin/c/:slug/invitations/reissue", want: [principals]int{see, see, forbid, invalid}},
		{method: "POST", route: "/admin/c/:slug/invitations/links.csv", want: [principals]int{see, see, forbid, invalid}},
		// Consultations: Co-Chairs read, administrators act.
		{method: "GET", route: "/admin/consultations", want: reviewer},
		{method: "GET", route: "/admin/c/:slug", want: reviewer},
		{method: "GET", route: "/admin/c/:slug/preview/:audience", path: "/admin/c/" + slug + "/preview/survivors", want: reviewer},
		{method: "GET", route: "/admin/c/:slug/form.xlsx", want: reviewer},
		{method: "GET", route: "/admin/c/:slug/form.yaml", want: reviewer},
		{method: "POST", route: "/admin/consultations/upload", want: [principals]int{see, see, forbid, invalid}},
		{method: "POST", route: "/admin/consultations/copy", want: [principals]int{see, see, forbid, invalid}},
		{method: "POST", route: "/admin/c/:slug/status", want: [principals]int{see, see, forbid, invalid}},
		{method: "POST", route: "/admin/c/:slug/closing", want: [principals]int{see, see, forbid, invalid}},
		{method: "GET", route: "/admin/c/:slug/settings", want: [principals]int{see, see, forbid, ok}},
		{method: "POST", route: "/admin/c/:slug/settings", want: [principals]int{see, see, forbid, invalid}},
		{method: "GET", route: "/admin/c/:slug/texts/:lang", path: "/admin/c/" + slug + "/texts/fr", want: [principals]int{see, see, forbid, ok}},
		{method: "POST", route: "/admin/c/:slug/texts/:lang", path: "/admin/c/" + slug + "/texts/en", want: [principals]int{see, see, forbid, invalid}},
		{method: "GET", route: "/admin/c/:slug/registrations", want: [principals]int{see, see, forbid, ok}},
		{method: "POST", route: "/admin/c/:slug/registrations/:id/verify", path: "/admin/c/" + slug + "/registrations/999999/verify",
			want: [principals]int{see, see, forbid, missing}},
		{method: "POST", route: "/admin/c/:slug/registrations/:id/merge", path: "/admin/c/" + slug + "/registrations/999999/merge",
			form: url.Values{"into": {"999998"}}, want: [principals]int{see, see, forbid, missing}},
		{method: "POST", route: "/admin/c/:slug/registrations/:id/remove", path: "/admin/c/" + slug + "/registrations/999999/remove",
			form: url.Values{"confirm": {"yes"}}, want: [principals]int{see, see, forbid, missing}},
		{method: "POST", route: "/admin/c/:slug/personal-data/delete", want: [principals]int{see, see, forbid, invalid}},
		{method: "GET", route: "/admin/c/:slug/audit", want: [principals]int{see, see, forbid, ok}},
		{method: "GET", route: "/admin/c/:slug/messages", want: [principals]int{see, see, forbid, ok}},
		{method: "POST", route: "/admin/c/:slug/remind", want: [principals]int{see, see, forbid, see}},
		// Last, as it ends the sessions.
		{method: "POST", route: "/review/signout", want: [principals]int{see, see, see, see}},
		{method: "POST", route: "/signout", want: [principals]int{see, see, see, see}},
	}

	checkRoutesCovered(t, e, rows)
	for _, row := range rows {
		if row.want[disabled] == 0 {
			row.want[disabled] = row.want[none]
		}
		path := row.path
		if path == "" {
			path = strings.ReplaceAll(row.route, ":slug", slug)
		}
		for p := range principals {
			got := callers[p].ask(t, row.method, path, row.form)
			if got.Status != row.want[p] {
				t.Errorf("%s %s as %s = %d, want %d", row.method, path, principalNames[p], got.Status, row.want[p])
				continue
			}
			// Without a reviewer's session, a reviewer's page only ever
			// sends the browser to the sign-in page.
			if (strings.HasPrefix(row.route, "/review") || strings.HasPrefix(row.route, "/admin")) && (p < coChair || p == disabled) &&
				got.Status == see && row.route != "/review/signout" {
				if loc := got.Header.Get("Location"); !strings.HasPrefix(loc, "/review/signin") {
					t.Errorf("%s %s as %s sends to %q, want the sign-in page", row.method, path, principalNames[p], loc)
				}
			}
		}
	}
}

// disabledReviewer signs a co-chair in, takes an API token, then disables
// the account: neither its session nor its token may work.
func disabledReviewer(t *testing.T, e *env) caller {
	t.Helper()
	ctx := context.Background()
	const email = "gone@example.org"
	if _, err := e.st.CreateReviewer(ctx, store.NewReviewer{Email: email, Name: "Former co-chair",
		Role: store.RoleCoChair, Password: reviewerPassword}, "cli"); err != nil {
		t.Fatal(err)
	}
	b := e.browser("en")
	form := b.get("/review/signin")
	wantRedirect(t, b.post("/review/signin", form, url.Values{"email": {email}, "password": {reviewerPassword}}), "/review")
	csrf := hidden(t, b.get("/review"), "csrf")
	token, err := e.st.CreateReviewerToken(ctx, email, "cli")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(e.URL + "/review")
	var cookie string
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "vaconsult_reviewer" {
			cookie = c.Name + "=" + c.Value
		}
	}
	if cookie == "" {
		t.Fatal("no reviewer cookie after signing in")
	}
	if err := e.st.DisableReviewer(ctx, email, "cli"); err != nil {
		t.Fatal(err)
	}
	return caller{b: b, csrf: csrf, token: token, cookie: cookie}
}

// newCallers signs in one caller of each principal: a stranger, the
// contributor of a State Party, a co-chair, an administrator and a
// reviewer whose account was disabled.
func newCallers(t *testing.T, e *env) [principals]caller {
	t.Helper()
	var callers [principals]caller
	callers[none] = caller{b: e.browser("en")}
	callers[none].csrf = hidden(t, callers[none].b.get("/review/signin"), "csrf")
	access := e.invite(domain.AudienceStatesParties, "NO", "Norway", "Ola")
	rb := e.browser("en")
	wantRedirect(t, rb.get("/r/"+access), "/respond")
	callers[respondent] = caller{b: rb, csrf: hidden(t, rb.get("/review/signin"), "csrf"), token: access}
	for _, p := range []int{coChair, admin} {
		role := map[int]string{coChair: "co-chair", admin: "admin"}[p]
		b := e.reviewer(role)
		token, err := e.st.CreateReviewerToken(context.Background(), role+"@example.org", "cli")
		if err != nil {
			t.Fatal(err)
		}
		callers[p] = caller{b: b, csrf: hidden(t, b.get("/review"), "csrf"), token: token}
	}
	callers[disabled] = disabledReviewer(t, e)
	return callers
}

// ask sends one request as the caller: a form with their CSRF field to the
// pages, their bearer token to the API.
func (c caller) ask(t *testing.T, method, path string, form url.Values) page {
	t.Helper()
	var header []string
	if strings.HasPrefix(path, "/api/") {
		if c.token != "" {
			header = append(header, "Authorization", "Bearer "+c.token)
		}
		if method != "GET" && method != "HEAD" {
			header = append(header, "Content-Type", "application/json")
			return c.b.doBody(method, path, "{}", header...)
		}
		return c.b.do(method, path, nil, header...)
	}
	if c.cookie != "" {
		header = append(header, "Cookie", c.cookie)
	}
	if method == "POST" {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("csrf", c.csrf)
		return c.b.do(method, path, f, header...)
	}
	return c.b.do(method, path, nil, header...)
}

// checkRoutesCovered fails for every registered route the table lacks,
// and for every row no route matches.
func checkRoutesCovered(t *testing.T, e *env, rows []authzRow) {
	t.Helper()
	inTable := map[string]bool{}
	for _, r := range rows {
		inTable[r.method+" "+r.route] = true
	}
	var missing []string
	registered := map[string]bool{}
	for _, r := range e.handler().(*gin.Engine).Routes() {
		key := r.Method + " " + r.Path
		registered[key] = true
		if !inTable[key] {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("route %s is not in the authorization matrix: add it, with who may call it", m)
	}
	for key := range inTable {
		if !registered[key] {
			t.Errorf("the matrix has %s, which is not a registered route", key)
		}
	}
}

// doBody sends a request with a raw body, for the API.
func (b *browser) doBody(method, path, body string, header ...string) page {
	b.e.t.Helper()
	req, err := http.NewRequest(method, b.e.URL+path, strings.NewReader(body))
	if err != nil {
		b.e.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return page{Status: res.StatusCode, Header: res.Header, Body: string(raw)}
}
