package web

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// codePage asks a half signed-in reviewer for the code of their
// authenticator, or a recovery code.
type codePage struct {
	Next      string
	FieldErrs map[string]string
}

// reviewCodeForm shows the code form to a session that waits for it, and
// sends any other to where it belongs.
func (h *Handler) reviewCodeForm(c *gin.Context) {
	if !h.waitingForCode(c) {
		return
	}
	h.render(c, http.StatusOK, "review_code", h.reviewView(c, "review.code.title", &codePage{Next: safeNext(c.Query("next"))}))
}

// reviewCode checks the code. A wrong one shows the form again; too many
// end the half-open session, back to the password.
func (h *Handler) reviewCode(c *gin.Context) {
	if !h.waitingForCode(c) {
		return
	}
	p := &codePage{Next: safeNext(c.PostForm("next")), FieldErrs: map[string]string{}}
	token, _ := c.Cookie(reviewerCookie)
	err := h.store.CompleteSignIn(c.Request.Context(), token, c.PostForm("code"))
	switch {
	case errors.Is(err, store.ErrValidation):
		v := h.reviewView(c, "review.code.title", p)
		p.FieldErrs["code"] = h.t(c, "review.code.error.wrong")
		h.problem(v, "code", p.FieldErrs["code"])
		h.render(c, http.StatusUnprocessableEntity, "review_code", v)
		return
	case errors.Is(err, store.ErrUnauthorized):
		h.setReviewerCookie(c, "", -1)
		c.Redirect(http.StatusSeeOther, paths.ReviewSignIn())
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, p.Next)
}

// waitingForCode reports whether the browser's session waits for a code;
// otherwise it sends the browser on and returns false.
func (h *Handler) waitingForCode(c *gin.Context) bool {
	token, _ := c.Cookie(reviewerCookie)
	rs, err := h.store.FindReviewerSessionAtAnyStage(c.Request.Context(), token)
	switch {
	case errors.Is(err, store.ErrUnauthorized):
		c.Redirect(http.StatusSeeOther, paths.ReviewSignIn())
	case err != nil:
		h.fail(c, err)
	case rs.Stage == store.StageEnrol:
		c.Redirect(http.StatusSeeOther, paths.ReviewSecondFactor())
	case rs.Stage == store.StageFull:
		c.Redirect(http.StatusSeeOther, paths.ReviewHome())
	default:
		return true
	}
	return false
}

// enrolPage offers a new second factor: a QR code and the same secret as
// text, and the field for the first code. Codes holds the recovery codes,
// once enrolment is done.
type enrolPage struct {
	reviewBase
	Enrolment *store.Enrolment
	QR        template.URL // a data: URI the store made, which html/template would refuse as it is
	Required  bool         // an administrator, who may do nothing else first
	Codes     []string
	FieldErrs map[string]string
}

// reviewEnrolForm shows a new secret, replacing any shown before: each is
// shown once.
func (h *Handler) reviewEnrolForm(c *gin.Context) {
	me := reviewer(c)
	en, err := h.store.BeginEnrolment(c.Request.Context(), me)
	if errors.Is(err, store.ErrConflict) {
		c.Redirect(http.StatusSeeOther, paths.ReviewAccount())
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &enrolPage{reviewBase: reviewBase{Me: me}, Enrolment: en, QR: qrURL(en), Required: me.IsAdmin()}
	allowDataImages(c)
	h.render(c, http.StatusOK, "review_enrol", h.reviewView(c, "review.enrol.title", p))
}

// reviewEnrol confirms the secret with a first code and shows the recovery
// codes. They are shown in the answer to this form, not after a redirect,
// because they are kept nowhere but as hashes and cannot be shown again.
func (h *Handler) reviewEnrol(c *gin.Context) {
	me := reviewer(c)
	token, _ := c.Cookie(reviewerCookie)
	codes, err := h.store.ConfirmEnrolment(c.Request.Context(), me, token, c.PostForm("code"))
	switch {
	case errors.Is(err, store.ErrValidation):
		h.reenrol(c, me)
		return
	case errors.Is(err, store.ErrConflict):
		c.Redirect(http.StatusSeeOther, paths.ReviewAccount())
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &enrolPage{reviewBase: reviewBase{Me: me}, Codes: codes}
	v := h.reviewView(c, "review.enrol.done_title", p)
	c.Header("Cache-Control", "no-store")
	h.render(c, http.StatusOK, "review_enrol", v)
}

// reenrol shows the same secret again after a wrong code, or a new one
// when none is pending any more.
func (h *Handler) reenrol(c *gin.Context, me *store.Reviewer) {
	en, err := h.store.PendingEnrolment(c.Request.Context(), me)
	if errors.Is(err, store.ErrNotFound) {
		en, err = h.store.BeginEnrolment(c.Request.Context(), me)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &enrolPage{reviewBase: reviewBase{Me: me}, Enrolment: en, QR: qrURL(en), Required: me.IsAdmin(),
		FieldErrs: map[string]string{"code": h.t(c, "review.enrol.error.wrong")}}
	v := h.reviewView(c, "review.enrol.title", p)
	h.problem(v, "code", p.FieldErrs["code"])
	allowDataImages(c)
	h.render(c, http.StatusUnprocessableEntity, "review_enrol", v)
}

// qrURL returns the QR code's data URI, trusted only when it is the PNG the
// store makes.
func qrURL(en *store.Enrolment) template.URL {
	if !strings.HasPrefix(en.QR, "data:image/png;base64,") {
		return ""
	}
	return template.URL(en.QR)
}

// allowDataImages lets this page show the QR code, an image in the page
// itself, which the site's policy (images from the site only) would block.
func allowDataImages(c *gin.Context) {
	hd := c.Writer.Header()
	hd.Set("Content-Security-Policy", strings.Replace(hd.Get("Content-Security-Policy"), "img-src 'self'", "img-src 'self' data:", 1))
}
