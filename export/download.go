package export

import (
	"fmt"
	"net/http"
)

// Download writes an export to an HTTP response as an attachment. Its
// headers go out with the first byte, so that an error before it can still
// be answered the caller's way: JSON in the API, a page on the site.
type Download struct {
	w        http.ResponseWriter
	format   Format
	filename string
	started  bool
}

// NewDownload returns a download of a file in format, named filename.
func NewDownload(w http.ResponseWriter, format Format, filename string) *Download {
	return &Download{w: w, format: format, filename: filename}
}

// Started reports whether the headers, and so the status, are gone.
func (d *Download) Started() bool { return d.started }

// Finish sends the headers of an empty file if nothing was written yet.
func (d *Download) Finish() {
	if !d.started {
		d.start()
	}
}

func (d *Download) start() {
	d.started = true
	h := d.w.Header()
	h.Set("Content-Type", d.format.ContentType())
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, d.filename))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	d.w.WriteHeader(http.StatusOK)
}

// Write sends p, after the headers on the first call.
func (d *Download) Write(p []byte) (int, error) {
	if !d.started {
		d.start()
	}
	return d.w.Write(p)
}

// Abort closes the client's connection without ending the response, so
// that a download that failed half-way shows as failed rather than as a
// complete-looking, truncated file.
func Abort(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return // HTTP/2 or a recorder: the response ends short
	}
	if conn, _, err := hj.Hijack(); err == nil {
		conn.Close()
	}
}
