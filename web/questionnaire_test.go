package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
)

// An official drafts away from the form: the question set as a Word
// document and as a page to print, in the page's language, linked from
// the consultation's page and the form; a long drafted text pasted into
// the form keeps its paragraphs.
func TestQuestionnaireToDraftOffline(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("en")
	consultation := b.get("/c/" + e.c.Slug)
	base := "/c/" + e.c.Slug + "/questionnaire/states-parties"
	wantContains(t, consultation, `href="`+base+`/docx"`, `href="`+base+`"`, `href="/c/`+e.c.Slug+`/questionnaire/survivors/docx"`)
	qs := e.questions(domain.AudienceStatesParties)
	page := b.get(base)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page, qs[0].Text["en"], qs[3].Text["en"], `class="writing-space"`)

	for _, l := range []string{"en", "ar"} {
		doc := e.browser(l).get(base + "/docx")
		wantStatus(t, doc, http.StatusOK)
		if ct := doc.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
			!strings.HasPrefix(doc.Header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("the Word questionnaire comes as %s, %s", ct, doc.Header.Get("Content-Disposition"))
		}
		body := wordBody(t, doc.Body)
		if !strings.Contains(body, htmlEscapeXML(qs[0].Text[l])) {
			t.Errorf("the Word questionnaire in %s lacks the first question", l)
		}
		if strings.Contains(body, "<w:bidi/>") != (l == "ar") {
			t.Errorf("the Word questionnaire in %s: right to left = %v", l, strings.Contains(body, "<w:bidi/>"))
		}
	}
	// The survivors' set has options: boxes to tick.
	if body := wordBody(t, b.get("/c/"+e.c.Slug+"/questionnaire/survivors/docx").Body); !strings.Contains(body, "☐ Yes") {
		t.Error("the survivors' Word questionnaire has no boxes to tick")
	}
	wantStatus(t, b.get("/c/"+e.c.Slug+"/questionnaire/nobody"), http.StatusNotFound)
	wantStatus(t, b.get("/c/"+e.c.Slug+"/questionnaire/nobody/docx"), http.StatusNotFound)

	// The drafted text, pasted into the form with its paragraphs.
	token := e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Ana")
	r := e.browser("en")
	wantRedirect(t, r.get("/r/"+token), "/respond")
	f := r.get("/respond")
	wantContains(t, f, `href="`+base+`/docx"`)
	v := formValues(f)
	drafted := "We keep a register of survivors.\r\n\r\nIt is updated each quarter;\r\nthe ministry publishes it."
	v.Set(form.TextName(qs[0].ID), drafted)
	v.Set("action", "save")
	r.do("POST", "/respond", v)
	saved := savedText(t, e, token, qs[0].ID)
	if saved != strings.ReplaceAll(drafted, "\r\n", "\n") && saved != drafted {
		t.Fatalf("the pasted text was stored as %q", saved)
	}
	wantContains(t, r.get("/respond/check"), "<p>We keep a register of survivors.</p>", "<p>It is updated each quarter;<br>the ministry publishes it.</p>")
}

// wordBody returns word/document.xml of a Word document.
func wordBody(t *testing.T, file string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatalf("not a Word document: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			defer rc.Close()
			var buf bytes.Buffer
			io.Copy(&buf, rc)
			return buf.String()
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// htmlEscapeXML writes s as the document's XML holds it.
func htmlEscapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
