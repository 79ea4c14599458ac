package main_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/internal/smtptest"
)

// Publishing the results from the command line opens the results page and
// emails each contributor with an address, through the real server's mail
// queue, a message that links to it.
func TestPublishingResultsTellsContributors(t *testing.T) {
	t.Parallel()
	mail := smtptest.Start(t, smtptest.Options{})
	s := startServer(t, dbtest.NewDatabaseURL(t), mailEnv(mail)...)
	tok := s.invite(t, "--audience", "states-parties", "--name", "Colombia", "--country", "CO",
		"--contributor", "Ana", "--email", "ana@example.org", "--language", "es")
	answerAndSubmit(t, s, tok)
	results := s.url + "/c/va-impact-2012/results"
	if resp := get(t, http.DefaultClient, results); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("results before publishing: %d", resp.StatusCode)
	}
	for _, set := range []string{"closed", "published"} {
		if out, err := s.cli("status", "--consultation", "va-impact-2012", "--set", set); err != nil {
			t.Fatalf("status --set %s: %s %v", set, out, err)
		}
	}
	var notice *smtptest.Message
	deadline := time.Now().Add(time.Minute)
	for notice == nil && time.Now().Before(deadline) {
		for _, m := range mail.To("ana@example.org") {
			if strings.HasPrefix(m.Subject, "Resultados publicados") {
				notice = &m
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	if notice == nil {
		t.Fatal("no message about the published results reached ana@example.org")
	}
	links := notice.Links(results)
	if len(links) != 1 || links[0] != results+"?lang=es" {
		t.Fatalf("the message links to %v:\n%s", links, notice.Text)
	}
	if resp := get(t, http.DefaultClient, links[0]); resp.StatusCode != http.StatusOK {
		t.Fatalf("the results page the message links to: %d", resp.StatusCode)
	}
}
