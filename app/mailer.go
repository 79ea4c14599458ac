package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/vaconsult/vaconsult/mail"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/locales"
)

// mailWorkers is how many messages one server sends at once.
const mailWorkers = 2

// MailerConfig is what the mail queue's workers need.
type MailerConfig struct {
	Store       *store.Store
	Mail        *mail.Config
	BaseURL     string
	PerMinute   int
	RescueAfter time.Duration
	Logger      *slog.Logger
}

// NewMailer returns the River client that works the mail queue: sending
// messages and answering lost-link requests; it folds the summary's counts
// too (see NewCountsFolder). It is started by Run and stopped with the
// server.
func NewMailer(cfg MailerConfig) (*river.Client[pgx.Tx], error) {
	catalogs, err := locales.Load()
	if err != nil {
		return nil, err
	}
	translate := func(l, key string, args ...any) string { return locales.NewPrinter(catalogs, l).T(key, args...) }
	workers := river.NewWorkers()
	river.AddWorker(workers, &mail.SendWorker{Store: cfg.Store, Sender: mail.NewSender(cfg.Mail),
		Renderer: &mail.Renderer{T: translate, BaseURL: cfg.BaseURL}, PerMinute: cfg.PerMinute, Log: cfg.Logger})
	river.AddWorker(workers, &mail.LostLinkWorker{Store: cfg.Store})
	// A job runs at most half the rescue time, so a job still running is
	// never taken for abandoned; one found abandoned after a crash is
	// picked up again and, if it was mid-send, marked failed.
	timeout := min(time.Minute, cfg.RescueAfter/2)
	rc := &river.Config{
		Queues:               map[string]river.QueueConfig{store.MailQueue: {MaxWorkers: mailWorkers}},
		Workers:              workers,
		JobTimeout:           timeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		Logger:               quietLogger(cfg.Logger),
	}
	addCountsFolding(rc, cfg.Store)
	client, err := river.NewClient(riverpgxv5.New(cfg.Store.Pool()), rc)
	if err != nil {
		return nil, fmt.Errorf("mail queue: %w", err)
	}
	return client, nil
}

// quietLogger passes on River's warnings and errors, not its routine.
func quietLogger(l *slog.Logger) *slog.Logger {
	return slog.New(levelHandler{l.Handler(), slog.LevelWarn})
}

type levelHandler struct {
	slog.Handler
	min slog.Level
}

func (h levelHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}
