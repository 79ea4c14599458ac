package pgserver

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// serverPrograms are the programs an embedded server needs in one folder.
var serverPrograms = []string{"initdb", "pg_ctl", "postgres"}

// binaries is a local PostgreSQL installation.
type binaries struct {
	dir   string // holds serverPrograms
	major string // major version, such as "15" or "9.6"
}

// findBinaries returns the installation in binDir when it is set, else the
// best one discovered on this machine (see discoverBinDirs). When want is set
// (the major version a data folder was made with) only that version will do,
// since another one cannot read the data. found is false when no installation
// exists at all; err is set when binDir is unusable or only other versions
// exist.
func findBinaries(binDir, want string) (b binaries, found bool, err error) {
	dirs := []string{binDir}
	if binDir == "" {
		dirs = discover()
	} else if !hasServerPrograms(binDir) {
		return b, false, fmt.Errorf("%s lacks one of %s", binDir, strings.Join(serverPrograms, ", "))
	}
	var seen []string
	for _, dir := range dirs {
		major, err := majorVersion(dir)
		if err != nil {
			return b, false, err
		}
		if want == "" || major == want {
			return binaries{dir: dir, major: major}, true, nil
		}
		seen = append(seen, fmt.Sprintf("%s in %s", major, dir))
	}
	if len(seen) > 0 {
		return b, false, fmt.Errorf("the data was made by PostgreSQL %s, but only PostgreSQL %s is installed: set the binaries folder to PostgreSQL %s, or move the data folder away to start afresh",
			want, strings.Join(seen, ", "), want)
	}
	return b, false, nil
}

// discover is discoverBinDirs, replaced in tests that need a machine
// without PostgreSQL.
var discover = discoverBinDirs

// discoverBinDirs returns the folders holding initdb, pg_ctl and postgres,
// best first: the one `pg_config --bindir` names, then
// /usr/lib/postgresql/*/bin (Debian and Ubuntu) from the highest version
// down, then the folder of the pg_ctl found on PATH (symbolic links
// followed, so that initdb finds its share files next to the real one).
func discoverBinDirs() []string {
	var dirs []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	dirs = append(dirs, debianBinDirs()...)
	if path, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(path); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
	}
	var found []string
	seen := map[string]bool{}
	for _, dir := range dirs {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil || seen[real] || !hasServerPrograms(real) {
			continue
		}
		seen[real] = true
		found = append(found, real)
	}
	return found
}

// debianBinDirs returns /usr/lib/postgresql/VERSION/bin for every installed
// VERSION, highest first.
func debianBinDirs() []string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		return versionLess(filepath.Base(filepath.Dir(dirs[j])), filepath.Base(filepath.Dir(dirs[i])))
	})
	return dirs
}

// versionLess compares dotted versions such as "9.6" and "15" by number.
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, _ := strconv.Atoi(as[i])
		y, _ := strconv.Atoi(bs[i])
		if x != y {
			return x < y
		}
	}
	return len(as) < len(bs)
}

// hasServerPrograms reports whether dir holds every one of serverPrograms.
func hasServerPrograms(dir string) bool {
	for _, name := range serverPrograms {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.IsDir() {
			return false
		}
	}
	return true
}

var versionPattern = regexp.MustCompile(`\(PostgreSQL\) (\d+)(?:\.(\d+))?`)

// majorVersion returns the major version of the postgres program in dir,
// "15" for 15.x and "9.6" for 9.6.x, as PG_VERSION in a data folder spells
// it. It returns an error when postgres does not run or says something else.
func majorVersion(dir string) (string, error) {
	out, err := exec.Command(filepath.Join(dir, "postgres"), "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", filepath.Join(dir, "postgres"), err)
	}
	m := versionPattern.FindStringSubmatch(string(out))
	if m == nil {
		return "", fmt.Errorf("%s --version said %q", filepath.Join(dir, "postgres"), strings.TrimSpace(string(out)))
	}
	if n, _ := strconv.Atoi(m[1]); n < 10 && m[2] != "" {
		return m[1] + "." + m[2], nil
	}
	return m[1], nil
}
