package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

type consultationSummary struct {
	Slug     string     `json:"slug"`
	Title    string     `json:"title"`
	Status   string     `json:"status"`
	OpensAt  *time.Time `json:"opens_at"`
	ClosesAt *time.Time `json:"closes_at"`
}

type consultationDetail struct {
	consultationSummary
	Language         string           `json:"language"`
	Meeting          string           `json:"meeting"`
	Context          string           `json:"context"`
	TimeZone         string           `json:"time_zone"`
	SelfRegistration bool             `json:"self_registration"`
	QuestionSets     []questionSetOut `json:"question_sets"`
}

type questionSetOut struct {
	Audience  domain.Audience `json:"audience"`
	Title     string          `json:"title"`
	Questions []questionOut   `json:"questions"`
}

type questionOut struct {
	ID        int64       `json:"id"`
	Number    int         `json:"number"`
	Kind      string      `json:"kind"`
	Text      string      `json:"text"`
	Hint      string      `json:"hint"`
	Choices   []choiceOut `json:"choices"`
	Required  bool        `json:"required"`
	MaxLength int         `json:"max_length"`
	// AnswersBackTo, on a survivors' question, is the States Parties'
	// question it answers back to; AnsweredBackBy, on that States'
	// question, is the survivors' question: the pair reads from either side.
	AnswersBackTo  *questionRef `json:"answers_back_to,omitempty"`
	AnsweredBackBy *questionRef `json:"answered_back_by,omitempty"`
}

// questionRef names a question of the consultation's other question set.
type questionRef struct {
	QuestionID int64 `json:"question_id"`
	Number     int   `json:"number"`
}

type choiceOut struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// language picks the answer's language from ?lang= or Accept-Language.
func language(c *gin.Context) string {
	return lang.Negotiate(c.Query("lang"), "", c.GetHeader("Accept-Language"))
}

func (h *Handler) summary(cn *store.Consultation, l string) consultationSummary {
	return consultationSummary{Slug: cn.Slug, Title: cn.Title.In(l), Status: cn.Status(h.now()),
		OpensAt: cn.OpensAt, ClosesAt: cn.ClosesAt}
}

func (h *Handler) listConsultations(c *gin.Context) {
	cs, err := h.store.FindListedConsultations(c.Request.Context())
	if err != nil {
		h.writeError(c, err)
		return
	}
	l := language(c)
	out := make([]consultationSummary, 0, len(cs))
	for _, cn := range cs {
		out = append(out, h.summary(cn, l))
	}
	c.Header("Content-Language", l)
	c.JSON(http.StatusOK, gin.H{"consultations": out})
}

// getConsultation answers from the store's cache, where the consultation
// is kept encoded per language and status: one query checks that it is
// current.
func (h *Handler) getConsultation(c *gin.Context) {
	cn, enc, err := h.store.EncodedConsultation(c.Request.Context(), c.Param("slug"))
	if err == nil && cn.IsDraft() && !h.isReviewer(c) {
		err = store.ErrNotFound
	}
	var b []byte
	l := language(c)
	if err == nil {
		b, err = enc.Get(l+" "+cn.Status(h.now()), func() ([]byte, error) { return json.Marshal(h.detail(cn, l)) })
	}
	if err != nil {
		h.writeError(c, err)
		return
	}
	c.Header("Content-Language", l)
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
}

func (h *Handler) detail(cn *store.Consultation, l string) consultationDetail {
	out := consultationDetail{consultationSummary: h.summary(cn, l), Language: l,
		Meeting: cn.Meeting.In(l), Context: cn.Context.In(l), TimeZone: cn.TimeZone,
		SelfRegistration: cn.SelfRegistration, QuestionSets: []questionSetOut{}}
	p := pairsOf(cn)
	for _, qs := range cn.QuestionSets {
		out.QuestionSets = append(out.QuestionSets, questionSetJSON(qs, l, p))
	}
	return out
}

// pairs are the questions of a consultation by ID, and the survivors'
// question answering back to each paired States' question.
type pairs struct {
	byID   map[int64]store.Question
	backBy map[int64]store.Question
}

func pairsOf(cn *store.Consultation) pairs {
	p := pairs{byID: map[int64]store.Question{}, backBy: map[int64]store.Question{}}
	for _, qs := range cn.QuestionSets {
		for _, q := range qs.Questions {
			p.byID[q.ID] = q
			if q.PairsWith != 0 {
				p.backBy[q.PairsWith] = q
			}
		}
	}
	return p
}

func (p pairs) refs(q store.Question) (to, by *questionRef) {
	if other, ok := p.byID[q.PairsWith]; ok && q.PairsWith != 0 {
		to = &questionRef{QuestionID: other.ID, Number: other.Number}
	}
	if other, ok := p.backBy[q.ID]; ok {
		by = &questionRef{QuestionID: other.ID, Number: other.Number}
	}
	return to, by
}

func questionSetJSON(qs store.QuestionSet, l string, p pairs) questionSetOut {
	out := questionSetOut{Audience: qs.Audience, Title: qs.Title.In(l), Questions: []questionOut{}}
	for _, q := range qs.Questions {
		qo := questionOut{ID: q.ID, Number: q.Number, Kind: q.Kind, Text: q.Text.In(l), Hint: q.Hint.In(l),
			Required: q.Required, MaxLength: q.MaxLength, Choices: []choiceOut{}}
		qo.AnswersBackTo, qo.AnsweredBackBy = p.refs(q)
		for _, ch := range q.Choices {
			qo.Choices = append(qo.Choices, choiceOut{Value: ch.Value, Label: ch.Label.In(l)})
		}
		out.Questions = append(out.Questions, qo)
	}
	return out
}
