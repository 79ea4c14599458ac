package main_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/internal/smtptest"
	"github.com/vaconsult/vaconsult/store"
)

// Two serve processes on one database, reached on two ports and nothing
// else, take one delegation's requests in turn: a save on one is read and
// submitted on the other, the browser's session works on both, the receipt
// is emailed once although both work the mail queue, a consultation
// changed from the command line shows on both, and the limits on lost-link
// requests count the requests made to either.
func TestTwoServersTakeTurns(t *testing.T) {
	t.Parallel()
	mail := smtptest.Start(t, smtptest.Options{})
	dbURL := dbtest.NewDatabaseURL(t)
	a := startServer(t, dbURL, mailEnv(mail)...) // the first creates the database and migrates it
	b := startServer(t, dbURL, mailEnv(mail)...)

	tok := a.invite(t, "--audience", "states-parties", "--name", "Cambodia", "--country", "KH",
		"--contributor", "Sok", "--email", "sok@example.org")
	q := b.questionIDs(t, "states-parties")
	r := a.call(t, "PUT", "/api/v1/response", tok, map[string]any{"version": 0, "answers": []any{
		answer(q[0], "Saved on the first"), answer(q[1], "A census"), answer(q[2], "To plan"), answer(q[3], "We ask survivors")}})
	want(t, r, 200)
	if got := b.call(t, "GET", "/api/v1/response", tok, nil); !strings.Contains(got.raw, "Saved on the first") {
		t.Fatalf("the second server reads %s", got.raw)
	}
	sub := b.call(t, "POST", "/api/v1/response/submit", tok, map[string]any{"version": r.body["version"], "attribution": "named"})
	want(t, sub, 200)

	// One browser, whose cookies do not depend on the port: the session
	// the access link opens on one server is the session on the other.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	if resp := get(t, browser, a.url+"/r/"+tok); resp.StatusCode != 200 {
		t.Fatalf("the access link on the first server: %d", resp.StatusCode)
	}
	if resp := get(t, browser, b.url+"/respond/confirmation"); resp.StatusCode != 200 {
		t.Fatalf("the receipt page on the second server: %d", resp.StatusCode)
	}

	// A consultation changed with vaconsult load shows on both at once.
	f, err := consultations.Files.ReadFile(consultations.DefaultFile)
	if err != nil {
		t.Fatal(err)
	}
	const title = "Victim assistance: measuring, monitoring and reporting impact"
	changed := strings.Replace(string(f), `en: "Victim assistance: measuring and reporting impact"`, fmt.Sprintf("en: %q", title), 1)
	path := filepath.Join(t.TempDir(), "retitled.yaml")
	if err := os.WriteFile(path, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := a.cli("load", path); err != nil {
		t.Fatalf("load: %s %v", out, err)
	}
	for _, s := range []*server{a, b} {
		if got := s.call(t, "GET", "/api/v1/consultations/va-impact-2012", "", nil); got.body["title"] != title {
			t.Fatalf("%s shows the title %v after the change", s.url, got.body["title"])
		}
	}

	// Lost links: ten requests an hour from one address, whichever server
	// takes them; at most three messages an hour to one address.
	statuses := map[int]int{}
	for i := range store.LostLinksPerHourFromAddress + 2 {
		s := []*server{a, b}[i%2]
		got := postJSON(t, s.url+"/api/v1/consultations/va-impact-2012/lost-link", `{"email":"sok@example.org"}`)
		status := 0
		fmt.Sscan(got, &status)
		statuses[status]++
	}
	if statuses[202] != store.LostLinksPerHourFromAddress || statuses[429] != 2 {
		t.Fatalf("lost-link requests to both servers answered %v, want %d × 202 then 2 × 429", statuses, store.LostLinksPerHourFromAddress)
	}
	msgs := mail.Wait(t, 1+store.LostLinksPerHourToEmail, time.Minute)
	time.Sleep(2 * time.Second) // time enough for a second copy from the other server
	if n := len(mail.To("sok@example.org")); n != 1+store.LostLinksPerHourToEmail {
		t.Fatalf("sok@example.org received %d messages, want the receipt and %d new links", n, store.LostLinksPerHourToEmail)
	}
	receipt, _ := sub.body["receipt"].(string)
	receipts := 0
	for _, m := range msgs {
		if strings.Contains(m.Text, receipt) {
			receipts++
		}
	}
	if receipts != 1 {
		t.Fatalf("the receipt %s arrived %d times", receipt, receipts)
	}
}

// The mail rate holds across servers: with a limit of three messages a
// minute, two servers working one queue send three, not six.
func TestMailRateHoldsAcrossServers(t *testing.T) {
	t.Parallel()
	mail := smtptest.Start(t, smtptest.Options{})
	dbURL := dbtest.NewDatabaseURL(t)
	env := mailEnv(mail, "MAIL_RATE_PER_MINUTE=3")
	startServer(t, dbURL, env...)
	startServer(t, dbURL, env...)
	st, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i, country := range []string{"KH", "CO", "TD", "PE", "SD", "AF"} {
		if _, err := st.Invite(context.Background(), store.NewRespondent{Consultation: "va-impact-2012", Audience: "states-parties",
			Name: country, Country: country, Email: fmt.Sprintf("delegate%d@example.org", i), Send: true}); err != nil {
			t.Fatal(err)
		}
	}
	mail.Wait(t, 3, time.Minute)
	time.Sleep(5 * time.Second) // two servers each sending three would have sent the rest by now
	if n := len(mail.Messages()); n != 3 {
		t.Fatalf("%d messages sent within the minute, want 3", n)
	}
}

func get(t *testing.T, c *http.Client, url string) *http.Response {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}
