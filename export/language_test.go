package export_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
)

func runIn(t *testing.T, st *store.Store, f export.Format, v export.Variant, l string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.RunIn(context.Background(), st, "reviewer:1", slug, f, v, l, &buf); err != nil {
		t.Fatalf("export %s %s in %s: %v", f, v, l, err)
	}
	return buf.Bytes()
}

func TestReportSpeaksTheReadersLanguage(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	tests := []struct {
		lang string
		want []string
		lack []string
	}{
		{"fr", []string{`<html lang="fr" dir="ltr">`, "Rapport des coprésidents", "Taux de réponse", "Points clés",
			"Citations", "Réponses par région", "Asie de l’Est et du Sud et Pacifique", "Cambodge", "En partie",
			"Quels outils utilisez-vous pour mesurer", "Survivants et leurs organisations — question 1",
			"Assistance aux victimes\u00a0: mesurer l’impact"},
			[]string{"Response rates", "Key points", "Quotes", "East &amp; South Asia", "Answers by region", "Partly"}},
		{"ar", []string{`<html lang="ar" dir="rtl">`, "تقرير الرئيسين المشاركين", "معدلات الاستجابة", "النقاط الرئيسية",
			"اقتباسات", "شرق وجنوب آسيا والمحيط الهادئ", "جزئياً", "ما الأدوات التي تستخدمونها"},
			[]string{"Response rates", "Key points", "East &amp; South Asia", "Partly"}},
		{"es", []string{`<html lang="es" dir="ltr">`, "Informe de los copresidentes", "Asia Oriental y Meridional y Pacífico", "En parte"},
			[]string{"Response rates", "Partly"}},
		{"ru", []string{`<html lang="ru" dir="ltr">`, "Доклад сопредседателей", "Доля ответивших", "Ключевые положения",
			"Восточная и Южная Азия и Тихий океан", "Камбоджа", "Частично", "Какие инструменты вы используете"},
			[]string{"Response rates", "Key points", "East &amp; South Asia", "Partly"}},
		{"zh", []string{`<html lang="zh" dir="ltr">`, "共同主席报告", "答复率", "要点",
			"东亚、南亚和太平洋", "柬埔寨", "部分参与", "贵国使用哪些工具"},
			[]string{"Response rates", "Key points", "East &amp; South Asia", "Partly"}},
	}
	for _, tt := range tests {
		for _, v := range []export.Variant{export.Public, export.Internal} {
			html := string(runIn(t, st, export.HTML, v, tt.lang))
			for _, want := range tt.want {
				if !strings.Contains(html, want) {
					t.Errorf("%s %s report lacks %q", tt.lang, v, want)
				}
			}
			for _, lack := range tt.lack {
				if strings.Contains(html, lack) {
					t.Errorf("%s %s report still says %q", tt.lang, v, lack)
				}
			}
		}
	}
	if html := string(runIn(t, st, export.HTML, export.Internal, "ar")); !strings.Contains(html, "سري") {
		t.Error("Arabic internal report is not marked confidential in Arabic")
	}
	// A language vaconsult does not speak gets English.
	if html := string(runIn(t, st, export.HTML, export.Public, "de")); !strings.Contains(html, `<html lang="en" dir="ltr">`) {
		t.Error("a report asked for in German is not in English")
	}
}

func TestSpreadsheetsSpeakTheReadersLanguage(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	book := sheets(t, runIn(t, st, export.XLSX, export.Internal, "fr"))
	var names []string
	for _, s := range book {
		names = append(names, s[0][0])
	}
	if got, want := strings.Join(names, ","), "Vue d’ensemble,États parties Q1,États parties Q2,États parties Q3,États parties Q4,Survivants Q1,Survivants Q2,Survivants Q3,Thèmes,Points clés,États et survivants"; got != want {
		t.Errorf("French sheets = %s, want %s", got, want)
	}
	if got := strings.Join(book[6][3], "|"); !strings.HasPrefix(got, "Réponse n°|Répondant|Attribution|Type|Pays|Région") {
		t.Errorf("French answer columns = %s", got)
	}
	fr := text(t, export.XLSX, runIn(t, st, export.XLSX, export.Internal, "fr"))
	for _, want := range []string{"CONFIDENTIEL", "Taux de réponse", "Asie de l’Est et du Sud et Pacifique", "Cambodge", "En partie"} {
		if !strings.Contains(fr, want) {
			t.Errorf("French workbook lacks %q", want)
		}
	}
	ar := sheets(t, runIn(t, st, export.XLSX, export.Public, "ar"))
	if got := ar[0][0][0]; got != "نظرة عامة" {
		t.Errorf("Arabic overview sheet = %q", got)
	}

	csv := string(runIn(t, st, export.CSV, export.Internal, "es"))
	if !strings.HasPrefix(csv, "\uFEFFconsulta,respuesta n.º,público,encuestado,") {
		t.Errorf("Spanish CSV header = %.80q", csv)
	}
	for _, want := range []string{"Asia Oriental y Meridional y Pacífico", "Camboya", "En parte"} {
		if !strings.Contains(csv, want) {
			t.Errorf("Spanish CSV lacks %q", want)
		}
	}
	// JSON keeps its keys and codes; its notice follows the language.
	js := string(runIn(t, st, export.JSON, export.Public, "fr"))
	for _, want := range []string{`"language":"fr"`, `"notice":"Export public`, `"audience":"survivors"`, `"region":"East & South Asia & Pacific"`} {
		if !strings.Contains(js, want) {
			t.Errorf("French JSON lacks %s", want)
		}
	}
}

func TestCountryNamesKeepTheReferenceDataName(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	submit(t, st, store.NewRespondent{Audience: "states-parties", Name: "Palestine", Country: "PS"}, "named", "fr", "PS-TEXT")
	for _, l := range []string{"en", "fr", "ar"} {
		html := string(runIn(t, st, export.HTML, export.Internal, l))
		if !strings.Contains(html, "State of Palestine") || strings.Contains(html, "Palestinian Territories") ||
			strings.Contains(html, "Territoires palestiniens") {
			t.Errorf("%s report does not keep the reference data's name of PS", l)
		}
	}
}
