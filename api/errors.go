package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/edge"
	"github.com/vaconsult/vaconsult/store"
)

// errorBody is the JSON of every error answer:
// {"error": {"code": "...", "message": "...", "fields": {...}}}.
type errorBody struct {
	Error map[string]any `json:"error"`
}

// statusOf maps an error kind to its HTTP status: the one place that does.
func statusOf(k store.Kind) int {
	switch k {
	case store.KindInvalid:
		return http.StatusBadRequest
	case store.KindValidation:
		return http.StatusUnprocessableEntity
	case store.KindNotFound:
		return http.StatusNotFound
	case store.KindConflict:
		return http.StatusConflict
	case store.KindUnauthorized:
		return http.StatusUnauthorized
	case store.KindForbidden:
		return http.StatusForbidden
	case store.KindRateLimited:
		return http.StatusTooManyRequests
	case store.KindUnsupported:
		return http.StatusUnsupportedMediaType
	default:
		return http.StatusInternalServerError
	}
}

// writeError answers err as JSON. Internal errors are logged with their
// detail, which never reaches the client.
func (h *Handler) writeError(c *gin.Context, err error) {
	var e *store.Error
	if !errors.As(err, &e) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			e = store.Errorf(store.KindInvalid, "payload_too_large", "The request body is larger than %d bytes.", tooBig.Limit)
			c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, body(e))
			return
		}
		if store.Unavailable(err) {
			h.unavailable(c, err)
			return
		}
		if store.BadValue(err) {
			e = store.Errorf(store.KindInvalid, "invalid_value", "The request holds a value that cannot be stored.")
			c.AbortWithStatusJSON(http.StatusBadRequest, body(e))
			return
		}
		h.log.ErrorContext(c.Request.Context(), "internal error",
			"method", c.Request.Method, "route", c.FullPath(), "err", err)
		e = store.Errorf(store.KindInternal, "internal", "Something went wrong on our side. Nothing was changed; please try again.")
	}
	if e.Kind == store.KindUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="vaconsult"`)
	}
	c.AbortWithStatusJSON(statusOf(e.Kind), body(e))
}

func body(e *store.Error) errorBody {
	fields := e.Fields
	if fields == nil {
		fields = map[string]string{}
	}
	out := map[string]any{"code": e.Code, "message": e.Message, "fields": fields}
	for k, v := range e.Data {
		out[k] = v
	}
	return errorBody{Error: out}
}

func invalid(code, msg string) error { return store.Errorf(store.KindInvalid, code, "%s", msg) }

// Refuse answers a request the edge refused before routing: 400 (413 for
// an oversize body) naming the place of the offending value.
func (h *Handler) Refuse(c *gin.Context, p *edge.Problem) {
	setAPIHeaders(c)
	e := &store.Error{Kind: store.KindInvalid, Code: p.Code, Message: p.Message(),
		Fields: map[string]string{p.Where: p.Message()}}
	c.AbortWithStatusJSON(p.Status, body(e))
}

// retryAfter is how many seconds a client should wait when the database
// is unavailable: long enough for a restart or a failover to finish.
const retryAfter = "5"

// unavailable answers 503 with Retry-After while the database cannot be
// reached: the request was fine and may be sent again as it is.
func (h *Handler) unavailable(c *gin.Context, err error) {
	h.log.WarnContext(c.Request.Context(), "database unavailable",
		"method", c.Request.Method, "route", c.FullPath(), "reason", store.UnavailableReason(err))
	c.Header("Retry-After", retryAfter)
	c.AbortWithStatusJSON(http.StatusServiceUnavailable, body(store.Errorf(store.KindInternal, "unavailable",
		"The service cannot reach its database for a moment. Nothing was changed; try again in a few seconds.")))
}
