// Package api is vaconsult's JSON API under /api/v1 and its health checks,
// on a Gin engine the web pages share.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/pdf"
	"github.com/vaconsult/vaconsult/internal/problem"
	"github.com/vaconsult/vaconsult/invitation"
	"github.com/vaconsult/vaconsult/store"
)

// Handler serves the JSON API over a store.
type Handler struct {
	store   *store.Store
	log     *slog.Logger
	baseURL string
	now     func() time.Time
	exports *export.Limiter
	mail    bool // messages are sent by email
	pdf     *pdf.Printer
}

// Config is what the API needs.
type Config struct {
	Store   *store.Store
	Logger  *slog.Logger
	BaseURL string // scheme://host[:port] of the public site, for access links
	// Exports caps concurrent exports, shared with the pages; nil: a
	// limiter of the default size, of the API's own.
	Exports *export.Limiter
	// MailEnabled says messages are sent by email (SMTP_URL is set).
	MailEnabled bool
	// PDF prints copies of submissions to PDF; nil or without a browser:
	// a PDF is answered 503.
	PDF *pdf.Printer
}

// New returns a handler for cfg.
func New(cfg Config) *Handler {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	exports := cfg.Exports
	if exports == nil {
		exports = export.NewLimiter(export.DefaultConcurrency, export.DefaultWait)
	}
	return &Handler{store: cfg.Store, log: logger, baseURL: strings.TrimRight(cfg.BaseURL, "/"), now: time.Now,
		exports: exports, mail: cfg.MailEnabled, pdf: cfg.PDF}
}

// Register adds the health checks and every /api/v1 route to r, grouped by
// who may call them.
func (h *Handler) Register(r *gin.Engine) {
	// HEAD too: some load balancers probe with it.
	r.Match([]string{http.MethodGet, http.MethodHead}, "/healthz", h.healthz)
	r.Match([]string{http.MethodGet, http.MethodHead}, "/readyz", h.readyz)

	v1 := r.Group("/api/v1", apiHeaders, h.limitBodyTo(maxBody))
	// Anyone.
	v1.GET("/openapi.json", serveOpenAPI)
	v1.GET("/consultations", h.listConsultations)
	v1.GET("/consultations/:slug", h.getConsultation)
	v1.POST("/consultations/:slug/registrations", h.register)
	v1.POST("/consultations/:slug/lost-link", h.lostLink)

	// A respondent's contributor, by the token of their access link.
	// Reading, saving and submitting authenticate in the store, in the
	// same round trips as they read and write.
	v1.GET("/response", h.getResponse)
	v1.PUT("/response", h.saveDraft)
	v1.POST("/response/submit", h.submit)
	v1.POST("/response/approval-request", h.requestApproval)
	resp := v1.Group("/response", h.requireRespondent)
	resp.POST("/withdraw", h.withdraw)
	resp.GET("/copy", h.responseCopy)
	resp.GET("/submissions", h.listSubmissions)
	resp.GET("/previous", h.previousAnswers)

	// Reviewers (Co-Chairs and administrators), by personal API token.
	rev := v1.Group("/consultations/:slug", h.requireReviewer)
	rev.GET("/summary", h.getSummary)
	rev.GET("/export", h.export)
	rev.GET("/report", h.report)

	// A respondent's documents, by the token of their access link; an
	// upload up to a document's size, checked once the token is.
	resp.GET("/attachments", h.listAttachments)
	resp.GET("/attachments/:id", h.downloadAttachment)
	resp.DELETE("/attachments/:id", h.removeAttachment)
	r.POST("/api/v1/response/attachments", apiHeaders, h.requireRespondent, h.limitAttachmentBody, h.addAttachment)

	// Administrators, by personal API token: invitation lists, up to 5 MiB.
	lists := r.Group("/api/v1", apiHeaders, h.limitBodyTo(invitation.MaxFileSize))
	lists.POST("/consultations/:slug/invitations", h.requireReviewer, h.requireAdmin, h.importInvitations)
}

// NotFound answers unknown /api/ paths with a JSON error.
func (h *Handler) NotFound(c *gin.Context) {
	setAPIHeaders(c)
	h.writeError(c, store.Errorf(store.KindNotFound, "not_found", "There is no such API route."))
}

// MethodNotAllowed answers a known path called with the wrong method.
func (h *Handler) MethodNotAllowed(c *gin.Context) {
	setAPIHeaders(c)
	h.writeError(c, store.Errorf(store.KindNotAllowed, "method_not_allowed",
		"This route does not accept %s.", c.Request.Method))
}

func (h *Handler) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (h *Handler) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := h.store.Ping(ctx); err != nil {
		// Why, in a word a monitor can act on; the error's own text may
		// name hosts and users.
		c.Header("Retry-After", problem.DatabaseRetryAfter)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "database": "unreachable",
			"reason": store.UnavailableReason(err)})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok", "database": "ok"})
}

// apiHeaders marks API answers as data that must not be sniffed, framed or
// cached by intermediaries.
func apiHeaders(c *gin.Context) {
	setAPIHeaders(c)
	c.Next()
}

func setAPIHeaders(c *gin.Context) {
	hd := c.Writer.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	hd.Set("Cache-Control", "no-store")
}

// limitBodyTo caps every request body at n bytes.
func (h *Handler) limitBodyTo(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > n {
			h.writeError(c, store.Errorf(store.KindTooLarge,
				"payload_too_large", "The request body is larger than %d bytes.", n))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		c.Next()
	}
}
