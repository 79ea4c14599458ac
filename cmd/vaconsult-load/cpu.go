package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// clockTicks returns the kernel's clock ticks per second, the unit of the
// CPU times in /proc, from `getconf CLK_TCK`. It falls back to 100, the
// value on every Linux architecture Go supports, when getconf is missing.
func clockTicks() float64 {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if err != nil {
		return 100
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil || n <= 0 {
		return 100
	}
	return float64(n)
}

// cpuSample is a reading of the CPU time used so far by the server, by this
// program and by the whole machine, in clock ticks.
type cpuSample struct {
	server      uint64 // utime+stime of the server process; 0 without -server-pid
	self        uint64 // utime+stime of this program
	machineBusy uint64 // every CPU's non-idle time
	machineAll  uint64 // every CPU's time
}

// sampleCPU reads the CPU times now. pid 0 skips the server. It fails when
// /proc cannot be read, for instance when the server has exited.
func sampleCPU(pid int) (cpuSample, error) {
	var s cpuSample
	var err error
	if pid > 0 {
		if s.server, err = processTicks(fmt.Sprintf("/proc/%d/stat", pid)); err != nil {
			return s, err
		}
	}
	if s.self, err = processTicks("/proc/self/stat"); err != nil {
		return s, err
	}
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return s, err
	}
	s.machineBusy, s.machineAll, err = parseMachineTicks(string(data))
	return s, err
}

// processTicks returns utime+stime from a /proc/PID/stat file.
func processTicks(path string) (uint64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return parseProcessTicks(string(data))
}

// parseProcessTicks returns utime+stime (fields 14 and 15) of a
// /proc/PID/stat line. Fields are counted after the command name, which is
// in parentheses and may itself hold spaces and parentheses.
func parseProcessTicks(stat string) (uint64, error) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, fmt.Errorf("proc stat: no command name in %q", stat)
	}
	// After ")": field 3 (state) is the first, so utime (14) is index 11.
	f := strings.Fields(stat[end+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("proc stat: %d fields after the command name, want at least 13", len(f))
	}
	utime, err1 := strconv.ParseUint(f[11], 10, 64)
	stime, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("proc stat: utime %q, stime %q are not numbers", f[11], f[12])
	}
	return utime + stime, nil
}

// parseMachineTicks returns the busy and total ticks of the "cpu" line of
// /proc/stat. Idle and iowait count as not busy; guest time is already
// inside user time and is not added twice.
func parseMachineTicks(procStat string) (busy, all uint64, err error) {
	line, _, _ := strings.Cut(procStat, "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return 0, 0, fmt.Errorf("proc stat: unexpected first line %q", line)
	}
	for i, v := range f[1:min(len(f), 9)] { // user nice system idle iowait irq softirq steal
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("proc stat: %q is not a number", v)
		}
		all += n
		if i != 3 && i != 4 {
			busy += n
		}
	}
	return busy, all, nil
}

// cpuUse is the CPU used between two samples.
type cpuUse struct {
	Server      time.Duration
	Self        time.Duration
	Database    time.Duration // the database's backends, with -pg-db
	Machine     time.Duration // every CPU's busy time: server, database, this program and anything else
	MachineBusy float64       // fraction of all CPUs' time that was busy, 0..1
	all         time.Duration // every CPU's time, busy or not
}

// otherBusy returns the fraction of all CPUs' time spent on anything but
// the given processes' own CPU time: other work on the machine, and
// PostgreSQL's background processes. Much of it makes the figures unsound.
func (u cpuUse) otherBusy(own ...time.Duration) float64 {
	if u.all <= 0 {
		return 0
	}
	other := u.Machine
	for _, d := range own {
		other -= d
	}
	return max(0, float64(other)/float64(u.all))
}

// ticksDuration converts clock ticks to a duration, with hz ticks per
// second.
func ticksDuration(ticks uint64, hz float64) time.Duration {
	return time.Duration(float64(ticks) / hz * float64(time.Second))
}

// since returns the CPU used from before to s, with ticks per second hz.
func (s cpuSample) since(before cpuSample, hz float64) cpuUse {
	u := cpuUse{Server: ticksDuration(s.server-before.server, hz), Self: ticksDuration(s.self-before.self, hz),
		Machine: ticksDuration(s.machineBusy-before.machineBusy, hz), all: ticksDuration(s.machineAll-before.machineAll, hz)}
	if all := s.machineAll - before.machineAll; all > 0 {
		u.MachineBusy = float64(s.machineBusy-before.machineBusy) / float64(all)
	}
	return u
}
