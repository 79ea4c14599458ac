package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/edge"
	"github.com/vaconsult/vaconsult/internal/problem"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/locales"
)

// writeError answers err as JSON, with the status internal/problem gives
// it: {"error": {"code": "...", "message": "...", "fields": {...}}}. The
// messages of validation errors are in the request's language (?lang=,
// Accept-Language). Internal errors are logged with their detail, which
// never reaches the client; an outage by its reason only.
func (h *Handler) writeError(c *gin.Context, err error) {
	p := problem.Of(err, translator(c))
	switch {
	case p.Outage:
		h.log.WarnContext(c.Request.Context(), "database unavailable",
			"method", c.Request.Method, "route", c.FullPath(), "reason", store.UnavailableReason(err))
	case p.Internal:
		h.log.ErrorContext(c.Request.Context(), "internal error",
			"method", c.Request.Method, "route", c.FullPath(), "err", err)
	}
	if p.RetryAfter != "" {
		c.Header("Retry-After", p.RetryAfter)
	}
	if p.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="vaconsult"`)
	}
	c.AbortWithStatusJSON(p.Status, p.Body())
}

// translator returns the texts of the request's language.
func translator(c *gin.Context) store.Translator {
	return locales.NewPrinter(locales.Embedded(), language(c)).T
}

func invalid(code, msg string) error { return store.Errorf(store.KindInvalid, code, "%s", msg) }

// Refuse answers a request the edge refused before routing: 400 (413 for
// an oversize body) naming the place of the offending value.
func (h *Handler) Refuse(c *gin.Context, p *edge.Problem) {
	setAPIHeaders(c)
	kind := store.KindInvalid
	if p.Status == http.StatusRequestEntityTooLarge {
		kind = store.KindTooLarge
	}
	h.writeError(c, &store.Error{Kind: kind, Code: p.Code, Message: p.Message(),
		Fields: map[string]string{p.Where: p.Message()}})
}
