package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/paths"
)

// The translations of one submitted answer: reviewers type or paste a
// translation into another of the consultation's languages, or, where a
// machine translation service is configured, ask it for a draft, which
// stays marked as machine-made until one of them approves it. An answer
// given for the Co-Chairs only is never sent to the service.

type translationsPage struct {
	reviewBase
	C             *store.Consultation
	Q             store.Question
	A             *store.TranslatedAnswer
	Languages     []translationLanguage // the languages it can be translated into
	Machine       bool                  // a service is configured and may be asked for this answer
	Editing       string                // the language of the form with an error
	FieldText     string                // the text typed in that form
	FieldError    string
	LanguageNames map[string]string
}

// translationLanguage is a language an answer may be translated into, with
// its translation if there is one.
type translationLanguage struct {
	Code, Name string
	T          *store.Translation
	Updated    string
}

func (h *Handler) reviewTranslations(c *gin.Context) {
	p, ok := h.translationsPage(c)
	if !ok {
		return
	}
	v := h.reviewView(c, "review.translations.title", p)
	if c.Query("saved") != "" {
		v.Notice = h.t(c, "review.translations.saved")
	}
	h.render(c, http.StatusOK, "review_translations", v)
}

func (h *Handler) reviewSaveTranslation(c *gin.Context) {
	p, ok := h.translationsPage(c)
	if !ok {
		return
	}
	base, _ := strconv.Atoi(c.PostForm("version"))
	in := store.TranslationInput{ResponseID: p.A.ResponseID, QuestionID: p.A.QuestionID, Language: c.PostForm("language"),
		Text: c.PostForm("text"), Base: base}
	_, err := h.store.SetTranslation(c.Request.Context(), reviewer(c).Actor(), in)
	h.afterTranslation(c, p, in, err)
}

func (h *Handler) reviewMachineTranslation(c *gin.Context) {
	p, ok := h.translationsPage(c)
	if !ok {
		return
	}
	if !p.Machine { // no service, or an answer for the Co-Chairs only: nothing is sent
		h.fail(c, store.Errorf(store.KindConflict, "no_machine_translation", "Machine translation is not available for this answer."))
		return
	}
	target := c.PostForm("language")
	in := store.TranslationInput{ResponseID: p.A.ResponseID, QuestionID: p.A.QuestionID, Language: target, Machine: true}
	in.Base, _ = strconv.Atoi(c.PostForm("version"))
	if !lang.IsSupported(target) || target == p.A.Language {
		h.afterTranslation(c, p, in, &store.Error{Kind: store.KindValidation, Code: "validation_failed"})
		return
	}
	text, err := h.mt.Translate(c.Request.Context(), p.A.Text, p.A.Language, target)
	if err != nil {
		h.log.WarnContext(c.Request.Context(), "machine translation failed", "err", err)
		in.Text = ""
		h.renderTranslations(c, p, in, http.StatusBadGateway, h.t(c, "review.translations.machine_failed"))
		return
	}
	in.Text = text
	_, err = h.store.SetTranslation(c.Request.Context(), reviewer(c).Actor(), in)
	h.afterTranslation(c, p, in, err)
}

// afterTranslation goes back to the page, or shows the form again with
// what was refused.
func (h *Handler) afterTranslation(c *gin.Context, p *translationsPage, in store.TranslationInput, err error) {
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, paths.ReviewTranslations(p.C.Slug, p.A.ResponseID, p.A.QuestionID)+"?saved=1#tr-"+in.Language)
	case errors.Is(err, store.ErrValidation):
		h.renderTranslations(c, p, in, http.StatusUnprocessableEntity, h.t(c, "review.translations.invalid"))
	case errors.Is(err, store.ErrEditConflict):
		h.renderTranslations(c, p, in, http.StatusConflict, h.t(c, "review.translations.conflict"))
	default:
		h.fail(c, err)
	}
}

func (h *Handler) renderTranslations(c *gin.Context, p *translationsPage, in store.TranslationInput, status int, msg string) {
	p.Editing, p.FieldText, p.FieldError = in.Language, in.Text, msg
	v := h.reviewView(c, "review.translations.title", p)
	v.Errors = []fieldError{{Field: "text-" + in.Language, Message: msg}}
	h.render(c, status, "review_translations", v)
}

// translationsPage reads the answer of the path, or renders the 404 page.
func (h *Handler) translationsPage(c *gin.Context) (*translationsPage, bool) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return nil, false
	}
	rid, err1 := strconv.ParseInt(c.Param("response"), 10, 64)
	qid, err2 := strconv.ParseInt(c.Param("question"), 10, 64)
	var a *store.TranslatedAnswer
	err := errors.Join(err1, err2)
	if err == nil {
		a, err = h.store.FindTranslatedAnswer(c.Request.Context(), cn.ID, rid, qid)
	}
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) && err1 == nil && err2 == nil {
			h.fail(c, err)
			return nil, false
		}
		h.fail(c, store.ErrNotFound)
		return nil, false
	}
	p := &translationsPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, C: cn, A: a, LanguageNames: languageNames,
		Machine: h.mt != nil && a.Attribution != domain.AttributionConfidential}
	for _, qs := range cn.QuestionSets {
		for _, q := range qs.Questions {
			if q.ID == qid {
				p.Q = q
			}
		}
	}
	for _, l := range lang.Supported {
		if l == a.Language {
			continue
		}
		tl := translationLanguage{Code: l, Name: languageNames[l]}
		for i := range a.Translations {
			if t := &a.Translations[i]; t.Language == l {
				tl.T = t
				tl.Updated = h.formatTime(c, t.UpdatedAt, cn.Location())
			}
		}
		p.Languages = append(p.Languages, tl)
	}
	return p, true
}
