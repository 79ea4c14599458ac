package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/internal/document"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// TestReviewersReadSubmittedDocuments checks what reviewers see of the
// documents: the country view links those of submitted responses, each
// downloads as a file to save; a draft's documents are not theirs to
// read; the internal zip export holds the CSV and the documents, listed,
// the public one the CSV alone.
func TestReviewersReadSubmittedDocuments(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(f *questionset.File) { f.Attachments = true })
	ctx := context.Background()
	sub := e.submit(domain.AudienceStatesParties, "KH", "Cambodia", domain.AttributionAnonymous, "Typed.")
	doc, err := e.st.AddAttachment(ctx, sub, "Rapport national.pdf", samplePDF)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := e.st.FindResponse(ctx, sub)
	if _, err := e.st.SubmitResponse(ctx, sub, store.Submission{Version: r.Version, Attribution: domain.AttributionAnonymous}); err != nil {
		t.Fatal(err)
	}
	draft, err := e.st.Authenticate(ctx, e.invite(domain.AudienceStatesParties, "AO", "Angola", "Official"))
	if err != nil {
		t.Fatal(err)
	}
	draftDoc, err := e.st.AddAttachment(ctx, draft, "draft.pdf", samplePDF)
	if err != nil {
		t.Fatal(err)
	}

	b := e.reviewer(store.RoleCoChair)
	slug := e.c.Slug
	link := "/review/c/" + slug + "/attachments/" + itoa(doc.ID)
	wantContains(t, b.get("/review/c/"+slug+"/country/KH"), "Rapport national.pdf", `href="`+link+`"`)
	d := b.get(link)
	wantStatus(t, d, http.StatusOK)
	if d.Body != string(samplePDF) || d.Header.Get("Content-Type") != document.TypePDF ||
		!strings.HasPrefix(d.Header.Get("Content-Disposition"), "attachment;") ||
		d.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(d.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("download: %d bytes, headers %v; want the PDF as a sandboxed attachment", len(d.Body), d.Header)
	}
	wantStatus(t, b.get("/review/c/"+slug+"/attachments/"+itoa(draftDoc.ID)), http.StatusNotFound)
	wantLacks(t, b.get("/review/c/"+slug+"/country/AO"), "draft.pdf")

	files := func(variant string) map[string][]byte {
		t.Helper()
		p := b.get("/review/c/" + slug + "/export?format=zip&variant=" + variant)
		wantStatus(t, p, http.StatusOK)
		z, err := zip.NewReader(strings.NewReader(p.Body), int64(len(p.Body)))
		if err != nil {
			t.Fatalf("%s zip: %v", variant, err)
		}
		out := map[string][]byte{}
		for _, f := range z.File {
			r, _ := f.Open()
			out[f.Name], _ = io.ReadAll(r)
			r.Close()
		}
		return out
	}
	internal := files("internal")
	name := "documents/" + itoa(sub.ResponseID) + "/" + itoa(doc.ID) + "-Rapport national.pdf"
	if !bytes.Equal(internal[name], samplePDF) || !strings.Contains(string(internal["documents.csv"]), name) ||
		len(internal[slug+".csv"]) == 0 || len(internal) != 3 {
		t.Errorf("internal zip holds %v, want the CSV, %s and documents.csv listing it", keys(internal), name)
	}
	if public := files("public"); len(public) != 1 || len(public[slug+".csv"]) == 0 {
		t.Errorf("public zip holds %v, want the CSV alone", keys(public))
	}
	// The CSV's documents column: each document and its place in the zip,
	// in the internal variant only.
	if csv := string(internal[slug+".csv"]); !strings.Contains(csv, "Rapport national.pdf ("+name+")") {
		t.Errorf("the internal CSV does not list the document beside the answers:\n%s", csv)
	}
	if csv := b.get("/review/c/" + slug + "/export?format=csv&variant=public").Body; strings.Contains(csv, "Rapport national") {
		t.Errorf("the public CSV names a document:\n%s", csv)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestAdminAllowsDocuments ticks the settings' box that lets respondents
// attach documents: the consultation then takes them, its page says so,
// and the form offers the upload; unticked, the form does not.
func TestAdminAllowsDocuments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.reviewer("admin")
	path := "/admin/c/" + e.c.Slug + "/settings"
	token := e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Official")
	r := e.browser("en")
	wantRedirect(t, r.get("/r/"+token), "/respond")
	wantLacks(t, r.get("/respond"), `enctype="multipart/form-data"`)

	page := b.get(path)
	wantContains(t, page, `<input type="checkbox" id="attachments" name="attachments" value="yes">`)
	form := textsForm(page)
	if m := opensAtRE.FindStringSubmatch(page.Body); m != nil {
		form.Set("opens_at", m[1])
	}
	form.Set("attachments", "yes")
	wantRedirect(t, b.post(path, page, form), "/admin/c/"+e.c.Slug+"?saved=1")
	c, err := e.st.FindConsultationBySlug(context.Background(), e.c.Slug)
	if err != nil || !c.Attachments {
		t.Fatalf("after ticking the box, attachments = %v (%v), want true", c != nil && c.Attachments, err)
	}
	wantContains(t, b.get(path), `name="attachments" value="yes" checked`)
	wantContains(t, r.get("/respond"), `enctype="multipart/form-data"`, `action="/respond/attachments"`)
}

// TestPublishedResultsListOnlyNamedDocuments checks the public outputs:
// a named submission's page lists its documents' names, without a link
// to them; an anonymous response's documents appear nowhere, nor in the
// public export.
func TestPublishedResultsListOnlyNamedDocuments(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(f *questionset.File) { f.Attachments = true })
	r := newResultsEnv(e)
	ctx := context.Background()
	for p, name := range map[*store.Principal]string{r.named: "Colombia report.pdf", r.anonymous: "Secret author.pdf",
		r.confidential: "Confidential.pdf"} {
		if _, err := e.st.AddAttachment(ctx, p, name, samplePDF); err != nil {
			t.Fatal(err)
		}
	}
	r.publish()
	b := e.browser("en")
	named := b.get(r.submissionPath(r.named))
	wantContains(t, named, "Colombia report.pdf")
	wantLacks(t, named, "/attachments/")
	wantLacks(t, b.get("/c/"+e.c.Slug+"/results"), "Secret author.pdf", "Confidential.pdf", "Colombia report.pdf")
	wantStatus(t, b.get(r.submissionPath(r.anonymous)), http.StatusNotFound)
}
