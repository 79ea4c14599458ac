package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/vaconsult/vaconsult/store"
)

// countsQueue is the queue of the job that folds the summary's counts.
const countsQueue = "counts"

// FoldCountsEvery is how often the rows the triggers add to the summary's
// counts are added up (store.FoldCounts). The figures are exact whenever
// it runs; folding keeps what the summary and the dashboard read to about
// one row per kind of respondent, country, language and choice, plus what
// this interval adds (at most a few rows per submission).
const FoldCountsEvery = time.Minute

// FoldCountsArgs is the periodic job that folds the summary's counts.
type FoldCountsArgs struct{}

// Kind names the job in River's table.
func (FoldCountsArgs) Kind() string { return "fold_counts" }

// InsertOpts puts the job on its queue. A failed fold is not retried: the
// next one does its work.
func (FoldCountsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: countsQueue, MaxAttempts: 1}
}

// FoldCountsWorker runs store.FoldCounts.
type FoldCountsWorker struct {
	river.WorkerDefaults[FoldCountsArgs]
	Store *store.Store
}

// Work folds the counts once.
func (w *FoldCountsWorker) Work(ctx context.Context, _ *river.Job[FoldCountsArgs]) error {
	_, err := w.Store.FoldCounts(ctx)
	return err
}

// addCountsFolding adds the folding of the summary's counts to a River
// configuration. Every server runs it; River's leader, one server at a
// time, enqueues it.
func addCountsFolding(cfg *river.Config, st *store.Store) {
	if cfg.Queues == nil {
		cfg.Queues = map[string]river.QueueConfig{}
	}
	cfg.Queues[countsQueue] = river.QueueConfig{MaxWorkers: 1}
	river.AddWorker(cfg.Workers, &FoldCountsWorker{Store: st})
	cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(FoldCountsEvery),
		func() (river.JobArgs, *river.InsertOpts) { return FoldCountsArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true}))
}

// NewCountsFolder returns the River client that folds the summary's
// counts, for a server that sends no email (NewMailer's client does it
// otherwise: one client per server, so that its leader enqueues every
// periodic job).
func NewCountsFolder(st *store.Store, logger *slog.Logger) (*river.Client[pgx.Tx], error) {
	cfg := &river.Config{Workers: river.NewWorkers(), Logger: quietLogger(logger)}
	addCountsFolding(cfg, st)
	client, err := river.NewClient(riverpgxv5.New(st.Pool()), cfg)
	if err != nil {
		return nil, fmt.Errorf("counts queue: %w", err)
	}
	return client, nil
}
