// Package problem maps an error to what the API and the pages answer: an
// HTTP status, a code and a message for clients, and the fields at fault.
// It is the one place that decides the status of an error; the API
// writes the result as JSON, the pages as an error page or, for their
// script, as the same JSON.
package problem

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/vaconsult/vaconsult/store"
)

// Problem is an error as a client is told it.
type Problem struct {
	Status  int
	Code    string
	Message string
	Fields  map[string]string
	// Data holds what a client needs to recover (the current version
	// after a conflict); it is added to the body beside the code.
	Data map[string]any
	// RetryAfter is the Retry-After header's value, in seconds, for an
	// answer that may be sent again as it is; empty otherwise.
	RetryAfter string
	// Internal says the service failed: the error is to be logged with
	// its detail, which never reaches the client.
	Internal bool
	// Outage says the database could not be reached: the error is to be
	// logged by its reason (store.UnavailableReason) only.
	Outage bool
}

// DatabaseRetryAfter is how many seconds a client should wait when the
// database is unavailable: long enough for a restart or a failover.
const DatabaseRetryAfter = "5"

// Of returns the problem of err. t gives the text of a message key in the
// client's language, for the errors that carry keys (*store.ValidationError).
func Of(err error, t store.Translator) *Problem {
	var v *store.ValidationError
	if errors.As(err, &v) {
		return &Problem{Status: http.StatusUnprocessableEntity, Code: v.Code, Message: t(v.Key), Fields: v.Fields(t)}
	}
	var e *store.Error
	if errors.As(err, &e) {
		p := &Problem{Status: Status(e.Kind), Code: e.Code, Message: e.Message, Fields: e.Fields, Data: e.Data,
			RetryAfter: e.RetryAfter}
		if p.Status == http.StatusInternalServerError {
			p.Internal = true
		}
		return p
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return &Problem{Status: http.StatusRequestEntityTooLarge, Code: "payload_too_large",
			Message: "The request body is larger than " + strconv.FormatInt(tooBig.Limit, 10) + " bytes."}
	case store.Unavailable(err):
		return &Problem{Status: http.StatusServiceUnavailable, Code: "unavailable", RetryAfter: DatabaseRetryAfter,
			Outage:  true,
			Message: "The service cannot reach its database for a moment. Nothing was changed; try again in a few seconds."}
	case store.BadValue(err):
		return &Problem{Status: http.StatusBadRequest, Code: "invalid_value",
			Message: "The request holds a value that cannot be stored."}
	}
	return &Problem{Status: http.StatusInternalServerError, Code: "internal", Internal: true,
		Message: "Something went wrong on our side. Nothing was changed; please try again."}
}

// Status maps an error kind to its HTTP status.
func Status(k store.Kind) int {
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
	case store.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case store.KindNotAllowed:
		return http.StatusMethodNotAllowed
	case store.KindUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// Body returns the JSON body of the problem:
// {"error": {"code": "...", "message": "...", "fields": {...}}}, with its
// data beside the code.
func (p *Problem) Body() map[string]any {
	fields := p.Fields
	if fields == nil {
		fields = map[string]string{}
	}
	out := map[string]any{"code": p.Code, "message": p.Message, "fields": fields}
	for k, v := range p.Data {
		out[k] = v
	}
	return map[string]any{"error": out}
}
