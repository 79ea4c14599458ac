package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vaconsult/vaconsult/internal/pdf"
)

func printer(t *testing.T) *pdf.Printer {
	t.Helper()
	p := pdf.New(os.Getenv("PDF_CHROMIUM"))
	if !p.Available() {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Chromium to print with (apt-get install chromium, or set PDF_CHROMIUM)")
		}
		t.Skip("no Chromium to print with (apt-get install chromium); under CI=true this is a failure")
	}
	t.Cleanup(p.Close)
	return p
}

// A page prints to a PDF with its text, runs no script and reaches
// nothing on the network.
func TestPrintRunsNoScriptAndMakesNoRequest(t *testing.T) {
	p := printer(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	html := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="` + srv.URL + `/style.css"><style>@page { size: A4 }</style></head>
<body><h1>Copy of the answers submitted</h1><p>Receipt VA-7K3M-Q9XD-2B4F</p>
<p dir="rtl" lang="ar">نعم، جزئياً</p><img src="` + srv.URL + `/pixel.png" alt="">
<p id="s">static</p><script>document.getElementById("s").textContent = "SCRIPT RAN"; fetch("` + srv.URL + `/js")</script>
</body></html>`
	out, err := p.Print(context.Background(), []byte(html))
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	if !bytes.HasPrefix(out, []byte("%PDF-")) || len(out) < 1024 {
		t.Fatalf("print gave %d bytes starting %q, want a PDF", len(out), out[:min(len(out), 8)])
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the page made %d requests, want none", n)
	}
	// A second page prints in the same browser.
	if again, err := p.Print(context.Background(), []byte(html)); err != nil || !bytes.HasPrefix(again, []byte("%PDF-")) {
		t.Fatalf("second print: %d bytes, %v", len(again), err)
	}
	text := pdfText(t, out)
	if text == "" {
		return
	}
	for _, want := range []string{"Copy of the answers submitted", "VA-7K3M-Q9XD-2B4F", "static"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "SCRIPT RAN") {
		t.Errorf("the page's script ran:\n%s", text)
	}
}

func TestWithoutBrowserPrintIsUnavailable(t *testing.T) {
	p := pdf.New("/nonexistent/chromium")
	if p.Available() {
		t.Fatal("a printer without a browser says it is available")
	}
	if _, err := p.Print(context.Background(), []byte("<p>x</p>")); !errors.Is(err, pdf.ErrUnavailable) {
		t.Fatalf("print without a browser: %v, want ErrUnavailable", err)
	}
}

// pdfText is the text of a PDF by poppler's pdftotext, "" without it.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("no pdftotext (poppler-utils): the PDF's text is not checked")
		return ""
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
