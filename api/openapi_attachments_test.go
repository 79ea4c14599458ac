package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/vaconsult/vaconsult/internal/document"
	"github.com/vaconsult/vaconsult/questionset"
)

func init() {
	openapi3filter.RegisterBodyDecoder(document.TypePDF, openapi3filter.FileBodyDecoder)
}

const attachmentsSlug = "va-impact-documents"

// testAttachments exercises every answer the document lists for the
// attachment routes, the outage's and the edge's aside.
func testAttachments(t *testing.T, a *apiTest) {
	a.loadConsultation(attachmentsSlug, func(f *questionset.File) { f.Attachments = true })
	token := a.invite(attachmentsSlug, "KH", "Cambodia", "")
	none := a.invite(seedSlug, "KH", "Cambodia", "")
	p := "/api/v1/response/attachments"
	form := func(name string, content []byte) (map[string]string, []byte) {
		body, ct := upload(t, name, content)
		return map[string]string{"Content-Type": ct}, body
	}

	hdr, pdf := form("report.pdf", testPDF)
	a.do(call{method: "POST", path: p, header: hdr, body: pdf, request: violates, status: 401, code: "missing_token"})
	a.do(call{method: "POST", path: p, token: none, header: hdr, body: pdf, status: 409, code: "attachments_not_allowed"})
	a.do(call{method: "POST", path: p, token: token, body: map[string]any{"file": "x"}, request: violates,
		status: 415, code: "unsupported_media_type"})
	hdrELF, elf := form("report.pdf", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 64)...))
	a.do(call{method: "POST", path: p, token: token, header: hdrELF, body: elf, status: 422, code: "attachment_type"})
	hdrBig, big := form("big.pdf", append(bytes.Clone(testPDF), make([]byte, document.MaxSize+1-len(testPDF))...))
	a.do(call{method: "POST", path: p, token: token, header: hdrBig, body: big, status: 413, code: "attachment_too_large"})

	var first struct{ ID int64 }
	a.do(call{method: "POST", path: p, token: token, header: hdr, body: pdf, status: 201}).decode(t, &first)
	a.do(call{method: "POST", path: p, token: token, header: hdr, body: pdf, status: 201})
	a.do(call{method: "POST", path: p, token: token, header: hdr, body: pdf, status: 201})
	a.do(call{method: "POST", path: p, token: token, header: hdr, body: pdf, status: 409, code: "too_many_attachments"})

	a.do(call{method: "GET", path: p, request: violates, status: 401, code: "missing_token"})
	a.do(call{method: "GET", path: p, token: token, status: 200})
	one := fmt.Sprintf("%s/%d", p, first.ID)
	r := a.do(call{method: "GET", path: one, token: token, status: 200})
	if !bytes.Equal(r.body, testPDF) || r.header.Get("Content-Type") != document.TypePDF {
		t.Errorf("download: %s, %d bytes; want the PDF", r.header.Get("Content-Type"), len(r.body))
	}
	a.do(call{method: "GET", path: one, request: violates, status: 401, code: "missing_token"})
	a.do(call{method: "GET", path: one, token: none, status: 404, code: "not_found"})
	a.do(call{method: "DELETE", path: one, request: violates, status: 401, code: "missing_token"})
	a.do(call{method: "DELETE", path: one, token: none, status: 404, code: "not_found"})
	a.do(call{method: "DELETE", path: one, token: token, status: 204})

	closes := time.Now().Add(-time.Hour)
	if _, err := a.st.Pool().Exec(a.ctx, `UPDATE consultations SET closes_at = $2, opens_at = $2::timestamptz - interval '1 day'
		WHERE slug = $1`, attachmentsSlug, closes); err != nil {
		t.Fatal(err)
	}
	a.do(call{method: "DELETE", path: fmt.Sprintf("%s/%d", p, first.ID+1), token: token, status: 409, code: "consultation_closed"})
}

// attachmentBody is a multipart body holding a small PDF, sent with
// attachmentHeader.
var attachmentBody, attachmentHeader = func() ([]byte, map[string]string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile("file", "report.pdf")
	fw.Write(testPDF)
	w.Close()
	return b.Bytes(), map[string]string{"Content-Type": w.FormDataContentType()}
}()
