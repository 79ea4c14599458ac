package main

import (
	"testing"
	"time"
)

func TestParseProcessTicks(t *testing.T) {
	// The command name holds a space and a parenthesis, as it may.
	line := "4242 (vac (x) y) S 1 4242 4242 0 -1 4194560 1200 0 0 0 250 75 0 0 20 0 12 0 1000 0 0"
	got, err := parseProcessTicks(line)
	if err != nil {
		t.Fatal(err)
	}
	if want := uint64(325); got != want {
		t.Errorf("utime+stime = %d, want %d", got, want)
	}
}

func TestParseMachineTicks(t *testing.T) {
	busy, all, err := parseMachineTicks("cpu  100 5 50 800 20 3 2 0 0 0\ncpu0 1 2 3 4\n")
	if err != nil {
		t.Fatal(err)
	}
	if busy != 160 || all != 980 {
		t.Errorf("busy, all = %d, %d; want 160, 980", busy, all)
	}
}

func TestIsBackendTitle(t *testing.T) {
	match := " vaconsult_bench "
	tests := []struct {
		title string
		want  bool
	}{
		{"postgres: 15/main: postgres vaconsult_bench 127.0.0.1(52344) idle", true},
		{"postgres: postgres vaconsult_bench [local] UPDATE", true},
		{"postgres: 15/main: postgres vaconsult_bench_export 127.0.0.1(52500) idle", false},
		{"postgres: 15/main: walwriter", false},
		{"psql postgres://127.0.0.1/ vaconsult_bench ", false},
	}
	for _, tt := range tests {
		if got := isBackendTitle(tt.title, match); got != tt.want {
			t.Errorf("isBackendTitle(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
}

func TestOtherBusy(t *testing.T) {
	u := cpuUse{Machine: 1500 * time.Millisecond, all: 2 * time.Second}
	if got, want := u.otherBusy(500*time.Millisecond, 600*time.Millisecond), 0.2; got < want-1e-9 || got > want+1e-9 {
		t.Errorf("otherBusy = %v, want %v", got, want)
	}
	if got := u.otherBusy(2 * time.Second); got != 0 {
		t.Errorf("otherBusy with more own time than busy time = %v, want 0", got)
	}
}
