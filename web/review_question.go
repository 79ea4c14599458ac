package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
	"github.com/vaconsult/vaconsult/web/paths"
)

// answersPerPage is how many answers a question's page shows at once.
const answersPerPage = 50

// answerRow is a submitted answer as a reviewer's page shows it.
type answerRow struct {
	store.ReviewAnswer
	Q            store.Question
	CountryLabel string
	LanguageName string
	Date         string
}

// Place is the country to show beside the respondent's name: none when
// the name already says it.
func (a answerRow) Place() string { return unlessSame(a.CountryLabel, a.Name) }

func (h *Handler) answerRow(c *gin.Context, cn *store.Consultation, q store.Question, a store.ReviewAnswer) answerRow {
	name := languageNames[a.Language]
	if name == "" {
		name = a.Language
	}
	return answerRow{ReviewAnswer: a, Q: q, CountryLabel: countryName(c.GetString(langKey), a.Country),
		LanguageName: name, Date: h.formatDate(c, a.SubmittedAt, cn.Location())}
}

// questionRef is a question of the path: /review/c/:slug/q/:number with
// ?audience=, which with the number names it.
type questionRef struct {
	C        *store.Consultation
	Q        store.Question
	Filter   form.ReviewFilter
	Siblings []navQuestion
}

// navQuestion is a link to one question of the consultation.
type navQuestion struct {
	Audience domain.Audience
	Number   int
	Current  bool
}

// findReviewQuestion returns the question of the path, or renders the 404
// page.
func (h *Handler) findReviewQuestion(c *gin.Context) (*questionRef, bool) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return nil, false
	}
	rq := &questionRef{C: cn, Filter: form.ParseReviewFilter(c.Request.URL.Query())}
	number, _ := strconv.Atoi(c.Param("number"))
	found := false
	for _, qs := range cn.QuestionSets {
		for _, q := range qs.Questions {
			current := qs.Audience == rq.Filter.Audience && q.Number == number
			if current {
				rq.Q, found = q, true
			}
			rq.Siblings = append(rq.Siblings, navQuestion{Audience: qs.Audience, Number: q.Number, Current: current})
		}
	}
	if !found {
		h.fail(c, store.ErrNotFound)
		return nil, false
	}
	return rq, true
}

// Base returns the address of the question's page, without a query.
func (rq *questionRef) Base() string { return paths.ReviewQuestion(rq.C.Slug, rq.Q.Number) }

// URL returns the address of the question's page with its filter.
func (rq *questionRef) URL() string { return rq.Base() + "?" + rq.Filter.Query() }

// The forms of the page post with the filter, so that the page comes back
// as it was.

// ThemesAction returns the address the new theme form posts to.
func (rq *questionRef) ThemesAction() string { return rq.filtered(paths.ReviewThemes) }

// TagAction returns the address the tag form posts to.
func (rq *questionRef) TagAction() string { return rq.filtered(paths.ReviewTag) }

// UntagAction returns the address that removes a theme from an answer.
func (rq *questionRef) UntagAction() string { return rq.filtered(paths.ReviewUntag) }

// KeyPointsAction returns the address the key points form posts to.
func (rq *questionRef) KeyPointsAction() string { return rq.filtered(paths.ReviewKeyPoints) }

// DeleteThemeURL returns the address that deletes a theme.
func (rq *questionRef) DeleteThemeURL(id int64) string {
	return paths.ReviewThemeDelete(rq.C.Slug, rq.Q.Number, id) + "?" + rq.Filter.Query()
}

// RestoreThemeURL returns the address that undoes a theme's deletion.
func (rq *questionRef) RestoreThemeURL() string { return rq.filtered(paths.ReviewThemeRestore) }

// KeepThemeURL returns the address back to a theme on the page, for one
// who decides not to delete it.
func (rq *questionRef) KeepThemeURL(id int64) string {
	return rq.Base() + "?" + rq.Filter.Query() + "#theme-" + strconv.FormatInt(id, 10)
}

// RenameThemeURL returns the address that renames a theme.
func (rq *questionRef) RenameThemeURL(id int64) string {
	return paths.ReviewThemeRename(rq.C.Slug, rq.Q.Number, id) + "?" + rq.Filter.Query()
}

func (rq *questionRef) filtered(path func(slug string, number int) string) string {
	return path(rq.C.Slug, rq.Q.Number) + "?" + rq.Filter.Query()
}

// ThemeURL returns the address of the page narrowed to one theme.
func (rq *questionRef) ThemeURL(id int64) string { return rq.Base() + "?" + rq.Filter.WithTheme(id) }

// ClearURL returns the address of the page without filters.
func (rq *questionRef) ClearURL() string {
	return paths.ReviewQuestionOf(rq.C.Slug, rq.Filter.Audience, rq.Q.Number)
}

type questionPage struct {
	reviewBase
	*questionRef
	R          *store.QuestionReview
	Answers    []answerRow
	Quotes     []quoteRow
	Kinds      []domain.RespondentKind
	Regions    []string
	Countries  []country
	Languages  []country
	From, To   int
	Prev, Next string
	KeyPoints  string // as typed, when the form failed
	// KeyPointsVersion is the version the key points form is based on: the
	// one shown, or after a failed form the one the person's text was
	// based on, so that their next save cannot pass over a colleague's.
	KeyPointsVersion int
	// KeyPointsConflict is set when someone else saved the key points
	// while the person wrote: the page shows both texts.
	KeyPointsConflict bool
	KeyPointsBy       string // who saved the key points shown
	themeForms
	Updated   string
	FieldErrs map[string]string
}

// themeForms is the state of the forms that create, rename and delete
// themes, on a question's page and on the consultation's themes page.
type themeForms struct {
	ThemeName string     // a new theme's name, as typed
	Rename    *themeEdit // a rename that failed, as typed
	// ConfirmDelete is the theme whose deletion the page asks to confirm.
	ConfirmDelete *store.Theme
	// Deleted is the theme just deleted, which the page offers to restore.
	Deleted *store.DeletedTheme
}

// themeEdit is a rename of a theme as the person typed it, and the version
// their next try is based on.
type themeEdit struct {
	ID      int64
	Name    string
	Version int
}

// Renaming reports whether the rename form of t comes back after a failed
// rename, to be shown open.
func (p *themeForms) Renaming(t store.Theme) bool { return p.Rename != nil && p.Rename.ID == t.ID }

// RenameName returns the name the rename form of t holds: as typed after a
// failed rename, else the current one.
func (p *themeForms) RenameName(t store.Theme) string {
	if p.Renaming(t) {
		return p.Rename.Name
	}
	return t.Name
}

// RenameVersion returns the version the rename form of t is based on.
func (p *themeForms) RenameVersion(t store.Theme) int {
	if p.Renaming(t) {
		return p.Rename.Version
	}
	return t.Version
}

// reviewQuestion shows every submitted answer to a question that the filter
// selects, with the counts, themes and key points.
func (h *Handler) reviewQuestion(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	h.renderQuestion(c, http.StatusOK, rq, nil, nil)
}

// renderQuestion renders a question's page; after a failed form, with the
// problems and what was typed (edit fills it in).
func (h *Handler) renderQuestion(c *gin.Context, status int, rq *questionRef, problems map[string]string, edit func(*questionPage)) {
	ctx := c.Request.Context()
	f := rq.Filter
	page := max(f.Page, 1)
	r, err := h.store.FindQuestionReview(ctx, store.AnswerFilter{QuestionID: rq.Q.ID, Audience: f.Audience,
		Kind: f.Kind, Region: f.Region, Country: f.Country, Language: f.Language, ThemeID: f.Theme,
		Limit: answersPerPage, Offset: (page - 1) * answersPerPage})
	if err != nil {
		h.fail(c, err)
		return
	}
	l := c.GetString(langKey)
	if problems == nil {
		problems = map[string]string{}
	}
	p := &questionPage{reviewBase: reviewBase{Me: reviewer(c), Slug: rq.C.Slug}, questionRef: rq, R: r,
		KeyPoints: r.KeyPoints.Text, KeyPointsVersion: r.KeyPoints.Version,
		KeyPointsBy: h.reviewerName(c, r.KeyPoints.UpdatedByName), FieldErrs: problems}
	if r.KeyPoints.UpdatedAt != nil {
		p.Updated = h.formatTime(c, *r.KeyPoints.UpdatedAt, rq.C.Location())
	}
	if p.Regions, err = h.store.FindRegions(ctx); err != nil {
		h.fail(c, err)
		return
	}
	cs, err := h.store.FindRespondentCountries(ctx, rq.C.ID)
	if err != nil {
		h.fail(c, err)
		return
	}
	for _, cc := range cs {
		p.Countries = append(p.Countries, country{Code: cc.ISO2, Name: countryName(l, cc.ISO2)})
	}
	sortCountries(l, p.Countries)
	for _, code := range lang.Supported {
		p.Languages = append(p.Languages, country{Code: code, Name: languageNames[code]})
	}
	// A set answered by one kind of respondent needs no filter by kind.
	if set, ok := rq.C.QuestionSet(f.Audience); ok && len(set.Kinds) > 1 {
		p.Kinds = set.Kinds
	}
	for _, a := range r.Answers {
		p.Answers = append(p.Answers, h.answerRow(c, rq.C, rq.Q, a))
	}
	p.Quotes = h.quoteRows(c, rq, r.Quotes)
	if len(p.Answers) > 0 {
		p.From, p.To = (page-1)*answersPerPage+1, (page-1)*answersPerPage+len(p.Answers)
	}
	if page > 1 {
		p.Prev = rq.Base() + "?" + f.WithPage(page-1)
	}
	if p.To < r.Total && len(p.Answers) > 0 {
		p.Next = rq.Base() + "?" + f.WithPage(page+1)
	}
	if edit != nil {
		edit(p)
	}
	v := h.reviewView(c, "review.question.title", p)
	// After a failed form the address is the form's, which takes no GET:
	// the language links lead back to the page itself, filters kept.
	for i := range v.LangLinks {
		q := f.Values()
		q.Set("lang", v.LangLinks[i].Code)
		v.LangLinks[i].URL = rq.Base() + "?" + q.Encode()
	}
	v.Title = h.t(c, "review.question.title_of", h.t(c, "review.audience."+string(f.Audience)), rq.Q.Number)
	for _, field := range problemOrder(p.FieldErrs) {
		h.problem(v, field, p.FieldErrs[field])
	}
	if id, err := strconv.ParseInt(c.Query("deleted"), 10, 64); err == nil && len(p.FieldErrs) == 0 && p.ConfirmDelete == nil {
		if d, err := h.store.FindDeletedTheme(ctx, rq.C.ID, id); err == nil && !d.Restored {
			p.Deleted = d
		}
	}
	if n := c.Query("done"); n != "" && len(p.FieldErrs) == 0 && p.Deleted == nil && p.ConfirmDelete == nil {
		v.Notice = h.t(c, "review.question.saved")
	}
	h.render(c, status, "review_question", v)
}

// problemOrder returns the fields of problems in the order of the page:
// the themes (the list, then a theme's forms, then a new one), the key
// points, the quotes, the answers.
func problemOrder(problems map[string]string) []string {
	var themes []string
	for field := range problems {
		if strings.HasPrefix(field, "rename-") || strings.HasPrefix(field, "delete-") {
			themes = append(themes, field)
		}
	}
	slices.Sort(themes)
	var out []string
	for _, field := range slices.Concat([]string{"themes"}, themes, []string{"name", "keypoints", "quote", "tag"}) {
		if _, ok := problems[field]; ok {
			out = append(out, field)
		}
	}
	return out
}

// reviewerName returns the name to show for a reviewer who saved
// something: theirs, or a phrase for the command line, which has none.
func (h *Handler) reviewerName(c *gin.Context, name string) string {
	if name == "" {
		return h.t(c, "review.edit.cli")
	}
	return name
}
