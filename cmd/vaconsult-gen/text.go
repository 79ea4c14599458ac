package main

import (
	"math"
	"math/rand/v2"
	"strings"
)

// sentences are the material of generated answers, per language: the kind
// of thing States and survivors wrote about victim assistance.
var sentences = map[string][]string{
	"en": {
		"Our national disability survey, repeated every three years, is the main tool we use to follow the situation of survivors.",
		"The ministry of health keeps a database of mine victims, but it is not linked to the social services registry.",
		"Survivors' associations take part in the steering committee that reviews the national victim assistance plan each year.",
		"We set a baseline in 2009 by visiting every district and counting the people injured by mines and explosive remnants of war.",
		"Access to prosthetic services remains difficult for people living more than a day's travel from the regional centre.",
		"Indicators include the number of survivors in paid work, the distance to the nearest rehabilitation service and school attendance of children with disabilities.",
		"The results of the mid-term evaluation led us to move part of the budget from medical care to economic inclusion.",
		"Peer support workers, themselves survivors, visit families in remote villages and report what has changed.",
		"Data collection is uneven: some provinces report monthly, others have not reported for two years.",
		"We ask survivors directly, through focus groups held in their own language, whether services have made a difference.",
		"Without stable funding, many of the improvements seen in the first years of the programme have not lasted.",
		"Women survivors face additional barriers, and we have started to collect figures separately for women and men.",
		"The plan's targets were set with the organisations of persons with disabilities and are published every year.",
		"Psychological support is still the weakest part of the response, and few professionals are trained in it.",
	},
	"fr": {
		"Notre enquête nationale sur le handicap, renouvelée tous les trois ans, est le principal outil de suivi de la situation des survivants.",
		"Le ministère de la santé tient une base de données des victimes des mines, mais elle n’est pas reliée au registre des services sociaux.",
		"Les associations de survivants participent au comité de pilotage qui examine chaque année le plan national d’assistance aux victimes.",
		"Nous avons établi une situation de référence en 2009 en visitant chaque district et en recensant les personnes blessées.",
		"L’accès aux services de prothèses reste difficile pour les personnes qui vivent à plus d’une journée de route du centre régional.",
		"Les indicateurs comprennent le nombre de survivants ayant un emploi rémunéré et la fréquentation scolaire des enfants handicapés.",
		"Les résultats de l’évaluation à mi-parcours nous ont conduits à réorienter une partie du budget vers l’inclusion économique.",
		"Des pairs aidants, eux-mêmes survivants, rendent visite aux familles dans les villages isolés et rapportent ce qui a changé.",
		"La collecte des données est inégale : certaines provinces rendent compte chaque mois, d’autres n’ont rien transmis depuis deux ans.",
		"Nous demandons directement aux survivants, lors de groupes de discussion dans leur propre langue, si les services ont changé leur vie.",
		"Sans financement stable, bon nombre des progrès des premières années du programme ne se sont pas maintenus.",
		"Les femmes survivantes rencontrent des obstacles supplémentaires ; nous ventilons désormais les données par sexe.",
	},
	"es": {
		"Nuestra encuesta nacional sobre discapacidad, que se repite cada tres años, es la principal herramienta de seguimiento de los sobrevivientes.",
		"El ministerio de salud mantiene una base de datos de víctimas de minas, pero no está vinculada al registro de servicios sociales.",
		"Las asociaciones de sobrevivientes participan en el comité directivo que revisa cada año el plan nacional de asistencia a las víctimas.",
		"Establecimos una línea de base en 2009 visitando cada distrito y contando a las personas heridas por minas.",
		"El acceso a los servicios de prótesis sigue siendo difícil para quienes viven a más de un día de viaje del centro regional.",
		"Los indicadores incluyen el número de sobrevivientes con empleo remunerado y la asistencia escolar de niñas y niños con discapacidad.",
		"Los resultados de la evaluación intermedia nos llevaron a trasladar parte del presupuesto a la inclusión económica.",
		"Promotores pares, ellos mismos sobrevivientes, visitan a las familias en comunidades alejadas e informan de lo que ha cambiado.",
		"La recopilación de datos es desigual: algunas provincias informan cada mes y otras no lo hacen desde hace dos años.",
		"Preguntamos directamente a los sobrevivientes, en grupos focales en su propio idioma, si los servicios han marcado una diferencia.",
		"Sin financiación estable, muchas de las mejoras de los primeros años del programa no se han mantenido.",
		"Las mujeres sobrevivientes enfrentan barreras adicionales y ahora desglosamos los datos por sexo.",
	},
	"ar": {
		"يُعدّ المسح الوطني للإعاقة، الذي يُجرى كل ثلاث سنوات، الأداة الرئيسية لمتابعة أوضاع الناجين.",
		"تحتفظ وزارة الصحة بقاعدة بيانات لضحايا الألغام، لكنها غير مرتبطة بسجل الخدمات الاجتماعية.",
		"تشارك جمعيات الناجين في اللجنة التوجيهية التي تراجع الخطة الوطنية لمساعدة الضحايا كل عام.",
		"وضعنا خط الأساس في عام 2009 بزيارة كل منطقة وإحصاء الأشخاص الذين أصيبوا بالألغام.",
		"لا يزال الوصول إلى خدمات الأطراف الاصطناعية صعباً على من يعيشون على بعد يوم من المركز الإقليمي.",
		"تشمل المؤشرات عدد الناجين العاملين بأجر ونسبة التحاق الأطفال ذوي الإعاقة بالمدارس.",
		"دفعتنا نتائج تقييم منتصف المدة إلى نقل جزء من الميزانية نحو الإدماج الاقتصادي.",
		"يزور أقران داعمون، هم أنفسهم ناجون، الأسر في القرى النائية وينقلون ما تغيّر.",
		"جمع البيانات غير منتظم: بعض المحافظات ترسل تقارير شهرية، وبعضها لم يرسل شيئاً منذ عامين.",
		"نسأل الناجين مباشرة، في مجموعات نقاش بلغتهم، عمّا إذا كانت الخدمات قد أحدثت فرقاً في حياتهم.",
		"من دون تمويل مستقر، لم تستمر كثير من التحسينات التي تحققت في السنوات الأولى من البرنامج.",
	},
}

// answerLength draws the length of an answer in characters: most run to a
// few hundred or a thousand, a few to several thousand.
func answerLength(rng *rand.Rand, limit int) int {
	n := int(math.Exp(rng.NormFloat64()*0.7 + math.Log(900)))
	return min(max(n, 150), limit)
}

// answerText writes about n characters (at most limit) in lang, in
// paragraphs, sometimes as a list.
func answerText(rng *rand.Rand, lang string, n, limit int) string {
	bank := sentences[lang]
	var b strings.Builder
	bullets := rng.IntN(8) == 0
	for b.Len() < n {
		s := bank[rng.IntN(len(bank))]
		if b.Len()+len(s)+3 > limit {
			break
		}
		switch {
		case b.Len() == 0:
		case bullets:
			b.WriteString("\n")
		case rng.IntN(4) == 0:
			b.WriteString("\n\n")
		default:
			b.WriteString(" ")
		}
		if bullets {
			b.WriteString("- ")
		}
		b.WriteString(s)
	}
	if b.Len() == 0 {
		b.WriteString(bank[0])
	}
	return b.String()
}
