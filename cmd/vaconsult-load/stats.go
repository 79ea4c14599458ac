package main

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// tally is what one worker observed in a phase. Each worker keeps its own,
// so the hot loop takes no lock; the phase merges them at the end.
type tally struct {
	saves       []time.Duration // latency of each counted save
	submissions []time.Duration // latency of each complete submission
	errors      map[string]int  // failed requests by HTTP status ("transport" when none came back)
	firstError  error           // the first failure, for the report
}

func newTally() *tally { return &tally{errors: map[string]int{}} }

// fail counts one failed request.
func (t *tally) fail(status string) { t.errors[status]++ }

// merge adds o's observations to t.
func (t *tally) merge(o *tally) {
	t.saves = append(t.saves, o.saves...)
	t.submissions = append(t.submissions, o.submissions...)
	for k, v := range o.errors {
		t.errors[k] += v
	}
	if t.firstError == nil {
		t.firstError = o.firstError
	}
}

// Summary describes a set of latencies observed over an elapsed time.
type Summary struct {
	Count   int
	Elapsed time.Duration
	Rate    float64 // per second; 0 when Elapsed is 0
	Mean    time.Duration
	P50     time.Duration
	P90     time.Duration
	P99     time.Duration
	Max     time.Duration
}

// Summarize returns the count, rate and percentiles of latencies observed
// over elapsed. It sorts latencies in place. An empty set gives a zero
// Summary with only Elapsed set.
func Summarize(latencies []time.Duration, elapsed time.Duration) Summary {
	s := Summary{Count: len(latencies), Elapsed: elapsed}
	if len(latencies) == 0 {
		return s
	}
	slices.Sort(latencies)
	if elapsed > 0 {
		s.Rate = float64(len(latencies)) / elapsed.Seconds()
	}
	var total time.Duration
	for _, d := range latencies {
		total += d
	}
	s.Mean = total / time.Duration(len(latencies))
	s.P50 = Percentile(latencies, 50)
	s.P90 = Percentile(latencies, 90)
	s.P99 = Percentile(latencies, 99)
	s.Max = latencies[len(latencies)-1]
	return s
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted by the
// nearest-rank method: the smallest value that at least p% of the values do
// not exceed. It returns 0 for an empty slice.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// ms formats d in milliseconds with two decimals.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond))
}

// formatErrors lists error counts by status, most frequent first, or "none".
func formatErrors(errs map[string]int) string {
	if len(errs) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if errs[keys[i]] != errs[keys[j]] {
			return errs[keys[i]] > errs[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, errs[k])
	}
	return strings.Join(parts, ", ")
}

// totalErrors returns the number of failed requests.
func totalErrors(errs map[string]int) int {
	n := 0
	for _, v := range errs {
		n += v
	}
	return n
}
