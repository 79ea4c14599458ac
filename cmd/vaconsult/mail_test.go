package main_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/internal/smtptest"
	"github.com/vaconsult/vaconsult/refdata"
	"github.com/vaconsult/vaconsult/store"
)

func mailEnv(srv *smtptest.Server, extra ...string) []string {
	return append([]string{"SMTP_URL=" + srv.URL(), "MAIL_FROM=VA consultation <consult@example.org>"}, extra...)
}

// messageStatuses returns how many of the database's messages are in each
// status, and each message's status and reply by address.
func messageStatuses(t *testing.T, st *store.Store) (map[string]int, map[string]store.Message) {
	t.Helper()
	ms, err := st.FindMessages(context.Background(), store.MessageFilter{Consultation: "va-impact-2012", Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	counts, by := map[string]int{}, map[string]store.Message{}
	for _, m := range ms {
		counts[m.Status]++
		by[m.Email] = m
	}
	return counts, by
}

// Killing serve while it sends, then starting it again, loses no message
// and sends none twice: each is received once and marked sent, or marked
// failed ("interrupted; delivery unknown") when it was in the SMTP
// transaction when the process died.
func TestMailSurvivesAKillMidSend(t *testing.T) {
	t.Parallel()
	inFlight := make(chan struct{}, 100)
	srv := smtptest.Start(t, smtptest.Options{Delay: 600 * time.Millisecond, Receiving: func([]string) { inFlight <- struct{}{} }})
	dbURL := dbtest.NewDatabase(t)
	env := mailEnv(srv, "MAIL_RESCUE_AFTER=3s")
	first := startServer(t, dbURL, env...)

	st, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const n = 12
	countries := []string{"KH", "CO", "TD", "PE", "SD", "AF", "AO", "BA", "HR", "SN", "UG", "YE"}
	for i := 0; i < n; i++ {
		_, err := st.Invite(context.Background(), store.NewRespondent{Consultation: "va-impact-2012", Audience: "states-parties",
			Name: countries[i], Country: countries[i], Email: fmt.Sprintf("delegate%d@example.org", i), Send: true, Language: "fr"})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Kill it while the fourth message is in the SMTP transaction.
	for i := 0; i < 4; i++ {
		select {
		case <-inFlight:
		case <-time.After(60 * time.Second):
			t.Fatalf("the server sent %d messages in a minute", i)
		}
	}
	first.cmd.Process.Kill()
	<-first.done
	counts, _ := messageStatuses(t, st)
	if counts[store.MessageSending] == 0 {
		t.Fatalf("no message was being sent when the server was killed: %v", counts)
	}
	t.Logf("at the kill: %v", counts)

	startServer(t, dbURL, env...)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		counts, _ = messageStatuses(t, st)
		if counts[store.MessageSent]+counts[store.MessageFailed] == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the restart, messages stay unfinished: %v", counts)
		}
		time.Sleep(300 * time.Millisecond)
	}
	_, by := messageStatuses(t, st)
	received := map[string]int{}
	for _, m := range srv.Messages() {
		received[m.To[0]]++
	}
	for i := 0; i < n; i++ {
		addr := fmt.Sprintf("delegate%d@example.org", i)
		m := by[addr]
		switch {
		case received[addr] > 1:
			t.Errorf("%s received %d copies", addr, received[addr])
		case m.Status == store.MessageSent && received[addr] != 1:
			t.Errorf("%s marked sent, received %d times", addr, received[addr])
		case m.Status == store.MessageFailed && m.Reply != store.ReplyInterrupted:
			t.Errorf("%s failed with %q", addr, m.Reply)
		}
	}
	if counts[store.MessageFailed] == 0 {
		t.Errorf("no message marked interrupted: %v", counts)
	}
	t.Logf("after the restart: %v; %d messages received", counts, len(srv.Messages()))
}

// The whole secretariat's flow, from an empty database: 200 invitations
// sent by email, a respondent answering through the emailed link and
// getting a copy, a reminder that reaches only those who have not
// submitted, and a lost link replaced.
func TestInvitationsByEmailEndToEnd(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t, smtptest.Options{})
	dbURL := dbtest.NewDatabaseURL(t)
	s := startServer(t, dbURL, mailEnv(srv, "MAIL_RATE_PER_MINUTE=2000")...)

	// An administrator imports a list of 200: States Parties from the
	// reference data and survivors' networks, in four languages.
	parties, err := refdata.StatesParties()
	if err != nil {
		t.Fatal(err)
	}
	const total = 200
	var list strings.Builder
	list.WriteString("audience,kind,name,country,contributor,email,language\r\n")
	langs := []string{"en", "fr", "es", "ar"}
	for i := 0; i < total; i++ {
		if i < 150 {
			c := parties[i]
			fmt.Fprintf(&list, "states-parties,state,%q,%s,Delegate %s,contact%03d@example.org,%s\r\n", c.Name, c.ISO2, c.ISO2, i, langs[i%4])
			continue
		}
		fmt.Fprintf(&list, "survivors,organisation,Survivors' network %d,KH,Coordinator,contact%03d@example.org,%s\r\n", i, i, langs[i%4])
	}
	file := filepath.Join(t.TempDir(), "invitations.csv")
	if err := os.WriteFile(file, []byte(list.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) (string, error) {
		cmd := exec.Command(binary, args...)
		cmd.Env = append(append(os.Environ(), "DATABASE_URL="+s.dbURL, "BASE_URL="+s.url), mailEnv(srv)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return string(out), fmt.Errorf("%v: %s", err, stderr.String())
		}
		return string(out), nil
	}
	out, err := cli("invite", "--consultation", "va-impact-2012", "--file", file, "--send")
	if err != nil || !strings.HasPrefix(out, fmt.Sprintf("%d invitations queued", total)) {
		t.Fatalf("invite --file --send: %q %v", out, err)
	}
	invitations := srv.Wait(t, total, 3*time.Minute)

	if m := srv.To("contact003@example.org"); len(m) != 1 || m[0].Header.Get("Content-Language") != "ar" {
		t.Errorf("the fourth row's invitation is not in Arabic: %+v", m)
	}
	// The first State answers through the link in its email.
	first := srv.To("contact000@example.org")
	links := first[0].Links(s.url + "/r/")
	if len(first) != 1 || len(links) != 1 {
		t.Fatalf("contact000 got %d messages with links %v", len(first), links)
	}
	token := tokenOf(links[0])
	answerAndSubmit(t, s, token)
	receipt := srv.Wait(t, total+1, time.Minute)[total]
	if receipt.To[0] != "contact000@example.org" || !strings.Contains(receipt.Text, "VA-") || !strings.Contains(receipt.Text, "We ask survivors") {
		t.Fatalf("receipt to %v:\n%s", receipt.To, receipt.Text)
	}

	// A second one saves a draft, then loses the link.
	second := tokenOf(srv.To("contact001@example.org")[0].Links(s.url + "/r/")[0])
	saveDraft(t, s, second, "Draft kept")

	out, err = cli("remind", "--consultation", "va-impact-2012")
	if err != nil || !strings.HasPrefix(out, fmt.Sprintf("%d reminders queued", total-1)) {
		t.Fatalf("remind: %q %v", out, err)
	}
	all := srv.Wait(t, total+1+total-1, 2*time.Minute)
	if got := srv.To("contact000@example.org"); len(got) != 2 {
		t.Errorf("the State that submitted got %d messages, want the invitation and the receipt only", len(got))
	}
	for _, m := range all[total+1:] {
		if !strings.Contains(m.Text, "/lost-link") || len(m.Links(s.url+"/r/")) != 0 {
			t.Fatalf("reminder to %v carries no way back or a link:\n%s", m.To, m.Text)
		}
	}
	if out, err := cli("remind", "--consultation", "va-impact-2012"); err != nil || !strings.HasPrefix(out, "0 reminders queued") {
		t.Fatalf("second remind the same day: %q %v", out, err)
	}
	// Importing the same list again creates nothing and sends nothing.
	if out, err := cli("invite", "--consultation", "va-impact-2012", "--file", file, "--send"); err != nil || !strings.HasPrefix(out, "0 invitations queued") {
		t.Fatalf("second import: %q %v", out, err)
	}

	known := postJSON(t, s.url+"/api/v1/consultations/va-impact-2012/lost-link", `{"email": "Contact001@example.org"}`)
	unknown := postJSON(t, s.url+"/api/v1/consultations/va-impact-2012/lost-link", `{"email": "nobody@example.org"}`)
	if known != unknown || !strings.HasPrefix(known, "202 ") {
		t.Fatalf("lost link: known address %q, unknown %q; want the same 202", known, unknown)
	}
	lost := srv.Wait(t, len(all)+1, time.Minute)[len(all)]
	if lost.To[0] != "contact001@example.org" {
		t.Fatalf("lost-link message went to %v", lost.To)
	}
	newToken := tokenOf(lost.Links(s.url + "/r/")[0])
	if status, _ := getResponse(t, s, second); status != 401 {
		t.Errorf("the lost link still opens the response: %d", status)
	}
	if status, body := getResponse(t, s, newToken); status != 200 || !strings.Contains(body, "Draft kept") {
		t.Errorf("the new link: %d %s", status, body)
	}
	time.Sleep(time.Second)
	if got := len(srv.Messages()); got != len(all)+1 {
		t.Errorf("%d messages after the lost links, want %d: nothing to an unknown address", got, len(all)+1)
	}
	if len(invitations) != total {
		t.Errorf("%d invitations, want %d", len(invitations), total)
	}
}

// tokenOf returns the token of an access link.
func tokenOf(link string) string {
	_, tok, _ := strings.Cut(link, "/r/")
	tok, _, _ = strings.Cut(tok, "?")
	return tok
}

// answerAndSubmit opens the access link as a browser would, then answers
// the four questions and submits with its token.
func answerAndSubmit(t *testing.T, s *server, token string) {
	t.Helper()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(s.url + "/r/" + token)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/respond" {
		t.Fatalf("opening the emailed link: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	q := s.questionIDs(t, "states-parties")
	r := s.call(t, "PUT", "/api/v1/response", token, map[string]any{"version": 0, "answers": []any{
		answer(q[0], "Surveys"), answer(q[1], "A census"), answer(q[2], "To plan"), answer(q[3], "We ask survivors")}})
	want(t, r, 200)
	want(t, s.call(t, "POST", "/api/v1/response/submit", token, map[string]any{"version": r.body["version"], "attribution": "named"}), 200)
}

func saveDraft(t *testing.T, s *server, token, text string) {
	t.Helper()
	q := s.questionIDs(t, "states-parties")
	want(t, s.call(t, "PUT", "/api/v1/response", token, map[string]any{"version": 0, "answers": []any{answer(q[0], text)}}), 200)
}

func getResponse(t *testing.T, s *server, token string) (int, string) {
	t.Helper()
	r := s.call(t, "GET", "/api/v1/response", token, nil)
	return r.status, r.raw
}

// postJSON returns the status and body of a POST.
func postJSON(t *testing.T, url, body string) string {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %s", resp.StatusCode, b)
}
