package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// The public results of a published consultation: its figures as the
// public variant counts them, the Co-Chairs' key points and themes, and
// the submissions of the respondents who agreed to be named. Until an
// administrator publishes the results, both pages are not found.

type resultsPage struct {
	C         *store.Consultation
	Rates     []store.ResponseRate
	Questions []resultQuestion
	Themes    []resultTheme
	Named     []namedGroup
}

// resultQuestion is a question's figures, with the question where the
// "qtitle" template looks for it.
type resultQuestion struct {
	store.QuestionSummary
	Q      store.Question
	Quotes []resultQuote
}

// resultQuote is a chosen quote as the public page shows it.
type resultQuote struct {
	Text, Language, Choice string
	Who, Country           string // Who is the respondent's name, or says who answered without naming them
}

// resultTheme is a theme of the consultation with its answers counted for
// each audience.
type resultTheme struct {
	Name              string
	States, Survivors int
}

// namedGroup is the named submissions of one audience.
type namedGroup struct {
	Audience domain.Audience
	List     []namedEntry
}

type namedEntry struct {
	store.NamedSubmission
	CountryLabel string
}

func (h *Handler) results(c *gin.Context) {
	r, err := h.store.PublishedResults(c.Request.Context(), c.Param("slug"))
	if err != nil {
		h.fail(c, err)
		return
	}
	l := c.GetString(langKey)
	p := &resultsPage{C: r.Summary.Consultation, Rates: r.Summary.Rates}
	for _, q := range r.Summary.Questions {
		rq := resultQuestion{QuestionSummary: q, Q: q.Question}
		for _, qt := range r.Quotes[q.Question.ID] {
			rq.Quotes = append(rq.Quotes, h.resultQuoteOf(c, &q.Question, &qt))
		}
		p.Questions = append(p.Questions, rq)
	}
	for _, th := range r.Summary.Themes {
		p.Themes = append(p.Themes, resultTheme{Name: th.Theme.Name,
			States: th.Of(domain.AudienceStatesParties), Survivors: th.Of(domain.AudienceSurvivors)})
	}
	for _, n := range r.Named {
		if len(p.Named) == 0 || p.Named[len(p.Named)-1].Audience != n.Audience {
			p.Named = append(p.Named, namedGroup{Audience: n.Audience})
		}
		g := &p.Named[len(p.Named)-1]
		g.List = append(g.List, namedEntry{NamedSubmission: n, CountryLabel: countryName(l, n.Country)})
	}
	v := h.newView(c, "", p)
	v.Title = h.t(c, "results.title", p.C.Title.In(v.Lang))
	h.render(c, http.StatusOK, "results", v)
}

type submissionPage struct {
	C            *store.Consultation
	S            *store.NamedSubmission
	CountryLabel string
	Date         string
	Answers      []publishedAnswer
	Documents    []string // the names of its documents, listed, never served
}

// publishedAnswer is an answer beside its question, as the "answer"
// template shows one.
type publishedAnswer struct {
	Q            store.Question
	Answered     bool
	Choice       string // the value chosen
	Text         string
	Language     string
	LanguageName string
}

func (h *Handler) resultsSubmission(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		h.fail(c, store.ErrNotFound)
		return
	}
	cn, sub, err := h.store.PublishedSubmission(c.Request.Context(), c.Param("slug"), id)
	if errors.Is(err, store.ErrNotFound) {
		h.fail(c, store.ErrNotFound)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &submissionPage{C: cn, S: sub, CountryLabel: countryName(c.GetString(langKey), sub.Country),
		Date: h.formatDate(c, sub.SubmittedAt, cn.Location())}
	if p.Documents, err = h.store.PublishedDocumentNames(c.Request.Context(), cn.ID, id); err != nil {
		h.fail(c, err)
		return
	}
	given := map[int64]store.NamedAnswer{}
	for _, a := range sub.Answers {
		given[a.QuestionID] = a
	}
	for _, qs := range cn.QuestionSets {
		if qs.Audience != sub.Audience {
			continue
		}
		for _, q := range qs.Questions {
			a, ok := given[q.ID]
			p.Answers = append(p.Answers, publishedAnswer{Q: q, Answered: ok, Choice: a.Choice, Text: a.Text,
				Language: a.Language, LanguageName: languageNames[a.Language]})
		}
	}
	v := h.newView(c, "", p)
	v.Title = h.t(c, "results.submission.title", sub.Name)
	h.render(c, http.StatusOK, "results_submission", v)
}

// resultQuoteOf writes a quote as the public page shows it: under the
// respondent's name when they agreed to be named, else as "a State Party"
// or "a survivor or an organisation", with nothing else of who they are.
func (h *Handler) resultQuoteOf(c *gin.Context, q *store.Question, qt *store.Quote) resultQuote {
	l := c.GetString(langKey)
	rq := resultQuote{Text: qt.Text, Language: qt.Language, Who: qt.Respondent}
	for _, ch := range q.Choices {
		if ch.Value == qt.Choice {
			rq.Choice = ch.Label.In(l)
		}
	}
	if qt.Withheld() || qt.Respondent == "" {
		rq.Who = h.t(c, "export.who."+string(qt.Audience))
		return rq
	}
	rq.Country = unlessSame(countryName(l, qt.Country), qt.Respondent)
	return rq
}
