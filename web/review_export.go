package web

import (
	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/lang"
)

// reviewExport streams an export as a download, in the page's language,
// through the same export package as the API; the store records it in the
// audit log.
// GET /review/c/:slug/export?format=csv|xlsx|json|html&variant=public|internal
func (h *Handler) reviewExport(c *gin.Context) {
	format, err1 := export.ParseFormat(c.Query("format"))
	variant, err2 := export.ParseVariant(c.Query("variant"))
	if err1 != nil || err2 != nil {
		h.fail(c, errBadExport)
		return
	}
	release, ok := h.exports.Acquire(c.Request.Context())
	if !ok {
		h.fail(c, errExportsBusy())
		return
	}
	defer release()
	slug := c.Param("slug")
	w := export.NewDownload(c.Writer, format, export.Filename(slug, variant, format, h.now().UTC()))
	// The export speaks the page's language, which the download link
	// carries, or the report's when the report page asks for it in another
	// (?in=): that one does not change the pages' language.
	l := c.GetString(langKey)
	if in := c.Query("in"); lang.IsSupported(in) {
		l = in
	}
	err := export.RunIn(c.Request.Context(), h.store, reviewer(c).Actor(), slug, format, variant, l, w)
	switch {
	case err == nil:
		w.Finish()
	case w.Started():
		// Part of the file is gone: cut the connection, so that the browser
		// reports a failed download rather than keep a truncated file.
		h.log.ErrorContext(c.Request.Context(), "export failed while streaming",
			"slug", slug, "format", format, "variant", variant, "err", err)
		export.Abort(c.Writer)
	default:
		h.fail(c, err)
	}
}
