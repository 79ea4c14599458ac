// Package export writes a consultation's summaries and submitted answers as
// CSV, XLSX, JSON, or the Co-Chairs' report as printable HTML or a Word
// document, in a public or an internal
// variant. Every writer streams: it holds one answer at a time, whatever
// the number of answers.
package export

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/vaconsult/vaconsult/internal/bidi"
	"github.com/vaconsult/vaconsult/store"
)

// Variant says who an export is for.
type Variant string

// Variants.
const (
	// Public honours attribution: names only where respondents agreed to be
	// named, nothing but the audience of an anonymous answer, and no answer
	// given for the Co-Chairs only.
	Public Variant = "public"
	// Internal holds every answer and name, and is marked confidential.
	Internal Variant = "internal"
)

// ParseVariant returns the variant named s, or a validation error.
func ParseVariant(s string) (Variant, error) {
	switch v := Variant(s); v {
	case Public, Internal:
		return v, nil
	}
	return "", &store.Error{Kind: store.KindValidation, Code: "validation_failed", Message: "Unknown export variant.",
		Fields: map[string]string{"variant": `must be "public" or "internal"`}}
}

// Format is a file format.
type Format string

// Formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
	JSON Format = "json"
	HTML Format = "html"
	DOCX Format = "docx" // the report as a Word document
	ZIP  Format = "zip"  // the CSV and, internal, the documents attached
)

// ParseFormat returns the format named s, or a validation error.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case CSV, XLSX, JSON, HTML, DOCX, ZIP:
		return f, nil
	}
	return "", &store.Error{Kind: store.KindValidation, Code: "validation_failed", Message: "Unknown export format.",
		Fields: map[string]string{"format": `must be "csv", "xlsx", "json", "html", "docx" or "zip"`}}
}

// ContentType returns the media type of the format.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case JSON:
		return "application/json; charset=utf-8"
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ZIP:
		return "application/zip"
	default:
		return "text/html; charset=utf-8"
	}
}

// Filename returns a file name such as va-impact-2012-public-2026-11-28.csv.
func Filename(slug string, v Variant, f Format, day time.Time) string {
	return fmt.Sprintf("%s-%s-%s.%s", slug, v, day.Format("2006-01-02"), f)
}

// Source is what a writer reads: the summary, and the answers one at a
// time through Rows. The row Rows passes is reused after the callback.
type Source struct {
	Consultation *store.Consultation
	Variant      Variant
	Language     string // of the fixed text, question texts and choice labels; English when empty
	GeneratedAt  time.Time
	Summary      *store.Summary
	// Introduction and Conclusions are the Co-Chairs' own words, in
	// Language, which the report puts before and after the figures.
	Introduction, Conclusions string
	Rows                      func(fn func(*store.ExportRow) error) error
	// Pairs passes the answers lined up by pair of questions and country
	// (see store.Export.Pairs); nil for none.
	Pairs func(fn func(*store.PairGroup) error) error
	// Quotes returns the quotes chosen for a question, in their order, as
	// the variant allows: the report and the JSON export show them.
	Quotes func(questionID int64) ([]store.Quote, error)
	// ThemeRows passes the answers tagged with one theme of the summary,
	// as Rows does; nil when the writer's caller has none to give.
	ThemeRows func(theme *store.ThemeSummary, fn func(*store.ExportRow) error) error
	// Attachments passes the documents of the submitted responses, with
	// their content, one at a time; none in the public variant.
	Attachments func(fn func(*store.ExportAttachment) error) error
	// Documents returns the documents of the submitted responses by
	// response, without their content; none in the public variant.
	Documents func() (map[int64][]store.Attachment, error)
}

// Write writes src to w in format f.
func Write(w io.Writer, f Format, src *Source) error {
	switch f {
	case CSV:
		return WriteCSV(w, src)
	case XLSX:
		return WriteXLSX(w, src)
	case JSON:
		return WriteJSON(w, src)
	case HTML:
		return WriteHTML(w, src)
	case DOCX:
		return WriteDOCX(w, src)
	case ZIP:
		return WriteZIP(w, src)
	}
	return fmt.Errorf("export: unknown format %q", f)
}

// Run exports a consultation from st to w in English, as RunIn does.
func Run(ctx context.Context, st *store.Store, actor, slug string, f Format, v Variant, w io.Writer) error {
	return RunIn(ctx, st, actor, slug, f, v, "en", w)
}

// RunIn exports a consultation from st to w, on behalf of actor, with its
// fixed text, question texts and choice labels in language l (English for
// a language vaconsult does not speak, and for a text the consultation
// lacks in l), and records the export in the audit log. It returns
// ErrNotFound for an unknown consultation. Nothing is written to w before
// the data is ready to stream, so an error before the first byte can
// still be reported cleanly.
func RunIn(ctx context.Context, st *store.Store, actor, slug string, f Format, v Variant, l string, w io.Writer) error {
	l = textsIn(l).lang
	req := store.ExportRequest{Consultation: slug, Public: v == Public, Format: string(f), Language: l}
	return st.Export(ctx, actor, req, func(e *store.Export) error {
		return Write(w, f, &Source{
			Consultation: e.Consultation, Variant: v, Language: l, GeneratedAt: e.GeneratedAt, Summary: e.Summary,
			Introduction: e.Texts.Introduction, Conclusions: e.Texts.Conclusions,
			Rows:   func(fn func(*store.ExportRow) error) error { return e.Rows(ctx, fn) },
			Pairs:  func(fn func(*store.PairGroup) error) error { return e.Pairs(ctx, fn) },
			Quotes: func(id int64) ([]store.Quote, error) { return e.Quotes(ctx, id) },
			ThemeRows: func(th *store.ThemeSummary, fn func(*store.ExportRow) error) error {
				return e.ThemeRows(ctx, th, fn)
			},
			Attachments: func(fn func(*store.ExportAttachment) error) error { return e.Attachments(ctx, fn) },
			Documents:   func() (map[int64][]store.Attachment, error) { return e.Documents(ctx) },
		})
	})
}

// each passes every row to fn as Rows does, with the bidirectional
// controls taken out of what identifies the respondent (name, country)
// and of theme names: there they could make a name read as another, or
// turn the cells beside them around. Answers keep them, as typed.
func (s *Source) each(fn func(*store.ExportRow) error) error {
	return s.Rows(func(r *store.ExportRow) error {
		r.Respondent = bidi.Strip(r.Respondent)
		r.CountryName = bidi.Strip(r.CountryName)
		for i, th := range r.Themes {
			r.Themes[i] = bidi.Strip(th)
		}
		return fn(r)
	})
}

// quotes returns a question's quotes as Quotes does, with the
// bidirectional controls taken out of what identifies the respondent, as
// each does for the rows.
func (s *Source) quotes(questionID int64) ([]store.Quote, error) {
	if s.Quotes == nil {
		return nil, nil
	}
	qs, err := s.Quotes(questionID)
	for i := range qs {
		qs[i].Respondent = bidi.Strip(qs[i].Respondent)
		qs[i].CountryName = bidi.Strip(qs[i].CountryName)
	}
	return qs, err
}

// eachTagged passes every row tagged with the theme to fn, cleaned as each
// does; nothing when the source has no ThemeRows.
func (s *Source) eachTagged(theme *store.ThemeSummary, fn func(*store.ExportRow) error) error {
	if s.ThemeRows == nil {
		return nil
	}
	return s.ThemeRows(theme, func(r *store.ExportRow) error {
		r.Respondent = bidi.Strip(r.Respondent)
		r.CountryName = bidi.Strip(r.CountryName)
		for i, th := range r.Themes {
			r.Themes[i] = bidi.Strip(th)
		}
		return fn(r)
	})
}

// texts returns the source's fixed text.
func (s *Source) texts() *texts { return textsIn(s.Language) }
