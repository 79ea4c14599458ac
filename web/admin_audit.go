package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// auditPageSize is how many entries a page of the audit log shows.
const auditPageSize = 50

// auditPage is a page of the audit log, newest first, with its filters.
type auditPage struct {
	reviewBase
	Consultation *store.Consultation
	Actions      []auditAction
	Action       string
	Actor        string
	Since        string // yyyy-mm-dd, as the date field sends it
	Entries      []auditRow
	Older        string // the address of the next page, "" on the last
}

// auditAction is an action of the filter, with its name in the page's
// language when the catalog has one.
type auditAction struct {
	Code, Label string
}

// auditRow is one entry as the page shows it.
type auditRow struct {
	store.AuditEntry
	When         string
	ActionLabel  string
	DetailsJSON  string
	OtherRecords bool // an entry of no consultation, such as a sign-in
}

// auditLog shows the audit log of a consultation, filtered by action,
// actor and date, paged back by keyset.
func (h *Handler) auditLog(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	p := &auditPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, Consultation: cn,
		Action: strings.TrimSpace(c.Query("action")), Actor: strings.TrimSpace(c.Query("actor")), Since: c.Query("since")}
	f := store.AuditFilter{Consultation: cn.Slug, Action: p.Action, Actor: p.Actor, Limit: auditPageSize}
	f.Before, _ = strconv.ParseInt(c.Query("before"), 10, 64)
	v := h.reviewView(c, "admin.audit.title", p)
	status := http.StatusOK
	if p.Since != "" {
		day, err := time.ParseInLocation("2006-01-02", p.Since, cn.Location())
		if err != nil {
			h.problem(v, "since", h.t(c, "admin.audit.error.since"))
			status = http.StatusUnprocessableEntity
		}
		f.Since = day
	}
	if err := h.fillAudit(c, p, f, status == http.StatusOK); err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, status, "admin_audit", v)
}

// fillAudit reads the actions for the filter and, when the filter is
// valid, a page of entries.
func (h *Handler) fillAudit(c *gin.Context, p *auditPage, f store.AuditFilter, read bool) error {
	ctx := c.Request.Context()
	actions, err := h.store.FindAuditActions(ctx, p.Slug)
	if err != nil {
		return err
	}
	for _, a := range actions {
		p.Actions = append(p.Actions, auditAction{Code: a, Label: h.actionLabel(c, a)})
	}
	if !read {
		return nil
	}
	entries, err := h.store.FindAudit(ctx, f)
	if err != nil {
		return err
	}
	loc := p.Consultation.Location()
	for _, e := range entries {
		details, _ := json.Marshal(e.Details)
		p.Entries = append(p.Entries, auditRow{AuditEntry: e, When: h.formatTime(c, e.At, loc),
			ActionLabel: h.actionLabel(c, e.Action), DetailsJSON: string(details), OtherRecords: e.Consultation == ""})
	}
	if len(entries) == f.Limit {
		q := url.Values{"before": {strconv.FormatInt(entries[len(entries)-1].ID, 10)}}
		for k, v := range map[string]string{"action": p.Action, "actor": p.Actor, "since": p.Since} {
			if v != "" {
				q.Set(k, v)
			}
		}
		p.Older = paths.Audit(p.Slug) + "?" + q.Encode()
	}
	return nil
}

// actionLabel names an action in the page's language; an action the
// catalogs do not know keeps its code.
func (h *Handler) actionLabel(c *gin.Context, action string) string {
	key := "audit.action." + action
	if s := h.t(c, key); s != key {
		return s
	}
	return action
}
