package locales

import (
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Num is a whole number written for a language ("10,000", "10 000",
// "10.000"). As a message's last argument it still selects the plural
// form by its value.
type Num struct {
	N    int
	Text string
}

// String returns the number as written.
func (n Num) String() string { return n.Text }

// Num writes n with the digit grouping of the printer's language. Arabic
// pages keep the digits 0–9 their dates and references use.
func (p *Printer) Num(n any) Num {
	var v int
	switch n := n.(type) {
	case int:
		v = n
	case int64:
		v = int(n)
	case int32:
		v = int(n)
	case Num:
		return n
	}
	tag := p.tag
	if base, _ := tag.Base(); base.String() == "ar" {
		tag = language.MustParse("ar-u-nu-latn")
	}
	return Num{N: v, Text: message.NewPrinter(tag).Sprint(number.Decimal(v))}
}
