package migrations_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/migrations"
)

func TestUpDownUp(t *testing.T) {
	t.Parallel()
	url := dbtest.NewDatabase(t) // migrated already
	m, err := migrations.New(url)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	st, _ := m.Status()
	if st.Pending() || st.Dirty || st.Version != st.Latest {
		t.Fatalf("status of a migrated database = %+v", st)
	}
	for st.Version > 0 {
		if err := m.Down(); err != nil {
			t.Fatalf("down from %d: %v", st.Version, err)
		}
		st, _ = m.Status()
	}
	if err := m.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if err := m.Up(); err != nil {
		t.Fatalf("up with nothing to do: %v", err)
	}
}

func TestRefusesDirtyOrNewerSchema(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, sql, want string
	}{
		{"dirty", `UPDATE schema_migrations SET dirty = true`, "dirty"},
		{"newer", `UPDATE schema_migrations SET version = 9999`, "newer than this binary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			url := dbtest.NewDatabase(t)
			conn, err := pgx.Connect(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			conn.Exec(context.Background(), tt.sql)
			conn.Close(context.Background())
			m, err := migrations.New(url)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			err = m.Up()
			if !errors.Is(err, migrations.ErrSchema) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Up = %v, want a refusal saying %q", err, tt.want)
			}
		})
	}
}
