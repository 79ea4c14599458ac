package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// sentences are what survivors and their organisations might write, in the
// languages respondents answer in. Khmer and Arabic make most characters
// take three and two bytes, as real answers do.
var sentences = map[string][]string{
	"en": {
		"We were asked once to fill in a survey, but nobody came back to tell us what it showed.",
		"The rehabilitation centre is four hours away by road and the bus fare costs a week of income.",
		"Our association collects the figures every quarter and sends them to the national authority.",
		"Prostheses are repaired now, which is a real change since the last meeting in Geneva.",
		"Women survivors in rural districts still do not know which services they are entitled to.",
	},
	"fr": {
		"On nous a demandé une fois de remplir un questionnaire, mais personne n’est revenu nous en donner les résultats.",
		"Le centre de réadaptation est à quatre heures de route et le billet de bus coûte une semaine de revenus.",
		"Notre association recueille les chiffres chaque trimestre et les transmet à l’autorité nationale.",
		"Les survivants des zones rurales ne savent toujours pas à quels services ils ont droit.",
	},
	"es": {
		"Una vez nos pidieron llenar una encuesta, pero nadie volvió para contarnos los resultados.",
		"El centro de rehabilitación queda a cuatro horas por carretera y el pasaje cuesta una semana de ingresos.",
		"Nuestra asociación recoge las cifras cada trimestre y las envía a la autoridad nacional.",
		"Las sobrevivientes de las zonas rurales todavía no saben a qué servicios tienen derecho.",
	},
	"ar": {
		"طُلب منا مرة ملء استبيان، لكن لم يعد أحد ليخبرنا بنتائجه.",
		"يقع مركز إعادة التأهيل على بعد أربع ساعات بالطريق، وتكلفة الحافلة تعادل دخل أسبوع.",
		"تجمع جمعيتنا الأرقام كل ثلاثة أشهر وترسلها إلى السلطة الوطنية.",
		"ما زالت الناجيات في المناطق الريفية لا يعرفن الخدمات التي يحق لهن الحصول عليها.",
	},
	"km": {
		"យើងត្រូវបានគេសុំឱ្យបំពេញការស្ទង់មតិម្តង ប៉ុន្តែគ្មាននរណាម្នាក់ត្រឡប់មកប្រាប់លទ្ធផលទេ។",
		"មជ្ឈមណ្ឌលស្តារនីតិសម្បទាមានចម្ងាយបួនម៉ោងតាមផ្លូវ ហើយថ្លៃឡានក្រុងស្មើនឹងប្រាក់ចំណូលមួយសប្តាហ៍។",
		"សមាគមរបស់យើងប្រមូលតួលេខរៀងរាល់ត្រីមាស ហើយផ្ញើទៅអាជ្ញាធរជាតិ។",
	},
}

var languages = []string{"en", "fr", "es", "ar", "km"}

// textGen writes answer texts: sentences in one language, a little
// different at every save, as someone editing a draft would.
type textGen struct {
	rng  *rand.Rand
	size int // target size in bytes; 0 for anything from 300 to 3,000
	edit int // counts edits, so that no two texts are alike
}

func newTextGen(seed uint64, size int) *textGen {
	return &textGen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), size: size}
}

// targetBytes picks the size of the next text.
func (g *textGen) targetBytes() int {
	if g.size > 0 {
		return g.size*3/4 + g.rng.IntN(g.size/2+1)
	}
	return 300 + g.rng.IntN(2701)
}

// next returns a new text of about the target size and at most maxRunes
// characters.
func (g *textGen) next(maxRunes int) string {
	g.edit++
	lang := languages[g.rng.IntN(len(languages))]
	pool := sentences[lang]
	want := g.targetBytes()
	var b strings.Builder
	fmt.Fprintf(&b, "[%s, draft %d] ", lang, g.edit)
	for b.Len() < want {
		b.WriteString(pool[g.rng.IntN(len(pool))])
		b.WriteByte(' ')
	}
	return truncate(strings.TrimSpace(b.String()), want, maxRunes)
}

// truncate cuts s to at most maxBytes bytes and maxRunes characters, never
// inside a character.
func truncate(s string, maxBytes, maxRunes int) string {
	n, runes := 0, 0
	for i, r := range s {
		if runes == maxRunes || i+utf8.RuneLen(r) > maxBytes {
			return s[:i]
		}
		n = i + utf8.RuneLen(r)
		runes++
	}
	return s[:n]
}
