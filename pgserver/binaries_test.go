package pgserver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersionLess(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"9.6", "10", true},
		{"10", "9.6", false},
		{"15", "16", true},
		{"15", "15", false},
		{"9.5", "9.6", true},
	}
	for _, c := range cases {
		if got := versionLess(c.a, c.b); got != c.want {
			t.Errorf("versionLess(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// debianInstall returns the highest /usr/lib/postgresql/*/bin, skipping the
// test where PostgreSQL is not installed that way (outside CI).
func debianInstall(t *testing.T) string {
	t.Helper()
	for _, dir := range debianBinDirs() {
		if hasServerPrograms(dir) {
			return dir
		}
	}
	skipOutsideCI(t, "no PostgreSQL in /usr/lib/postgresql")
	return ""
}

func TestFindBinariesDiscoversInstalledVersion(t *testing.T) {
	dir := debianInstall(t)
	want := filepath.Base(filepath.Dir(dir))
	b, found, err := findBinaries("", want)
	if err != nil || !found {
		t.Fatalf("findBinaries: found %v, err %v", found, err)
	}
	if b.major != want {
		t.Errorf("major = %q, want %q", b.major, want)
	}
	if !hasServerPrograms(b.dir) {
		t.Errorf("%s lacks the server programs", b.dir)
	}
}

func TestFindBinariesRefusesOtherVersionThanData(t *testing.T) {
	debianInstall(t)
	_, _, err := findBinaries("", "9.4")
	if err == nil || !strings.Contains(err.Error(), "PostgreSQL 9.4") {
		t.Errorf("err = %v, want one naming the version of the data", err)
	}
}

func TestFindBinariesRejectsIncompleteBinDir(t *testing.T) {
	_, _, err := findBinaries(t.TempDir(), "")
	if err == nil || !strings.Contains(err.Error(), "lacks") {
		t.Errorf("err = %v, want one saying the folder lacks programs", err)
	}
}

func TestBinariesRootLinksFolderNotNamedBin(t *testing.T) {
	if got, want := must(binariesRoot("/usr/lib/postgresql/15/bin", t.TempDir())), "/usr/lib/postgresql/15"; got != want {
		t.Errorf("root = %q, want %q", got, want)
	}
	binDir := filepath.Join(t.TempDir(), "pg15")
	root := must(binariesRoot(binDir, t.TempDir()))
	if got, err := os.Readlink(filepath.Join(root, "bin")); err != nil || got != binDir {
		t.Errorf("%s/bin links to %q (err %v), want %q", root, got, err, binDir)
	}
}

func TestClusterVersionKeepsForeignFolder(t *testing.T) {
	dataDir := t.TempDir()
	stray := filepath.Join(dataDir, clusterFolder, "notes.txt")
	if err := os.MkdirAll(filepath.Dir(stray), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stray, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := clusterVersion(dataDir); err == nil || !strings.Contains(err.Error(), "no PG_VERSION") {
		t.Errorf("err = %v, want one about a folder without PG_VERSION", err)
	}
	if _, err := os.Stat(stray); err != nil {
		t.Errorf("stray file gone: %v", err)
	}
}

func TestClusterPasswordPersistsAndGuardsLoss(t *testing.T) {
	dataDir := t.TempDir()
	first := must(clusterPassword(dataDir, false))
	if len(first) < 20 {
		t.Errorf("password %q is short", first)
	}
	if again := must(clusterPassword(dataDir, true)); again != first {
		t.Errorf("second read = %q, want %q", again, first)
	}
	checkMode(t, filepath.Join(dataDir, passwordFile), 0o600)
	if _, err := clusterPassword(t.TempDir(), true); err == nil {
		t.Error("a cluster without its password file was accepted")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
