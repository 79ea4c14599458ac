package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	textlang "golang.org/x/text/language"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/paths"
)

const principalKey = "vaconsult.principal"

// requireRespondent authenticates the access token in the Authorization
// header and stops the request with 401 when it is missing, unknown or
// revoked.
func (h *Handler) requireRespondent(c *gin.Context) {
	token, ok := h.accessToken(c)
	if !ok {
		return
	}
	p, err := h.store.Authenticate(c.Request.Context(), token)
	if err != nil {
		h.writeError(c, err)
		return
	}
	c.Set(principalKey, p)
	c.Next()
}

// accessToken returns the access token of the request, or answers 401
// when there is none.
func (h *Handler) accessToken(c *gin.Context) (string, bool) {
	token, ok := bearerToken(c)
	if !ok {
		h.writeError(c, store.Errorf(store.KindUnauthorized, "missing_token",
			"Send the token of your access link as: Authorization: Bearer <token>."))
	}
	return token, ok
}

// bearerToken returns the token of an Authorization header in the Bearer
// scheme, whose name is case-insensitive (RFC 9110, section 11.1).
func bearerToken(c *gin.Context) (string, bool) {
	scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	token = strings.TrimSpace(token)
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

func principal(c *gin.Context) *store.Principal {
	return c.MustGet(principalKey).(*store.Principal)
}

type registrationIn struct {
	Audience    domain.Audience       `json:"audience"`
	Kind        domain.RespondentKind `json:"kind"`
	Name        string                `json:"name"`
	Country     string                `json:"country"`
	Contributor string                `json:"contributor"`
	Email       string                `json:"email"`
}

type registrationOut struct {
	AccessToken string        `json:"access_token"`
	AccessURL   string        `json:"access_url"`
	Respondent  respondentOut `json:"respondent"`
}

type respondentOut struct {
	Audience domain.Audience       `json:"audience"`
	Kind     domain.RespondentKind `json:"kind"`
	Name     string                `json:"name"`
	Country  string                `json:"country"`
	Verified bool                  `json:"verified"`
}

func (h *Handler) register(c *gin.Context) {
	var in registrationIn
	if err := bindJSON(c, &in); err != nil {
		h.writeError(c, err)
		return
	}
	acc, err := h.store.Register(c.Request.Context(), store.NewRespondent{
		Consultation: c.Param("slug"), Audience: in.Audience, Kind: in.Kind, Name: in.Name,
		Country: in.Country, Contributor: in.Contributor, Email: in.Email, From: c.ClientIP(),
	})
	if err != nil {
		h.writeError(c, err)
		return
	}
	r := acc.Respondent
	c.JSON(http.StatusCreated, registrationOut{
		AccessToken: acc.Token, AccessURL: AccessURL(h.baseURL, acc.Token),
		Respondent: respondentOut{Audience: r.Audience, Kind: r.Kind, Name: r.Name, Country: r.Country, Verified: r.Verified},
	})
}

// AccessURL is the access link for a token.
func AccessURL(baseURL, token string) string {
	return strings.TrimRight(baseURL, "/") + paths.Access(token)
}

type answerOut struct {
	QuestionID int64     `json:"question_id"`
	Choice     *string   `json:"choice"`
	Text       string    `json:"text"`
	Version    int       `json:"version"`
	Lang       string    `json:"lang"`
	UpdatedBy  string    `json:"updated_by"`
	UpdatedAt  time.Time `json:"updated_at"`
}

type responseOut struct {
	Status           domain.ResponseStatus `json:"status"`
	Version          int                   `json:"version"`
	Attribution      *domain.Attribution   `json:"attribution"`
	Receipt          *string               `json:"receipt"`
	SubmittedVersion *int                  `json:"submitted_version"`
	SubmittedAt      *time.Time            `json:"submitted_at"`
	Audience         domain.Audience       `json:"audience"`
	Contributor      string                `json:"contributor"`
	// Unsubmitted says that a submitted response has changed since: the
	// reviewers see the submitted version until the next submission.
	Unsubmitted bool        `json:"unsubmitted_changes"`
	Answers     []answerOut `json:"answers"`
	// ApprovedBy names, in a submission's answer, the approver who
	// submitted, when the respondent has approvers.
	ApprovedBy *string `json:"approved_by,omitempty"`
}

func responseJSON(p *store.Principal, r *store.Response) responseOut {
	out := responseOut{Status: r.Status, Version: r.Version, Attribution: nilIfEmpty(r.Attribution),
		Receipt: nilIfEmpty(r.Receipt), SubmittedAt: r.SubmittedAt, Audience: p.Audience,
		Contributor: p.ContributorName, Answers: []answerOut{}, ApprovedBy: nilIfEmpty(r.SignOff.ApprovedBy)}
	if r.Status == domain.StatusSubmitted {
		out.SubmittedVersion = &r.SubmittedVersion
		out.Unsubmitted = r.Version > r.SubmittedVersion
	}
	for _, a := range r.Answers {
		out.Answers = append(out.Answers, answerOut{QuestionID: a.QuestionID, Choice: nilIfEmpty(a.Choice),
			Text: a.Text, Lang: a.Language, Version: a.Version, UpdatedBy: a.UpdatedBy, UpdatedAt: a.UpdatedAt})
	}
	return out
}

func nilIfEmpty[T ~string](s T) *T {
	if s == "" {
		return nil
	}
	return &s
}

// getResponse authenticates the token and reads the response in one query.
func (h *Handler) getResponse(c *gin.Context) {
	token, ok := h.accessToken(c)
	if !ok {
		return
	}
	p, r, err := h.store.ResponseByToken(c.Request.Context(), token)
	if err != nil {
		h.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, responseJSON(p, r))
}

type answerIn struct {
	QuestionID  *int64  `json:"question_id"`
	Choice      *string `json:"choice"`
	Text        string  `json:"text"`
	BaseVersion *int    `json:"base_version"`
	Lang        string  `json:"lang"`
}

type draftIn struct {
	Version *int       `json:"version"`
	Lang    string     `json:"lang"`
	Answers []answerIn `json:"answers"`
}

// toDraft returns the draft of in, with l the language of answers that do
// not name theirs. version may be left out when every answer sent has a
// base.
func (in draftIn) toDraft(l string) (store.Draft, error) {
	missing := map[string]bool{"answers": in.Answers == nil, "version": in.Version == nil && len(in.Answers) == 0}
	for _, a := range in.Answers {
		missing["answers.question_id"] = missing["answers.question_id"] || a.QuestionID == nil
		missing["version"] = missing["version"] || (in.Version == nil && a.BaseVersion == nil)
	}
	if err := required(missing); err != nil {
		return store.Draft{}, err
	}
	if in.Lang != "" {
		l = in.Lang
	}
	d := store.Draft{Language: l, Answers: make([]store.AnswerInput, 0, len(in.Answers))}
	if in.Version != nil {
		d.Version = *in.Version
	}
	for _, a := range in.Answers {
		ai := store.AnswerInput{QuestionID: *a.QuestionID, Text: a.Text, Language: a.Lang}
		if a.Choice != nil {
			ai.Choice = *a.Choice
		}
		if a.BaseVersion != nil {
			ai.Base, ai.Based = *a.BaseVersion, true
		}
		d.Answers = append(d.Answers, ai)
	}
	return d, nil
}

type savedAnswerOut struct {
	QuestionID int64  `json:"question_id"`
	Version    int    `json:"version"`
	Lang       string `json:"lang"`
}

type conflictOut struct {
	QuestionID int64     `json:"question_id"`
	Choice     *string   `json:"choice"`
	Text       string    `json:"text"`
	Lang       string    `json:"lang"`
	Version    int       `json:"version"`
	UpdatedBy  string    `json:"updated_by"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// saveDraft authenticates the token in the store, in the save's own round
// trip to the database, rather than in requireRespondent: saves are the
// busiest call of a consultation. Answers that others changed since their
// base_version are not saved and make the answer a 409 that lists them
// with what was saved.
func (h *Handler) saveDraft(c *gin.Context) {
	token, ok := h.accessToken(c)
	if !ok {
		return
	}
	d, err := readDraft(c)
	if err != nil {
		// Who asks is answered before what is wrong with the request; the
		// extra query is paid on this error path only.
		if _, authErr := h.store.Authenticate(c.Request.Context(), token); authErr != nil {
			err = authErr
		}
		h.writeError(c, err)
		return
	}
	m, err := h.store.MergeDraft(c.Request.Context(), store.Saver{AccessToken: token}, d)
	if err != nil {
		h.writeError(c, err)
		return
	}
	saved := make([]savedAnswerOut, 0, len(m.Saved))
	for _, a := range m.Saved {
		saved = append(saved, savedAnswerOut{QuestionID: a.QuestionID, Version: a.Version, Lang: a.Language})
	}
	if e := m.ConflictError(); e != nil {
		conflicts := make([]conflictOut, 0, len(m.Conflicts))
		for _, cf := range m.Conflicts {
			t := cf.Theirs
			conflicts = append(conflicts, conflictOut{QuestionID: t.QuestionID, Choice: nilIfEmpty(t.Choice), Text: t.Text,
				Lang: t.Language, Version: t.Version, UpdatedBy: t.UpdatedBy, UpdatedAt: t.UpdatedAt})
		}
		e.Data = map[string]any{"version": m.Version, "changed": m.Changed, "saved": saved, "conflicts": conflicts}
		h.writeError(c, e)
		return
	}
	c.JSON(http.StatusOK, gin.H{"version": m.Version, "changed": m.Changed, "saved": saved})
}

func readDraft(c *gin.Context) (store.Draft, error) {
	var in draftIn
	if err := bindJSON(c, &in); err != nil {
		return store.Draft{}, err
	}
	return in.toDraft(answerLanguage(c))
}

type submitIn struct {
	Version     *int               `json:"version"`
	Attribution domain.Attribution `json:"attribution"`
}

// submit authenticates the token inside the submission's lock, as saveDraft
// does: a submission costs two round trips.
func (h *Handler) submit(c *gin.Context) {
	token, ok := h.accessToken(c)
	if !ok {
		return
	}
	var in submitIn
	err := bindJSON(c, &in)
	if err == nil {
		err = required(map[string]bool{"version": in.Version == nil, "attribution": in.Attribution == ""})
	}
	if err != nil {
		// Who asks is answered before what is wrong with the request.
		if _, authErr := h.store.Authenticate(c.Request.Context(), token); authErr != nil {
			err = authErr
		}
		h.writeError(c, err)
		return
	}
	r, p, err := h.store.Submit(c.Request.Context(), store.Saver{AccessToken: token},
		store.Submission{Version: *in.Version, Attribution: in.Attribution, Language: language(c)})
	if err != nil {
		h.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, responseJSON(p, r))
}

// answerMatcher picks, from Accept-Language, among the languages answers
// may be written in, which are more than the interface's.
var answerMatcher = func() textlang.Matcher {
	tags := make([]textlang.Tag, len(store.AnswerLanguages))
	for i, l := range store.AnswerLanguages {
		tags[i] = textlang.Make(l)
	}
	return textlang.NewMatcher(tags)
}()

// answerLanguage is the language of the answers saved: ?lang= when given
// (the store refuses one it does not know), else the best match of
// Accept-Language, else English.
func answerLanguage(c *gin.Context) string {
	if l := c.Query("lang"); l != "" {
		return l
	}
	tags, _, err := textlang.ParseAcceptLanguage(c.GetHeader("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return store.AnswerLanguages[0]
	}
	_, i, conf := answerMatcher.Match(tags...)
	if conf == textlang.No {
		return store.AnswerLanguages[0]
	}
	return store.AnswerLanguages[i]
}

type withdrawIn struct {
	Confirm *bool `json:"confirm"`
}

// withdraw withdraws the respondent's response at their request; the body
// must confirm it, as it cannot be undone.
func (h *Handler) withdraw(c *gin.Context) {
	var in withdrawIn
	if err := bindJSON(c, &in); err != nil {
		h.writeError(c, err)
		return
	}
	if in.Confirm == nil || !*in.Confirm {
		h.writeError(c, &store.Error{Kind: store.KindValidation, Code: "validation_failed",
			Message: "Say that you mean to withdraw your response: it cannot be undone.",
			Fields:  map[string]string{"confirm": "must be true"}})
		return
	}
	if err := h.store.WithdrawResponse(c.Request.Context(), principal(c)); err != nil {
		h.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": domain.ProgressWithdrawn})
}
