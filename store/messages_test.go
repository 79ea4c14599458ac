package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/store"
)

// submitState answers the States Parties' four questions for p and submits.
func submitState(t *testing.T, st *store.Store, p *store.Principal) *store.Response {
	t.Helper()
	q := questionIDs(t, st, "states-parties")
	v := mustSave(t, st, p, 0, store.AnswerInput{QuestionID: q[1], Text: "Surveys"}, store.AnswerInput{QuestionID: q[2], Text: "A 2010 census"},
		store.AnswerInput{QuestionID: q[3], Text: "To plan"}, store.AnswerInput{QuestionID: q[4], Text: "We ask survivors"})
	r, err := st.SubmitResponse(context.Background(), p, store.Submission{Version: v, Attribution: "named", Language: "fr"})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return r
}

func messages(t *testing.T, st *store.Store) []store.Message {
	t.Helper()
	ms, err := st.FindMessages(context.Background(), store.MessageFilter{Consultation: slug2012})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func jobs(t *testing.T, st *store.Store, kind string) int {
	t.Helper()
	var n int
	if err := st.Pool().QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = $1`, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A submission queues its receipt in its own transaction: once, for the
// contributor who submitted, when they have an address.
func TestReceiptQueuedWithSubmission(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	_, p := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH",
		Contributor: "Sok Dara", Email: "dara@example.org"})
	_, err := st.SubmitResponse(context.Background(), p, store.Submission{Version: 0, Attribution: "named"})
	wantKind(t, err, store.KindValidation, "missing_answers")
	if ms := messages(t, st); len(ms) != 0 {
		t.Fatalf("a refused submission queued %+v", ms)
	}
	r := submitState(t, st, p)
	if _, err := st.SubmitResponse(context.Background(), p, store.Submission{Version: r.Version, Attribution: "named"}); err != nil {
		t.Fatal(err)
	}
	ms := messages(t, st)
	if len(ms) != 1 || ms[0].Kind != store.MessageReceipt || ms[0].Email != "dara@example.org" || ms[0].Language != "fr" ||
		ms[0].Status != store.MessageQueued {
		t.Fatalf("messages after submitting twice = %+v, want one receipt in French, queued", ms)
	}
	if n := jobs(t, st, "send_message"); n != 1 {
		t.Fatalf("%d send jobs, want 1", n)
	}
	o, err := st.BeginSend(context.Background(), ms[0].ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if o.Receipt != r.Receipt || len(o.Answers) != 4 || o.Answers[1].Text != "A 2010 census" || o.Token != "" {
		t.Fatalf("receipt to send = %q with %+v (token %q), want %q with the 4 answers and no link", o.Receipt, o.Answers, o.Token, r.Receipt)
	}

	_, other := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Chad", Country: "TD"})
	submitState(t, st, other)
	if ms := messages(t, st); len(ms) != 1 {
		t.Fatalf("a contributor without an address was sent a receipt: %+v", ms)
	}
}

// A message is marked 'sending' before it is handed to the server; one
// found 'sending' again was interrupted, and is marked failed rather than
// sent a second time. The link is made then, and the old one stops.
func TestBeginSendMakesTheLinkAndNeverSendsTwice(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	acc, _ := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH", Email: "kh@example.org"})
	id := queueInvitation(t, st, acc.Contributor.ID, "es")

	o, err := st.BeginSend(ctx, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	if o.Kind != store.MessageInvitation || o.Language != "es" || o.Token == "" || o.Slug != slug2012 || o.Respondent != "Cambodia" {
		t.Fatalf("outgoing = %+v", o)
	}
	if _, err := st.Authenticate(ctx, acc.Token); err == nil {
		t.Error("the link made with the invitation still works after the emailed one was made")
	}
	if _, err := st.Authenticate(ctx, o.Token); err != nil {
		t.Errorf("the emailed link does not work: %v", err)
	}
	if m := message(t, st, id); m.Status != store.MessageSending || m.Attempts != 1 {
		t.Fatalf("message = %+v, want sending, attempt 1", m)
	}
	// The process died during the SMTP transaction; the job comes back.
	if _, err := st.BeginSend(ctx, id, 0); !errors.Is(err, store.ErrMessageDone) {
		t.Fatalf("second BeginSend: %v, want ErrMessageDone", err)
	}
	if m := message(t, st, id); m.Status != store.MessageFailed || m.Reply != store.ReplyInterrupted {
		t.Fatalf("interrupted message = %+v, want failed: %s", m, store.ReplyInterrupted)
	}

	sent := queueInvitation(t, st, acc.Contributor.ID, "en")
	if _, err := st.BeginSend(ctx, sent, 0); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSent(ctx, sent, "250 OK"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.BeginSend(ctx, sent, 0); !errors.Is(err, store.ErrMessageDone) {
		t.Fatalf("BeginSend of a sent message: %v", err)
	}
	if m := message(t, st, sent); m.Status != store.MessageSent || m.SentAt == nil || m.Reply != "250 OK" {
		t.Fatalf("sent message = %+v", m)
	}

	// Back in the queue after a temporary failure, then tried again.
	retry := queueInvitation(t, st, acc.Contributor.ID, "en")
	st.BeginSend(ctx, retry, 0)
	st.MarkRetry(ctx, retry, "451 try later\r\nX-Injected: no")
	if m := message(t, st, retry); m.Status != store.MessageQueued || m.Reply != "451 try later X-Injected: no" {
		t.Fatalf("message after a temporary failure = %+v", m)
	}
	if _, err := st.BeginSend(ctx, retry, 0); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if m := message(t, st, retry); m.Attempts != 2 {
		t.Fatalf("attempts = %d, want 2", m.Attempts)
	}

	// A link withdrawn meanwhile: nothing is sent.
	gone := queueInvitation(t, st, acc.Contributor.ID, "en")
	if _, err := st.RevokeAccessToken(ctx, o.Token, "cli"); err == nil {
		t.Fatal("revoked a link that was replaced")
	}
	st.Pool().Exec(ctx, `UPDATE contributors SET revoked_at = now() WHERE id = $1`, acc.Contributor.ID)
	if _, err := st.BeginSend(ctx, gone, 0); !store.IsRevokedBeforeSending(err) {
		t.Fatalf("BeginSend for a revoked contributor: %v", err)
	}
}

func queueInvitation(t *testing.T, st *store.Store, contributorID int64, lang string) int64 {
	t.Helper()
	ctx := context.Background()
	tx, err := st.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	id, err := st.QueueInvitation(ctx, tx, contributorID, lang)
	if err != nil || id == 0 {
		t.Fatalf("queue invitation: %d, %v", id, err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return id
}

func message(t *testing.T, st *store.Store, id int64) *store.Message {
	t.Helper()
	m, err := st.FindMessage(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// At most perMinute messages are claimed in a minute; the next waits.
func TestMailRateLimit(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	var ids []int64
	for _, cc := range []string{"KH", "CO", "TD"} {
		acc, _ := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: cc, Country: cc, Email: cc + "@example.org"})
		ids = append(ids, queueInvitation(t, st, acc.Contributor.ID, "en"))
	}
	for _, id := range ids[:2] {
		if _, err := st.BeginSend(context.Background(), id, 2); err != nil {
			t.Fatal(err)
		}
	}
	_, err := st.BeginSend(context.Background(), ids[2], 2)
	var rate *store.MailRateError
	if !errors.As(err, &rate) || rate.Wait <= 0 || rate.Wait > time.Minute {
		t.Fatalf("third message in a minute at 2 a minute: %v, want a wait under a minute", err)
	}
	if m := message(t, st, ids[2]); m.Status != store.MessageQueued || m.Attempts != 0 {
		t.Fatalf("rate-limited message = %+v, want untouched", m)
	}
}

// Reminders go to those who have not submitted, once per address, and to
// nobody reminded within 24 hours.
func TestRemindOnlyNonSubmittersOnceADay(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	_, done := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH", Email: "kh@example.org"})
	submitState(t, st, done)
	_, started := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Colombia", Country: "CO", Email: "co@example.org"})
	mustSave(t, st, started, 0, store.AnswerInput{QuestionID: questionIDs(t, st, "states-parties")[1], Text: "Draft"})
	mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Chad", Country: "TD", Email: "td@example.org"})
	mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Chad", Country: "TD", Contributor: "Second", Email: "TD@example.org"})
	mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Peru", Country: "PE"})
	before := len(messages(t, st))

	remind := func(only string, dry bool) *store.ReminderResult {
		t.Helper()
		res, err := st.Remind(ctx, store.ReminderRequest{Consultation: slug2012, Only: only, Actor: "cli", DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := remind(store.RemindAll, true); res.Queued != 2 || len(messages(t, st)) != before {
		t.Fatalf("dry run: %+v, and %d messages; want 2 counted, none queued", res, len(messages(t, st))-before)
	}
	if res := remind(store.RemindStarted, false); res.Queued != 1 {
		t.Fatalf("reminding those who started: %+v, want 1", res)
	}
	if res := remind(store.RemindAll, false); res.Queued != 1 || res.RecentlyAsked != 1 {
		t.Fatalf("reminding all after those who started: %+v, want 1 queued, 1 reminded recently", res)
	}
	if res := remind(store.RemindAll, false); res.Queued != 0 || res.RecentlyAsked != 2 {
		t.Fatalf("reminding again: %+v, want nobody", res)
	}
	var to []string
	for _, m := range messages(t, st) {
		if m.Kind == store.MessageReminder {
			to = append(to, m.Email)
		}
	}
	if len(to) != 2 || to[0] == "kh@example.org" || to[1] == "kh@example.org" {
		t.Fatalf("reminders went to %v, want co@ and one td@ address", to)
	}
	// A reminder that failed did not reach anyone: it does not count.
	last := messages(t, st)[0]
	st.MarkFailed(ctx, last.ID, "550 no such user")
	if res := remind(store.RemindAll, false); res.Queued != 1 {
		t.Fatalf("reminding after a failed reminder: %+v, want 1", res)
	}
	_, err := st.Remind(ctx, store.ReminderRequest{Consultation: slug2012, Only: "everyone"})
	wantKind(t, err, store.KindValidation, "validation_failed")
	_, err = st.Remind(ctx, store.ReminderRequest{Consultation: "no-such"})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("remind for an unknown consultation: %v", err)
	}
	out, err := st.FindOutstanding(ctx, slug2012)
	if err != nil || len(out) != 4 {
		t.Fatalf("outstanding = %+v, %v; want Chad's two, Colombia and Peru", out, err)
	}
	for _, o := range out {
		if o.Respondent == "Colombia" && (o.Status != "started" || o.Last == nil || o.Last.Kind != store.MessageReminder) {
			t.Errorf("Colombia outstanding = %+v", o)
		}
		if o.Respondent == "Peru" && o.Last != nil {
			t.Errorf("Peru, without an address, had a message: %+v", o.Last)
		}
	}
}

// A lost-link request does the same whether or not the address is known;
// the queue's job then finds the contributor, in any case.
func TestLostLinkRequests(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	c, err := st.FindConsultationBySlug(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH", Email: "dara@example.org"})
	ask := func(email, from string) error {
		return st.RequestLostLink(ctx, store.LostLinkRequest{Consultation: slug2012, Email: email, Language: "fr", From: from})
	}
	for _, email := range []string{"Dara@Example.org", "nobody@example.org"} {
		if err := ask(email, "192.0.2.1"); err != nil {
			t.Fatalf("lost link for %s: %v", email, err)
		}
	}
	if n := jobs(t, st, "lost_link"); n != 2 {
		t.Fatalf("%d lost-link jobs, want 2: one per request, known or not", n)
	}
	if n, err := st.AnswerLostLink(ctx, store.LostLinkArgs{ConsultationID: c.ID, Email: "Dara@Example.org", Language: "fr"}); err != nil || n != 1 {
		t.Fatalf("answer for a known address: %d, %v", n, err)
	}
	if n, err := st.AnswerLostLink(ctx, store.LostLinkArgs{ConsultationID: c.ID, Email: "nobody@example.org"}); err != nil || n != 0 {
		t.Fatalf("answer for an unknown address: %d, %v", n, err)
	}
	ms := messages(t, st)
	if len(ms) != 1 || ms[0].Kind != store.MessageLostLink || ms[0].Language != "fr" {
		t.Fatalf("messages = %+v, want one lost link in French", ms)
	}
	// Past the limit per address, requests are taken and dropped.
	for i := 1; i < store.LostLinksPerHourToEmail+2; i++ {
		if err := ask("dara@example.org", "192.0.2.2"); err != nil {
			t.Fatal(err)
		}
	}
	if n := jobs(t, st, "lost_link"); n != store.LostLinksPerHourToEmail+1 {
		t.Fatalf("%d lost-link jobs, want %d", n, store.LostLinksPerHourToEmail+1)
	}
	for _, bad := range []string{"", "dara", "dara@example.org\r\nBcc: x@example.org", "Dara <dara@example.org>"} {
		wantKind(t, ask(bad, "192.0.2.3"), store.KindValidation, "validation_failed")
	}
	for i := 0; i < store.LostLinksPerHourFromAddress; i++ {
		if err := ask("x@example.org", "192.0.2.9"); err != nil {
			t.Fatalf("request %d from one address: %v", i+1, err)
		}
	}
	wantKind(t, ask("x@example.org", "192.0.2.9"), store.KindRateLimited, "too_many_requests")
	if err := st.RequestLostLink(ctx, store.LostLinkRequest{Consultation: "no-such", Email: "a@example.org"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown consultation: %v", err)
	}
}

// An import that sends queues one invitation per new person with an
// address, in their language, in the import's transaction, and says so;
// importing the list again queues nothing.
func TestImportQueuesInvitations(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	rows := invitationList(t, 30)
	rows[0].Email = ""
	for i := 0; i < 2; i++ {
		res, err := st.ImportInvitations(ctx, slug2012, rows, store.ImportOptions{Actor: "cli", SendInvitations: true})
		if err != nil {
			t.Fatal(err)
		}
		if want := 29 * (1 - i); res.Queued != want {
			t.Fatalf("import %d: queued = %d, want %d", i+1, res.Queued, want)
		}
		for _, l := range res.Links {
			if l.Queued != (l.Email != "") {
				t.Fatalf("import %d: link of %q queued = %v", i+1, l.Email, l.Queued)
			}
		}
		ms := messages(t, st)
		if len(ms) != 29 || jobs(t, st, "send_message") != 29 {
			t.Fatalf("import %d: %d messages, %d jobs; want 29, one per new person with an address", i+1, len(ms), jobs(t, st, "send_message"))
		}
		for _, m := range ms {
			if m.Kind != store.MessageInvitation || m.Status != store.MessageQueued {
				t.Fatalf("message %+v", m)
			}
		}
	}
}
