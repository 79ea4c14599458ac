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
	Named     []namedGroup
}

// resultQuestion is a question's figures, with the question where the
// "qtitle" template looks for it.
type resultQuestion struct {
	store.QuestionSummary
	Q store.Question
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
		p.Questions = append(p.Questions, resultQuestion{QuestionSummary: q, Q: q.Question})
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
