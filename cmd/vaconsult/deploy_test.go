package main_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// composeConfig runs docker-compose's own parser over the compose file
// with env added to the environment, and returns its output and error. No
// Docker engine runs where the tests do: the parser is what can be checked.
func composeConfig(t *testing.T, env ...string) ([]byte, error) {
	t.Helper()
	dc, err := exec.LookPath("docker-compose")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("docker-compose is not installed (apt-get install docker-compose)")
		}
		t.Skip("docker-compose is not installed")
	}
	cmd := exec.Command(dc, "-f", "../../docker-compose.yml", "config")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "POSTGRES_PASSWORD=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	return cmd.CombinedOutput()
}

// composeService is what the tests read of a service in the resolved
// compose file.
type composeService struct {
	Environment map[string]string
	Healthcheck struct {
		Test []string
	}
	DependsOn map[string]struct {
		Condition string
	} `yaml:"depends_on"`
	Volumes []string
}

func TestComposeFileIsValid(t *testing.T) {
	t.Parallel()
	out, err := composeConfig(t, "POSTGRES_PASSWORD=s3cret-for-the-test")
	if err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
	var cfg struct {
		Services map[string]composeService
	}
	if err := yaml.Unmarshal(out, &cfg); err != nil {
		t.Fatalf("read docker-compose config: %v\n%s", err, out)
	}
	db, app := cfg.Services["db"], cfg.Services["app"]
	if !slices.Contains(db.Volumes, "pgdata:/var/lib/postgresql/data:rw") || !strings.Contains(strings.Join(db.Healthcheck.Test, " "), "pg_isready") {
		t.Errorf("db: volumes %q, health check %q; want the pgdata volume and pg_isready", db.Volumes, db.Healthcheck.Test)
	}
	if app.DependsOn["db"].Condition != "service_healthy" {
		t.Errorf("app depends on %v, want db when healthy", app.DependsOn)
	}
	// The image has no curl: the binary checks /readyz itself.
	if got, want := app.Healthcheck.Test, []string{"CMD", "/usr/local/bin/vaconsult", "healthcheck"}; !slices.Equal(got, want) {
		t.Errorf("app health check = %q, want %q", got, want)
	}
	if !strings.Contains(db.Environment["POSTGRES_PASSWORD"], "s3cret-for-the-test") ||
		!strings.Contains(app.Environment["DATABASE_URL"], ":s3cret-for-the-test@") {
		t.Errorf("the password given does not reach both services: db %q, app %q",
			db.Environment["POSTGRES_PASSWORD"], app.Environment["DATABASE_URL"])
	}
	for _, key := range []string{"TRUSTED_PROXIES", "DATABASE_POOL_SIZE", "EXPORT_CONCURRENCY"} {
		if app.Environment[key] == "" {
			t.Errorf("app: %s is not set", key)
		}
	}
}

// A database password that anyone could read in the repository is no
// password: without POSTGRES_PASSWORD, compose refuses to start.
func TestComposeRequiresPassword(t *testing.T) {
	t.Parallel()
	out, err := composeConfig(t)
	if err == nil {
		t.Fatalf("docker-compose config without POSTGRES_PASSWORD succeeded, want a refusal:\n%s", out)
	}
	if !strings.Contains(string(out), "set POSTGRES_PASSWORD") {
		t.Errorf("refusal says %q, want it to say to set POSTGRES_PASSWORD", out)
	}
}
