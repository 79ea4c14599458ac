package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
)

// getSummary answers the figures of a consultation, for reviewers only:
// every submitted answer counted, or with ?variant=public the figures as
// public outputs show them.
func (h *Handler) getSummary(c *gin.Context) {
	variant := export.Internal
	if v := c.Query("variant"); v != "" {
		var err error
		if variant, err = export.ParseVariant(v); err != nil {
			h.writeError(c, err)
			return
		}
	}
	summary := h.store.Summary
	if variant == export.Public {
		summary = h.store.PublicSummary
	}
	sum, err := summary(c.Request.Context(), c.Param("slug"))
	if err != nil {
		h.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, export.Summary(sum))
}

// export streams an export as a download:
// GET /api/v1/consultations/{slug}/export?format=csv|xlsx|json|html&variant=public|internal,
// in the language of ?lang= or Accept-Language. Co-Chairs and
// administrators may take either variant.
func (h *Handler) export(c *gin.Context) {
	format, variant, err := exportParams(c)
	if err != nil {
		h.writeError(c, err)
		return
	}
	h.download(c, format, variant)
}

// report streams the Co-Chairs' report:
// GET /api/v1/consultations/{slug}/report?format=docx|html&lang=..., the
// public variant unless ?variant=internal asks for everything.
func (h *Handler) report(c *gin.Context) {
	fields := map[string]string{}
	format, err := export.ParseFormat(c.Query("format"))
	if err != nil || (format != export.DOCX && format != export.HTML) {
		fields["format"] = `must be "docx" or "html"`
	}
	variant := export.Public
	if v := c.Query("variant"); v != "" {
		if variant, err = export.ParseVariant(v); err != nil {
			fields["variant"] = fieldError(err, "variant")
		}
	}
	if len(fields) > 0 {
		h.writeError(c, &store.Error{Kind: store.KindValidation, Code: "validation_failed",
			Message: "Choose the report's format: docx or html.", Fields: fields})
		return
	}
	h.download(c, format, variant)
}

// download streams an export of the consultation in the path.
func (h *Handler) download(c *gin.Context, format export.Format, variant export.Variant) {
	release, ok := h.exports.Acquire(c.Request.Context())
	if !ok {
		h.writeError(c, errExportsBusy())
		return
	}
	defer release()
	slug := c.Param("slug")
	l := language(c)
	c.Header("Content-Language", l)
	w := export.NewDownload(c.Writer, format, export.Filename(slug, variant, format, h.now().UTC()))
	err := export.RunIn(c.Request.Context(), h.store, reviewer(c).Actor(), slug, format, variant, l, w)
	switch {
	case err == nil:
		w.Finish()
	case !w.Started():
		h.writeError(c, err)
	default:
		// The status and part of the file are gone already: cut the
		// connection, so that the client sees a failed download rather than
		// a complete-looking, truncated file.
		h.log.ErrorContext(c.Request.Context(), "export failed while streaming",
			"slug", slug, "format", format, "variant", variant, "err", err)
		export.Abort(c.Writer)
	}
}

// errExportsBusy refuses an export beyond the limit of concurrent ones.
func errExportsBusy() error {
	e := store.Errorf(store.KindUnavailable, "exports_busy", "Other exports are being prepared. Try again in a few seconds.")
	e.RetryAfter = export.RetryAfterSeconds()
	return e
}

// exportParams reads and checks the format and variant, naming every wrong
// one in a single validation error.
func exportParams(c *gin.Context) (export.Format, export.Variant, error) {
	fields := map[string]string{}
	format, err := export.ParseFormat(c.Query("format"))
	if err != nil {
		fields["format"] = fieldError(err, "format")
	}
	variant, err := export.ParseVariant(c.Query("variant"))
	if err != nil {
		fields["variant"] = fieldError(err, "variant")
	}
	if len(fields) > 0 {
		return "", "", &store.Error{Kind: store.KindValidation, Code: "validation_failed",
			Message: "Choose a format and a variant for the export.", Fields: fields}
	}
	return format, variant, nil
}

func fieldError(err error, field string) string {
	var e *store.Error
	if errors.As(err, &e) && e.Fields[field] != "" {
		return e.Fields[field]
	}
	return err.Error()
}
