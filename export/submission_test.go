package export_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
)

const copyText = "First paragraph, <script>alert(1)</script>.\n\nSecond paragraph,\nsame paragraph on a new line. مسح ميداني"

// submittedCopy submits a survivors' organisation's answers and returns
// the copy of that submission.
func submittedCopy(t *testing.T) *store.SubmissionCopy {
	t.Helper()
	st := dbtest.NewStore(t)
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadConsultation(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	p, receipt := submitUnquoted(t, st, store.NewRespondent{Audience: "survivors", Kind: "organisation", Name: "Network of Survivors",
		Country: "KH", Contributor: "Sok Dara"}, "anonymous", "ar", copyText)
	c, err := st.FindSubmissionCopy(context.Background(), p, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Receipt != receipt {
		t.Fatalf("copy of %s, want %s", c.Receipt, receipt)
	}
	return c
}

// The Word copy holds the receipt, who submitted for whom, each question
// with its option's label and its text, paragraphs and line breaks kept,
// right to left in Arabic.
func TestSubmissionAsAWordDocument(t *testing.T) {
	t.Parallel()
	c := submittedCopy(t)
	for _, tc := range []struct{ lang, title, choice, question string }{
		{"en", "Copy of the answers submitted", "Partly", "Are you included in efforts"},
		{"ar", "نسخة من الإجابات المقدَّمة", "جزئياً", ""},
	} {
		var b bytes.Buffer
		if err := export.WriteSubmissionDOCX(&b, c, tc.lang); err != nil {
			t.Fatalf("%s: %v", tc.lang, err)
		}
		paras := docxParagraphs(t, b.Bytes())
		text := docxText(t, b.Bytes())
		for _, want := range []string{tc.title, c.Receipt, "Sok Dara", "Network of Survivors", tc.choice, tc.question,
			"First paragraph, <script>alert(1)</script>."} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the Word copy lacks %q", tc.lang, want)
			}
		}
		// The blank line starts a paragraph; the line break stays one.
		found := false
		for _, p := range paras {
			if strings.HasPrefix(p.Text, "Second paragraph,") {
				found = true
				if !strings.Contains(p.Text, "same paragraph on a new line") {
					t.Errorf("%s: the line break split the paragraph: %q", tc.lang, p.Text)
				}
			}
			if p.Text == tc.title && p.RTL != (tc.lang == "ar") {
				t.Errorf("%s: title right to left = %v", tc.lang, p.RTL)
			}
		}
		if !found {
			t.Errorf("%s: no paragraph starts with the second one typed: %+v", tc.lang, paras)
		}
	}
}

// The printable copy is one self-contained page: the answers as typed,
// escaped, no script, A4 print styles, and a style the pages' CSP hash
// allows.
func TestSubmissionAsAPrintablePage(t *testing.T) {
	t.Parallel()
	c := submittedCopy(t)
	var b bytes.Buffer
	if err := export.WriteSubmissionHTML(&b, c, "ar", []export.CopyLink{{Href: "/respond/submissions", Text: "back"}}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`<html lang="ar" dir="rtl">`, "@page { size: A4", "@media print", "white-space: pre-wrap",
		c.Receipt, "جزئياً", "First paragraph, &lt;script&gt;alert(1)&lt;/script&gt;.\n\nSecond paragraph,\nsame paragraph on a new line.",
		`class="noprint"`} {
		if !strings.Contains(html, want) {
			t.Errorf("the printable copy lacks %q", want)
		}
	}
	if strings.Contains(html, "<script") || strings.Contains(html, "src=") || strings.Contains(html, "<link") {
		t.Errorf("the printable copy holds a script or loads something")
	}
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(html)
	if style == nil {
		t.Fatal("no style")
	}
	sum := sha256.Sum256([]byte(style[1]))
	if want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(export.CopyCSP, want) {
		t.Errorf("CSP %q does not allow the page's style %s", export.CopyCSP, want)
	}
	// A submission made before each one's answers were kept says so,
	// rather than showing answers it may not have held.
	old := *c
	old.Kept, old.Answers = false, nil
	b.Reset()
	if err := export.WriteSubmissionHTML(&b, &old, "en", nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "only its receipt reference, time and author are known") || strings.Contains(b.String(), `class="answer"`) {
		t.Errorf("the copy of a submission whose answers were not kept does not say so")
	}
	// In French, the time and labels are French.
	b.Reset()
	if err := export.WriteSubmissionHTML(&b, c, "fr", nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Copie des réponses soumises", "Soumises par", "Cambodge"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the French copy lacks %q", want)
		}
	}
}
