package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/edge"
	"github.com/vaconsult/vaconsult/internal/problem"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
)

// The refusals the pages make themselves. Their status comes, as every
// error's, from internal/problem; errorPages names the page that says
// each.
var (
	errCSRF       = store.Errorf(store.KindForbidden, "csrf", "This form has expired.")
	errBadLink    = store.Errorf(store.KindNotFound, "bad_link", "This access link does not work.")
	errAdminOnly  = store.Errorf(store.KindForbidden, "forbidden", "Only an administrator may do this.")
	errBadExport  = store.Errorf(store.KindInvalid, "bad_export", "There is no such export.")
	errTooLarge   = store.Errorf(store.KindTooLarge, "file_too_large", "The file is too large.")
	errNotAllowed = store.Errorf(store.KindNotAllowed, "method_not_allowed", "This page does not take this method.")
	errPanic      = errors.New("panic")
	// errRegistrationClosed: a closed consultation takes no registration.
	errRegistrationClosed = &store.Error{Kind: store.KindConflict, Code: "consultation_closed",
		Message: "This consultation has closed.", Err: store.ErrClosed}
)

// errExportsBusy refuses an export beyond the limit of concurrent ones.
func errExportsBusy() error {
	e := store.Errorf(store.KindUnavailable, "exports_busy", "Other exports are being prepared.")
	e.RetryAfter = export.RetryAfterSeconds()
	return e
}

// errorPages names the error page of each refusal, the first that
// matches; an error none matches is said by its status (pageOf).
var errorPages = []struct {
	err  error
	page string
}{
	{errCSRF, "csrf"},
	{errBadLink, "badlink"},
	{errBadExport, "badexport"},
	{errTooLarge, "toolarge"},
	{errNotAllowed, "notfound"},
	{store.ErrNotOpen, "notopen"},
	{store.ErrClosed, "closed"},
	{store.ErrNotFound, "notfound"},
	{store.ErrUnauthorized, "nosession"},
	{store.ErrForbidden, "forbidden"},
	{store.ErrUnavailable, "busy"},
}

// pageOf returns the error page that says err, of status.
func pageOf(err error, status int) string {
	for _, p := range errorPages {
		if errors.Is(err, p.err) {
			return p.page
		}
	}
	switch {
	case status == http.StatusServiceUnavailable:
		return "unavailable"
	case status == http.StatusRequestEntityTooLarge:
		return "formtoolarge"
	case status >= 400 && status < 500:
		return "badinput"
	}
	return "internal"
}

// fail answers err, with the status internal/problem gives it: the error
// page that says it, or, for the page's script, JSON of the API's shape
// {"error": {"code", "message", "fields"}} in the page's language. It is
// the one way the pages answer an error. Internal errors are logged with
// their detail, which never reaches the person; an outage by its reason.
func (h *Handler) fail(c *gin.Context, err error) {
	p := problem.Of(err, h.translator(c))
	switch {
	case p.Outage:
		h.log.WarnContext(c.Request.Context(), "database unavailable", "method", c.Request.Method,
			"route", c.FullPath(), "reason", store.UnavailableReason(err))
	case p.Internal:
		h.log.ErrorContext(c.Request.Context(), "internal error", "method", c.Request.Method,
			"route", c.FullPath(), "err", err)
	}
	if p.RetryAfter != "" {
		c.Header("Retry-After", p.RetryAfter)
	}
	page := pageOf(err, p.Status)
	if wantsJSON(c) {
		var v *store.ValidationError
		if !errors.As(err, &v) {
			// The person reads it: the page's words, not the API's.
			p.Message, p.Data = h.t(c, "error."+page+".heading"), nil
		}
		c.AbortWithStatusJSON(p.Status, p.Body())
		return
	}
	h.renderError(c, p.Status, page)
}

// translator returns the texts of the page's language.
func (h *Handler) translator(c *gin.Context) store.Translator {
	return h.tpl.cat.printer(c.GetString(langKey)).T
}

// refusal is the error of a request the edge refused.
func refusal(p *edge.Problem) error {
	kind := store.KindInvalid
	if p.Status == http.StatusRequestEntityTooLarge {
		kind = store.KindTooLarge
	}
	return &store.Error{Kind: kind, Code: p.Code, Message: p.Message()}
}

// pageProblems returns v with each problem named by the id of the field
// that shows it on the question form, for the form's script.
func pageProblems(v *store.ValidationError) *store.ValidationError {
	out := &store.ValidationError{Code: v.Code, Key: v.Key}
	for _, p := range v.Problems {
		p.Field = formField(p)
		out.Problems = append(out.Problems, p)
	}
	return out
}

// formField returns the id of the field of the question form that shows
// p: a question's first radio or its text box, or the answers' language.
func formField(p store.Problem) string {
	switch {
	case p.Field == "lang":
		return form.LanguageName
	case p.Question == 0:
		return p.Field
	case p.Choice:
		return form.ChoiceName(p.Question) + "-0"
	}
	return form.TextName(p.Question)
}
