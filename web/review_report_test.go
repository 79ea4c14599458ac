package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Two Co-Chairs write the report's introduction and conclusions in
// French: the first save goes into the French report, the second, based
// on the text before it, is refused with both texts shown, and nothing is
// lost; the report in English has no French text.
func TestReportTextsAreWrittenInTheReportsLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.submit(domain.AudienceStatesParties, "CO", "Colombia", domain.AttributionNamed, "Colombia counts every survivor.")
	ana, ben := e.coChair("ana@example.org", "Ana"), e.coChair("ben@example.org", "Ben")
	reportPage := "/review/c/" + e.c.Slug + "/report?in=fr"
	formA, formB := ana.get(reportPage), ben.get(reportPage)
	wantStatus(t, formA, http.StatusOK)
	wantContains(t, formA, `href="/review/c/`+e.c.Slug+`/export?format=docx&amp;variant=public&amp;in=fr"`)

	save := func(b *browser, from page, intro, concl string) page {
		return b.post("/review/c/"+e.c.Slug+"/report", from, url.Values{"in": {"fr"}, "version": {hidden(t, from, "version")},
			"introduction": {intro}, "conclusions": {concl}})
	}
	wantRedirect(t, save(ana, formA, "Les coprésidents ont entendu 12 États.", "Nous recommandons des données ventilées."),
		"/review/c/"+e.c.Slug+"/report?in=fr&saved=1")
	refused := save(ben, formB, "Introduction de Ben.", "")
	wantStatus(t, refused, http.StatusConflict)
	wantContains(t, refused, "Introduction de Ben.", "Les coprésidents ont entendu 12 États.", "Ana")
	wantRedirect(t, save(ben, refused, "Introduction fusionnée.", "Nous recommandons des données ventilées."),
		"/review/c/"+e.c.Slug+"/report?in=fr&saved=1")

	fr := ana.get("/review/c/" + e.c.Slug + "/export?format=html&variant=public&in=fr")
	wantStatus(t, fr, http.StatusOK)
	wantContains(t, fr, `lang="fr"`, "Introduction fusionnée.", "Nous recommandons des données ventilées.", "Colombia counts every survivor.")
	en := ana.get("/review/c/" + e.c.Slug + "/export?format=html&variant=public")
	wantLacks(t, en, "Introduction fusionnée.")
	wantContains(t, ana.get("/review"), `<html lang="en"`) // the pages keep their language
	wantStatus(t, save(ana, ana.get(reportPage), strings.Repeat("x", 20001), ""), http.StatusUnprocessableEntity)
}
