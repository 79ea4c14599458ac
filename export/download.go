package export

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"
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

// Export limits: an export holds a database connection for as long as
// its client takes to read it, so without a cap slow downloads could take
// every connection of the pool and leave none for saves.
const (
	DefaultConcurrency = 2               // exports streaming at once, unless configured
	DefaultWait        = 2 * time.Second // how long an export waits for a free slot
	RetryAfter         = 10 * time.Second
)

// Limiter caps the number of exports that stream at once. One limiter is
// shared by every route that exports, in the API and on the pages.
type Limiter struct {
	slots chan struct{}
	wait  time.Duration
}

// NewLimiter returns a limiter of n exports at once (at least one), where
// an export beyond them waits up to wait for a free slot.
func NewLimiter(n int, wait time.Duration) *Limiter {
	return &Limiter{slots: make(chan struct{}, max(n, 1)), wait: wait}
}

// Acquire waits for a free slot, up to the limiter's wait or until ctx
// ends. It returns the function that frees the slot, or ok false when no
// slot came free: the caller then answers 503 with a Retry-After of
// RetryAfter.
func (l *Limiter) Acquire(ctx context.Context) (release func(), ok bool) {
	timer := time.NewTimer(l.wait)
	defer timer.Stop()
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, true
	case <-timer.C:
	case <-ctx.Done():
	}
	return nil, false
}

// RetryAfterSeconds is the Retry-After header's value for a busy export.
func RetryAfterSeconds() string { return strconv.Itoa(int(RetryAfter / time.Second)) }
