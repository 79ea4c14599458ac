package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// messagesPage shows an administrator what was sent to whom, who has not
// answered yet, and the reminder form.
type messagesPage struct {
	reviewBase
	C           *store.Consultation
	Mail        bool
	Counts      store.MessageCounts
	Outstanding []outstandingRow
	Messages    []messageRow
	Only        string
	OnlyChoices []string
}

type outstandingRow struct {
	store.Outstanding
	CountryLabel string
	LastDate     string
}

type messageRow struct {
	store.Message
	Date string
}

// reviewMessages lists a consultation's messages and outstanding answers.
func (h *Handler) reviewMessages(c *gin.Context) {
	h.renderMessages(c, http.StatusOK, "", nil)
}

// reviewRemind queues reminders for those who have not submitted.
func (h *Handler) reviewRemind(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	only := c.PostForm("only")
	res, err := h.store.Remind(c.Request.Context(), store.ReminderRequest{Consultation: cn.Slug, Only: only,
		Actor: reviewer(c).Actor()})
	if errors.Is(err, store.ErrValidation) {
		h.renderMessages(c, http.StatusUnprocessableEntity, only, []fieldError{{Field: "only-all", Message: h.t(c, "review.messages.error.only")}})
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	q := url.Values{"queued": {strconv.Itoa(res.Queued)}, "recent": {strconv.Itoa(res.RecentlyAsked)}}
	c.Redirect(http.StatusSeeOther, paths.Messages(cn.Slug)+"?"+q.Encode())
}

func (h *Handler) renderMessages(c *gin.Context, status int, only string, problems []fieldError) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	p := &messagesPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, C: cn, Mail: h.mail, Only: only,
		OnlyChoices: []string{store.RemindAll, store.RemindNotStarted, store.RemindStarted}}
	var err error
	if p.Counts, err = h.store.CountMessages(ctx, cn.Slug); err != nil {
		h.fail(c, err)
		return
	}
	outstanding, err := h.store.FindOutstanding(ctx, cn.Slug)
	if err != nil {
		h.fail(c, err)
		return
	}
	l, loc := c.GetString(langKey), cn.Location()
	for _, o := range outstanding {
		row := outstandingRow{Outstanding: o, CountryLabel: countryName(l, o.Country)}
		if o.Last != nil {
			row.LastDate = h.formatTime(c, o.Last.CreatedAt, loc)
		}
		p.Outstanding = append(p.Outstanding, row)
	}
	msgs, err := h.store.FindMessages(ctx, store.MessageFilter{Consultation: cn.Slug})
	if err != nil {
		h.fail(c, err)
		return
	}
	for _, m := range msgs {
		p.Messages = append(p.Messages, messageRow{Message: m, Date: h.formatTime(c, m.CreatedAt, loc)})
	}
	v := h.reviewView(c, "review.messages.title", p)
	v.Errors = problems
	if q := c.Query("queued"); q != "" && status == http.StatusOK {
		queued, _ := strconv.Atoi(q)
		recent, _ := strconv.Atoi(c.Query("recent"))
		v.Notice = h.t(c, "review.messages.reminded", queued, recent)
	}
	h.render(c, status, "review_messages", v)
}
