package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// vaconsult runs the binary in dir and returns what it printed.
func vaconsult(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// A translator's file made by "catalog export" comes back through
// "catalog import" as the same catalog, in XLIFF and in PO.
func TestCatalogExportImport(t *testing.T) {
	t.Parallel()
	want, err := os.ReadFile("../../web/locales/ru.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, format := range []string{"xliff", "po"} {
		file := filepath.Join(dir, "ru."+format)
		if out, err := vaconsult(t, dir, "catalog", "export", "--lang", "ru", "--format", format, "--out", file); err != nil {
			t.Fatalf("export %s: %v\n%s", format, err, out)
		}
		got := filepath.Join(dir, "ru-"+format+".json")
		if out, err := vaconsult(t, dir, "catalog", "import", "--lang", "ru", "--format", format, "--out", got, file); err != nil {
			t.Fatalf("import %s: %v\n%s", format, err, out)
		}
		if b, _ := os.ReadFile(got); string(b) != string(want) {
			t.Errorf("%s: the imported catalog differs from ru.json", format)
		}
	}
	// Without --out, the export goes to the standard output.
	out, err := vaconsult(t, dir, "catalog", "export", "--lang", "zh", "--format", "po")
	if err != nil || !strings.Contains(out, `"Language: zh\n"`) || !strings.Contains(out, `msgstr "受害者援助问题磋商"`) {
		t.Errorf("export to the standard output: %v\n%.500s", err, out)
	}
}

// Without --out, import writes web/locales/LANG.json of the source tree
// it runs in; a file with a broken translation changes nothing.
func TestCatalogImportIntoTheSourceTree(t *testing.T) {
	t.Parallel()
	tree := t.TempDir()
	locales := filepath.Join(tree, "web", "locales")
	os.MkdirAll(locales, 0o755)
	os.WriteFile(filepath.Join(tree, "go.mod"), []byte("module github.com/vaconsult/vaconsult\n"), 0o644)
	en, _ := os.ReadFile("../../web/locales/en.json")
	os.WriteFile(filepath.Join(locales, "en.json"), en, 0o644)
	po := filepath.Join(tree, "zh.po")
	if out, err := vaconsult(t, tree, "catalog", "export", "--lang", "zh", "--format", "po", "--out", po); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	b, _ := os.ReadFile(po)
	edited := strings.Replace(string(b), `msgstr "受害者援助问题磋商"`, `msgstr "受害者援助磋商"`, 1)
	os.WriteFile(po, []byte(edited), 0o644)
	sub := filepath.Join(tree, "web")
	if out, err := vaconsult(t, sub, "catalog", "import", "--lang", "zh", po); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(locales, "zh.json"))
	if err != nil || !strings.Contains(string(got), `"site.name": "受害者援助磋商",`) {
		t.Fatalf("web/locales/zh.json after import: %v\n%.300s", err, got)
	}

	broken := strings.Replace(edited, `msgstr "问题%v"`, `msgstr "问题"`, 1)
	os.WriteFile(po, []byte(broken), 0o644)
	out, err := vaconsult(t, tree, "catalog", "import", "--lang", "zh", po)
	if err == nil || !strings.Contains(out, `form.question_number: placeholders "", want "%v"`) || !strings.Contains(out, "nothing written") {
		t.Errorf("import of a broken file: %v\n%s", err, out)
	}
	if after, _ := os.ReadFile(filepath.Join(locales, "zh.json")); string(after) != string(got) {
		t.Error("a refused import changed the catalog")
	}
	for _, args := range [][]string{
		{"catalog", "import", "--lang", "ru", po}, // a Chinese file
		{"catalog", "import", "--lang", "de", po}, // not a language of the interface
		{"catalog", "export", "--lang", "ru", "--format", "docx"},
		{"catalog", "import", "--lang", "zh", filepath.Join(tree, "zh.txt")},
	} {
		if out, err := vaconsult(t, tree, args...); err == nil {
			t.Errorf("%q succeeded:\n%s", args, out)
		}
	}
}
