package web

import "testing"

// Counts read right in every language: "1 character", not "1 characters";
// French says "0 caractère"; Arabic has six forms; Russian three for whole
// numbers (1, 21 символ; 2 символа; 5, 11 символов); Chinese one.
func TestPluralForms(t *testing.T) {
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "You have 1 character remaining"},
		{"en", 2, "You have 2 characters remaining"},
		{"en", 0, "You have 0 characters remaining"},
		{"fr", 0, "Il vous reste 0 caractère"},
		{"fr", 1, "Il vous reste 1 caractère"},
		{"fr", 2, "Il vous reste 2 caractères"},
		{"es", 1, "Le queda 1 carácter"},
		{"es", 2, "Le quedan 2 caracteres"},
		{"ar", 0, "لم يتبقَّ لكم أي حرف"},
		{"ar", 1, "المتبقي لكم حرف واحد"},
		{"ar", 2, "المتبقي لكم حرفان"},
		{"ar", 3, "المتبقي لكم 3 أحرف"},
		{"ar", 11, "المتبقي لكم 11 حرفًا"},
		{"ar", 100, "المتبقي لكم 100 حرف"},
		{"ru", 1, "Остался 1 символ"},
		{"ru", 21, "Остался 21 символ"},
		{"ru", 2, "Осталось 2 символа"},
		{"ru", 4, "Осталось 4 символа"},
		{"ru", 5, "Осталось 5 символов"},
		{"ru", 11, "Осталось 11 символов"},
		{"ru", 0, "Осталось 0 символов"},
		{"zh", 1, "还可输入1个字符"},
		{"zh", 2, "还可输入2个字符"},
	}
	for _, tt := range tests {
		if got := cats.printer(tt.lang).T("form.count_left", tt.n); got != tt.want {
			t.Errorf("%s, %d: %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	// The count is the last argument; the others stay as they are.
	en := cats.printer("en")
	if got, want := en.T("form.error.too_long", 2, 5000, 1), "The answer to question 2 must be 5000 characters or fewer: remove 1 character"; got != want {
		t.Errorf("too long by one: %q, want %q", got, want)
	}
	if got, want := cats.printer("ar").T("form.error.too_long", 2, 5000, 2), "يجب ألا تتجاوز الإجابة عن السؤال 2 عدد 5000 حرف: احذفوا حرفين"; got != want {
		t.Errorf("Arabic, too long by two: %q, want %q", got, want)
	}
	// Without a number to count, the general form is used.
	if got, want := en.T("form.count_left", "{n}"), "You have {n} characters remaining"; got != want {
		t.Errorf("with a placeholder: %q, want %q", got, want)
	}
}

func TestPluralsForTheScript(t *testing.T) {
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	got, err := cats.printer("en").Plurals("form.count_over", "{n}")
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"one":"You have {n} character too many","other":"You have {n} characters too many"}`; got != want {
		t.Errorf("Plurals = %s, want %s", got, want)
	}
}
