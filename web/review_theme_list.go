package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
	"github.com/vaconsult/vaconsult/web/paths"
)

// themesPage is a consultation's themes, each with its answers counted by
// audience, question and region, and the forms that change them.
type themesPage struct {
	reviewBase
	C      *store.Consultation
	Themes []store.ThemeSummary
	themeForms
	FieldErrs map[string]string
}

// reviewThemes shows a consultation's themes page.
func (h *Handler) reviewThemes(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	h.renderThemes(c, http.StatusOK, cn, nil, nil)
}

// renderThemes renders the themes page; after a failed form, with the
// problems and what was typed (edit fills it in).
func (h *Handler) renderThemes(c *gin.Context, status int, cn *store.Consultation, problems map[string]string, edit func(*themesPage)) {
	ctx := c.Request.Context()
	themes, err := h.store.FindThemeSummaries(ctx, cn.ID)
	if err != nil {
		h.fail(c, err)
		return
	}
	if problems == nil {
		problems = map[string]string{}
	}
	p := &themesPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, C: cn, Themes: themes, FieldErrs: problems}
	if edit != nil {
		edit(p)
	}
	if id, err := strconv.ParseInt(c.Query("deleted"), 10, 64); err == nil && len(problems) == 0 && p.ConfirmDelete == nil {
		if d, err := h.store.FindDeletedTheme(ctx, cn.ID, id); err == nil && !d.Restored {
			p.Deleted = d
		}
	}
	v := h.reviewView(c, "review.themes.title", p)
	// After a failed form the address is the form's, which takes no GET.
	for i := range v.LangLinks {
		v.LangLinks[i].URL = paths.ConsultationThemes(cn.Slug) + "?" + url.Values{"lang": {v.LangLinks[i].Code}}.Encode()
	}
	for _, field := range problemOrder(problems) {
		h.problem(v, field, problems[field])
	}
	if c.Query("done") != "" && len(problems) == 0 && p.Deleted == nil && p.ConfirmDelete == nil {
		v.Notice = h.t(c, "review.question.saved")
	}
	h.render(c, status, "review_themes", v)
}

// reviewThemesCreate adds a theme to the consultation.
func (h *Handler) reviewThemesCreate(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	name := c.PostForm("name")
	th, err := h.store.CreateTheme(c.Request.Context(), reviewer(c).Actor(), cn.ID, name)
	keep := func(p *themesPage) { p.ThemeName = name }
	switch {
	case errors.Is(err, store.ErrValidation):
		h.renderThemes(c, http.StatusUnprocessableEntity, cn, map[string]string{"name": h.t(c, "review.theme.error.name")}, keep)
	case errors.Is(err, store.ErrConflict):
		h.renderThemes(c, http.StatusConflict, cn, map[string]string{"name": h.themeTaken(c, cn, err)}, keep)
	case err != nil:
		h.fail(c, err)
	default:
		h.afterThemesChange(c, cn, "", "theme-"+strconv.FormatInt(th.ID, 10))
	}
}

// reviewThemesRename renames a theme, based on the version the form was
// loaded with, as a question's page does.
func (h *Handler) reviewThemesRename(c *gin.Context) {
	cn, th, ok := h.findConsultationTheme(c)
	if !ok {
		return
	}
	in := form.ParseEdit(c.Request.PostForm, "name", "version")
	field := "rename-" + strconv.FormatInt(th.ID, 10)
	keep := func(p *themesPage) { p.Rename = &themeEdit{ID: th.ID, Name: in.Text, Version: in.Version} }
	_, err := h.store.RenameTheme(c.Request.Context(), reviewer(c).Actor(), th.ID, in.Version, in.Text)
	switch {
	case isEditConflict(err):
		cur, err := h.store.FindTheme(c.Request.Context(), th.ID)
		if err != nil {
			h.themesGone(c, cn)
			return
		}
		h.renderThemes(c, http.StatusConflict, cn, map[string]string{field: h.themeChanged(c, cn, "rename", cur)},
			func(p *themesPage) { p.Rename = &themeEdit{ID: th.ID, Name: in.Text, Version: cur.Version} })
	case errors.Is(err, store.ErrValidation):
		h.renderThemes(c, http.StatusUnprocessableEntity, cn, map[string]string{field: h.t(c, "review.theme.error.name")}, keep)
	case errors.Is(err, store.ErrConflict):
		h.renderThemes(c, http.StatusConflict, cn, map[string]string{field: h.themeTaken(c, cn, err)}, keep)
	case errors.Is(err, store.ErrNotFound):
		h.themesGone(c, cn)
	case err != nil:
		h.fail(c, err)
	default:
		h.afterThemesChange(c, cn, "", "theme-"+strconv.FormatInt(th.ID, 10))
	}
}

// reviewThemesDelete asks first, then removes a theme and its tags on
// every question, based on the version of it the form was loaded with.
func (h *Handler) reviewThemesDelete(c *gin.Context) {
	cn, th, ok := h.findConsultationTheme(c)
	if !ok {
		return
	}
	in := form.ParseEdit(c.Request.PostForm, "", "version")
	if c.PostForm("confirm") != "yes" {
		th.Version = in.Version
		h.renderThemes(c, http.StatusOK, cn, nil, func(p *themesPage) { p.ConfirmDelete = th })
		return
	}
	err := h.store.DeleteTheme(c.Request.Context(), reviewer(c).Actor(), th.ID, in.Version)
	switch {
	case isEditConflict(err):
		cur, err := h.store.FindTheme(c.Request.Context(), th.ID)
		if err != nil {
			h.themesGone(c, cn)
			return
		}
		h.renderThemes(c, http.StatusConflict, cn,
			map[string]string{"delete-" + strconv.FormatInt(th.ID, 10): h.themeChanged(c, cn, "delete", cur)}, nil)
	case errors.Is(err, store.ErrNotFound):
		h.themesGone(c, cn)
	case err != nil:
		h.fail(c, err)
	default:
		h.afterThemesChange(c, cn, strconv.FormatInt(th.ID, 10), "themes")
	}
}

// reviewThemesRestore undoes the deletion of a theme, from the notice
// that follows it.
func (h *Handler) reviewThemesRestore(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(c.PostForm("theme"), 10, 64)
	th, err := h.store.RestoreTheme(c.Request.Context(), reviewer(c).Actor(), cn.ID, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.themesGone(c, cn)
	case errors.Is(err, store.ErrAlreadyRestored):
		h.renderThemes(c, http.StatusConflict, cn, map[string]string{"themes": h.t(c, "review.theme.error.restored")}, nil)
	case errors.Is(err, store.ErrConflict):
		h.renderThemes(c, http.StatusConflict, cn, map[string]string{"themes": h.themeTaken(c, cn, err)}, nil)
	case err != nil:
		h.fail(c, err)
	default:
		h.afterThemesChange(c, cn, "", "theme-"+strconv.FormatInt(th.ID, 10))
	}
}

// findConsultationTheme returns the consultation and the theme of the
// path, or renders the page that says neither is there.
func (h *Handler) findConsultationTheme(c *gin.Context) (*store.Consultation, *store.Theme, bool) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return nil, nil, false
	}
	id, _ := strconv.ParseInt(c.Param("theme"), 10, 64)
	th, err := h.store.FindTheme(c.Request.Context(), id)
	switch {
	case err == nil && th.ConsultationID == cn.ID:
		return cn, th, true
	case err == nil, errors.Is(err, store.ErrNotFound):
		h.themesGone(c, cn)
	default:
		h.fail(c, err)
	}
	return nil, nil, false
}

// themesGone renders the themes page for a theme that no longer exists.
func (h *Handler) themesGone(c *gin.Context, cn *store.Consultation) {
	h.renderThemes(c, http.StatusNotFound, cn, map[string]string{"themes": h.t(c, "review.theme.error.gone")}, nil)
}

// afterThemesChange sends the browser back to the themes page, at the
// part that changed; deleted names a theme just deleted, to offer its undo.
func (h *Handler) afterThemesChange(c *gin.Context, cn *store.Consultation, deleted, anchor string) {
	v := url.Values{"done": {"1"}}
	if deleted != "" {
		v.Set("deleted", deleted)
	}
	c.Redirect(http.StatusSeeOther, paths.ConsultationThemes(cn.Slug)+"?"+v.Encode()+"#"+anchor)
}
