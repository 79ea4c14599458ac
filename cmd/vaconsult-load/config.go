package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"time"
)

// config is the load to put on the server.
type config struct {
	baseURL       string
	consultation  string
	workers       int           // concurrent respondents
	respondents   int           // respondents to create; each worker writes to its own share
	registrations bool          // create them through the API instead of vaconsult invite
	vaconsult     string        // the vaconsult binary, for invite
	databaseURL   string        // the server's database, for invite
	duration      time.Duration // length of each measured phase, unless counts are given
	warmup        time.Duration // unmeasured load before each phase
	saves         int           // saves per respondent, instead of duration
	submissions   int           // complete submissions per respondent in the submissions phase
	submit        bool          // end the saves phase with a complete submission per respondent
	cycle         int           // a complete submission every cycle saves of a worker
	textSize      int           // bytes per answer text; 0 for 300 to 3,000
	serverPID     int
	phases        string // "saves", "submissions" or both, comma-separated
	timeout       time.Duration
	kv            bool // also print key=value lines for scripts
	seed          uint64
	pgDB          string   // database whose PostgreSQL backends' CPU time to measure
	cpuProfile    string   // file for this program's own CPU profile
	watch         []string // with -watch: the command to run and measure instead of making load
	fresh         string   // "api" or "pages": complete submissions of fresh respondents only
}

func (c *config) runSaves() bool       { return strings.Contains(c.phases, "saves") }
func (c *config) runSubmissions() bool { return strings.Contains(c.phases, "submissions") }

// validPhases reports whether phases lists only known phases, at least one.
func validPhases(phases string) bool {
	for _, p := range strings.Split(phases, ",") {
		if p != "saves" && p != "submissions" {
			return false
		}
	}
	return true
}

// needsDuration reports whether some phase to run is bounded by time.
func (c *config) needsDuration() bool {
	return c.runSaves() && c.saves == 0 || c.runSubmissions() && c.submissions == 0
}

// parseFlags reads the command line into a config and validates it.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("vaconsult-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.baseURL, "url", "http://127.0.0.1:8080", "base URL of the vaconsult server (loopback only)")
	fs.StringVar(&c.consultation, "consultation", "va-impact-2012", "consultation slug")
	fs.IntVar(&c.workers, "n", 32, "concurrent respondents")
	fs.IntVar(&c.respondents, "respondents", 0, "respondents to create (default -n), a multiple of -n; each worker writes to its own share")
	fs.BoolVar(&c.registrations, "registrations", false, "create the respondents through the API's self-registration "+
		"(the server takes 30 an hour from one address) instead of with vaconsult invite")
	fs.StringVar(&c.vaconsult, "vaconsult", "vaconsult", "the vaconsult binary, to invite respondents")
	fs.StringVar(&c.databaseURL, "database-url", os.Getenv("DATABASE_URL"), "the server's database, to invite respondents (env DATABASE_URL; loopback only)")
	fs.DurationVar(&c.duration, "duration", 20*time.Second, "length of each measured phase")
	fs.DurationVar(&c.warmup, "warmup", 2*time.Second, "unmeasured load before each phase")
	fs.IntVar(&c.saves, "saves", 0, "saves per respondent in the saves phase, instead of -duration")
	fs.IntVar(&c.submissions, "submissions", 0, "complete submissions per respondent in the submissions phase, instead of -duration")
	fs.BoolVar(&c.submit, "submit", false, "end the saves phase with a complete submission of every respondent")
	fs.IntVar(&c.cycle, "cycle", 0, "in the saves phase, make a complete submission every CYCLE saves of a worker")
	fs.IntVar(&c.textSize, "text-size", 0, "bytes per answer text, ±25% (default: 300 to 3,000)")
	fs.IntVar(&c.serverPID, "server-pid", 0, "process id of the server, to measure its CPU time from /proc")
	fs.StringVar(&c.phases, "phases", "saves,submissions", "phases to run: saves, submissions, or both")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "limit on each request")
	fs.BoolVar(&c.kv, "kv", false, "also print the figures as key=value lines")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the generated texts")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write this program's own CPU profile to `file`")
	fs.StringVar(&c.pgDB, "pg-db", "", "also measure the CPU time of the local PostgreSQL backends connected to this database")
	fs.StringVar(&c.fresh, "fresh", "", "api or pages: measure only complete submissions, each by a respondent invited "+
		"through the store beforehand (-respondents of them, default 100 per worker), over the API or the pages")
	watch := fs.Bool("watch", false, "run the command after the flags (such as pgbench) instead of making load, "+
		"and print the CPU time it and, with -pg-db, the database's backends used")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case *watch && fs.NArg() == 0:
		return nil, fmt.Errorf("-watch: want a command to run after the flags")
	case *watch:
		c.watch = fs.Args()
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.respondents == 0 {
		c.respondents = c.workers
		if c.fresh != "" {
			c.respondents = 100 * c.workers
		}
	}
	return c, c.validate()
}

// Bounds that keep a mistyped flag from turning a benchmark into an attack
// on the machine.
const (
	maxWorkers     = 1024
	maxRespondents = 100_000
	maxDuration    = time.Hour
	maxTextSize    = 4000 // bytes; stays under the survivors' 5,000-character limit
)

func (c *config) validate() error {
	if err := checkLoopback(c.baseURL); err != nil {
		return err
	}
	if c.watch == nil && !c.registrations {
		if err := checkDatabaseLoopback(c.databaseURL); err != nil {
			return err
		}
	}
	c.baseURL = strings.TrimRight(c.baseURL, "/")
	switch {
	case c.workers < 1 || c.workers > maxWorkers:
		return fmt.Errorf("-n %d: want 1 to %d", c.workers, maxWorkers)
	case c.respondents < c.workers || c.respondents > maxRespondents:
		return fmt.Errorf("-respondents %d: want -n (%d) to %d", c.respondents, c.workers, maxRespondents)
	case c.fresh != "" && c.fresh != "api" && c.fresh != "pages":
		return fmt.Errorf("-fresh %q: want api or pages", c.fresh)
	case c.fresh != "" && c.registrations:
		return fmt.Errorf("-fresh invites through the store: leave out -registrations")
	case c.fresh == "" && c.respondents%c.workers != 0:
		return fmt.Errorf("-respondents %d: want a multiple of -n (%d), so that every worker has as many", c.respondents, c.workers)
	case c.duration <= 0 && c.needsDuration():
		return fmt.Errorf("-duration must be positive unless every phase run has a count (-saves, -submissions)")
	case c.duration > maxDuration || c.warmup < 0 || c.warmup > maxDuration:
		return fmt.Errorf("-duration and -warmup: want at most %s", maxDuration)
	case c.saves < 0 || c.submissions < 0 || c.cycle < 0:
		return fmt.Errorf("-saves, -submissions and -cycle cannot be negative")
	case c.textSize < 0 || c.textSize > maxTextSize:
		return fmt.Errorf("-text-size %d: want 0 to %d", c.textSize, maxTextSize)
	case !validPhases(c.phases):
		return fmt.Errorf("-phases %q: want saves, submissions or saves,submissions", c.phases)
	case c.timeout <= 0:
		return fmt.Errorf("-timeout must be positive")
	}
	return nil
}

// checkLoopback refuses a URL that is not http(s) on a loopback address:
// this program is for measuring one's own server, never someone else's.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("-url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("-url %q: want http:// or https://", raw)
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.User != nil {
		return fmt.Errorf("-url %q: want only scheme, host and port, such as http://127.0.0.1:8080", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-url %q: refusing a host that is not a loopback address (127.0.0.1, ::1 or localhost)", raw)
}

// checkDatabaseLoopback refuses a database URL that is missing or names a
// host other than a loopback address or a Unix socket.
func checkDatabaseLoopback(raw string) error {
	if raw == "" {
		return fmt.Errorf("-database-url (or DATABASE_URL) is needed to invite respondents; or give -registrations")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return fmt.Errorf("-database-url: want a postgres:// URL")
	}
	host := u.Hostname()
	if h := u.Query().Get("host"); host == "" && h != "" {
		host = h
	}
	ip := net.ParseIP(host)
	if host == "" || strings.HasPrefix(host, "/") || host == "localhost" || ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-database-url: refusing database host %q, which is not a loopback address", host)
}
