package mail

import (
	"fmt"
	"strings"

	"github.com/vaconsult/vaconsult/store"
)

// Translate returns the catalog's message for key in language l, formatted
// with args.
type Translate func(l, key string, args ...any) string

// Renderer writes messages from the catalogs' templates.
type Renderer struct {
	T       Translate
	BaseURL string // the site's public address, for links
}

// Render returns the envelope of an outgoing message, in its language.
func (r *Renderer) Render(o *store.Outgoing) Envelope {
	l := o.Language
	t := func(key string, args ...any) string { return r.T(l, key, args...) }
	title := local(o.Title, l)
	lost := r.BaseURL + "/c/" + o.Slug + "/lost-link"
	var b body
	b.para(t("mail.greeting", oneLine(o.Contributor)))
	var subject string
	var attachments []Attachment
	switch o.Kind {
	case store.MessageInvitation:
		subject = t("mail.invitation.subject", title)
		b.para(t("mail.invitation.body", title, oneLine(o.Respondent)))
		b.para(r.link(o))
		b.para(r.closes(o, t))
		b.para(t("mail.link_private", lost))
	case store.MessageReminder:
		subject = t("mail.reminder.subject", title)
		b.para(t("mail.reminder.body", title, oneLine(o.Respondent)))
		b.para(r.closes(o, t))
		b.para(t("mail.reminder.lost", lost))
	case store.MessageLostLink:
		subject = t("mail.lostlink.subject", title)
		b.para(t("mail.lostlink.body", title, oneLine(o.Respondent)))
		b.para(r.link(o))
		b.para(t("mail.link_private", lost))
		b.para(t("mail.lostlink.not_you"))
	case store.MessageReceipt:
		subject = t("mail.receipt.subject", title, o.Receipt)
		b.para(t("mail.receipt.body", title, oneLine(o.Respondent), o.Receipt))
		for _, a := range o.Answers {
			b.answer(t("mail.receipt.question", a.Number, local(a.Question, l)), local(a.Choice, l), a.Text, t("mail.receipt.not_answered"))
		}
		if o.ApprovedBy != "" {
			b.para(t("mail.receipt.approved_by", oneLine(o.ApprovedBy)))
		}
		b.para(t("mail.receipt.change"))
		attachments = r.receiptCopy(o)
	case store.MessageApprovalRequest:
		subject = t("mail.approval.subject", title, oneLine(o.Respondent))
		b.para(t("mail.approval.body", oneLine(o.RequestedBy), oneLine(o.Respondent), title))
		b.para(r.closes(o, t))
		b.para(t("mail.reminder.lost", lost))
	case store.MessageResults:
		subject = t("mail.results.subject", title)
		b.para(t("mail.results.body", title, oneLine(o.Respondent), r.BaseURL+"/c/"+o.Slug+"/results?lang="+l))
	}
	b.para(t("mail.signature"))
	return Envelope{ToName: oneLine(o.Contributor), To: o.Email, Subject: oneLine(subject), Body: b.String(), Lang: l,
		Attachments: attachments}
}

func (r *Renderer) link(o *store.Outgoing) string {
	return r.BaseURL + "/r/" + o.Token + "?lang=" + o.Language
}

func (r *Renderer) closes(o *store.Outgoing, t func(string, ...any) string) string {
	if o.ClosesAt == nil {
		return ""
	}
	c := o.ClosesAt.In(o.Location)
	day := t("time.datetime", c.Day(), t(fmt.Sprintf("month.%d", int(c.Month()))), c.Year(), c.Format("15:04"), c.Format("MST"))
	return t("mail.closes", day)
}

// local picks a text of a consultation file in language l, else English.
func local(text store.Text, l string) string {
	if s := text[l]; s != "" {
		return s
	}
	return text["en"]
}

// oneLine folds line breaks and runs of spaces into one space: a name or a
// title never breaks a header or a line of the message.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// body builds a plain-text message: paragraphs separated by blank lines.
// go-mail's quoted-printable encoding keeps every line within SMTP's limit.
type body struct{ strings.Builder }

func (b *body) para(s string) {
	if s == "" {
		return
	}
	if b.Len() > 0 {
		b.WriteString("\n\n")
	}
	b.WriteString(s)
}

func (b *body) answer(question, choice, text, none string) {
	b.para(question)
	if choice == "" && strings.TrimSpace(text) == "" {
		b.WriteString("\n" + none)
		return
	}
	if choice != "" {
		b.WriteString("\n> " + choice)
	}
	if strings.TrimSpace(text) == "" {
		return
	}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		b.WriteString("\n> " + line)
	}
}
