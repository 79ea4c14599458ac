package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/web/paths"
)

//go:embed static
var staticFS embed.FS

// asset is one static file, served under a URL that carries a hash of its
// content, so that it can be cached for a year and still change.
type asset struct {
	body  []byte
	gzip  []byte // nil when compressing does not pay
	ctype string
}

// assets maps a file's name to its hashed URL and a hashed name to the file.
type assets struct {
	urls   map[string]string // "app.css" → "/static/app.0123456789.css"
	byName map[string]*asset // "app.0123456789.css" → the file
}

func loadAssets() (*assets, error) {
	entries, err := staticFS.ReadDir("static")
	if err != nil {
		return nil, err
	}
	as := &assets{urls: map[string]string{}, byName: map[string]*asset{}}
	for _, e := range entries {
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:5]) + ext
		a := &asset{body: b, ctype: mime.TypeByExtension(ext)}
		if a.ctype == "" {
			return nil, fmt.Errorf("web: no content type for %s", e.Name())
		}
		if gz := gzipBytes(b); len(gz) < len(b) {
			a.gzip = gz
		}
		as.urls[e.Name()] = paths.Static(hashed)
		as.byName[hashed] = a
	}
	return as, nil
}

// url returns the hashed URL of a static file. It panics on an unknown
// name, which the template tests catch.
func (as *assets) url(name string) string {
	u, ok := as.urls[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return u
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// acceptsGzip reports whether the client takes gzip-compressed answers.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func (h *Handler) static(c *gin.Context) {
	a, ok := h.assets.byName[c.Param("name")]
	if !ok {
		h.NotFound(c)
		return
	}
	hd := c.Writer.Header()
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Vary", "Accept-Encoding")
	body := a.body
	if a.gzip != nil && acceptsGzip(c.Request) {
		hd.Set("Content-Encoding", "gzip")
		body = a.gzip
	}
	c.Data(http.StatusOK, a.ctype, body)
}
