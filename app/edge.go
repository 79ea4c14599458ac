package app

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/edge"
)

// maxFormBody caps a form's body, as the pages' CSRF check does: far above
// the longest answers, far below what would strain the server.
const maxFormBody = 1 << 20

// hsts asks browsers to reach the site over HTTPS only, for a year, once
// they have seen it there: set only when BASE_URL is https://, since a
// browser would otherwise be locked out of a site served over HTTP.
const hsts = "max-age=31536000; includeSubDomains"

// securityHeaders sets the headers every answer carries, whatever answers
// it: health checks, static files, errors and refusals included. Pages and
// static files then replace the content policy and the caching with their
// own.
func securityHeaders(https bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		hd := c.Writer.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		hd.Set("Cache-Control", "no-store")
		if https {
			hd.Set("Strict-Transport-Security", hsts)
		}
		c.Next()
	}
}

// refuser answers a request the edge refuses: the API in JSON, the pages
// with an error page.
type refuser interface {
	Refuse(c *gin.Context, p *edge.Problem)
}

// checkEdge refuses, before any handler reads it, a request that carries a
// value no text may hold, in the path, query, cookies, headers or, for the
// pages, form fields; and a form over its size limit with 413.
func checkEdge(apiH, pages refuser) gin.HandlerFunc {
	return func(c *gin.Context) {
		to, path := pages, c.Request.URL.Path
		if strings.HasPrefix(path, "/api/") || path == "/healthz" || path == "/readyz" {
			to = apiH
		}
		p := edge.Check(c.Request)
		if p == nil && to == pages {
			p = edge.ParseForm(c.Request, c.Writer, maxFormBody)
		}
		if p != nil {
			to.Refuse(c, p)
			return
		}
		c.Next()
	}
}
