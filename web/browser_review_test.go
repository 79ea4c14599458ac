package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// reviewerPages checks the reviewers' pages with axe-core, as an
// administrator sees them: every control there is.
func reviewerPages(t *testing.T, a *audit, lang string) {
	e := newStoreEnv(t, func(f *questionset.File) { f.SelfRegistration = true })
	live := startLive(t, e.handler())
	e.URL = "http://" + live.addr
	ctx := context.Background()
	named := e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named", "We are asked.\n\nSometimes.")
	e.submit(domain.AudienceSurvivors, "KH", "Quiet Organisation", "anonymous", "Rarely.")
	e.submit(domain.AudienceSurvivors, "CO", "Private Group", "confidential", "Never.")
	e.submit(domain.AudienceStatesParties, "KH", "Cambodia", "named", "A national database.")
	if _, err := e.st.Register(ctx, store.NewRespondent{Consultation: e.c.Slug, Audience: domain.AudienceSurvivors,
		Kind: "individual", Name: "Self Registered", Country: "CO"}); err != nil {
		t.Fatal(err)
	}
	// A row stored under a former code, which the dashboard flags.
	if _, err := e.st.Pool().Exec(ctx, `INSERT INTO respondents (consultation_id, question_set_id, audience, kind, name, country)
		SELECT consultation_id, id, audience, 'organisation', 'Volta Network', 'HV'
		FROM question_sets WHERE consultation_id = $1 AND audience = 'survivors'`, e.c.ID); err != nil {
		t.Fatal(err)
	}
	q1 := e.questions(domain.AudienceSurvivors)[0]
	th, err := e.st.CreateTheme(ctx, "cli", e.c.ID, "Not consulted")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.TagAnswer(ctx, "cli", named.ResponseID, q1.ID, th.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.SetKeyPoints(ctx, "cli", q1.ID, 0, "Survivors are rarely asked."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateReviewer(ctx, store.NewReviewer{Email: "admin@example.org", Name: "Admin",
		Role: store.RoleAdmin, Password: reviewerPassword}, "cli"); err != nil {
		t.Fatal(err)
	}

	tb := newTab(t, e.URL, true)
	tb.open("/review/signin?lang=" + lang)
	tb.waitPage("review_signin")
	a.check(tb, "review-signin")
	click(tb, `form button[type="submit"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	a.check(tb, "review-signin-errors")
	tb.eval(fmt.Sprintf(`document.getElementById("email").value = "admin@example.org";
		document.getElementById("password").value = %q; ""`, reviewerPassword))
	click(tb, `form button[type="submit"]`)
	// An administrator enrols a second factor first: the QR code and the
	// secret as text, the code's error, then the recovery codes.
	tb.waitPage("review_enrol")
	a.check(tb, "review-enrol")
	click(tb, `form[action="/review/account/second-factor"] button`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	a.check(tb, "review-enrol-errors")
	code, err := totp.GenerateCode(tb.text("code.secret"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tb.eval(fmt.Sprintf(`document.getElementById("code").value = %q; ""`, code))
	click(tb, `form[action="/review/account/second-factor"] button`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".recovery-codes")))
	a.check(tb, "review-recovery-codes")
	recovery := tb.text(".recovery-codes li")
	tb.open("/review/account")
	tb.waitPage("review_account")
	a.check(tb, "review-account")
	// The next sign-in asks for the code.
	click(tb, `form[action="/review/signout"] button`)
	tb.waitPage("review_signin")
	tb.eval(fmt.Sprintf(`document.getElementById("email").value = "admin@example.org";
		document.getElementById("password").value = %q; ""`, reviewerPassword))
	click(tb, `form button[type="submit"]`)
	tb.waitPage("review_code")
	a.check(tb, "review-code")
	tb.eval(fmt.Sprintf(`document.getElementById("code").value = %q; ""`, recovery))
	click(tb, `form[action="/review/signin/code"] button`)
	tb.waitPage("review_home")
	a.check(tb, "review-home")

	tb.open("/review/c/" + e.c.Slug)
	tb.waitPage("review_dashboard")
	a.check(tb, "review-dashboard")
	// Region names speak the page's language.
	region := map[string]string{"en": "East & South Asia & Pacific", "fr": "Asie de l’Est et du Sud et Pacifique",
		"es": "Asia Oriental y Meridional y Pacífico", "ar": "شرق وجنوب آسيا والمحيط الهادئ",
		"ru": "Восточная и Южная Азия и Тихий океан", "zh": "东亚、南亚和太平洋"}[lang]
	if got := tb.eval(`document.querySelector("caption#rates-region").closest("table").textContent`); !strings.Contains(got, region) {
		t.Errorf("%s dashboard: regions %q, want %q", lang, got, region)
	}
	tb.open("/review/c/" + e.c.Slug + "/q/1?audience=survivors")
	tb.waitPage("review_question")
	a.check(tb, "review-question")
	click(tb, `form[action*="/themes?"] button`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	a.check(tb, "review-question-errors")
	tb.open("/review/c/" + e.c.Slug + "/country/KH")
	tb.waitPage("review_country")
	a.check(tb, "review-country")
	tb.open("/review/reviewers")
	tb.waitPage("review_reviewers")
	tb.eval(`document.getElementById("name").value = "Ana Chair";
		document.getElementById("email").value = "ana@example.org"; ""`)
	click(tb, `form[action="/review/reviewers"] button`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".credentials")))
	a.check(tb, "review-reviewers")

	if _, err := e.st.Invite(ctx, store.NewRespondent{Consultation: e.c.Slug, Audience: domain.AudienceStatesParties,
		Name: "Peru", Country: "PE", Contributor: "Ana", Email: "ana@example.org"}); err != nil {
		t.Fatal(err)
	}
	tb.open("/admin/c/" + e.c.Slug + "/messages")
	tb.waitPage("review_messages")
	click(tb, `form[action$="/remind"] button`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".notice")))
	a.check(tb, "review-messages")
}
