package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/api"
	"github.com/vaconsult/vaconsult/invitation"
	"github.com/vaconsult/vaconsult/store"
)

// previewShown is how many rows without problems the preview lists; every
// row with a problem is listed, however many.
const previewShown = 200

// previewPage shows what importing a list would do, row by row.
type previewPage struct {
	reviewBase
	Plan     *store.InvitationPlan
	Ignored  []string
	Rows     []previewRow
	Hidden   int // rows without problems not listed
	RowsJSON string
	ToImport int
	Mail     bool // the import may send the invitations by email
}

// previewRow is a row of the preview, its problems in the page's language.
type previewRow struct {
	store.PlannedInvitation
	Messages []string
}

// problemArgs are the problem codes whose message names a value.
var problemArgs = map[string]bool{"formula": true, "country": true, "not_state_party": true, "email": true,
	"language": true, "duplicate": true, "second_state": true, "no_question_set": true, "approver": true}

// previewInvitations reads the uploaded list and shows, before anything is
// stored, what importing it would do and every row's problems.
func (h *Handler) previewInvitations(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	list, msg, status := h.readUpload(c)
	if list == nil {
		h.renderInvitations(c, status, msg)
		return
	}
	plan, err := h.store.PlanInvitations(c.Request.Context(), cn.Slug, list.Rows)
	if err != nil {
		h.fail(c, err)
		return
	}
	raw, err := json.Marshal(list.Rows)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &previewPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, Plan: plan, Ignored: list.Ignored,
		RowsJSON: string(raw), ToImport: plan.New + plan.Added, Mail: h.mail}
	v := h.reviewView(c, "admin.invitations.preview.title", p)
	for _, r := range plan.Rows {
		row := previewRow{PlannedInvitation: r}
		for _, pr := range r.Problems {
			row.Messages = append(row.Messages, h.problemText(c, pr))
		}
		if len(row.Messages) > 0 {
			h.problem(v, "line-"+strconv.Itoa(r.Line), h.t(c, "admin.invitations.line", r.Line)+": "+row.Messages[0])
		} else if len(p.Rows)-len(v.Errors) >= previewShown {
			p.Hidden++
			continue
		}
		p.Rows = append(p.Rows, row)
	}
	h.render(c, http.StatusOK, "admin_invitations_preview", v)
}

// problemText says what is wrong with a column, in the page's language.
func (h *Handler) problemText(c *gin.Context, p invitation.Problem) string {
	var args []any
	if problemArgs[p.Code] {
		args = append(args, p.Arg)
	}
	return h.t(c, "admin.invitations.column."+p.Field) + " — " + h.t(c, "admin.invitations.problem."+p.Code, args...)
}

// linksPage shows the links just made, once, with the way to download them.
type linksPage struct {
	reviewBase
	Plan      *store.InvitationPlan // nil after a reissue
	Links     []invitation.Link
	LinksJSON string
	Sent      bool // the import queued the invitations by email
	Queued    int
}

// importInvitations imports the previewed rows, leaving out those with
// problems, queues the invitation emails when asked, and shows the new
// links this once. It answers the POST with the page rather than a
// redirect: the links must not be kept anywhere to be shown again.
func (h *Handler) importInvitations(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	rows, ok := rowsFromForm(c)
	if !ok {
		h.renderInvitations(c, http.StatusUnprocessableEntity, h.t(c, "admin.invitations.error.no_file"))
		return
	}
	send := c.PostForm("send") == "on"
	if send && !h.mail {
		// Messages would wait in the queue for a server that never sends them.
		h.renderInvitations(c, http.StatusUnprocessableEntity, h.t(c, "admin.invitations.error.no_mail"))
		return
	}
	res, err := h.store.ImportInvitations(c.Request.Context(), cn.Slug, rows,
		store.ImportOptions{Actor: reviewer(c).Actor(), Source: "web", SkipInvalid: true, SendInvitations: send})
	if err != nil {
		h.fail(c, err)
		return
	}
	h.renderLinks(c, &linksPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, Plan: &res.InvitationPlan,
		Sent: send, Queued: res.Queued}, res.Links)
}

// reissueLinks revokes the chosen people's links and shows new ones.
func (h *Handler) reissueLinks(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	links, err := h.store.ReissueLinks(c.Request.Context(), cn.Slug, parseIDs(c.PostFormArray("contributor")), reviewer(c).Actor())
	if errors.Is(err, store.ErrValidation) {
		h.renderInvitations(c, http.StatusUnprocessableEntity, h.t(c, "admin.invitations.error.none_chosen"))
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	h.renderLinks(c, &linksPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}}, links)
}

// renderLinks shows p with the links issued, leaving out those of the
// invitations queued: the emailed link replaces them when it is sent.
func (h *Handler) renderLinks(c *gin.Context, p *linksPage, issued []store.IssuedLink) {
	for _, l := range issued {
		if l.Queued {
			continue
		}
		p.Links = append(p.Links, invitation.Link{Name: l.Respondent, Contributor: l.Name, Email: l.Email,
			Language: l.Language, URL: api.AccessURL(h.siteURL(c), l.Token)})
	}
	raw, err := json.Marshal(p.Links)
	if err != nil {
		h.fail(c, err)
		return
	}
	p.LinksJSON = string(raw)
	h.render(c, http.StatusOK, "admin_invitations_links", h.reviewView(c, "admin.invitations.links.title", p))
}

// downloadLinks sends back the links of the page it came from as a CSV
// file for a mail merge. The links travel in the form because they are
// nowhere else: only their hashes are stored.
func (h *Handler) downloadLinks(c *gin.Context) {
	var links []invitation.Link
	if err := json.Unmarshal([]byte(c.PostForm("links")), &links); err != nil {
		h.renderInvitations(c, http.StatusUnprocessableEntity, h.t(c, "admin.invitations.error.links_gone"))
		return
	}
	var b bytes.Buffer
	if err := invitation.WriteLinks(&b, links); err != nil {
		h.fail(c, err)
		return
	}
	sendCSV(c, "links-"+c.Param("slug")+".csv", b.Bytes())
}
