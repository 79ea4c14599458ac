package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vaconsult/vaconsult/internal/catalogfile"
	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/web/locales"
)

// catalogCmd hands the interface's messages to translators and takes
// their work back: "catalog export" writes a language's catalog as XLIFF
// or PO, "catalog import" turns such a file into the JSON catalog.
func catalogCmd(args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("catalog: want export or import")
	}
	switch args[0] {
	case "export":
		return catalogExport(args[1:], out)
	case "import":
		return catalogImport(args[1:], out)
	}
	return fmt.Errorf("catalog: unknown command %q: want export or import", args[0])
}

var catalogFormats = map[string]struct {
	write func(*catalogfile.File) ([]byte, error)
	read  func([]byte, string, []string, locales.Catalog) (*catalogfile.File, []string, error)
}{
	"xliff": {catalogfile.XLIFF, catalogfile.ReadXLIFF},
	"po":    {catalogfile.PO, catalogfile.ReadPO},
}

func catalogExport(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("catalog export", flag.ContinueOnError)
	l := fs.String("lang", "", "language to translate into: "+strings.Join(lang.Supported, ", ")+" (required)")
	format := fs.String("format", "", "xliff (XLIFF 1.2) or po (gettext) (required)")
	path := fs.String("out", "", "file to write; the standard output when not given")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required("catalog export", fs, "lang", "format"); err != nil {
		return err
	}
	if err := checkCatalogLang("catalog export", *l); err != nil {
		return err
	}
	ft, ok := catalogFormats[*format]
	if !ok {
		return fmt.Errorf("catalog export: --format %q: want xliff or po", *format)
	}
	f, err := catalogfile.FromSource(*l)
	if err != nil {
		return fmt.Errorf("catalog export: %w", err)
	}
	b, err := ft.write(f)
	if err != nil {
		return fmt.Errorf("catalog export: %w", err)
	}
	if *path == "" {
		_, err := out.Write(b)
		return err
	}
	if err := writeFile(*path, b); err != nil {
		return fmt.Errorf("catalog export: %w", err)
	}
	fmt.Fprintf(out, "wrote %s (%d messages, %d not yet translated into %s)\n", *path, len(f.Entries), untranslated(f), *l)
	return nil
}

func catalogImport(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("catalog import", flag.ContinueOnError)
	l := fs.String("lang", "", "language of the translation: "+strings.Join(lang.Supported, ", ")+" (required)")
	format := fs.String("format", "", "xliff or po; by default from the file's extension (.xlf, .xliff, .po)")
	path := fs.String("out", "", "catalog to write; by default web/locales/LANG.json of the source tree around the current folder")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := required("catalog import", fs, "lang"); err != nil {
		return err
	}
	if len(files) != 1 {
		return errors.New("catalog import: name one file to import")
	}
	if err := checkCatalogLang("catalog import", *l); err != nil {
		return err
	}
	in := files[0]
	ft, ok := catalogFormats[formatOf(*format, in)]
	if !ok {
		return fmt.Errorf("catalog import: %s: give --format xliff or po", in)
	}
	dest := *path
	if dest == "" {
		dir, err := sourceLocales()
		if err != nil {
			return fmt.Errorf("catalog import: %w; give --out", err)
		}
		dest = filepath.Join(dir, *l+".json")
	}
	data, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("catalog import: %w", err)
	}
	keys, err := locales.Keys()
	if err != nil {
		return err
	}
	en, _, err := locales.LoadLanguage("en")
	if err != nil {
		return err
	}
	f, ignored, err := ft.read(data, *l, keys, en)
	if err != nil {
		return fmt.Errorf("catalog import: %s: %w", in, err)
	}
	base, err := baseCatalog(dest, *l)
	if err != nil {
		return fmt.Errorf("catalog import: %w", err)
	}
	c, missing, err := catalogfile.Merge(f, base)
	if err != nil {
		return fmt.Errorf("catalog import: %s: nothing written: %w", in, err)
	}
	b, err := catalogfile.WriteJSON(c, keys)
	if err != nil {
		return err
	}
	if err := writeFile(dest, b); err != nil {
		return fmt.Errorf("catalog import: %w", err)
	}
	fmt.Fprintf(out, "wrote %s (%d messages)\n", dest, len(c))
	if len(missing) > 0 {
		fmt.Fprintf(out, "not translated yet, shown in English: %s\n", strings.Join(missing, ", "))
	}
	if len(ignored) > 0 {
		fmt.Fprintf(out, "left out, as the interface no longer has them: %s\n", strings.Join(ignored, ", "))
	}
	return nil
}

// parseInterspersed parses args with fs, flags before or after the other
// arguments, which it returns.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// checkCatalogLang refuses a language the interface does not speak: its
// catalog would never be read.
func checkCatalogLang(cmd, l string) error {
	if !lang.IsSupported(l) {
		return fmt.Errorf("%s: --lang %q: must be one of %s", cmd, l, strings.Join(lang.Supported, ", "))
	}
	return nil
}

func formatOf(flagValue, path string) string {
	if flagValue != "" {
		return flagValue
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlf", ".xliff":
		return "xliff"
	case ".po":
		return "po"
	}
	return ""
}

func untranslated(f *catalogfile.File) int {
	n := 0
	for _, e := range f.Entries {
		if !e.Translated() {
			n++
		}
	}
	return n
}

// baseCatalog is what an import keeps of the messages a file leaves
// untranslated: the catalog it replaces, else the one built in.
func baseCatalog(dest, l string) (locales.Catalog, error) {
	b, err := os.ReadFile(dest)
	if errors.Is(err, os.ErrNotExist) {
		c, _, err := locales.LoadLanguage(l)
		return c, err
	}
	if err != nil {
		return nil, err
	}
	var c locales.Catalog
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", dest, err)
	}
	return c, nil
}

// sourceLocales finds web/locales in the source tree that holds the
// current folder.
func sourceLocales() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, "web", "locales")
		if _, err := os.Stat(filepath.Join(candidate, "en.json")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				return candidate, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not in vaconsult's source tree (no web/locales/en.json above the current folder)")
		}
		dir = parent
	}
}

// writeFile replaces path with b in one step, readable by all as the
// source tree's files are.
func writeFile(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
