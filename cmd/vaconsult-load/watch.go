package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"time"
)

// watchCommand runs the -watch command with its output passed through, then
// prints as key=value lines the CPU time it used, that of the -pg-db
// database's backends and that of the whole machine over its run, so that
// bench/run.sh can set pgbench's costs beside the HTTP path's. It fails
// when the command does.
func watchCommand(ctx context.Context, cfg *config, stdout, stderr io.Writer) error {
	hz := clockTicks()
	before, err := sampleCPU(0)
	if err != nil {
		return fmt.Errorf("read CPU times: %w", err)
	}
	var watch *backendWatch
	if cfg.pgDB != "" {
		watch = watchBackends(cfg.pgDB, backendInterval)
	}
	cmd := exec.CommandContext(ctx, cfg.watch[0], cfg.watch[1:]...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	start := time.Now()
	runErr := cmd.Run()
	elapsed := time.Since(start)
	var dbTicks uint64
	if watch != nil {
		dbTicks = watch.Stop()
	}
	if runErr != nil {
		return fmt.Errorf("%s: %w", cfg.watch[0], runErr)
	}
	after, err := sampleCPU(0)
	if err != nil {
		return fmt.Errorf("read CPU times: %w", err)
	}
	use := after.since(before, hz)
	cmdCPU := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	dbCPU := ticksDuration(dbTicks, hz)
	fmt.Fprintf(stdout, "watch_elapsed_ms=%d\n", elapsed.Milliseconds())
	fmt.Fprintf(stdout, "watch_cmd_cpu_ms=%d\n", cmdCPU.Milliseconds())
	fmt.Fprintf(stdout, "watch_db_cpu_ms=%d\n", dbCPU.Milliseconds())
	fmt.Fprintf(stdout, "watch_machine_cpu_ms=%d\n", use.Machine.Milliseconds())
	fmt.Fprintf(stdout, "watch_other_busy_pct=%.0f\n", 100*use.otherBusy(cmdCPU, dbCPU, use.Self))
	return nil
}
