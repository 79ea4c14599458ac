// Command vaconsult-load measures a vaconsult server under many respondents
// editing their drafts at once.
//
// It creates survivors' organisations with `vaconsult invite` (or, with
// -registrations, through the API's self-registration, which the server
// limits to 30 an hour from one address), then each of -n workers saves
// drafts of its own respondents for -duration (or -saves per
// respondent): one to three answers of a few hundred bytes to a few KB of
// text, in several languages, tracking the version each save returns. A
// second phase makes only complete submissions (form read, save, submit).
// It prints saves per second, latency percentiles, errors by HTTP status
// and, with -server-pid, the server's CPU time per save and per complete
// submission, read from /proc.
//
// It only talks to a server on a loopback address.
//
// Usage:
//
//	vaconsult-load -url http://127.0.0.1:18090 -vaconsult ./vaconsult -database-url postgres://... \
//		-n 32 -duration 20s -server-pid PID
//
// With -watch it runs a command instead, such as pgbench, and prints the
// CPU time the command and the -pg-db database's backends used.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/vaconsult/vaconsult/store/domain"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vaconsult-load:", err)
		os.Exit(1)
	}
}

// load is one run of the program: its configuration, its client and its
// workers.
type load struct {
	cfg     *config
	cl      *client
	qs      []question
	workers []*worker
	hz      float64 // clock ticks per second, for /proc CPU times
	out     io.Writer
	kv      []string // key=value lines, printed last with -kv
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.watch != nil {
		return watchCommand(ctx, cfg, stdout, stderr)
	}
	if cfg.cpuProfile != "" {
		stop, err := startProfile(cfg.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	l := &load{cfg: cfg, out: stdout, hz: clockTicks(),
		cl: newClient(cfg.baseURL, cfg.consultation, cfg.workers, cfg.timeout)}
	if cfg.fresh != "" {
		if err := l.runFresh(ctx); err != nil {
			return err
		}
	} else {
		if err := l.prepare(ctx); err != nil {
			return err
		}
		if err := l.run(ctx); err != nil {
			return err
		}
	}
	if cfg.kv {
		for _, line := range l.kv {
			fmt.Fprintln(stdout, line)
		}
	}
	return nil
}

// startProfile writes this program's CPU profile to path until stop is
// called, to see what the load costs the machine.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// prepare reads the survivors' questions and creates the respondents,
// handing each worker its share.
func (l *load) prepare(ctx context.Context) error {
	qs, err := l.cl.form(ctx, domain.AudienceSurvivors)
	if err != nil {
		return err
	}
	l.qs = qs
	for i := range l.cfg.workers {
		l.workers = append(l.workers, newWorker(l.cl, qs, l.cfg.seed*1_000_003+uint64(i), l.cfg.textSize))
	}
	start := time.Now()
	if err := l.createRespondents(ctx); err != nil {
		return err
	}
	how := "by invitation"
	if l.cfg.registrations {
		how = "by registration"
	}
	fmt.Fprintf(l.out, "vaconsult-load: %s, consultation %s, %d concurrent respondents; %d created %s in %s\n",
		l.cfg.baseURL, l.cfg.consultation, l.cfg.workers, l.cfg.respondents, how, time.Since(start).Round(time.Millisecond))
	return nil
}

// runFresh reads the questions and measures complete submissions of fresh
// respondents.
func (l *load) runFresh(ctx context.Context) error {
	qs, err := l.cl.form(ctx, domain.AudienceSurvivors)
	if err != nil {
		return err
	}
	l.qs = qs
	for i := range l.cfg.workers {
		l.workers = append(l.workers, newWorker(l.cl, qs, l.cfg.seed*1_000_003+uint64(i), l.cfg.textSize))
	}
	fmt.Fprintf(l.out, "vaconsult-load: %s, consultation %s, %d concurrent fresh respondents over the %s\n",
		l.cfg.baseURL, l.cfg.consultation, l.cfg.workers, map[string]string{"api": "API", "pages": "pages"}[l.cfg.fresh])
	res, err := l.freshPhase(ctx)
	if res != nil {
		l.reportSubmissions(res)
	}
	if err != nil {
		return fmt.Errorf("fresh submissions: %w", err)
	}
	return nil
}

// run runs the phases asked for and reports each.
func (l *load) run(ctx context.Context) error {
	if l.cfg.runSaves() {
		res, final, err := l.savesPhase(ctx)
		if err != nil {
			return fmt.Errorf("saves phase: %w", err)
		}
		l.reportSaves(res, final)
	}
	if l.cfg.runSubmissions() {
		res, err := l.submissionsPhase(ctx)
		if err != nil {
			return fmt.Errorf("submissions phase: %w", err)
		}
		l.reportSubmissions(res)
	}
	return nil
}
