package main

import (
	"context"
	"math/rand/v2"
	"time"
)

// respondent is one registered respondent and the version of its response
// that the load last saw.
type respondent struct {
	token   string
	version int
}

// worker is one concurrent respondent's browser. It alone writes to its
// respondents, so its saves never conflict with another worker's.
type worker struct {
	cl   *client
	qs   []question
	own  []*respondent
	next int
	text *textGen
	rng  *rand.Rand
}

func newWorker(cl *client, qs []question, seed uint64, textSize int) *worker {
	return &worker{cl: cl, qs: qs, text: newTextGen(seed, textSize),
		rng: rand.New(rand.NewPCG(seed, seed+1))}
}

// pick returns the worker's next respondent, in turn.
func (w *worker) pick() *respondent {
	r := w.own[w.next%len(w.own)]
	w.next++
	return r
}

// answer returns a new answer to q: a choice when q takes one, and a new
// text when it takes text.
func (w *worker) answer(q question) answer {
	a := answer{QuestionID: q.ID}
	if q.takesChoice() && len(q.Choices) > 0 {
		c := q.Choices[w.rng.IntN(len(q.Choices))].Value
		a.Choice = &c
	}
	if q.takesText() {
		a.Text = w.text.next(q.MaxLength)
	}
	return a
}

// draft returns new answers to one to three of the questions, as an
// autosave sends what changed since the last one.
func (w *worker) draft() []answer {
	n := 1 + w.rng.IntN(min(3, len(w.qs)))
	out := make([]answer, 0, n)
	for _, i := range w.rng.Perm(len(w.qs))[:n] {
		out = append(out, w.answer(w.qs[i]))
	}
	return out
}

// complete returns new answers to every question.
func (w *worker) complete() []answer {
	out := make([]answer, len(w.qs))
	for i, q := range w.qs {
		out[i] = w.answer(q)
	}
	return out
}

// saveOnce saves a draft of the next respondent and records the save's
// latency in t, or its failure.
func (w *worker) saveOnce(ctx context.Context, t *tally) {
	r := w.pick()
	answers := w.draft()
	start := time.Now()
	v, err := w.cl.save(ctx, r.token, r.version, answers)
	elapsed := time.Since(start)
	if err != nil {
		t.fail(statusOf(err))
		w.resync(ctx, r, err)
		return
	}
	t.saves = append(t.saves, elapsed)
	r.version = v
}

// resync reloads the version after a version conflict, which only a
// retried save that timed out after landing can cause here.
func (w *worker) resync(ctx context.Context, r *respondent, err error) {
	if statusOf(err) != "409" {
		return
	}
	if v, err := w.cl.responseVersion(ctx, r.token); err == nil {
		r.version = v
	}
}

// submitOnce makes a complete submission of the next respondent and records
// its latency in t, or its failure.
func (w *worker) submitOnce(ctx context.Context, t *tally) {
	r := w.pick()
	answers := w.complete()
	start := time.Now()
	if err := w.completeSubmission(ctx, r, answers); err != nil {
		t.fail(statusOf(err))
		return
	}
	t.submissions = append(t.submissions, time.Since(start))
}

// completeSubmission is what a respondent's browser does to submit: read
// the form (the consultation and the response), save every answer, submit.
func (w *worker) completeSubmission(ctx context.Context, r *respondent, answers []answer) error {
	if err := w.cl.readForm(ctx); err != nil {
		return err
	}
	v, err := w.cl.responseVersion(ctx, r.token)
	if err != nil {
		return err
	}
	r.version = v
	if v, err = w.cl.save(ctx, r.token, v, answers); err != nil {
		return err
	}
	r.version = v
	return w.cl.submit(ctx, r.token, v)
}
