package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"
)

// backendWatch follows the CPU time of the PostgreSQL backends connected to
// one database on this machine, found by their process titles
// ("postgres: [cluster: ]user database host(port) state"). Backends come
// and go (pgbench opens its own), so it samples them every interval: a
// backend's last interval before it exits is missed.
type backendWatch struct {
	match   string         // " database " as it appears in a title
	base    map[int]uint64 // ticks at the start, of the backends alive then
	last    map[int]uint64 // latest ticks of every backend seen; only loop writes it until Stop
	stop    chan struct{}
	stopped chan struct{}
}

// watchBackends starts following the backends of database db.
func watchBackends(db string, interval time.Duration) *backendWatch {
	w := &backendWatch{match: " " + db + " ", last: map[int]uint64{},
		stop: make(chan struct{}), stopped: make(chan struct{})}
	w.base = w.sample()
	w.record(w.base)
	go w.loop(interval)
	return w
}

func (w *backendWatch) loop(interval time.Duration) {
	defer close(w.stopped)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			w.record(w.sample())
		}
	}
}

// Stop takes a last sample and returns the ticks the backends used since
// the start.
func (w *backendWatch) Stop() uint64 {
	close(w.stop)
	<-w.stopped
	w.record(w.sample())
	var total uint64
	for pid, t := range w.last {
		total += t - min(t, w.base[pid])
	}
	return total
}

func (w *backendWatch) record(s map[int]uint64) {
	for pid, t := range s {
		w.last[pid] = max(w.last[pid], t)
	}
}

// sample returns the ticks of every backend of the database now.
func (w *backendWatch) sample() map[int]uint64 {
	out := map[int]uint64{}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return out
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || !w.isBackend(pid) {
			continue
		}
		if t, err := processTicks("/proc/" + e.Name() + "/stat"); err == nil {
			out[pid] = t
		}
	}
	return out
}

func (w *backendWatch) isBackend(pid int) bool {
	title, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return false
	}
	title, _, _ = bytes.Cut(title, []byte{0})
	return isBackendTitle(string(title), w.match)
}

// isBackendTitle reports whether a process title is that of a PostgreSQL
// backend whose title holds match (" database ").
func isBackendTitle(title, match string) bool {
	return strings.HasPrefix(title, "postgres: ") && strings.Contains(title, match)
}
