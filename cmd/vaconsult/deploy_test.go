package main_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// No Docker engine runs where the tests do, so the compose file is checked
// by docker-compose's own parser.
func TestComposeFileIsValid(t *testing.T) {
	t.Parallel()
	dc, err := exec.LookPath("docker-compose")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("docker-compose is not installed (apt-get install docker-compose)")
		}
		t.Skip("docker-compose is not installed")
	}
	out, err := exec.Command(dc, "-f", "../../docker-compose.yml", "config", "-q").CombinedOutput()
	if err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
	compose, _ := os.ReadFile("../../docker-compose.yml")
	for _, want := range []string{"pg_isready", "pgdata:/var/lib/postgresql/data", "build: .", "condition: service_healthy"} {
		if !strings.Contains(string(compose), want) {
			t.Errorf("docker-compose.yml lacks %q", want)
		}
	}
}
