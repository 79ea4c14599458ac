package web_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/internal/document"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/locales"
)

// samplePDF is a small PDF.
var samplePDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// attachmentsFlow attaches documents on the form page without script, in
// lang: a PDF is attached and listed; a program named like a PDF and a
// file of 10 MiB and a byte are each refused with the error summary and
// the message beside the field; the PDF downloads as a file to save, of
// its type; check-your-answers lists it; and the response, with no typed
// answer, is submitted, the document answering instead.
func attachmentsFlow(t *testing.T, lang string) {
	e := newStoreEnv(t, func(f *questionset.File) { f.Attachments = true })
	live := startLive(t, e.handler())
	e.URL = "http://" + live.addr
	a := &audit{t: t, axe: axeSource(t), lang: lang, narrow: true, noScript: true}
	tr := locales.NewPrinter(locales.Embedded(), lang).T
	token := e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Sok Chea")

	dir := t.TempDir()
	write := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	report := write("report.pdf", samplePDF)
	renamed := write("evil.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 512)...))
	big := write("big.pdf", append(bytes.Clone(samplePDF), make([]byte, document.MaxSize+1-len(samplePDF))...))

	tb := newTab(t, e.URL, false)
	tb.open("/?lang=" + lang)
	tb.open("/r/" + token)
	tb.waitPage("respond")
	if got := tb.text("#attachments"); !strings.Contains(got, tr("attachments.instead")) {
		t.Errorf("the form does not say documents answer instead:\n%s", got)
	}
	attach := func(path string) {
		t.Helper()
		tb.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}))
		tb.pressAndLoad("#attach")
		tb.waitPage("respond")
	}

	attach(report)
	if got := tb.text("#attachments .attachment-list"); !strings.Contains(got, "report.pdf") {
		t.Fatalf("the list of documents = %q, want report.pdf", got)
	}
	if got := tb.text(".notice"); !strings.Contains(got, tr("attachments.added_notice")) {
		t.Errorf("notice = %q, want %q", got, tr("attachments.added_notice"))
	}
	a.check(tb, "attachments-attached")

	for _, c := range []struct {
		path, want string
	}{
		{renamed, tr("attachments.error.type")},
		{big, tr("attachments.error.too_large", document.MaxSize>>20)},
	} {
		attach(c.path)
		if got := tb.text(".error-summary"); !strings.Contains(got, c.want) {
			t.Errorf("uploading %s: error summary = %q, want %q", filepath.Base(c.path), got, c.want)
		}
		if got := tb.eval(`document.querySelector(".error-summary a").getAttribute("href")`); got != "#file" {
			t.Errorf("the error summary links to %q, want #file", got)
		}
		if got := tb.text("#file-error"); !strings.Contains(got, c.want) {
			t.Errorf("beside the field: %q, want %q", got, c.want)
		}
		if n := tb.eval(`String(document.querySelectorAll("#attachments .attachment-list li").length)`); n != "1" {
			t.Errorf("after a refused upload, %s documents are listed, want 1", n)
		}
	}
	a.check(tb, "attachments-error")

	// The download, asked for by a plain client as the API's user.
	href := tb.eval(`document.querySelector("#attachments a[download]").getAttribute("href")`)
	id := strings.TrimPrefix(href, "/respond/attachments/")
	req, _ := http.NewRequest("GET", e.URL+"/api/v1/response/attachments/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, samplePDF) {
		t.Fatalf("download of %s = %d, %d bytes; want 200 with the PDF", href, resp.StatusCode, len(body))
	}
	for h, want := range map[string]string{
		"Content-Type":           document.TypePDF,
		"Content-Disposition":    `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
		"X-Content-Type-Options": "nosniff",
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}

	// Check your answers lists it; the response goes with no typed answer.
	tb.open("/respond/check")
	tb.waitPage("check")
	if got := tb.text("main"); !strings.Contains(got, "report.pdf") {
		t.Errorf("check-your-answers does not list the document:\n%s", got)
	}
	a.check(tb, "attachments-check")
	tb.tabTo("#attribution-named")
	tb.keys(" ")
	tb.pressAndLoad(`form[action="/respond/submit"] button`)
	if got := tb.eval(`document.body.dataset.page`); got != "confirmation" {
		t.Fatalf("after submitting with a document and no typed answer, the page is %q, want confirmation:\n%s", got, tb.text("main"))
	}
}

func TestBrowserAttachmentsArabic(t *testing.T) {
	t.Parallel()
	attachmentsFlow(t, "ar")
}
