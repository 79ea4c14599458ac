package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/store"
)

// A request for approval names who asks and for whom; a receipt names the
// approver who submitted.
func TestApprovalRequestAndApprovedReceipt(t *testing.T) {
	t.Parallel()
	base := store.Outgoing{Message: store.Message{Email: "sok@example.org", Language: "fr", Contributor: "Sok Dara", Respondent: "Cambodge"},
		Slug: "va-impact-2012", Title: store.Text{"en": "Victim assistance"}, Location: time.UTC, Receipt: "VA-1234-5678-9ABC"}
	ask := base
	ask.Kind, ask.RequestedBy = store.MessageApprovalRequest, "Chan Sophea"
	env := renderer(t).Render(&ask)
	if !strings.Contains(env.Subject, "Cambodge") || !strings.Contains(env.Body, "Chan Sophea vous demande d’approuver les réponses de Cambodge") ||
		!strings.Contains(env.Body, "https://consult.example.org/c/va-impact-2012/lost-link") {
		t.Errorf("approval request:\n%s\n%s", env.Subject, env.Body)
	}
	receipt := base
	receipt.Kind, receipt.ApprovedBy = store.MessageReceipt, "Sok Dara"
	if env := renderer(t).Render(&receipt); !strings.Contains(env.Body, "Approuvées et soumises par Sok Dara.") {
		t.Errorf("receipt lacks its approver:\n%s", env.Body)
	}
}
