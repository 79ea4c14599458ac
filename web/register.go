package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/problem"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
	"github.com/vaconsult/vaconsult/web/paths"
)

type registerPage struct {
	C         *store.Consultation
	Form      form.Registration
	Countries []country
	FieldErrs map[string]string
}

func (h *Handler) registerForm(c *gin.Context) {
	cn, ok := h.registrationOpen(c)
	if !ok {
		return
	}
	h.renderRegister(c, http.StatusOK, cn, form.Registration{Kind: domain.KindOrganisation}, nil)
}

func (h *Handler) register(c *gin.Context) {
	cn, ok := h.registrationOpen(c)
	if !ok {
		return
	}
	in := form.ParseRegistration(c.Request.PostForm)
	nr := in.NewRespondent(cn.Slug)
	nr.From = c.ClientIP()
	acc, err := h.store.Register(c.Request.Context(), nr)
	var v *store.ValidationError
	switch {
	case errors.As(err, &v):
		h.renderRegister(c, problem.Of(err, h.translator(c)).Status, cn, in, v.Problems)
		return
	case errors.Is(err, store.ErrRateLimited):
		h.renderRegister(c, problem.Of(err, h.translator(c)).Status, cn, in,
			[]store.Problem{{Field: "name", Key: "register.error.too_many"}})
		return
	case err != nil:
		h.fail(c, err)
		return
	}
	session, err := h.store.CreateSession(c.Request.Context(), acc.Contributor.ID)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.setCookie(c, sessionCookie, session, int(store.SessionLifetime.Seconds()))
	// The link is shown once, on the next page, which removes this cookie.
	h.setCookie(c, linkCookie, acc.Token, 600)
	c.Redirect(http.StatusSeeOther, paths.Registered())
}

// registrationOpen returns the consultation when it takes registrations
// now, or renders why not.
func (h *Handler) registrationOpen(c *gin.Context) (*store.Consultation, bool) {
	cn, ok := h.findConsultation(c)
	if !ok {
		return nil, false
	}
	if !cn.SelfRegistration {
		h.NotFound(c)
		return nil, false
	}
	if cn.StatusAt(h.now()) == store.StatusClosed {
		h.fail(c, errRegistrationClosed)
		return nil, false
	}
	return cn, true
}

// registerFields are the registration form's fields, in the page's order.
var registerFields = []string{"kind", "name", "country", "contributor", "email"}

// renderRegister shows the registration form with the person's input and
// what the store found wrong, in the page's order.
func (h *Handler) renderRegister(c *gin.Context, status int, cn *store.Consultation, in form.Registration, problems []store.Problem) {
	l := c.GetString(langKey)
	p := &registerPage{C: cn, Form: in, Countries: countries(l), FieldErrs: map[string]string{}}
	v := h.newView(c, "register.title", p)
	for _, field := range registerFields {
		for _, pr := range problems {
			if pr.Field != field || p.FieldErrs[field] != "" {
				continue
			}
			msg := h.t(c, pr.Key, pr.Args...)
			p.FieldErrs[field] = msg
			v.Errors = append(v.Errors, fieldError{Field: registerFieldID(field), Message: msg})
		}
	}
	h.render(c, status, "register", v)
}

// registerFieldID is the id of the input an error summary links to.
func registerFieldID(field string) string {
	if field == "kind" {
		return "kind-organisation"
	}
	return field
}
