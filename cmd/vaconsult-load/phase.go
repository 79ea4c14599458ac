package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// bound says when each worker's loop ends: after count steps when count is
// positive, otherwise once d has passed since the start.
type bound struct {
	d     time.Duration
	count int
}

func (b bound) more(step int, until time.Time) bool {
	if b.count > 0 {
		return step < b.count
	}
	return time.Now().Before(until)
}

// stepFunc is one iteration of a worker's loop; step counts from 0.
type stepFunc func(ctx context.Context, w *worker, t *tally, step int)

// runWorkers runs step on every worker at once until b or ctx ends, and
// returns what they observed and how long it took. A step under way when
// the time is up finishes and counts.
func runWorkers(ctx context.Context, workers []*worker, b bound, step stepFunc) (*tally, time.Duration) {
	start := time.Now()
	until := start.Add(b.d)
	tallies := make([]*tally, len(workers))
	var wg sync.WaitGroup
	for i, w := range workers {
		tallies[i] = newTally()
		wg.Go(func() {
			for n := 0; ctx.Err() == nil && b.more(n, until); n++ {
				step(ctx, w, tallies[i], n)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	merged := newTally()
	for _, t := range tallies {
		merged.merge(t)
	}
	return merged, elapsed
}

// backendInterval is how often the database's backends are sampled.
const backendInterval = 250 * time.Millisecond

// phaseResult is what one measured phase observed.
type phaseResult struct {
	tally   *tally
	elapsed time.Duration
	cpu     cpuUse
	load    [2]string // the load averages before and after, when recorded
}

// measure warms up, then runs step on every worker until b ends, reading
// the CPU times just before and just after. It fails when /proc cannot be
// read or ctx was cancelled.
func (l *load) measure(ctx context.Context, b bound, step stepFunc) (*phaseResult, error) {
	if l.cfg.warmup > 0 {
		runWorkers(ctx, l.workers, bound{d: l.cfg.warmup}, step)
	}
	before, err := sampleCPU(l.cfg.serverPID)
	if err != nil {
		return nil, fmt.Errorf("read CPU times: %w", err)
	}
	var watch *backendWatch
	if l.cfg.pgDB != "" {
		watch = watchBackends(l.cfg.pgDB, backendInterval)
	}
	t, elapsed := runWorkers(ctx, l.workers, b, step)
	var dbTicks uint64
	if watch != nil {
		dbTicks = watch.Stop()
	}
	after, err := sampleCPU(l.cfg.serverPID)
	if err != nil {
		return nil, fmt.Errorf("read CPU times: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	use := after.since(before, l.hz)
	use.Database = ticksDuration(dbTicks, l.hz)
	return &phaseResult{tally: t, elapsed: elapsed, cpu: use}, nil
}

// savesPhase measures draft saves: each worker saves its respondents in
// turn, with a complete submission every -cycle saves. With -submit, every
// respondent then makes a complete submission, outside the measurement.
func (l *load) savesPhase(ctx context.Context) (*phaseResult, *tally, error) {
	b := bound{d: l.cfg.duration, count: l.cfg.saves * l.perWorker()}
	res, err := l.measure(ctx, b, func(ctx context.Context, w *worker, t *tally, n int) {
		w.saveOnce(ctx, t)
		if l.cfg.cycle > 0 && (n+1)%l.cfg.cycle == 0 {
			w.submitOnce(ctx, t)
		}
	})
	if err != nil || !l.cfg.submit {
		return res, nil, err
	}
	final, _ := runWorkers(ctx, l.workers, bound{count: l.perWorker()},
		func(ctx context.Context, w *worker, t *tally, _ int) { w.submitOnce(ctx, t) })
	return res, final, ctx.Err()
}

// submissionsPhase measures complete submissions only: form read, save of
// every answer, submit.
func (l *load) submissionsPhase(ctx context.Context) (*phaseResult, error) {
	b := bound{d: l.cfg.duration, count: l.cfg.submissions * l.perWorker()}
	return l.measure(ctx, b, func(ctx context.Context, w *worker, t *tally, _ int) {
		w.submitOnce(ctx, t)
	})
}

// perWorker is how many respondents each worker writes to.
func (l *load) perWorker() int { return len(l.workers[0].own) }
