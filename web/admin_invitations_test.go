package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

// upload posts a file to the preview as the page's form does.
func (b *browser) upload(path string, from page, filename string, data []byte) page {
	b.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf", hidden(b.e.t, from, "csrf"))
	fw, err := w.CreateFormFile("list", filename)
	if err != nil {
		b.e.t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return b.doBody("POST", path, body.String(), "Content-Type", w.FormDataContentType(), "Accept-Language", b.lang)
}

// An administrator uploads a list in Excel's "Unicode text", sees every
// row's problems before anything is stored, imports the good rows, and
// downloads one working link per new person.
func TestAdminInvitationPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.reviewer("admin")
	base := "/admin/c/" + e.c.Slug + "/invitations"
	form := b.get(base)
	wantStatus(t, form, http.StatusOK)
	wantContains(t, form, `enctype="multipart/form-data"`, "/admin/invitations/template.csv", "/admin/invitations/states-parties.csv")

	list := "Name\tAudience\tCountry\tContributor\tEmail\tLanguage\tNotes\r\n" +
		"Cambodia\tstates-parties\tKH\tSok Dara\tsok@example.org\ten\tcapital\r\n" +
		"Colombia\tstates-parties\tCO\tAna Gómez\tana@example.org\tes\t\r\n" +
		"Atlantis\tstates-parties\tZZ\tNobody\tnot-an-email\t\t\r\n" +
		"جمعية الناجين\tsurvivors\tJO\tرانيا\trania@example.org\tar\t\r\n"
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(list))
	if err != nil {
		t.Fatal(err)
	}
	preview := b.upload(base+"/preview", form, "invitations.txt", utf16)
	wantStatus(t, preview, http.StatusOK)
	wantContains(t, preview, "error-summary", `href="#line-4"`, "Line 4: Country — ZZ is not the ISO code", "not-an-email is not an email address",
		"<q dir=\"auto\">Notes</q>", "Import and make 3 access links", "The row with problems will be left out", "جمعية الناجين")
	if n := e.count(`SELECT count(*) FROM contributors`); n != 0 {
		t.Fatalf("the preview stored %d contributors, want none", n)
	}

	done := b.post(base+"/import", preview, url.Values{"rows": {hidden(t, preview, "rows")}})
	wantStatus(t, done, http.StatusOK)
	wantContains(t, done, "The list is imported", "3 new access links are shown on this page only")
	csvPage := b.post(base+"/links.csv", done, url.Values{"links": {hidden(t, done, "links")}})
	wantStatus(t, csvPage, http.StatusOK)
	if got := csvPage.Header.Get("Content-Disposition"); !strings.Contains(got, "attachment") {
		t.Errorf("links download: Content-Disposition %q, want an attachment", got)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvPage.Body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[1][1] != "Sok Dara" || rows[3][0] != "جمعية الناجين" || rows[3][3] != "ar" {
		t.Fatalf("links file = %q", rows)
	}
	for _, r := range rows[1:] {
		link := strings.TrimPrefix(r[4], e.URL)
		wantRedirect(t, e.browser("en").get(link), "/respond")
	}

	// The same list again makes nothing.
	again := b.upload(base+"/preview", b.get(base), "invitations.txt", utf16)
	wantContains(t, again, "Nothing to import")
	if strings.Contains(again.Body, `id="import"`) {
		t.Fatalf("a list imported already offers to import:\n%s", again.Body)
	}

	// Reissue one person's link: the old one stops working.
	page := b.get(base)
	var id string
	fmt.Sscanf(page.Body[strings.Index(page.Body, `name="contributor" value="`)+len(`name="contributor" value="`):], "%s", &id)
	id = strings.Trim(id, `">`)
	reissued := b.post(base+"/reissue", page, url.Values{"contributor": {id}})
	wantStatus(t, reissued, http.StatusOK)
	wantContains(t, reissued, "New links are issued", "1 new access link is shown")
	if n := e.count(`SELECT count(*) FROM contributors WHERE revoked_at IS NOT NULL`); n != 1 {
		t.Fatalf("revoked links = %d, want 1", n)
	}
	none := b.post(base+"/reissue", b.get(base), url.Values{})
	wantStatus(t, none, http.StatusUnprocessableEntity)
	wantContains(t, none, "error-summary", "Choose at least one person whose link works")
}

// A file over 5 MiB, or in another encoding than UTF-8 or UTF-16, is
// refused with a clear message and nothing changes.
func TestAdminInvitationBadFiles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.reviewer("admin")
	base := "/admin/c/" + e.c.Slug + "/invitations"
	for _, tc := range []struct {
		name, filename string
		data           []byte
		status         int
		want           string
	}{
		{"too large", "big.csv", append([]byte("audience,name,country\n"), bytes.Repeat([]byte("survivors,N,CO\n"), 5<<20/15+1)...),
			http.StatusRequestEntityTooLarge, "larger than 5 MiB"},
		{"latin-1", "latin1.csv", []byte("audience,name,country\nsurvivors,Asociaci\xf3n,CO\n"), http.StatusUnprocessableEntity,
			"The file is not UTF-8 text"},
		{"no header", "x.csv", []byte("survivors,N,CO\n"), http.StatusUnprocessableEntity, "The header row lacks the column(s)"},
		{"not a workbook", "x.xlsx", []byte("PK\x03\x04junk"), http.StatusUnprocessableEntity, "cannot be read"},
	} {
		p := b.upload(base+"/preview", b.get(base), tc.filename, tc.data)
		if p.Status != tc.status || !strings.Contains(p.Body, "error-summary") || !strings.Contains(p.Body, tc.want) {
			t.Errorf("%s: %d, want %d with %q in an error summary:\n%.2000s", tc.name, p.Status, tc.status, tc.want, p.Body)
		}
	}
	huge := b.doBody("POST", base+"/preview", strings.Repeat("x", 21<<20), "Content-Type", "multipart/form-data; boundary=x")
	wantStatus(t, huge, http.StatusRequestEntityTooLarge)
	wantContains(t, huge, "The file is too large")
	if n := e.count(`SELECT count(*) FROM respondents`); n != 0 {
		t.Fatalf("respondents = %d after refused files, want 0", n)
	}
	// A co-chair may not see the page.
	wantStatus(t, e.reviewer("co-chair").get(base), http.StatusForbidden)
}

func (e *env) count(sql string) int {
	e.t.Helper()
	var n int
	if err := e.st.Pool().QueryRow(context.Background(), sql).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}
