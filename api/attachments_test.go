package api_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/internal/document"
	"github.com/vaconsult/vaconsult/store/domain"
)

// testPDF is a small PDF.
var testPDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// upload returns a multipart body holding content as the field file,
// named name, and its Content-Type.
func upload(t *testing.T, name string, content []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

func (e *env) allowAttachments() {
	e.t.Helper()
	if _, err := e.st.Pool().Exec(context.Background(), `UPDATE consultations SET attachments = true`); err != nil {
		e.t.Fatal(err)
	}
}

// TestAttachmentsAPI attaches documents through the API: a PDF is taken
// (201), a program named report.pdf refused (422), a file of 10 MiB and a
// byte refused (413), a fourth document refused (409); the list shows
// them, a download carries the safe headers, and only the respondent's
// own token reaches them.
func TestAttachmentsAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	token := e.invite(domain.AudienceStatesParties, "Cambodia", "KH")
	other := e.invite(domain.AudienceStatesParties, "Angola", "AO")

	body, ct := upload(t, "report.pdf", testPDF)
	wantError(t, e.do("POST", "/api/v1/response/attachments", token, body, "Content-Type", ct), http.StatusConflict, "attachments_not_allowed")
	e.allowAttachments()
	wantError(t, e.do("POST", "/api/v1/response/attachments", "", body, "Content-Type", ct), http.StatusUnauthorized, "missing_token")

	r := e.do("POST", "/api/v1/response/attachments", token, body, "Content-Type", ct)
	if r.Status != http.StatusCreated || r.Body["type"] != document.TypePDF || r.Body["name"] != "report.pdf" {
		t.Fatalf("upload = %d %s, want 201 with a PDF named report.pdf", r.Status, r.Raw)
	}
	id := int64(r.Body["id"].(float64))

	elf := append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 200)...)
	body, ct = upload(t, "report.pdf", elf)
	wantError(t, e.do("POST", "/api/v1/response/attachments", token, body, "Content-Type", ct), http.StatusUnprocessableEntity, "attachment_type")
	mz := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 200)...)
	body, ct = upload(t, "report.docx", mz)
	wantError(t, e.do("POST", "/api/v1/response/attachments", token, body, "Content-Type", ct), http.StatusUnprocessableEntity, "attachment_type")

	big := append(bytes.Clone(testPDF), make([]byte, document.MaxSize+1-len(testPDF))...)
	body, ct = upload(t, "big.pdf", big)
	wantError(t, e.do("POST", "/api/v1/response/attachments", token, body, "Content-Type", ct), http.StatusRequestEntityTooLarge, "attachment_too_large")

	body, ct = upload(t, "Rapport d’été; \"final\".pdf", testPDF)
	for i := range 2 {
		if r := e.do("POST", "/api/v1/response/attachments", token, body, "Content-Type", ct); r.Status != http.StatusCreated {
			t.Fatalf("upload %d = %d %s", i+2, r.Status, r.Raw)
		}
	}
	wantError(t, e.do("POST", "/api/v1/response/attachments", token, body, "Content-Type", ct), http.StatusConflict, "too_many_attachments")

	list := e.do("GET", "/api/v1/response/attachments", token, nil)
	if items, _ := list.Body["attachments"].([]any); list.Status != http.StatusOK || len(items) != 3 {
		t.Fatalf("list = %d %s, want 3 attachments", list.Status, list.Raw)
	}
	if items := e.do("GET", "/api/v1/response/attachments", other, nil).Body["attachments"].([]any); len(items) != 0 {
		t.Errorf("another respondent lists %d documents, want none", len(items))
	}

	path := fmt.Sprintf("/api/v1/response/attachments/%d", id)
	d := e.do("GET", path, token, nil)
	if d.Status != http.StatusOK || !bytes.Equal(d.Raw, testPDF) {
		t.Fatalf("download = %d, %d bytes; want 200 with the PDF", d.Status, len(d.Raw))
	}
	for h, want := range map[string]string{
		"Content-Type":           document.TypePDF,
		"Content-Disposition":    `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
		"X-Content-Type-Options": "nosniff",
	} {
		if got := d.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if csp := d.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
		t.Errorf("Content-Security-Policy = %q, want a sandbox", csp)
	}
	named := list.Body["attachments"].([]any)[1].(map[string]any)
	d = e.do("GET", fmt.Sprintf("/api/v1/response/attachments/%d", int64(named["id"].(float64))), token, nil)
	if got, want := d.Header.Get("Content-Disposition"),
		`attachment; filename="Rapport d__t__ final.pdf"; filename*=UTF-8''Rapport%20d%E2%80%99%C3%A9t%C3%A9%3B%20final.pdf`; got != want {
		t.Errorf("Content-Disposition = %q, want %q", got, want)
	}

	wantError(t, e.do("GET", path, other, nil), http.StatusNotFound, "not_found")
	wantError(t, e.do("DELETE", path, other, nil), http.StatusNotFound, "not_found")
	wantError(t, e.do("GET", "/api/v1/response/attachments/x", token, nil), http.StatusNotFound, "not_found")
	if r := e.do("DELETE", path, token, nil); r.Status != http.StatusNoContent {
		t.Fatalf("delete = %d %s, want 204", r.Status, r.Raw)
	}
	wantError(t, e.do("GET", path, token, nil), http.StatusNotFound, "not_found")
}
