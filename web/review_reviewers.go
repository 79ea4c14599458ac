package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// newPasswordCookie carries a new account's password from the form to the
// page that shows it once, and no further.
const newPasswordCookie = "vaconsult_newpw"

type reviewersPage struct {
	reviewBase
	Reviewers []*store.Reviewer
	Form      store.NewReviewer
	FieldErrs map[string]string
	Added     *addedReviewer
}

// addedReviewer is the account just created, with its password, shown once.
type addedReviewer struct {
	Email, Password string
}

// reviewReviewers lists the reviewer accounts, with the form to add one.
func (h *Handler) reviewReviewers(c *gin.Context) {
	p := &reviewersPage{Form: store.NewReviewer{Role: store.RoleCoChair}}
	if raw, err := c.Cookie(newPasswordCookie); err == nil {
		h.setNewPasswordCookie(c, "", -1)
		if vals, err := url.ParseQuery(raw); err == nil && vals.Get("p") != "" {
			p.Added = &addedReviewer{Email: vals.Get("e"), Password: vals.Get("p")}
		}
	}
	h.renderReviewers(c, http.StatusOK, p)
}

// reviewAddReviewer creates an account with a generated password.
func (h *Handler) reviewAddReviewer(c *gin.Context) {
	in := store.NewReviewer{Email: strings.TrimSpace(c.PostForm("email")), Name: strings.TrimSpace(c.PostForm("name")),
		Role: c.PostForm("role"), Password: newPassword()}
	_, err := h.store.CreateReviewer(c.Request.Context(), in, reviewer(c).Actor())
	var se *store.Error
	if errors.As(err, &se) && (se.Kind == store.KindValidation || se.Kind == store.KindConflict) {
		p := &reviewersPage{Form: in, FieldErrs: map[string]string{}}
		p.Form.Password = ""
		status := http.StatusUnprocessableEntity
		if se.Kind == store.KindConflict {
			status = http.StatusConflict
			p.FieldErrs["email"] = h.t(c, "review.reviewers.error.taken")
		}
		for _, f := range []string{"email", "name", "role"} {
			if _, ok := se.Fields[f]; ok {
				p.FieldErrs[f] = h.t(c, "review.reviewers.error."+f)
			}
		}
		h.renderReviewers(c, status, p)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	h.setNewPasswordCookie(c, url.Values{"e": {strings.ToLower(in.Email)}, "p": {in.Password}}.Encode(), 300)
	c.Redirect(http.StatusSeeOther, paths.Reviewers())
}

func (h *Handler) renderReviewers(c *gin.Context, status int, p *reviewersPage) {
	p.reviewBase = reviewBase{Me: reviewer(c)}
	var err error
	if p.Reviewers, err = h.store.FindReviewers(c.Request.Context()); err != nil {
		h.fail(c, err)
		return
	}
	v := h.reviewView(c, "review.reviewers.title", p)
	for _, f := range []string{"email", "name", "role"} {
		if msg, ok := p.FieldErrs[f]; ok {
			id := f
			if f == "role" {
				id = "role-co-chair"
			}
			h.problem(v, id, msg)
		}
	}
	h.render(c, status, "review_reviewers", v)
}

func (h *Handler) setNewPasswordCookie(c *gin.Context, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: newPasswordCookie, Value: url.QueryEscape(value),
		Path: paths.Reviewers(), MaxAge: maxAge, HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteStrictMode})
}

// newPassword returns 144 random bits as 24 characters, easy to copy.
func newPassword() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
