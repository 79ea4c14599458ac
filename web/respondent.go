package web

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// respondentCtx is what every page of the question form needs: who is
// answering, for whom, which questions, and the response as it stands.
type respondentCtx struct {
	P            *store.Principal
	Consultation *store.Consultation
	Set          *store.QuestionSet
	Respondent   *store.Respondent
	Response     *store.Response
	Status       string // the consultation's: upcoming, open or closed
}

// loadRespondent reads the respondent's context, or renders the 500 page
// and returns false. The consultation comes from the store's cache, so
// this costs one round trip to the database beyond the session's lookup.
func (h *Handler) loadRespondent(c *gin.Context) (*respondentCtx, bool) {
	ctx := c.Request.Context()
	rc := &respondentCtx{P: principal(c)}
	var err error
	if rc.Consultation, err = h.store.Consultation(ctx, rc.P.ConsultationID, rc.P.ConsultationVersion); err != nil {
		h.fail(c, err)
		return nil, false
	}
	set, ok := rc.Consultation.QuestionSet(rc.P.Audience)
	if !ok {
		h.fail(c, store.ErrNotFound)
		return nil, false
	}
	rc.Set = set
	if rc.Respondent, rc.Response, err = h.store.FindRespondentResponse(ctx, rc.P); err != nil {
		h.fail(c, err)
		return nil, false
	}
	rc.Status = rc.Consultation.StatusAt(h.now())
	return rc, true
}

// answer returns the current answer to a question, if any.
func (rc *respondentCtx) answer(questionID int64) (store.Answer, bool) {
	for _, a := range rc.Response.Answers {
		if a.QuestionID == questionID {
			return a, true
		}
	}
	return store.Answer{}, false
}

// Submitted reports whether the response has been submitted at least once.
func (rc *respondentCtx) Submitted() bool { return rc.Response.Status == domain.StatusSubmitted }

// UpToDate reports whether the submitted version is the current one.
func (rc *respondentCtx) UpToDate() bool {
	return rc.Submitted() && rc.Response.SubmittedVersion == rc.Response.Version
}

// header is what the top of each form page says: the consultation, the
// question set, for whom and by whom.
type header struct {
	Consultation *store.Consultation
	Set          *store.QuestionSet
	Respondent   string
	Country      string // empty when the respondent is named like its country
	Contributor  string // empty when named like the respondent
	Closes       string
	Status       string
	Submitted    bool
	SubmittedAt  string
	Receipt      string
	UpToDate     bool
	SignOff      signOffView
}

func (h *Handler) header(c *gin.Context, rc *respondentCtx) header {
	hd := header{Consultation: rc.Consultation, Set: rc.Set, Respondent: rc.Respondent.Name,
		Country:     unlessSame(countryName(c.GetString(langKey), rc.Respondent.Country), rc.Respondent.Name),
		Contributor: unlessSame(rc.P.ContributorName, rc.Respondent.Name),
		Status:      rc.Status, Submitted: rc.Submitted(), Receipt: rc.Response.Receipt, UpToDate: rc.UpToDate()}
	hd.SignOff = h.signOffView(c, rc)
	loc := rc.Consultation.Location()
	if rc.Consultation.ClosesAt != nil {
		hd.Closes = h.formatTime(c, *rc.Consultation.ClosesAt, loc)
	}
	if rc.Response.SubmittedAt != nil {
		hd.SubmittedAt = h.formatTime(c, *rc.Response.SubmittedAt, loc)
	}
	return hd
}

// unlessSame returns label, or "" when it says the same as shown, so that
// a State named after its country, or a contributor named after the
// respondent, is not named twice ("Colombia (Colombia)").
func unlessSame(label, shown string) string {
	if strings.EqualFold(strings.TrimSpace(label), strings.TrimSpace(shown)) {
		return ""
	}
	return label
}
