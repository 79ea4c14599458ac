package web

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

//go:embed worker/sw.js
var serviceWorkerJS []byte

// serviceWorker serves the respondent's form's service worker. Browsers
// check it for changes on their own; it is never kept by a cache between.
func (h *Handler) serviceWorker(c *gin.Context) {
	c.Data(http.StatusOK, "text/javascript; charset=utf-8", serviceWorkerJS)
}

// forgetForm asks the browser to delete what it keeps of the site, the
// copy of the form the service worker keeps and unsaved text included,
// when a respondent signs out or withdraws.
func forgetForm(c *gin.Context) {
	c.Header("Clear-Site-Data", `"cache", "storage"`)
}
