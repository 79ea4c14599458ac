package main

import (
	"io"
	"testing"
)

func TestCheckLoopback(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:18090", "http://localhost:8080/", "http://[::1]:8080", "https://127.0.0.2"} {
		if err := checkLoopback(u); err != nil {
			t.Errorf("checkLoopback(%q) = %v, want nil", u, err)
		}
	}
	for _, u := range []string{"http://example.org", "http://10.0.0.1:8080", "ftp://127.0.0.1", "http://127.0.0.1/api", "127.0.0.1:8080"} {
		if err := checkLoopback(u); err == nil {
			t.Errorf("checkLoopback(%q) = nil, want an error", u)
		}
	}
}

func TestCheckDatabaseLoopback(t *testing.T) {
	for _, u := range []string{"postgres://postgres@127.0.0.1:5432/vaconsult_bench?sslmode=disable",
		"postgresql://localhost/db", "postgres:///db?host=/var/run/postgresql", "postgres://[::1]/db"} {
		if err := checkDatabaseLoopback(u); err != nil {
			t.Errorf("checkDatabaseLoopback(%q) = %v, want nil", u, err)
		}
	}
	for _, u := range []string{"", "postgres://db.example.org/vaconsult", "host=127.0.0.1 dbname=x",
		"postgres://10.1.2.3:5432/db", "postgres:///db?host=db.example.org"} {
		if err := checkDatabaseLoopback(u); err == nil {
			t.Errorf("checkDatabaseLoopback(%q) = nil, want an error", u)
		}
	}
}

func TestTokenOf(t *testing.T) {
	// The access links vaconsult invite prints today, and the longer
	// ones it printed before, which stay valid.
	for _, token := range []string{"2M3D-J24T-237Y-K7CJ-5L2U-F538-46NX", "YYtc_gMga4pqHWM4KYQlLpoG35j7XX7jrb0SdRW3rnI"} {
		got, err := tokenOf("invited Org (KH, survivors)\nhttp://127.0.0.1:18090/r/" + token + "\n")
		if err != nil || got != token {
			t.Errorf("tokenOf = %q, %v; want %q", got, err, token)
		}
	}
	for _, out := range []string{"invited Org (KH, survivors)\n", "http://127.0.0.1:18090/r/\n"} {
		if _, err := tokenOf(out); err == nil {
			t.Errorf("tokenOf(%q) = nil error, want one", out)
		}
	}
}

func TestValidPhases(t *testing.T) {
	for phases, want := range map[string]bool{"saves": true, "submissions": true, "saves,submissions": true,
		"": false, "savesx": false, "saves,": false, "load": false} {
		if got := validPhases(phases); got != want {
			t.Errorf("validPhases(%q) = %v, want %v", phases, got, want)
		}
	}
}

func TestFreshMode(t *testing.T) {
	base := []string{"-url", "http://127.0.0.1:8080", "-database-url", "postgres://postgres@127.0.0.1/x"}
	c, err := parseFlags(append(base, "-n", "4", "-fresh", "pages"), io.Discard)
	if err != nil || c.respondents != 400 {
		t.Fatalf("-fresh pages -n 4: %v, %d respondents; want 400", err, c.respondents)
	}
	for _, bad := range [][]string{{"-fresh", "browser"}, {"-fresh", "api", "-registrations"}} {
		if _, err := parseFlags(append(base, bad...), io.Discard); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
