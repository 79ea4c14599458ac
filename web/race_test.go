//go:build race

package web_test

// The race detector slows every step: the browser tests wait longer.
func init() { raceEnabled = true }
