package mail

import (
	"context"
	"errors"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/vaconsult/vaconsult/store"
)

// SendWorker works the queue's send_message jobs: it claims the message
// (marking it 'sending'), hands it to the mail server, and records the
// outcome. A temporary failure returns an error, so River tries again with
// its backoff; a permanent one, or the last attempt, marks the message
// failed with the server's reply.
type SendWorker struct {
	river.WorkerDefaults[store.SendMessageArgs]
	Store  *store.Store
	Sender interface {
		Send(context.Context, Envelope) (string, error)
	}
	Renderer  *Renderer
	PerMinute int // the rate limit; 0 for none
	Log       *slog.Logger
}

// Work sends one message.
func (w *SendWorker) Work(ctx context.Context, job *river.Job[store.SendMessageArgs]) error {
	id := job.Args.MessageID
	o, err := w.Store.BeginSend(ctx, id, w.PerMinute)
	var rate *store.MailRateError
	switch {
	case errors.Is(err, store.ErrMessageDone), errors.Is(err, store.ErrNotFound):
		return nil
	case errors.As(err, &rate):
		return river.JobSnooze(rate.Wait)
	case store.IsRevokedBeforeSending(err):
		return w.Store.MarkFailed(ctx, id, err.Error())
	case err != nil:
		return err
	}
	reply, err := w.Sender.Send(ctx, w.Renderer.Render(o))
	// The outcome is recorded even when the job's time is up: the server
	// has answered.
	rec := context.WithoutCancel(ctx)
	if err == nil {
		return w.Store.MarkSent(rec, id, reply)
	}
	var me *Error
	if !errors.As(err, &me) {
		me = &Error{Temporary: true, Reply: err.Error()}
	}
	w.Log.Warn("message not sent", "message", id, "kind", o.Kind, "attempt", job.Attempt, "temporary", me.Temporary, "reply", me.Reply)
	if me.Temporary && job.Attempt < job.MaxAttempts {
		if err := w.Store.MarkRetry(rec, id, me.Reply); err != nil {
			return err
		}
		return me
	}
	return w.Store.MarkFailed(rec, id, me.Reply)
}

// LostLinkWorker works the queue's lost_link jobs: it queues a new link
// for each contributor with the address asked for, if any.
type LostLinkWorker struct {
	river.WorkerDefaults[store.LostLinkArgs]
	Store *store.Store
}

// Work answers one lost-link request.
func (w *LostLinkWorker) Work(ctx context.Context, job *river.Job[store.LostLinkArgs]) error {
	_, err := w.Store.AnswerLostLink(ctx, job.Args)
	return err
}
