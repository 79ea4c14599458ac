package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/vaconsult/vaconsult/api"
	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/pdf"
	"github.com/vaconsult/vaconsult/migrations"
	"github.com/vaconsult/vaconsult/pgserver"
	"github.com/vaconsult/vaconsult/refdata"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/translate"
	"github.com/vaconsult/vaconsult/web"
)

// App is a running vaconsult: its database, store and HTTP server.
type App struct {
	cfg      Config
	log      *slog.Logger
	db       *pgserver.Server
	Store    *store.Store
	server   *http.Server
	listener net.Listener
	handler  http.Handler
	mailer   *river.Client[pgx.Tx] // the mail queue, or without SMTP_URL the folding of counts only
	pdf      *pdf.Printer          // made by Listen; its browser starts on the first PDF
}

// NewLogger returns the logger for format ("text" or "json"), on stderr.
func NewLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// Open finds or starts the database, brings its schema up to date (refusing
// a dirty or newer one), loads the reference data and, into an empty
// database, the 2012 consultation. It fails with a message that says what
// to do.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	db, err := pgserver.Resolve(ctx, pgserver.Options{
		DatabaseURL: cfg.DatabaseURL, Database: "vaconsult", DataDir: cfg.DataDir, BinDir: cfg.PGBinDir,
		NoEmbedded: cfg.EmbeddedRefusal(),
		Logf:       func(format string, args ...any) { logger.Info(fmt.Sprintf(format, args...)) },
	})
	if err != nil {
		return nil, err
	}
	logger.Info(db.Describe())
	a := &App{cfg: cfg, log: logger, db: db}
	if err := a.prepare(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) prepare(ctx context.Context) error {
	if err := Migrate(a.db.URL); err != nil {
		return err
	}
	st, err := store.Open(ctx, withPoolSize(a.db.URL, a.cfg.PoolSize))
	if err != nil {
		return err
	}
	a.Store = st
	if a.cfg.ReplicaURL != "" {
		if err := st.UseReplica(ctx, withPoolSize(a.cfg.ReplicaURL, a.exportConcurrency())); err != nil {
			return fmt.Errorf("DATABASE_REPLICA_URL: %w", err)
		}
	}
	if pool := int(st.Pool().Config().MaxConns); a.exportConcurrency() >= pool {
		return fmt.Errorf("EXPORT_CONCURRENCY %d: want fewer exports at once than database connections (%d), "+
			"so that exports leave some for saves; lower it or raise DATABASE_POOL_SIZE", a.exportConcurrency(), pool)
	}
	countries, err := refdata.StatesParties()
	if err != nil {
		return err
	}
	if _, err := st.LoadCountries(ctx, countries); err != nil {
		return err
	}
	return a.seed(ctx)
}

// Migrate applies pending migrations to the database at url.
func Migrate(url string) error {
	m, err := migrations.New(pgserver.WithoutPoolSettings(url))
	if err != nil {
		return err
	}
	defer m.Close()
	return m.Up()
}

// seed loads the 2012 consultation into a database that has none, so a
// first run serves something.
func (a *App) seed(ctx context.Context) error {
	n, err := a.Store.CountConsultations(ctx)
	if err != nil || n > 0 {
		return err
	}
	f, err := consultations.Default()
	if err != nil {
		return err
	}
	res, err := a.Store.LoadConsultation(ctx, f)
	if err != nil {
		return fmt.Errorf("load the 2012 consultation: %w", err)
	}
	a.log.Info("loaded the default consultation", "slug", res.Consultation.Slug)
	return nil
}

// exportConcurrency is how many exports may stream at once.
func (a *App) exportConcurrency() int {
	if a.cfg.ExportConcurrency > 0 {
		return a.cfg.ExportConcurrency
	}
	return export.DefaultConcurrency
}

// RouterConfig is what the HTTP handler needs.
type RouterConfig struct {
	Store          *store.Store
	Logger         *slog.Logger
	BaseURL        string
	TrustedProxies []string          // addresses whose X-Forwarded-For is believed; none by default
	MailEnabled    bool              // SMTP_URL is set: messages are sent by email
	Translator     *translate.Client // TRANSLATE_URL's service; nil: none
	PDF            *pdf.Printer      // prints copies of submissions (PDF_CHROMIUM); nil: no PDF
	// Exports caps the exports streaming at once, across the API and the
	// pages; nil: export.DefaultConcurrency.
	Exports *export.Limiter
}

// NewRouter builds the handler for tests, with no trusted proxies. It
// panics where Router would return an error.
func NewRouter(st *store.Store, logger *slog.Logger, baseURL string) *gin.Engine {
	r, err := Router(RouterConfig{Store: st, Logger: logger, BaseURL: baseURL})
	if err != nil {
		panic(err)
	}
	return r
}

// Router builds the Gin engine over the store: the JSON API under /api/
// and the pages everywhere else. It fails when the pages' templates,
// catalogs or assets are broken, or a trusted proxy is not an address.
func Router(cfg RouterConfig) (*gin.Engine, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// Client addresses feed rate limits: believe X-Forwarded-For only from
	// the proxies named.
	if err := r.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("TRUSTED_PROXIES: %w", err)
	}
	exports := cfg.Exports
	if exports == nil {
		exports = export.NewLimiter(export.DefaultConcurrency, export.DefaultWait)
	}
	h := api.New(api.Config{Store: cfg.Store, Logger: cfg.Logger, BaseURL: cfg.BaseURL, Exports: exports,
		MailEnabled: cfg.MailEnabled, PDF: cfg.PDF})
	pages, err := web.New(web.Config{Store: cfg.Store, Logger: cfg.Logger, BaseURL: cfg.BaseURL, Exports: exports,
		MailEnabled: cfg.MailEnabled, Translator: cfg.Translator, PDF: cfg.PDF})
	if err != nil {
		return nil, err
	}
	isAPI := func(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }
	jsonRecovery, htmlRecovery := recoverJSON(cfg.Logger), gin.CustomRecovery(pages.Recover)
	r.Use(func(c *gin.Context) {
		if isAPI(c) {
			jsonRecovery(c)
			return
		}
		htmlRecovery(c)
	})
	r.Use(securityHeaders(strings.HasPrefix(cfg.BaseURL, "https://")), checkEdge(h, pages))
	h.Register(r)
	pages.Register(r)
	r.NoRoute(func(c *gin.Context) {
		if isAPI(c) {
			h.NotFound(c)
			return
		}
		pages.NotFound(c)
	})
	r.NoMethod(func(c *gin.Context) {
		if isAPI(c) {
			h.MethodNotAllowed(c)
			return
		}
		pages.MethodNotAllowed(c)
	})
	return r, nil
}

// recoverJSON turns a panic into a logged 500, without the panic's detail in
// the answer.
func recoverJSON(logger *slog.Logger) gin.HandlerFunc {
	return gin.CustomRecovery(func(c *gin.Context, err any) {
		logger.Error("panic", "route", c.FullPath(), "err", err)
		c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": gin.H{
			"code": "internal", "message": "Something went wrong on our side.", "fields": gin.H{}}})
	})
}

// BaseURL is the public address of the site.
func (a *App) BaseURL() string {
	if a.cfg.BaseURL != "" {
		return a.cfg.BaseURL
	}
	if a.listener != nil {
		return "http://" + a.listener.Addr().String()
	}
	return "http://" + a.cfg.ListenAddr
}

// Listen opens the listening socket, so that the address (with a port
// chosen by the system for ":0") is known before serving, and builds the
// handler for that address.
func (a *App) Listen() error {
	l, err := net.Listen("tcp", a.cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.ListenAddr, err)
	}
	a.listener = l
	a.handler, err = Router(RouterConfig{Store: a.Store, Logger: a.log, BaseURL: a.BaseURL(), TrustedProxies: a.cfg.TrustedProxies,
		Exports: export.NewLimiter(a.exportConcurrency(), export.DefaultWait), MailEnabled: a.cfg.Mail != nil,
		Translator: translate.New(a.cfg.TranslateURL, a.cfg.TranslateAPIKey), PDF: a.printer()})
	if err == nil && a.cfg.Mail != nil {
		a.mailer, err = NewMailer(MailerConfig{Store: a.Store, Mail: a.cfg.Mail, BaseURL: a.BaseURL(),
			PerMinute: a.cfg.MailRatePerMinute, RescueAfter: a.cfg.MailRescueAfter, Logger: a.log})
	}
	if err == nil && a.cfg.Mail == nil {
		a.mailer, err = NewCountsFolder(a.Store, a.log)
	}
	if err != nil {
		l.Close()
		return err
	}
	return nil
}

// printer returns the PDF printer of PDF_CHROMIUM, made once; it says in
// the log which browser prints, or that none does.
func (a *App) printer() *pdf.Printer {
	if a.pdf == nil {
		a.pdf = pdf.New(a.cfg.PDFChromium)
		if a.pdf.Available() {
			a.log.Info("copies of submissions are printed to PDF", "browser", a.pdf.Path())
		} else {
			a.log.Info("no Chromium found (PDF_CHROMIUM): copies of submissions are offered without PDF")
		}
	}
	return a.pdf
}

// Addr is the address the server listens on.
func (a *App) Addr() string { return a.listener.Addr().String() }

// Run serves until ctx is cancelled, then drains in-flight requests for up
// to 20 seconds.
func (a *App) Run(ctx context.Context) error {
	if a.listener == nil {
		if err := a.Listen(); err != nil {
			return err
		}
	}
	a.server = &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      5 * time.Minute, // exports of large consultations
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	if a.mailer != nil {
		if err := a.mailer.Start(ctx); err != nil {
			return fmt.Errorf("mail queue: %w", err)
		}
		if a.cfg.Mail != nil {
			a.log.Info("sending email", "server", a.cfg.Mail.Addr(), "per_minute", a.cfg.MailRatePerMinute)
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- a.server.Serve(a.listener) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if a.mailer != nil {
		// Messages being sent finish; the others wait in the queue.
		if err := a.mailer.Stop(shutdown); err != nil {
			a.log.Warn("mail queue stop", "err", err)
		}
	}
	if err := a.server.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Close releases the store and stops an embedded database.
func (a *App) Close() error {
	a.pdf.Close()
	if a.Store != nil {
		a.Store.Close()
	}
	if a.db != nil {
		return a.db.Close()
	}
	return nil
}
