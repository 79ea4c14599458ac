package mail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/vaconsult/vaconsult/internal/smtptest"
	"github.com/vaconsult/vaconsult/mail"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/locales"
)

func sender(t *testing.T, url string) *mail.Sender {
	t.Helper()
	cfg, err := mail.ParseConfig(url, "Secretariat VA <consult@example.org>")
	if err != nil {
		t.Fatal(err)
	}
	return mail.NewSender(cfg)
}

func renderer(t *testing.T) *mail.Renderer {
	t.Helper()
	catalogs, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	tr := func(l, key string, args ...any) string { return locales.NewPrinter(catalogs, l).T(key, args...) }
	return &mail.Renderer{T: tr, BaseURL: "https://consult.example.org"}
}

// An invitation in Arabic, to a person whose name is not in Latin letters
// and holds a line break, arrives with its name and subject intact, on one
// line each, no header added, and every line within SMTP's limit.
func TestInvitationArrivesEncoded(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t, smtptest.Options{})
	closes := time.Date(2012, 5, 21, 9, 0, 0, 0, time.UTC)
	o := &store.Outgoing{
		Message: store.Message{ID: 1, Kind: store.MessageInvitation, Email: "amina@example.org", Language: "ar",
			Contributor: "أمينة\r\nBcc: victim@example.org", Respondent: "جمهورية السودان"},
		Slug: "va-impact-2012", Title: store.Text{"en": "Victim assistance", "ar": "مساعدة الضحايا"},
		ClosesAt: &closes, Location: time.UTC, Token: strings.Repeat("A", 43),
	}
	env := renderer(t).Render(o)
	reply, err := sender(t, srv.URL()).Send(context.Background(), env)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if !strings.HasPrefix(reply, "250") {
		t.Errorf("reply = %q", reply)
	}
	m := srv.Wait(t, 1, 5*time.Second)[0]
	if m.Subject != "دعوتكم: مساعدة الضحايا" {
		t.Errorf("subject = %q", m.Subject)
	}
	if len(m.To) != 1 || m.To[0] != "amina@example.org" || m.Header.Get("Bcc") != "" {
		t.Errorf("recipients %v, Bcc %q: want amina@example.org alone", m.To, m.Header.Get("Bcc"))
	}
	if to := m.Header.Get("To"); !strings.Contains(to, "=?") || strings.ContainsAny(to, "\r\n") {
		t.Errorf("To header %q: want the name encoded, on one line", to)
	}
	if links := m.Links("https://consult.example.org/r/"); len(links) != 1 || !strings.HasSuffix(links[0], "?lang=ar") {
		t.Errorf("links = %v, want the access link once", links)
	}
	for _, want := range []string{"أمينة Bcc: victim@example.org", "جمهورية السودان", "21 أيار/مايو 2012", "/c/va-impact-2012/lost-link"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	for _, line := range strings.Split(string(m.Raw), "\r\n") {
		if len(line) > 78 {
			t.Fatalf("a line of %d bytes: %q", len(line), line)
		}
	}
	if got := m.Header.Get("Content-Language"); got != "ar" {
		t.Errorf("Content-Language = %q", got)
	}
}

// A receipt carries the answers as submitted; long answers are wrapped by
// the encoding, not cut.
func TestReceiptCarriesAnswers(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t, smtptest.Options{})
	long := strings.Repeat("Centres de réadaptation physique ", 40)
	o := &store.Outgoing{
		Message: store.Message{Kind: store.MessageReceipt, Email: "dara@example.org", Language: "fr", Contributor: "Dara", Respondent: "Cambodge"},
		Slug:    "va-impact-2012", Title: store.Text{"en": "Victim assistance"}, Location: time.UTC, Receipt: "VA-1234-5678-9ABC",
		Answers: []store.SentAnswer{{Number: 1, Question: store.Text{"en": "Tools?", "fr": "Outils ?"}, Text: long},
			{Number: 2, Question: store.Text{"en": "Included?"}, Choice: store.Text{"en": "Partly", "fr": "En partie"}}},
	}
	if _, err := sender(t, srv.URL()).Send(context.Background(), renderer(t).Render(o)); err != nil {
		t.Fatal(err)
	}
	m := srv.Wait(t, 1, 5*time.Second)[0]
	for _, want := range []string{"VA-1234-5678-9ABC", "Question 1 : Outils ?", "> " + long, "Question 2 : Included?", "> En partie"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("receipt lacks %q", want)
		}
	}
	if !strings.Contains(m.Subject, "VA-1234-5678-9ABC") {
		t.Errorf("subject = %q", m.Subject)
	}
}

// "Try again later" (4xx) and an unreachable server are temporary; a
// refusal (5xx) is permanent, with the server's reply.
func TestSendTellsTemporaryFromPermanent(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t, smtptest.Options{Reject: func(to string) *smtp.SMTPError {
		if strings.HasPrefix(to, "later") {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "greylisted, try later"}
		}
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}})
	s := sender(t, srv.URL())
	for _, tc := range []struct {
		to        string
		temporary bool
		reply     string
	}{{"later@example.org", true, "451"}, {"gone@example.org", false, "550"}} {
		_, err := s.Send(context.Background(), mail.Envelope{ToName: "X", To: tc.to, Subject: "S", Body: "B", Lang: "en"})
		var me *mail.Error
		ok := errors.As(err, &me)
		if !ok || me.Temporary != tc.temporary || !strings.Contains(me.Reply, tc.reply) {
			t.Errorf("send to %s: %#v, want temporary=%v with %s", tc.to, err, tc.temporary, tc.reply)
		}
	}
	_, err := sender(t, "smtp://127.0.0.1:1").Send(context.Background(), mail.Envelope{To: "a@example.org", Subject: "S", Body: "B"})
	if me := (*mail.Error)(nil); !errors.As(err, &me) || !me.Temporary {
		t.Errorf("unreachable server: %#v, want a temporary error", err)
	}
	_, err = s.Send(context.Background(), mail.Envelope{ToName: "A\nBcc: b@example.org", To: "a@example.org", Subject: "S", Body: "B"})
	if me := (*mail.Error)(nil); !errors.As(err, &me) || me.Temporary {
		t.Errorf("a line break in a name: %#v, want a permanent refusal", err)
	}
	if len(srv.Messages()) != 0 {
		t.Errorf("the server accepted %d messages", len(srv.Messages()))
	}
}

// User and password come from SMTP_URL, and are sent only once STARTTLS
// has encrypted the connection.
func TestSendAuthenticatesOverSTARTTLS(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t, smtptest.Options{User: "mailer", Password: "s3cret", STARTTLS: true})
	env := mail.Envelope{ToName: "A", To: "a@example.org", Subject: "S", Body: "B", Lang: "en"}
	send := func(url string) error {
		cfg, err := mail.ParseConfig(url, "consult@example.org")
		if err != nil {
			t.Fatal(err)
		}
		cfg.TLSConfig = srv.TLSClientConfig
		_, err = mail.NewSender(cfg).Send(context.Background(), env)
		return err
	}
	if err := send(srv.URL()); err != nil {
		t.Fatalf("send with credentials: %v", err)
	}
	if m := srv.Wait(t, 1, 5*time.Second)[0]; m.AuthUser != "mailer" {
		t.Errorf("authenticated as %q", m.AuthUser)
	}
	if err := send("smtp://mailer:hunter2@" + srv.Addr); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("wrong password: %v, want a failure that does not repeat the password", err)
	}
	// Without STARTTLS, the password is not sent in clear.
	plain := smtptest.Start(t, smtptest.Options{User: "mailer", Password: "s3cret"})
	if _, err := sender(t, plain.URL()).Send(context.Background(), env); err == nil || len(plain.Messages()) != 0 {
		t.Errorf("credentials over an unencrypted connection: %v, want a refusal", err)
	}
}

func TestParseConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, from string
		ok        bool
		port      int
		tls       bool
	}{
		{"smtp://user:pass@mail.example.org:587", "consult@example.org", true, 587, false},
		{"smtp://mail.example.org", "VA <consult@example.org>", true, 25, false},
		{"smtps://mail.example.org", "consult@example.org", true, 465, true},
		{"http://mail.example.org", "consult@example.org", false, 0, false},
		{"smtp://mail.example.org:99999", "consult@example.org", false, 0, false},
		{"smtp://user:hunter2@mail.example.org:x", "consult@example.org", false, 0, false},
		{"smtp://mail.example.org", "", false, 0, false},
		{"smtp://mail.example.org", "consult@example.org\r\nBcc: x@example.org", false, 0, false},
	} {
		c, err := mail.ParseConfig(tc.url, tc.from)
		if (err == nil) != tc.ok || (tc.ok && (c.Port != tc.port || c.TLS != tc.tls)) {
			t.Errorf("ParseConfig(%q, %q) = %+v, %v", tc.url, tc.from, c, err)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error repeats the password: %v", err)
		}
	}
}
