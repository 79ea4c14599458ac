package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

// reviewCreateTheme adds a theme to the question.
func (h *Handler) reviewCreateTheme(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	name := c.PostForm("name")
	_, err := h.store.CreateTheme(c.Request.Context(), reviewer(c).Actor(), rq.Q.ID, name)
	keep := func(p *questionPage) { p.ThemeName = name }
	switch store.KindOf(err) {
	case store.KindValidation:
		h.renderQuestion(c, http.StatusUnprocessableEntity, rq,
			map[string]string{"name": h.t(c, "review.theme.error.name")}, keep)
		return
	case store.KindConflict:
		h.renderQuestion(c, http.StatusConflict, rq,
			map[string]string{"name": h.t(c, "review.theme.error.exists")}, keep)
		return
	}
	h.afterReviewChange(c, rq, err, "themes")
}

// reviewDeleteTheme removes a theme of the question, and its tags.
func (h *Handler) reviewDeleteTheme(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(c.Param("theme"), 10, 64)
	themes, err := h.store.FindThemes(c.Request.Context(), rq.Q.ID)
	if err != nil {
		h.serverError(c, err)
		return
	}
	if !slices.ContainsFunc(themes, func(t store.Theme) bool { return t.ID == id }) {
		h.renderError(c, http.StatusNotFound, "notfound")
		return
	}
	h.afterReviewChange(c, rq, h.store.DeleteTheme(c.Request.Context(), reviewer(c).Actor(), id), "themes")
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
	switch store.KindOf(err) {
	case store.KindValidation, store.KindNotFound:
		h.renderQuestion(c, http.StatusUnprocessableEntity, rq,
			map[string]string{"tag": h.t(c, "review.theme.error.choose")}, nil)
		return
	}
	h.afterReviewChange(c, rq, err, "answer-"+strconv.FormatInt(response, 10))
}

// reviewKeyPoints saves the Co-Chairs' key points for the question.
func (h *Handler) reviewKeyPoints(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	text := c.PostForm("keypoints")
	_, err := h.store.SetKeyPoints(c.Request.Context(), reviewer(c).Actor(), rq.Q.ID, text)
	if store.KindOf(err) == store.KindValidation {
		h.renderQuestion(c, http.StatusUnprocessableEntity, rq,
			map[string]string{"keypoints": h.t(c, "review.keypoints.error")}, func(p *questionPage) { p.KeyPoints = text })
		return
	}
	h.afterReviewChange(c, rq, err, "keypoints-heading")
}

// afterReviewChange sends the browser back to the question's page, at the
// part that changed, or renders the error.
func (h *Handler) afterReviewChange(c *gin.Context, rq *questionRef, err error, anchor string) {
	if err != nil {
		h.serverError(c, err)
		return
	}
	v := rq.Filter.Values()
	v.Set("done", "1")
	c.Redirect(http.StatusSeeOther, rq.Base()+"?"+v.Encode()+"#"+anchor)
}
