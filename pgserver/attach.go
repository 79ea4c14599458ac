package pgserver

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// attachEmbedded connects to the embedded server that another vaconsult
// started on o.DataDir, when one is running. It reports whether one is; if
// so, the error says why it cannot be used. The server found is left running
// on Close: the process that started it stops it.
func attachEmbedded(ctx context.Context, o Options) (s *Server, running bool, err error) {
	dataDir, err := filepath.Abs(o.DataDir)
	if err != nil {
		return nil, false, nil
	}
	cluster := filepath.Join(dataDir, clusterFolder)
	pid := runningPID(cluster)
	if pid == 0 {
		return nil, false, nil
	}
	port, err := postmasterPort(cluster)
	if err != nil {
		return nil, true, fmt.Errorf("embedded PostgreSQL (pid %d) in %s: %w", pid, dataDir, err)
	}
	b, err := os.ReadFile(filepath.Join(dataDir, passwordFile))
	if err != nil {
		return nil, true, fmt.Errorf("embedded PostgreSQL (pid %d) in %s is running, but its password cannot be read (%w): run this command as the user who started it", pid, dataDir, err)
	}
	version, _ := os.ReadFile(filepath.Join(cluster, "PG_VERSION"))
	s = &Server{Source: SourceEmbedded, DataDir: dataDir, port: uint32(port), attached: true,
		version: strings.TrimSpace(string(version))}
	s.URL = connURL(endpoint{host: "127.0.0.1", port: port, user: embeddedUser, password: strings.TrimSpace(string(b)), database: o.Database},
		url.Values{"sslmode": {"disable"}})
	if err := EnsureDatabase(ctx, s.URL); err != nil {
		return nil, true, fmt.Errorf("embedded PostgreSQL (pid %d) in %s, port %d: %w", pid, dataDir, port, err)
	}
	return s, true, nil
}

// postmasterPort returns the port in cluster's postmaster.pid, its fourth
// line, where PostgreSQL writes the port it listens on.
func postmasterPort(cluster string) (uint16, error) {
	b, err := os.ReadFile(filepath.Join(cluster, "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 4 {
		return 0, fmt.Errorf("postmaster.pid names no port yet: the server is still starting, try again in a moment")
	}
	port, err := strconv.ParseUint(strings.TrimSpace(lines[3]), 10, 16)
	if err != nil || port == 0 {
		return 0, fmt.Errorf("postmaster.pid: no port on its fourth line (%q)", lines[3])
	}
	return uint16(port), nil
}
