package web

import (
	"fmt"
	"time"

	"github.com/gin-gonic/gin"
)

// formatTime writes t in loc with the month named in the request's
// language, and the zone's abbreviation: "25 May 2012, 18:00 CEST".
func (h *Handler) formatTime(c *gin.Context, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	month := h.t(c, fmt.Sprintf("month.%d", int(t.Month())))
	return h.t(c, "time.datetime", t.Day(), month, t.Year(), t.Format("15:04"), t.Format("MST"))
}

// formatDate writes the day of t in loc: "25 May 2012".
func (h *Handler) formatDate(c *gin.Context, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return h.t(c, "time.date", t.Day(), h.t(c, fmt.Sprintf("month.%d", int(t.Month()))), t.Year())
}
