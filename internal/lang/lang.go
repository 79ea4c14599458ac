// Package lang chooses the language of a page or an API answer among the
// languages vaconsult speaks.
package lang

import (
	"golang.org/x/text/language"
)

// Supported lists the interface languages, English first (the fallback):
// the six official languages of the United Nations, in which the
// Convention's meetings work.
var Supported = []string{"en", "fr", "es", "ar", "ru", "zh"}

// matcher matches Accept-Language against Supported, in its order. Chinese
// is Simplified Chinese: a reader of Traditional Chinese (zh-TW, zh-Hant)
// still reads it better than English, and the matcher says so.
var matcher = language.NewMatcher([]language.Tag{
	language.English, language.French, language.Spanish, language.Arabic,
	language.Russian, language.SimplifiedChinese,
})

// Negotiate returns the first supported language among an explicit choice
// (a ?lang= parameter), a remembered one (a cookie) and an Accept-Language
// header, in that order; English when none fits.
func Negotiate(explicit, remembered, acceptLanguage string) string {
	for _, l := range []string{explicit, remembered} {
		if IsSupported(l) {
			return l
		}
	}
	if acceptLanguage == "" {
		return Supported[0]
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Supported[0]
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return Supported[0]
	}
	return Supported[i]
}

// IsSupported reports whether l is one of the supported language codes.
func IsSupported(l string) bool {
	for _, s := range Supported {
		if s == l {
			return true
		}
	}
	return false
}

// Dir returns the writing direction of a language: "rtl" for Arabic,
// "ltr" otherwise.
func Dir(l string) string {
	if l == "ar" {
		return "rtl"
	}
	return "ltr"
}
