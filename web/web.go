// Package web is vaconsult's server-rendered pages: the consultations, the
// access links, self-registration and the question forms, with their
// templates, static assets and message catalogs embedded in the binary.
// Every page works with JavaScript off; the script only improves them.
package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/edge"
	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/internal/pdf"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/translate"
)

// Handler serves the pages over a store.
type Handler struct {
	store   *store.Store
	log     *slog.Logger
	baseURL string
	secure  bool // cookies only over HTTPS
	tpl     *engine
	assets  *assets
	now     func() time.Time
	cop     *http.CrossOriginProtection
	exports *export.Limiter
	mail    bool              // messages are sent by email
	mt      *translate.Client // the machine translation service; nil: none
	pdf     *pdf.Printer      // prints copies of submissions; nil or without a browser: no PDF offered
}

// Config is what the pages need.
type Config struct {
	Store   *store.Store
	Logger  *slog.Logger
	BaseURL string // scheme://host[:port] of the public site, for access links
	// Exports caps concurrent exports, shared with the API; nil: a limiter
	// of the default size, of the pages' own.
	Exports *export.Limiter
	// MailEnabled says messages are sent by email (SMTP_URL is set).
	MailEnabled bool
	// Translator drafts translations of answers; nil: no service is
	// configured, and the pages do not offer it.
	Translator *translate.Client
	// PDF prints copies of submissions to PDF; nil or without a browser:
	// the pages offer no PDF.
	PDF *pdf.Printer
}

// New returns a handler for cfg. It fails when a template, a catalog or an
// asset is broken, so that such a mistake stops the start and not a request.
func New(cfg Config) (*Handler, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	emb, err := loadEmbedded()
	if err != nil {
		return nil, err
	}
	as, tpl := emb.assets, emb.engine
	base := strings.TrimRight(cfg.BaseURL, "/")
	exports := cfg.Exports
	if exports == nil {
		exports = export.NewLimiter(export.DefaultConcurrency, export.DefaultWait)
	}
	return &Handler{store: cfg.Store, log: logger, baseURL: base, secure: strings.HasPrefix(base, "https://"),
		tpl: tpl, assets: as, now: time.Now, cop: http.NewCrossOriginProtection(), exports: exports,
		mail: cfg.MailEnabled, mt: cfg.Translator, pdf: cfg.PDF}, nil
}

// embedded is what the binary carries and every handler shares: the
// catalogs, the static files and the page templates parsed in every
// language. None changes once read.
type embedded struct {
	assets *assets
	engine *engine
}

// loadEmbedded reads and parses the embedded files once per process: a
// handler built again (as each test builds its own) reuses them instead of
// parsing every template in six languages once more.
var loadEmbedded = sync.OnceValues(func() (embedded, error) {
	cat, err := loadCatalogs()
	if err != nil {
		return embedded{}, err
	}
	as, err := loadAssets()
	if err != nil {
		return embedded{}, err
	}
	tpl, err := newEngine(cat, as)
	if err != nil {
		return embedded{}, fmt.Errorf("web: %w", err)
	}
	return embedded{assets: as, engine: tpl}, nil
})

// NotFound answers an unknown page with the 404 page.
func (h *Handler) NotFound(c *gin.Context) {
	h.headers(c)
	h.language(c)
	h.fail(c, store.ErrNotFound)
}

// MethodNotAllowed answers a known page asked with the wrong method.
func (h *Handler) MethodNotAllowed(c *gin.Context) {
	h.headers(c)
	h.language(c)
	h.fail(c, errNotAllowed)
}

// Recover answers a panic with the 500 page, logging it without showing
// its detail.
func (h *Handler) Recover(c *gin.Context, err any) {
	if c.GetString(langKey) == "" {
		remembered, _ := c.Cookie(langCookie)
		c.Set(langKey, lang.Negotiate("", remembered, c.GetHeader("Accept-Language")))
	}
	h.fail(c, fmt.Errorf("%w: %v", errPanic, err))
}

// Refuse answers a request the edge refused before routing, with the error
// page: "badinput" (400) for a value no text may hold, "formtoolarge" (413) for
// a form over its limit. The page's script gets JSON.
func (h *Handler) Refuse(c *gin.Context, p *edge.Problem) {
	h.headers(c)
	remembered, _ := c.Cookie(langCookie)
	c.Set(langKey, lang.Negotiate("", remembered, c.GetHeader("Accept-Language")))
	// The page links back to its own address: not to one that cannot be
	// shown.
	if edge.Text(c.Request.URL.Path, edge.MaxPath) != "" {
		c.Request.URL.Path = "/"
	}
	h.fail(c, refusal(p))
}
