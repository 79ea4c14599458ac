package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vaconsult/vaconsult/store"
)

var secretRE = regexp.MustCompile(`<code class="secret" dir="ltr"[^>]*>([A-Z2-7]+)</code>`)

// enrol sets up the second factor on the enrolment page, checks the page
// shows the QR code and the secret, and returns the secret and the
// recovery codes.
func (b *browser) enrol() (string, []string) {
	t := b.e.t
	t.Helper()
	p := b.get("/review/account/second-factor")
	wantStatus(t, p, http.StatusOK)
	wantContains(t, p, `<img src="data:image/png;base64,`)
	m := secretRE.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("no secret on the enrolment page:\n%s", p.Body)
	}
	code, _ := totp.GenerateCode(m[1], time.Now())
	done := b.post("/review/account/second-factor", p, url.Values{"code": {code}})
	wantStatus(t, done, http.StatusOK)
	wantContains(t, done, `class="recovery-codes"`)
	var codes []string
	for _, c := range regexp.MustCompile(`<li><code>([a-z2-7-]+)</code></li>`).FindAllStringSubmatch(done.Body, -1) {
		codes = append(codes, c[1])
	}
	if len(codes) != 10 {
		t.Fatalf("recovery codes shown: %v, want 10", codes)
	}
	return m[1], codes
}

// enrolledAdmin creates the account admin@example.org with a second
// factor and returns its secret.
func (e *env) enrolledAdmin() string {
	e.t.Helper()
	ctx := context.Background()
	r, err := e.st.CreateReviewer(ctx, store.NewReviewer{Email: "admin@example.org", Name: "Admin",
		Role: store.RoleAdmin, Password: reviewerPassword}, "cli")
	if err != nil {
		e.t.Fatal(err)
	}
	en, err := e.st.BeginEnrolment(ctx, r)
	if err != nil {
		e.t.Fatal(err)
	}
	// A code of the step before: the sign-in's own code is then unused.
	code, _ := totp.GenerateCode(en.Secret, time.Now().Add(-30*time.Second))
	if _, err := e.st.ConfirmEnrolment(ctx, r, "", code); err != nil {
		e.t.Fatal(err)
	}
	return en.Secret
}

// An administrator can do nothing before enrolling a second factor; then
// each sign-in asks for a code, which works once, or a recovery code.
func TestAdministratorMustEnrolSecondFactor(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.st.CreateReviewer(context.Background(), store.NewReviewer{Email: "admin@example.org", Name: "Admin",
		Role: store.RoleAdmin, Password: reviewerPassword}, "cli"); err != nil {
		t.Fatal(err)
	}
	b := e.browser("fr")
	form := b.get("/review/signin")
	wantRedirect(t, b.post("/review/signin", form, url.Values{"email": {"admin@example.org"}, "password": {reviewerPassword}}),
		"/review/account/second-factor")
	for _, path := range []string{"/review", "/review/reviewers", "/review/c/" + e.c.Slug, "/review/account"} {
		wantRedirect(t, b.get(path), "/review/account/second-factor")
	}
	enrolPage := b.get("/review/account/second-factor")
	wantContains(t, enrolPage, "Configurer un second facteur", "Les comptes d’administration exigent")
	first := secretRE.FindStringSubmatch(enrolPage.Body)[1]
	// A wrong code: the error summary, the same secret again, nothing on.
	bad := b.post("/review/account/second-factor", enrolPage, url.Values{"code": {"000000"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, `href="#code"`, "Ce code n’est pas le bon", first)
	wantRedirect(t, b.get("/review"), "/review/account/second-factor")

	secret, recovery := b.enrol()
	if secret == first {
		t.Fatal("opening the enrolment page again showed the same secret")
	}
	wantStatus(t, b.get("/review"), http.StatusOK)
	wantRedirect(t, b.get("/review/account/second-factor"), "/review/account")
	wantContains(t, b.get("/review/account"), "Activé")

	// The next sign-in asks for a code; until then no page opens.
	c := e.browser("en")
	form = c.get("/review/signin")
	next := "/review/c/" + e.c.Slug
	wantRedirect(t, c.post("/review/signin", form, url.Values{"email": {"admin@example.org"}, "password": {reviewerPassword},
		"next": {next}}), "/review/signin/code?next="+url.QueryEscape(next))
	wantRedirect(t, c.get("/review"), "/review/signin/code")
	codePage := c.get("/review/signin/code?next=" + url.QueryEscape(next))
	wantStatus(t, codePage, http.StatusOK)
	wrong := c.post("/review/signin/code", codePage, url.Values{"code": {"123456"}, "next": {next}})
	wantStatus(t, wrong, http.StatusUnprocessableEntity)
	wantContains(t, wrong, `href="#code"`, "This code is not right")
	wantRedirect(t, c.post("/review/signin/code", codePage, url.Values{"code": {recovery[3]}, "next": {next}}), next)
	wantStatus(t, c.get(next), http.StatusOK)

}

// Failed sign-ins make the next attempt wait, and say how long, in the
// page and in Retry-After.
func TestReviewerSignInErrorsAndDelays(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.reviewer("co-chair")
	b := e.browser("en")
	form := b.get("/review/signin")
	p := b.post("/review/signin", form, url.Values{"email": {""}, "password": {""}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	wantContains(t, p, "There is a problem", `href="#email"`, "Enter your email address", "Enter your password")
	for range 5 {
		p = b.post("/review/signin", form, url.Values{"email": {"co-chair@example.org"}, "password": {"wrong password!"}})
		wantStatus(t, p, http.StatusUnauthorized)
		wantContains(t, p, "The email address or the password is not right.", `value="co-chair@example.org"`)
	}
	// Five more failures (as if from this address, just now): the next
	// attempt waits 2^5 seconds, even with the right password.
	if _, err := e.st.Pool().Exec(context.Background(), `INSERT INTO rate_events (key)
		SELECT k FROM unnest(ARRAY['signin:address:127.0.0.1', 'signin:account:co-chair@example.org']) AS k, generate_series(1, 5)`); err != nil {
		t.Fatal(err)
	}
	p = b.post("/review/signin", form, url.Values{"email": {"co-chair@example.org"}, "password": {reviewerPassword}})
	wantStatus(t, p, http.StatusTooManyRequests)
	if !regexp.MustCompile(`Too many failed sign-in attempts from here. Wait 3[12] seconds, then try again.`).MatchString(p.Body) {
		t.Fatalf("page does not say to wait 32 seconds:\n%s", p.Body)
	}
	if got := p.Header.Get("Retry-After"); got != "32" && got != "31" {
		t.Fatalf("Retry-After = %q, want 32", got)
	}
	fr := e.browser("fr")
	p = fr.post("/review/signin", fr.get("/review/signin"), url.Values{"email": {"co-chair@example.org"}, "password": {"nope"}})
	wantStatus(t, p, http.StatusTooManyRequests)
	wantContains(t, p, "Attendez 3")
	// Once the wait is over, the right password works.
	if _, err := e.st.Pool().Exec(context.Background(), `UPDATE rate_events SET at = at - interval '1 hour'`); err != nil {
		t.Fatal(err)
	}
	wantRedirect(t, b.post("/review/signin", form, url.Values{"email": {"co-chair@example.org"}, "password": {reviewerPassword}}), "/review")
}

// A reviewer lists their sessions and ends one; changing the password
// ends every other one.
func TestReviewerSessionsAndPassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	laptop := e.reviewer("co-chair")
	phone := e.browser("en")
	wantRedirect(t, phone.post("/review/signin", phone.get("/review/signin"), url.Values{"email": {"co-chair@example.org"},
		"password": {reviewerPassword}}), "/review")
	tablet := e.browser("en")
	wantRedirect(t, tablet.post("/review/signin", tablet.get("/review/signin"), url.Values{"email": {"co-chair@example.org"},
		"password": {reviewerPassword}}), "/review")

	acct := laptop.get("/review/account")
	wantStatus(t, acct, http.StatusOK)
	ends := regexp.MustCompile(`action="(/review/account/sessions/\d+/end)"`).FindAllStringSubmatch(acct.Body, -1)
	if len(ends) != 3 || strings.Count(acct.Body, "this browser") != 1 {
		t.Fatalf("sessions listed: %v, want 3 with this browser marked once:\n%s", ends, acct.Body)
	}
	// The newest first: the tablet's.
	wantRedirect(t, laptop.post(ends[0][1], acct, url.Values{}), "/review/account?ended=1")
	wantRedirect(t, tablet.get("/review"), "/review/signin")
	wantStatus(t, phone.get("/review"), http.StatusOK)
	// Ending a session that is not one's own: not found.
	wantStatus(t, laptop.post("/review/account/sessions/999999/end", acct, url.Values{}), http.StatusNotFound)

	bad := laptop.post("/review/account/password", acct, url.Values{"current": {"wrong"}, "password": {"short"}, "confirm": {"other"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, `href="#current"`, `href="#password"`, `href="#confirm"`)
	wantStatus(t, phone.get("/review"), http.StatusOK)
	wantRedirect(t, laptop.post("/review/account/password", acct, url.Values{"current": {reviewerPassword},
		"password": {"a brand new passphrase"}, "confirm": {"a brand new passphrase"}}), "/review/account?password=1")
	wantContains(t, laptop.get("/review/account?password=1"), "Your password has been changed. Your other sessions have ended.")
	wantRedirect(t, phone.get("/review"), "/review/signin")
	wantStatus(t, laptop.get("/review"), http.StatusOK)
}
