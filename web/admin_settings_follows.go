package web

import (
	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/questionset"
)

// earlierConsultations lists in p the consultations p's may follow: every
// other one.
func (h *Handler) earlierConsultations(c *gin.Context, p *settingsPage) error {
	all, err := h.store.FindConsultations(c.Request.Context())
	if err != nil {
		return err
	}
	p.Earlier = p.Earlier[:0]
	for _, cn := range all {
		if cn.ID != p.C.ID {
			p.Earlier = append(p.Earlier, cn)
		}
	}
	return nil
}

// settingsFollows reads the consultation followed into p and f; a form
// without the field keeps it. One that is not another consultation is an
// error on the field. It returns false when it has answered already.
func (h *Handler) settingsFollows(c *gin.Context, p *settingsPage, f *questionset.File) bool {
	p.Form.Follows = p.C.Follows
	v, ok := c.GetPostForm("follows")
	if !ok {
		return true
	}
	p.Form.Follows = v
	if err := h.earlierConsultations(c, p); err != nil {
		h.fail(c, err)
		return false
	}
	known := v == ""
	for _, cn := range p.Earlier {
		known = known || cn.Slug == v
	}
	if !known {
		p.FieldErrs["follows"] = h.t(c, "admin.settings.error.follows")
		return true
	}
	f.Follows = v
	return true
}
