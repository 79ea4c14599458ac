package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/vaconsult/vaconsult/store/domain"
)

// countries are where the respondents' organisations say they work.
var countries = []string{"KH", "CO", "AF", "BA", "MZ", "SN", "UG", "TJ", "SD", "IQ"}

// createRespondents creates the survivors' organisations one after the
// other, so that in a fresh database respondent k has response k and
// contributor k, as bench/pgbench-save.sql assumes. Respondent k goes to
// worker k mod n.
func (l *load) createRespondents(ctx context.Context) error {
	run := time.Now().UnixNano() % 1_000_000
	for k := range l.cfg.respondents {
		name := fmt.Sprintf("Survivors' network %d-%d", run, k+1)
		country := countries[k%len(countries)]
		var token string
		var err error
		if l.cfg.registrations {
			token, err = l.cl.register(ctx, name, country)
		} else {
			token, err = l.invite(ctx, name, country)
		}
		if err != nil {
			return err
		}
		w := l.workers[k%len(l.workers)]
		w.own = append(w.own, &respondent{token: token})
	}
	return nil
}

// invite creates a respondent with `vaconsult invite` and returns the token
// of the access link it prints.
func (l *load) invite(ctx context.Context, name, country string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, l.cfg.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, l.cfg.vaconsult, "invite", "--database-url", l.cfg.databaseURL,
		"--consultation", l.cfg.consultation, "--audience", string(domain.AudienceSurvivors), "--kind", string(domain.KindOrganisation),
		"--name", name, "--country", country)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("vaconsult invite %s: %w: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return tokenOf(string(out))
}

// tokenOf returns the token of the access link BASE_URL/r/TOKEN on the last
// line of out.
func tokenOf(out string) (string, error) {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	link := strings.TrimSpace(lines[len(lines)-1])
	i := strings.LastIndex(link, "/r/")
	if i < 0 || i+3 == len(link) || strings.ContainsAny(link[i+3:], "/?# \t") {
		return "", fmt.Errorf("vaconsult invite printed %q, not an access link", link)
	}
	return link[i+3:], nil
}
