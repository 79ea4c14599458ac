package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
)

// reviewCreateTheme adds a theme to the question's consultation, from the
// question's page. A name someone else has
// taken meanwhile is refused, and the page says whose theme has it.
func (h *Handler) reviewCreateTheme(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	name := c.PostForm("name")
	_, err := h.store.CreateTheme(c.Request.Context(), reviewer(c).Actor(), rq.C.ID, name)
	keep := func(p *questionPage) { p.ThemeName = name }
	switch {
	case errors.Is(err, store.ErrValidation):
		h.renderQuestion(c, http.StatusUnprocessableEntity, rq,
			map[string]string{"name": h.t(c, "review.theme.error.name")}, keep)
		return
	case errors.Is(err, store.ErrConflict):
		h.renderQuestion(c, http.StatusConflict, rq, map[string]string{"name": h.themeTaken(c, rq.C, err)}, keep)
		return
	}
	h.afterReviewChange(c, rq, err, "themes")
}

// reviewRenameTheme renames a theme of the question, based on the version
// of it the form was loaded with. When someone renamed it meanwhile nothing
// changes, and the page shows the current name, whose it is, and the
// person's name as typed, for them to try again on the current version.
func (h *Handler) reviewRenameTheme(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	th, ok := h.findQuestionTheme(c, rq)
	if !ok {
		return
	}
	in := form.ParseEdit(c.Request.PostForm, "name", "version")
	name, base := in.Text, in.Version
	field := "rename-" + strconv.FormatInt(th.ID, 10)
	keep := func(p *questionPage) { p.Rename = &themeEdit{ID: th.ID, Name: name, Version: base} }
	_, err := h.store.RenameTheme(c.Request.Context(), reviewer(c).Actor(), th.ID, base, name)
	switch {
	case isEditConflict(err):
		cur, ok := h.findQuestionTheme(c, rq)
		if !ok {
			return
		}
		h.renderQuestion(c, http.StatusConflict, rq, map[string]string{field: h.themeChanged(c, rq.C, "rename", cur)},
			func(p *questionPage) { p.Rename = &themeEdit{ID: th.ID, Name: name, Version: cur.Version} })
		return
	case errors.Is(err, store.ErrValidation):
		h.renderQuestion(c, http.StatusUnprocessableEntity, rq,
			map[string]string{field: h.t(c, "review.theme.error.name")}, keep)
		return
	case errors.Is(err, store.ErrConflict):
		h.renderQuestion(c, http.StatusConflict, rq, map[string]string{field: h.themeTaken(c, rq.C, err)}, keep)
		return
	case errors.Is(err, store.ErrNotFound):
		h.themeGone(c, rq)
		return
	}
	h.afterReviewChange(c, rq, err, "themes")
}

// reviewDeleteTheme removes a theme of the question, and its tags, based on
// the version of it the form was loaded with: a theme renamed meanwhile is
// not deleted under a name the person has not seen.
func (h *Handler) reviewDeleteTheme(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	th, ok := h.findQuestionTheme(c, rq)
	if !ok {
		return
	}
	in := form.ParseEdit(c.Request.PostForm, "", "version")
	if c.PostForm("confirm") != "yes" {
		// First the question, on a page of its own: a deletion is never
		// one slip of the hand. The version is the one the person saw.
		th.Version = in.Version
		h.renderQuestion(c, http.StatusOK, rq, nil, func(p *questionPage) { p.ConfirmDelete = th })
		return
	}
	err := h.store.DeleteTheme(c.Request.Context(), reviewer(c).Actor(), th.ID, in.Version)
	switch {
	case isEditConflict(err):
		cur, ok := h.findQuestionTheme(c, rq)
		if !ok {
			return
		}
		h.renderQuestion(c, http.StatusConflict, rq,
			map[string]string{"delete-" + strconv.FormatInt(th.ID, 10): h.themeChanged(c, rq.C, "delete", cur)}, nil)
		return
	case errors.Is(err, store.ErrNotFound):
		h.themeGone(c, rq)
		return
	case err != nil:
		h.fail(c, err)
		return
	}
	v := rq.Filter.Values()
	v.Set("done", "1")
	v.Set("deleted", strconv.FormatInt(th.ID, 10))
	c.Redirect(http.StatusSeeOther, rq.Base()+"?"+v.Encode()+"#themes")
}

// reviewRestoreTheme undoes the deletion of a theme of the question, from
// the notice that follows it.
func (h *Handler) reviewRestoreTheme(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(c.PostForm("theme"), 10, 64)
	th, err := h.store.RestoreTheme(c.Request.Context(), reviewer(c).Actor(), rq.C.ID, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.themeGone(c, rq)
		return
	case errors.Is(err, store.ErrAlreadyRestored):
		h.renderQuestion(c, http.StatusConflict, rq, map[string]string{"themes": h.t(c, "review.theme.error.restored")}, nil)
		return
	case errors.Is(err, store.ErrConflict):
		h.renderQuestion(c, http.StatusConflict, rq, map[string]string{"themes": h.themeTaken(c, rq.C, err)}, nil)
		return
	case err != nil:
		h.fail(c, err)
		return
	}
	h.afterReviewChange(c, rq, nil, "theme-"+strconv.FormatInt(th.ID, 10))
}

// findQuestionTheme returns the theme of the path if it is one of the
// question's consultation. Otherwise (someone deleted it, or it never was) it renders the
// question's page with 404 and says so.
func (h *Handler) findQuestionTheme(c *gin.Context, rq *questionRef) (*store.Theme, bool) {
	id, _ := strconv.ParseInt(c.Param("theme"), 10, 64)
	th, err := h.store.FindTheme(c.Request.Context(), id)
	switch {
	case err == nil && th.ConsultationID == rq.C.ID:
		return th, true
	case err == nil, errors.Is(err, store.ErrNotFound):
		h.themeGone(c, rq)
	default:
		h.fail(c, err)
	}
	return nil, false
}

// themeGone renders the question's page for a theme that no longer exists.
func (h *Handler) themeGone(c *gin.Context, rq *questionRef) {
	h.renderQuestion(c, http.StatusNotFound, rq, map[string]string{"themes": h.t(c, "review.theme.error.gone")}, nil)
}

// themeChanged says who renamed th, to what and when, for a rename or a
// deletion ("rename", "delete") that was based on its former name.
func (h *Handler) themeChanged(c *gin.Context, cn *store.Consultation, op string, th *store.Theme) string {
	return h.t(c, "review.theme.conflict."+op, h.reviewerName(c, th.ChangedBy), th.Name,
		h.formatTime(c, th.ChangedAt, cn.Location()))
}

// themeTaken says which theme already has the name a create or a rename
// asked for, and who gave it that name.
func (h *Handler) themeTaken(c *gin.Context, cn *store.Consultation, err error) string {
	var se *store.Error
	if errors.As(err, &se) {
		if id, ok := se.Data["theme_id"].(int64); ok {
			if th, err := h.store.FindTheme(c.Request.Context(), id); err == nil {
				return h.t(c, "review.theme.error.exists_by", h.reviewerName(c, th.ChangedBy), th.Name,
					h.formatTime(c, th.ChangedAt, cn.Location()))
			}
		}
	}
	return h.t(c, "review.theme.error.exists")
}

// isEditConflict reports whether err refused a save based on a stale
// version.
func isEditConflict(err error) bool {
	return errors.Is(err, store.ErrEditConflict)
}

// reviewTag attaches a theme to an answer.
func (h *Handler) reviewTag(c *gin.Context) {
	h.changeTag(c, h.store.TagAnswer)
}

// reviewUntag takes a theme off an answer.
func (h *Handler) reviewUntag(c *gin.Context) {
	h.changeTag(c, h.store.UntagAnswer)
}

func (h *Handler) changeTag(c *gin.Context, change func(ctx context.Context, actor string, responseID, questionID, themeID int64) error) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	response, err1 := strconv.ParseInt(c.PostForm("response"), 10, 64)
	theme, err2 := strconv.ParseInt(c.PostForm("theme"), 10, 64)
	if err1 != nil || err2 != nil {
		h.renderQuestion(c, http.StatusUnprocessableEntity, rq,
			map[string]string{"tag": h.t(c, "review.theme.error.choose")}, nil)
		return
	}
	err := change(c.Request.Context(), reviewer(c).Actor(), response, rq.Q.ID, theme)
	switch {
	case errors.Is(err, store.ErrValidation), errors.Is(err, store.ErrNotFound):
		h.renderQuestion(c, http.StatusUnprocessableEntity, rq,
			map[string]string{"tag": h.t(c, "review.theme.error.choose")}, nil)
		return
	}
	h.afterReviewChange(c, rq, err, "answer-"+strconv.FormatInt(response, 10))
}

// reviewKeyPoints saves the Co-Chairs' key points for the question, based
// on the version the form was loaded with. When someone else saved them
// meanwhile nothing is overwritten: the page shows their text beside the
// person's, kept as typed, for them to merge and save on the new version.
func (h *Handler) reviewKeyPoints(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	in := form.ParseEdit(c.Request.PostForm, "keypoints", "keypoints_version")
	text, base := in.Text, in.Version
	_, err := h.store.SetKeyPoints(c.Request.Context(), reviewer(c).Actor(), rq.Q.ID, base, text)
	switch {
	case errors.Is(err, store.ErrValidation):
		h.renderQuestion(c, http.StatusUnprocessableEntity, rq,
			map[string]string{"keypoints": h.t(c, "review.keypoints.error")},
			func(p *questionPage) { p.KeyPoints, p.KeyPointsVersion = text, base })
		return
	case isEditConflict(err):
		// The page reads the current key points and their version: the
		// merged text is based on what it shows.
		h.renderQuestion(c, http.StatusConflict, rq, nil, func(p *questionPage) {
			p.KeyPoints, p.KeyPointsConflict = text, true
			p.FieldErrs["keypoints"] = h.t(c, "review.keypoints.conflict", p.KeyPointsBy, p.Updated)
			if p.Updated == "" { // based on a version that never was: no one to name
				p.FieldErrs["keypoints"] = h.t(c, "review.keypoints.conflict_other")
			}
		})
		return
	}
	h.afterReviewChange(c, rq, err, "keypoints-heading")
}

// afterReviewChange sends the browser back to the question's page, at the
// part that changed, or renders the error.
func (h *Handler) afterReviewChange(c *gin.Context, rq *questionRef, err error, anchor string) {
	if err != nil {
		h.fail(c, err)
		return
	}
	v := rq.Filter.Values()
	v.Set("done", "1")
	c.Redirect(http.StatusSeeOther, rq.Base()+"?"+v.Encode()+"#"+anchor)
}
