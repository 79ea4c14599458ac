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
	formatName := fs.String("format", "", "csv, xlsx, json or html (required)")
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
		return fmt.Errorf("export: --format %q is not a format vaconsult writes: want csv, xlsx, json or html", *formatName)
	}
	variant, err := export.ParseVariant(*variantName)
	if err != nil {
		return fmt.Errorf("export: --variant %q is not a variant: want public (names only where respondents agreed) or internal (everything, confidential)", *variantName)
	}
	if err := checkOutFile(*path, "export."+string(format)); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if !lang.IsSupported(*language) {
		return fmt.Errorf("export: --lang %q: must be one of %s", *language, strings.Join(lang.Supported, ", "))
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	if _, err := findConsultation(ctx, st, *slug); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	n, err := writeAtomically(*path, func(w io.Writer) error {
		return export.RunIn(ctx, st, "cli", *slug, format, variant, *language, w)
	})
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("export: cannot write --out %s: the folder %s %s", *path, filepath.Dir(*path), fileProblem(err))
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(out, "wrote %s (%s, %s variant, in %s, %d bytes)\n", *path, format, variant, *language, n)
	return nil
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
