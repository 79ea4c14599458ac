package store_test

import (
	"context"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// A copy holds what its submission held, not the draft edited since, and
// an earlier submission's copy survives a resubmission.
func TestSubmissionCopiesSurviveResubmission(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	_, p := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Kind: "organisation", Name: "Landmine Survivors Network",
		Country: "KH", Contributor: "Sok Dara"})
	q := questionIDs(t, st, "survivors")

	if _, err := st.FindSubmissionCopy(ctx, p, ""); err == nil {
		t.Fatal("a copy before any submission, want not_submitted")
	} else {
		wantKind(t, err, store.KindNotFound, "not_submitted")
	}
	if h, err := st.FindSubmissions(ctx, p); err != nil || len(h) != 0 {
		t.Fatalf("history before any submission = %v, %v; want none", h, err)
	}

	first := "First paragraph.\n\nSecond paragraph,\nwith a line break."
	v := mustSave(t, st, p, 0, store.AnswerInput{QuestionID: q[1], Choice: "partly", Text: "Sometimes"},
		store.AnswerInput{QuestionID: q[2], Text: first}, store.AnswerInput{QuestionID: q[3], Choice: "some_difference"})
	r1, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: "named", Language: "fr"})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	// A later draft is not in the copy.
	v = mustSave(t, st, p, v, store.AnswerInput{QuestionID: q[2], Text: "Rewritten"})
	c, err := st.FindSubmissionCopy(ctx, p, "")
	if err != nil {
		t.Fatalf("copy: %v", err)
	}
	if c.Receipt != r1.Receipt || c.Contributor != "Sok Dara" || c.Respondent != "Landmine Survivors Network" ||
		c.Country != "KH" || c.Attribution != "named" || !c.Kept {
		t.Fatalf("copy = %+v, want the first submission's receipt, who and attribution", c.SubmissionEntry)
	}
	if a, _ := c.Answer(q[2]); a.Text != first {
		t.Fatalf("copied answer 2 = %q, want %q as submitted", a.Text, first)
	}
	if a, _ := c.Answer(q[1]); a.Choice != "partly" || a.Text != "Sometimes" {
		t.Fatalf("copied answer 1 = %+v", a)
	}
	if c.Set == nil || len(c.Set.Questions) != 3 || c.Consultation.Slug != slug2012 {
		t.Fatalf("copy's question set = %+v", c.Set)
	}

	r2, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: "anonymous", Language: "en"})
	if err != nil {
		t.Fatalf("resubmit: %v", err)
	}
	last, err := st.FindSubmissionCopy(ctx, p, "")
	if err != nil {
		t.Fatalf("last copy: %v", err)
	}
	if a, _ := last.Answer(q[2]); last.Receipt != r2.Receipt || a.Text != "Rewritten" || last.Attribution != "anonymous" {
		t.Fatalf("last copy = %s %q %s, want %s with the rewritten text", last.Receipt, a.Text, last.Attribution, r2.Receipt)
	}
	earlier, err := st.FindSubmissionCopy(ctx, p, r1.Receipt)
	if err != nil {
		t.Fatalf("earlier copy: %v", err)
	}
	if a, _ := earlier.Answer(q[2]); a.Text != first || earlier.Attribution != "named" {
		t.Fatalf("earlier copy = %q %s, want the first text and attribution", a.Text, earlier.Attribution)
	}

	h, err := st.FindSubmissions(ctx, p)
	if err != nil {
		t.Fatalf("history: %v", err)
	}
	if len(h) != 2 || h[0].Receipt != r2.Receipt || h[1].Receipt != r1.Receipt || h[1].Contributor != "Sok Dara" {
		t.Fatalf("history = %+v, want the resubmission then the first", h)
	}

	// Another response's receipt is not this one's.
	other := mustState(t, st, "KH")
	if _, err := st.FindSubmissionCopy(ctx, other, r1.Receipt); err == nil {
		t.Fatal("another response's copy by its receipt, want not found")
	} else {
		wantKind(t, err, store.KindNotFound, "no_such_receipt")
	}
}

// A submission's receipt goes to every contributor of the respondent with
// an address, each in their language, and carries the copy of what was
// submitted.
func TestReceiptGoesToEveryContributorWithTheCopy(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	_, p := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH",
		Contributor: "Sok Dara", Email: "dara@example.org"})
	_, colleague := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH",
		Contributor: "Chan Sophea", Email: "sophea@example.org", Language: "es"})
	mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH", Contributor: "No Address"})
	if colleague.RespondentID != p.RespondentID {
		t.Fatalf("the colleague answers for respondent %d, want %d", colleague.RespondentID, p.RespondentID)
	}
	r := submitState(t, st, p)
	ms := messages(t, st)
	langs := map[string]string{}
	for _, m := range ms {
		if m.Kind == store.MessageReceipt {
			langs[m.Email] = m.Language
		}
	}
	if len(langs) != 2 || langs["dara@example.org"] != "fr" || langs["sophea@example.org"] != "es" {
		t.Fatalf("receipts = %v, want the submitter's in the page's language (fr) and the colleague's in hers (es)", langs)
	}
	for _, m := range ms {
		o, err := st.BeginSend(ctx, m.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if o.Copy == nil || o.Copy.Receipt != r.Receipt || o.Copy.Contributor != "Sok Dara" || len(o.Copy.Answers) != 4 || o.Copy.Set == nil {
			t.Fatalf("the receipt to %s carries the copy %+v, want the submission %s whole", m.Email, o.Copy, r.Receipt)
		}
	}
}
