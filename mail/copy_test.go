package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/internal/smtptest"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
)

// A receipt carries the copy of what was submitted as a printable page,
// in the message's language, beside the answers in its text.
func TestReceiptCarriesTheCopy(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t, smtptest.Options{})
	answer := "Centres de réadaptation.\n\nDeuxième paragraphe."
	set := &store.QuestionSet{Title: store.Text{"en": "States Parties", "fr": "États parties"}, Questions: []store.Question{
		{ID: 7, Number: 1, Kind: questionset.KindText, Text: store.Text{"en": "Tools?", "fr": "Outils ?"}}}}
	cp := &store.SubmissionCopy{
		SubmissionEntry: store.SubmissionEntry{Receipt: "VA-1234-5678-9ABC", Attribution: "named",
			SubmittedAt: time.Date(2012, 5, 21, 10, 0, 0, 0, time.UTC), Contributor: "Sok Dara"},
		Consultation: &store.Consultation{Title: store.Text{"en": "Victim assistance"}, TimeZone: "Europe/Zurich"},
		Set:          set, Respondent: "Cambodge", Country: "KH", Kept: true,
		Answers: []store.CopiedAnswer{{QuestionID: 7, Text: answer, Language: "fr"}},
	}
	o := &store.Outgoing{
		Message: store.Message{Kind: store.MessageReceipt, Email: "dara@example.org", Language: "fr", Contributor: "Dara", Respondent: "Cambodge"},
		Slug:    "va-impact-2012", Title: store.Text{"en": "Victim assistance"}, Location: time.UTC, Receipt: "VA-1234-5678-9ABC",
		Answers: []store.SentAnswer{{Number: 1, Question: store.Text{"en": "Tools?", "fr": "Outils ?"}, Text: answer}},
		Copy:    cp,
	}
	if _, err := sender(t, srv.URL()).Send(context.Background(), renderer(t).Render(o)); err != nil {
		t.Fatal(err)
	}
	m := srv.Wait(t, 1, 5*time.Second)[0]
	if !strings.Contains(m.Text, "VA-1234-5678-9ABC") || !strings.Contains(m.Text, "> Centres de réadaptation.") {
		t.Errorf("the receipt's text lacks the receipt or the answer:\n%s", m.Text)
	}
	if len(m.Attachments) != 1 {
		t.Fatalf("attachments = %d, want the copy", len(m.Attachments))
	}
	a := m.Attachments[0]
	if a.Name != "submission-VA-1234-5678-9ABC.html" || a.ContentType != "text/html" {
		t.Errorf("attachment %q of type %q", a.Name, a.ContentType)
	}
	html := string(a.Body)
	for _, want := range []string{`lang="fr"`, "Copie des réponses soumises", "VA-1234-5678-9ABC", "Sok Dara", "Outils ?",
		answer, "21 mai 2012 à 12:00 CEST"} {
		if !strings.Contains(html, want) {
			t.Errorf("the attached copy lacks %q", want)
		}
	}
}
