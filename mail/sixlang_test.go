package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/store"
)

// Every message reads in Russian and in Chinese, with the consultation's
// own title in that language and the closing date written its way.
func TestMessagesInRussianAndChinese(t *testing.T) {
	t.Parallel()
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	closes := time.Date(2012, 5, 25, 16, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		lang    string
		subject string
		text    []string
	}{
		{"ru", "Ваше приглашение: Помощь жертвам: измерение воздействия и отчётность о нём",
			[]string{"Здравствуйте, Фируза!", "от имени Таджикистан", "25 мая 2012 г., 16:00 UTC", "Секретариат консультации"}},
		{"zh", "您的邀请：受害者援助：衡量和报告影响",
			[]string{"Фируза：您好！", "代表Таджикистан回答", "2012年5月25日 16:00 UTC", "本次磋商秘书处"}},
	} {
		for _, kind := range []string{store.MessageInvitation, store.MessageReminder, store.MessageLostLink, store.MessageReceipt, store.MessageResults, store.MessageApprovalRequest} {
			o := &store.Outgoing{
				Message: store.Message{Kind: kind, Email: "f@example.org", Language: tt.lang, Contributor: "Фируза", Respondent: "Таджикистан"},
				Slug:    "va-impact-2012", Title: f.Title, ClosesAt: &closes, Location: time.UTC,
				Token: strings.Repeat("A", 43), Receipt: "VA-1234-5678-9ABC",
			}
			env := renderer(t).Render(o)
			if env.Lang != tt.lang || strings.Contains(env.Body, "%!") || strings.Contains(env.Body, "mail.") {
				t.Errorf("%s %s: language %q, body:\n%s", tt.lang, kind, env.Lang, env.Body)
			}
			if strings.Contains(env.Subject+env.Body, "Dear") || strings.Contains(env.Body, "secretariat") {
				t.Errorf("%s %s: English left in:\n%s\n%s", tt.lang, kind, env.Subject, env.Body)
			}
			if kind != store.MessageInvitation {
				continue
			}
			if env.Subject != tt.subject {
				t.Errorf("%s subject = %q, want %q", tt.lang, env.Subject, tt.subject)
			}
			for _, want := range tt.text {
				if !strings.Contains(env.Body, want) {
					t.Errorf("%s invitation lacks %q:\n%s", tt.lang, want, env.Body)
				}
			}
		}
	}
}
