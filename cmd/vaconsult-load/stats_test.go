package main

import (
	"testing"
	"time"
)

func millis(ns ...int) []time.Duration {
	out := make([]time.Duration, len(ns))
	for i, n := range ns {
		out[i] = time.Duration(n) * time.Millisecond
	}
	return out
}

func TestPercentile(t *testing.T) {
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value", millis(7), 99, 7 * time.Millisecond},
		{"median of four is the second", millis(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p99 of four is the largest", millis(1, 2, 3, 4), 99, 4 * time.Millisecond},
		{"p50 of 1..100", hundred, 50, 50 * time.Millisecond},
		{"p90 of 1..100", hundred, 90, 90 * time.Millisecond},
		{"p99 of 1..100", hundred, 99, 99 * time.Millisecond},
		{"p100 is the maximum", hundred, 100, 100 * time.Millisecond},
		{"a tiny p is the minimum", hundred, 0.001, time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("Percentile(%d values, %v) = %v, want %v", len(tt.sorted), tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	s := Summarize(millis(30, 10, 20, 40), 2*time.Second)
	if got, want := s.Count, 4; got != want {
		t.Errorf("Count = %d, want %d", got, want)
	}
	if got, want := s.Rate, 2.0; got != want {
		t.Errorf("Rate = %v, want %v", got, want)
	}
	if got, want := s.Mean, 25*time.Millisecond; got != want {
		t.Errorf("Mean = %v, want %v", got, want)
	}
	if got, want := s.P50, 20*time.Millisecond; got != want {
		t.Errorf("P50 = %v, want %v (the input must be sorted first)", got, want)
	}
	if got, want := s.P99, 40*time.Millisecond; got != want {
		t.Errorf("P99 = %v, want %v", got, want)
	}
	if got, want := s.Max, 40*time.Millisecond; got != want {
		t.Errorf("Max = %v, want %v", got, want)
	}
}

func TestSummarizeEmpty(t *testing.T) {
	s := Summarize(nil, time.Second)
	if s.Count != 0 || s.Rate != 0 || s.P99 != 0 {
		t.Errorf("Summarize(nil) = %+v, want zero figures", s)
	}
}

func TestTallyMerge(t *testing.T) {
	a, b := newTally(), newTally()
	a.saves = millis(1)
	a.fail("409")
	b.saves = millis(2, 3)
	b.fail("409")
	b.fail("transport")
	a.merge(b)
	if got, want := len(a.saves), 3; got != want {
		t.Errorf("merged saves = %d, want %d", got, want)
	}
	if got, want := formatErrors(a.errors), "409: 2, transport: 1"; got != want {
		t.Errorf("formatErrors = %q, want %q", got, want)
	}
	if got, want := totalErrors(a.errors), 3; got != want {
		t.Errorf("totalErrors = %d, want %d", got, want)
	}
}
