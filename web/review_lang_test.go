package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// TestReviewPagesNameRegionsInTheirLanguage checks the dashboard, the
// question page (its filter and its answers) and the country view in
// French, Spanish, Russian and Chinese, and that a download from the French dashboard is in
// French.
func TestReviewPagesNameRegionsInTheirLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.submit(domain.AudienceStatesParties, "KH", "Cambodia", "named", "A national database.")
	b := e.reviewer("co-chair")
	slug := e.c.Slug
	for _, tt := range []struct{ lang, asia, africa string }{
		{"fr", "Asie de l’Est et du Sud et Pacifique", "Afrique"},
		{"es", "Asia Oriental y Meridional y Pacífico", "África"},
		{"ru", "Восточная и Южная Азия и Тихий океан", "Африка"},
		{"zh", "东亚、南亚和太平洋", "非洲"},
	} {
		b.lang = tt.lang
		dash := b.get("/review/c/" + slug)
		wantStatus(t, dash, http.StatusOK)
		wantContains(t, dash, tt.asia, tt.africa)
		wantLacks(t, dash, "East &amp; South Asia", ">Africa<")
		q := b.get("/review/c/" + slug + "/q/1?audience=states-parties")
		wantStatus(t, q, http.StatusOK)
		// The filter's values stay the stored names; what shows is translated.
		wantContains(t, q, `<option value="East &amp; South Asia &amp; Pacific">`+tt.asia+`</option>`,
			`<span>`+tt.asia+`</span> · `)
		country := b.get("/review/c/" + slug + "/country/KH")
		wantStatus(t, country, http.StatusOK)
		wantContains(t, country, tt.asia)
	}
	b.lang = "fr"
	report := b.get("/review/c/" + slug + "/export?format=html&variant=public")
	wantStatus(t, report, http.StatusOK)
	if !strings.Contains(report.Body, `<html lang="fr" dir="ltr">`) || !strings.Contains(report.Body, "Rapport des coprésidents") {
		t.Errorf("report downloaded from the French pages is not in French: %.300s", report.Body)
	}
}
