package web_test

import (
	"net/http"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Russian and Chinese readers get the pages in their language, from a
// browser set to it or from the language switch, with the consultation's
// own texts translated, and every page offers the six languages by name.
func TestRussianAndChinesePages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tt := range []struct {
		lang, accept, siteName, title, question, languages, contributor string
	}{
		{"ru", "ru-RU,ru;q=0.9,en;q=0.5", "Консультации по оказанию помощи жертвам",
			"Помощь жертвам: измерение воздействия и отчётность о нём",
			"Как вы используете результаты своих оценок?", "Язык", "Фируза"},
		{"zh", "zh-CN,zh;q=0.9", "受害者援助问题磋商", "受害者援助：衡量和报告影响",
			"贵国如何利用评价结果？", "语言", "Firuza"},
	} {
		b := e.browser(tt.accept)
		home := b.get("/")
		wantStatus(t, home, http.StatusOK)
		wantContains(t, home, `<html lang="`+tt.lang+`" dir="ltr">`, tt.siteName,
			`<nav class="langs" aria-label="`+tt.languages+`">`,
			`lang="ru" hreflang="ru" dir="ltr"`, `>Русский</a>`, `lang="zh" hreflang="zh" dir="ltr"`, `>中文</a>`,
			`hreflang="`+tt.lang+`" dir="ltr" aria-current="true">`)
		if got := home.Header.Get("Content-Language"); got != tt.lang {
			t.Errorf("%s: Content-Language = %q", tt.lang, got)
		}
		c := b.get("/c/" + e.c.Slug)
		wantContains(t, c, tt.title, tt.question)
		wantLacks(t, c, "How do you use the results of your evaluations?")

		// The form offers the language as one to answer in, by its name.
		wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "TJ", "Tajikistan", tt.contributor)), "/respond")
		form := b.get("/respond")
		wantContains(t, form, `<option value="`+tt.lang+`" lang="`+tt.lang+`" selected>`, `>Русский</option>`, `>中文</option>`)
	}
	// A link chooses the language whatever the browser says, and it stays.
	b := e.browser("en")
	wantRedirect(t, b.get("/?lang=zh"), "/")
	wantContains(t, b.get("/c/"+e.c.Slug+"/register"), `<html lang="zh" dir="ltr">`, "注册以回答面向幸存者的问题", "哈萨克斯坦")
}
