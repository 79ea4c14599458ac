package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vaconsult/vaconsult/store"
)

// explain rewrites a store error that names fields as one sentence naming
// the flags of fs to change, such as
// `Some fields are not valid: --country must be the ISO 3166-1 alpha-2 code of a current country or territory`.
// Other errors are returned as they are.
func explain(err error, fs *flag.FlagSet) error {
	var message string
	var fields map[string]string
	var e *store.Error
	var v *store.ValidationError
	switch {
	case errors.As(err, &v):
		t := store.English()
		message, fields = t(v.Key), v.Fields(t)
	case errors.As(err, &e) && len(e.Fields) > 0:
		message, fields = e.Message, e.Fields
	default:
		return err
	}
	parts := make([]string, 0, len(fields))
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		name := field
		if fs.Lookup(field) != nil {
			name = "--" + field
		}
		parts = append(parts, name+joiner(fields[field])+fields[field])
	}
	return fmt.Errorf("%s: %s", strings.TrimSuffix(message, "."), strings.Join(parts, "; "))
}

// joiner returns what goes between a field's name and what is wrong with
// it: a space before "is required", "must be…"; a colon before a statement
// of its own.
func joiner(problem string) string {
	for _, verb := range []string{"is ", "must ", "may ", "cannot ", "has "} {
		if strings.HasPrefix(problem, verb) {
			return " "
		}
	}
	return ": "
}

// required returns an error naming the flags of names that were left
// empty, or nil when all were given.
func required(cmd string, fs *flag.FlagSet, names ...string) error {
	var missing []string
	for _, name := range names {
		if fs.Lookup(name).Value.String() == "" {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	all := make([]string, len(names))
	for i, name := range names {
		all[i] = "--" + name
	}
	verb := "is"
	if len(missing) > 1 {
		verb = "are"
	}
	return fmt.Errorf("%s: %s %s missing: %s needs %s", cmd, andList(missing), verb, cmd, andList(all))
}

// andList joins items as English does: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// fileProblem completes a sentence whose subject is a file: why it could
// not be read or written, without repeating its path as *fs.PathError does.
func fileProblem(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "does not exist"
	case errors.Is(err, fs.ErrPermission):
		return "is not open to you (permission denied)"
	case errors.As(err, &pe):
		return "cannot be used: " + pe.Err.Error()
	}
	return "cannot be used: " + err.Error()
}

// checkOutFile returns an error saying what to change when path cannot be
// written: its folder is missing or not a folder, or path is a folder.
// example is a file name to suggest.
func checkOutFile(path, example string) error {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("--out %s is a folder: name a file in it, such as %s", path, filepath.Join(path, example))
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("cannot write --out %s: the folder %s %s", path, dir, fileProblem(err))
	}
	if !info.IsDir() {
		return fmt.Errorf("cannot write --out %s: %s is not a folder", path, dir)
	}
	return nil
}

// findConsultation returns the consultation with this slug, or an error
// that lists the consultations there are.
func findConsultation(ctx context.Context, st *store.Store, slug string) (*store.Consultation, error) {
	c, err := st.FindConsultationBySlug(ctx, slug)
	if !errors.Is(err, store.ErrNotFound) {
		return c, err
	}
	all, err := st.FindConsultations(ctx)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no consultation %q: there is none in this database yet; vaconsult load FILE creates one", slug)
	}
	slugs := make([]string, len(all))
	for i, c := range all {
		slugs[i] = c.Slug
	}
	return nil, fmt.Errorf("no consultation %q: check --consultation; the consultations are %s", slug, andList(slugs))
}
