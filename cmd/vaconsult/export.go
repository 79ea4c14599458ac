package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/lang"
)

// exportCmd writes an export to a file. It writes to a temporary file in
// the same folder and renames it at the end, so that --out never holds half
// an export.
func exportCmd(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	slug := fs.String("consultation", "", "consultation slug (required)")
	formatName := fs.String("format", "", "csv, xlsx, json, html or docx (required)")
	variantName := fs.String("variant", "", "public or internal (required)")
	path := fs.String("out", "", "file to write (required)")
	language := fs.String("lang", "en", "language of the export's text: "+strings.Join(lang.Supported, ", "))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required("export", fs, "consultation", "format", "variant", "out"); err != nil {
		return err
	}
	format, err := export.ParseFormat(*formatName)
	if err != nil {
		return fmt.Errorf("export: --format %q is not a format vaconsult writes: want csv, xlsx, json, html or docx", *formatName)
	}
	variant, err := export.ParseVariant(*variantName)
	if err != nil {
		return fmt.Errorf("export: --variant %q is not a variant: want public (names only where respondents agreed) or internal (everything, confidential)", *variantName)
	}
	return writeExport(ctx, cfg, "export", exportFile{slug: *slug, format: format, variant: variant, lang: *language, path: *path}, out)
}

// exportFile is what export and report write.
type exportFile struct {
	slug, lang, path string
	format           export.Format
	variant          export.Variant
}

// writeExport writes an export to its file, for the command name.
func writeExport(ctx context.Context, cfg app.Config, name string, f exportFile, out io.Writer) error {
	if err := checkOutFile(f.path, name+"."+string(f.format)); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !lang.IsSupported(f.lang) {
		return fmt.Errorf("%s: --lang %q: must be one of %s", name, f.lang, strings.Join(lang.Supported, ", "))
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	if _, err := findConsultation(ctx, st, f.slug); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	n, err := writeAtomically(f.path, func(w io.Writer) error {
		return export.RunIn(ctx, st, "cli", f.slug, f.format, f.variant, f.lang, w)
	})
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: cannot write --out %s: the folder %s %s", name, f.path, filepath.Dir(f.path), fileProblem(err))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Fprintf(out, "wrote %s (%s, %s variant, in %s, %d bytes)\n", f.path, f.format, f.variant, f.lang, n)
	return nil
}

// reportCmd writes the Co-Chairs' report, public unless --variant says
// otherwise, as a Word document or a printable HTML page.
func reportCmd(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	slug := fs.String("consultation", "", "consultation slug (required)")
	formatName := fs.String("format", "", "docx or html (required)")
	variantName := fs.String("variant", string(export.Public), "public, or internal (everything, confidential)")
	path := fs.String("out", "", "file to write (required)")
	language := fs.String("lang", "en", "language of the report: "+strings.Join(lang.Supported, ", "))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required("report", fs, "consultation", "format", "out"); err != nil {
		return err
	}
	format, err := export.ParseFormat(*formatName)
	if err != nil || (format != export.DOCX && format != export.HTML) {
		return fmt.Errorf("report: --format %q: want docx (a Word document) or html (a printable page)", *formatName)
	}
	variant, err := export.ParseVariant(*variantName)
	if err != nil {
		return fmt.Errorf("report: --variant %q is not a variant: want public (names only where respondents agreed) or internal (everything, confidential)", *variantName)
	}
	return writeExport(ctx, cfg, "report", exportFile{slug: *slug, format: format, variant: variant, lang: *language, path: *path}, out)
}

// writeAtomically writes path through write, by way of a temporary file in
// the same folder renamed into place only once complete. It returns the
// number of bytes written. The file is readable by its owner only, as
// os.CreateTemp makes it: an export holds personal data.
func writeAtomically(path string, write func(io.Writer) error) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	cw := &countingWriter{w: tmp}
	if err := write(cw); err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	return cw.n, os.Rename(tmp.Name(), path)
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
