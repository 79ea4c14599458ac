package main

import (
	"fmt"
	"time"
)

// record adds a key=value line for -kv.
func (l *load) record(key string, format string, v any) {
	l.kv = append(l.kv, key+"="+fmt.Sprintf(format, v))
}

// perOp divides a CPU time by a count of operations, in milliseconds; 0
// when there were none.
func perOp(cpu time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(cpu) / float64(time.Millisecond) / float64(n)
}

// reportSaves prints the saves phase, and the final submissions of -submit
// when final is not nil.
func (l *load) reportSaves(r *phaseResult, final *tally) {
	s := Summarize(r.tally.saves, r.elapsed)
	fmt.Fprintf(l.out, "\nsaves phase: %.1f s, %d workers\n", r.elapsed.Seconds(), len(l.workers))
	fmt.Fprintf(l.out, "  saves                %d (%.1f/s)\n", s.Count, s.Rate)
	fmt.Fprintf(l.out, "  save latency         p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n", ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
	if n := len(r.tally.submissions); n > 0 {
		fmt.Fprintf(l.out, "  complete submissions %d (every %d saves of a worker)\n", n, l.cfg.cycle)
	}
	fmt.Fprintf(l.out, "  errors               %s\n", formatErrors(r.tally.errors))
	l.reportCPU(r, "save", s.Count)
	if final != nil {
		fmt.Fprintf(l.out, "  final submissions    %d completed, errors: %s\n", len(final.submissions), formatErrors(final.errors))
	}
	l.record("saves", "%d", s.Count)
	l.record("saves_per_s", "%.1f", s.Rate)
	l.record("save_p50_ms", "%s", ms(s.P50))
	l.record("save_p90_ms", "%s", ms(s.P90))
	l.record("save_p99_ms", "%s", ms(s.P99))
	l.record("save_errors", "%d", totalErrors(r.tally.errors))
	l.record("server_cpu_ms_per_save", "%.3f", perOp(r.cpu.Server, s.Count))
	l.record("machine_busy_pct_saves", "%.0f", r.cpu.MachineBusy*100)
	l.record("machine_cpu_ms_per_save", "%.3f", perOp(r.cpu.Machine, s.Count))
	l.record("db_cpu_ms_per_save", "%.3f", perOp(r.cpu.Database, s.Count))
	l.record("load_cpu_ms_per_save", "%.3f", perOp(r.cpu.Self, s.Count))
	l.record("other_busy_pct_saves", "%.0f", 100*r.cpu.otherBusy(r.cpu.Server, r.cpu.Self, r.cpu.Database))
}

// reportSubmissions prints the complete-submissions phase.
func (l *load) reportSubmissions(r *phaseResult) {
	s := Summarize(r.tally.submissions, r.elapsed)
	fmt.Fprintf(l.out, "\nsubmissions phase: %.1f s, %d workers\n", r.elapsed.Seconds(), len(l.workers))
	what := "form read + save + submit, 4 requests each"
	switch l.cfg.fresh {
	case "api":
		what = "a fresh respondent each: form read + save + submit over the API, 4 requests"
	case "pages":
		what = "a fresh respondent each: link, form, autosave, continue, check, submit, receipt: 7 requests"
	}
	fmt.Fprintf(l.out, "  complete submissions %d (%.1f/s): %s\n", s.Count, s.Rate, what)
	fmt.Fprintf(l.out, "  submission latency   p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n", ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
	fmt.Fprintf(l.out, "  errors               %s\n", formatErrors(r.tally.errors))
	l.reportCPU(r, "complete submission", s.Count)
	if r.load[0] != "" {
		fmt.Fprintf(l.out, "  load average         %s before, %s after (1, 5, 15 min)\n", r.load[0], r.load[1])
		l.record("load_before", "%q", r.load[0])
		l.record("load_after", "%q", r.load[1])
	}
	l.record("submissions", "%d", s.Count)
	l.record("submissions_per_s", "%.1f", s.Rate)
	l.record("submission_p50_ms", "%s", ms(s.P50))
	l.record("submission_p99_ms", "%s", ms(s.P99))
	l.record("submission_errors", "%d", totalErrors(r.tally.errors))
	l.record("server_cpu_ms_per_submission", "%.3f", perOp(r.cpu.Server, s.Count))
	l.record("machine_busy_pct_submissions", "%.0f", r.cpu.MachineBusy*100)
	l.record("machine_cpu_ms_per_submission", "%.3f", perOp(r.cpu.Machine, s.Count))
	l.record("db_cpu_ms_per_submission", "%.3f", perOp(r.cpu.Database, s.Count))
	l.record("server_db_cpu_ms_per_submission", "%.3f", perOp(r.cpu.Server+r.cpu.Database, s.Count))
	l.record("other_busy_pct_submissions", "%.0f", 100*r.cpu.otherBusy(r.cpu.Server, r.cpu.Self, r.cpu.Database))
}

// reportCPU prints the CPU time the phase cost, per operation.
func (l *load) reportCPU(r *phaseResult, op string, n int) {
	if l.cfg.serverPID > 0 {
		note := ""
		if op == "save" && len(r.tally.submissions) > 0 {
			note = " (including the cycle's submissions)"
		}
		fmt.Fprintf(l.out, "  server CPU           %.2f s: %.3f ms per %s%s\n",
			r.cpu.Server.Seconds(), perOp(r.cpu.Server, n), op, note)
	}
	if l.cfg.pgDB != "" {
		fmt.Fprintf(l.out, "  database backends    %.2f s: %.3f ms per %s\n", r.cpu.Database.Seconds(), perOp(r.cpu.Database, n), op)
	}
	fmt.Fprintf(l.out, "  machine              %.0f%% of all CPUs busy, %.3f ms CPU per %s; this program %.3f ms of it\n",
		r.cpu.MachineBusy*100, perOp(r.cpu.Machine, n), op, perOp(r.cpu.Self, n))
	if l.cfg.serverPID > 0 && l.cfg.pgDB != "" {
		fmt.Fprintf(l.out, "  other work           %.0f%% of all CPUs (neither the server, its database backends nor this program)\n",
			100*r.cpu.otherBusy(r.cpu.Server, r.cpu.Self, r.cpu.Database))
	}
}
