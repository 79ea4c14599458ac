package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// textsPage edits every text of a consultation in one language, beside
// the English.
type textsPage struct {
	reviewBase
	C        *store.Consultation
	Lang     string // the language edited
	LangName string
	Dir      string
	Groups   []textGroup
	Locked   bool // some wording is locked by submitted answers
}

// textGroup is the texts of the consultation, of a question set or of a
// question.
type textGroup struct {
	Heading string
	Fields  []textField
}

// textField is one text in the language edited.
type textField struct {
	Name   string // of the input, and its id
	Label  string
	Value  string
	Ref    string // the English text, when another language is edited
	Long   bool
	Locked bool // wording that submitted answers have fixed
	Error  string
}

// textSlot ties a field to the text of the file it edits.
type textSlot struct {
	field    textField
	text     *questionset.Text
	required bool
	group    int
}

// adminTexts shows the form for one language.
func (h *Handler) adminTexts(c *gin.Context) {
	cn, l, ok := h.textsTarget(c)
	if !ok {
		return
	}
	f := cn.File()
	slots, groups, err := h.textSlots(c, cn, f, l)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.renderTexts(c, http.StatusOK, cn, l, slots, groups)
}

// adminSaveTexts saves the texts of one language through the same rules
// as loading a file: the wording of an answered question stays as it is.
func (h *Handler) adminSaveTexts(c *gin.Context) {
	cn, l, ok := h.textsTarget(c)
	if !ok {
		return
	}
	f := cn.File()
	slots, groups, err := h.textSlots(c, cn, f, l)
	if err != nil {
		h.fail(c, err)
		return
	}
	v := h.applyTexts(c, slots, l)
	if v > 0 {
		h.renderTexts(c, http.StatusUnprocessableEntity, cn, l, slots, groups)
		return
	}
	_, err = h.store.LoadConsultationWith(c.Request.Context(), f, store.LoadOptions{Actor: reviewer(c).Actor()})
	var se *store.Error
	if errors.As(err, &se) && (se.Kind == store.KindConflict || se.Kind == store.KindValidation) {
		slots[0].field.Error = h.t(c, "admin.texts.error.answered")
		if se.Kind == store.KindValidation {
			slots[0].field.Error = h.t(c, "admin.texts.error.invalid", se.Message)
		}
		h.renderTexts(c, http.StatusUnprocessableEntity, cn, l, slots, groups)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, paths.AdminConsultation(cn.Slug)+"?saved=1")
}

// textsTarget reads the consultation and the language of the path, or
// renders the 404 page.
func (h *Handler) textsTarget(c *gin.Context) (*store.Consultation, string, bool) {
	l := c.Param("lang")
	if !slices.Contains(textLanguages, l) {
		h.fail(c, store.ErrNotFound)
		return nil, "", false
	}
	cn, ok := h.findReviewConsultation(c)
	return cn, l, ok
}

// applyTexts puts the posted texts into the file through the slots, and
// returns how many fields were refused.
func (h *Handler) applyTexts(c *gin.Context, slots []textSlot, l string) int {
	refused := 0
	for i := range slots {
		s := &slots[i]
		if s.field.Locked {
			continue
		}
		v := strings.TrimSpace(strings.ReplaceAll(c.PostForm(s.field.Name), "\r\n", "\n"))
		s.field.Value = v
		switch {
		case v == "" && s.required && l == questionset.DefaultLanguage:
			s.field.Error = h.t(c, "admin.texts.error.required")
			refused++
		case v == "":
			delete(*s.text, l)
		default:
			if *s.text == nil {
				*s.text = questionset.Text{}
			}
			(*s.text)[l] = v
		}
	}
	return refused
}

// textSlots lists every text of f, grouped as the page shows them, with
// their value in l.
func (h *Handler) textSlots(c *gin.Context, cn *store.Consultation, f *questionset.File, l string) ([]textSlot, []string, error) {
	answered, err := h.store.FindAnsweredQuestions(c.Request.Context(), cn.ID)
	if err != nil {
		return nil, nil, err
	}
	var slots []textSlot
	groups := []string{h.t(c, "admin.texts.group.consultation")}
	add := func(name, labelKey string, t *questionset.Text, required, long, locked bool, args ...any) {
		slots = append(slots, textSlot{text: t, required: required, group: len(groups) - 1,
			field: textField{Name: name, Label: h.t(c, labelKey, args...), Value: (*t)[l], Long: long, Locked: locked}})
		if l != questionset.DefaultLanguage {
			slots[len(slots)-1].field.Ref = (*t)[questionset.DefaultLanguage]
		}
	}
	add("title", "admin.texts.field.title", &f.Title, true, false, false)
	add("meeting", "admin.texts.field.meeting", &f.Meeting, false, false, false)
	add("context", "admin.texts.field.context", &f.Context, true, true, false)
	for i := range f.QuestionSets {
		s := &f.QuestionSets[i]
		groups = append(groups, h.t(c, "admin.texts.group.set", h.t(c, "review.audience."+string(s.Audience))))
		add(fmt.Sprintf("s%d.title", i), "admin.texts.field.set_title", &s.Title, true, false, false)
		add(fmt.Sprintf("s%d.intro", i), "admin.texts.field.intro", &s.Intro, false, true, false)
		for j := range s.Questions {
			q := &s.Questions[j]
			locked := answered[cn.QuestionSets[i].Questions[j].ID]
			groups = append(groups, h.t(c, "admin.texts.group.question", h.t(c, "review.audience."+string(s.Audience)), q.Number))
			name := fmt.Sprintf("s%d.q%d", i, j)
			add(name+".text", "admin.texts.field.question", &q.Text, true, true, locked)
			add(name+".hint", "admin.texts.field.hint", &q.Hint, false, true, false)
			for k := range q.Choices {
				add(fmt.Sprintf("%s.c%d", name, k), "admin.texts.field.choice", &q.Choices[k].Label, true, false, locked, q.Choices[k].Value)
			}
		}
	}
	return slots, groups, nil
}

func (h *Handler) renderTexts(c *gin.Context, status int, cn *store.Consultation, l string, slots []textSlot, groups []string) {
	p := &textsPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, C: cn, Lang: l,
		LangName: h.t(c, "admin.language."+l), Dir: lang.Dir(l)}
	for _, name := range groups {
		p.Groups = append(p.Groups, textGroup{Heading: name})
	}
	v := h.reviewView(c, "admin.texts.title", p)
	for _, s := range slots {
		p.Groups[s.group].Fields = append(p.Groups[s.group].Fields, s.field)
		p.Locked = p.Locked || s.field.Locked
		if s.field.Error != "" {
			h.problem(v, s.field.Name, s.field.Label+": "+s.field.Error)
		}
	}
	v.Title = h.t(c, "admin.texts.heading", p.LangName)
	h.render(c, status, "admin_texts", v)
}
