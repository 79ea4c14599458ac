package store_test

import (
	"context"
	"testing"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
)

// With a replica, exports read from it, and only from it. Here the
// "replica" is a database of its own holding a submission the primary
// lacks, which is how the test tells where the rows came from.
func TestExportsReadFromTheReplica(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	primary := newStore(t)
	replicaURL := dbtest.NewDatabase(t)
	replica, err := store.Open(ctx, replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(replica.Close)
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := replica.LoadConsultation(ctx, f); err != nil {
		t.Fatal(err)
	}
	mustSubmitSurvivor(t, replica, "Network on the replica", "KH", "named", "en", "only on the replica")

	rows := func() int {
		n := 0
		err := primary.Export(ctx, "reviewer:5", store.ExportRequest{Consultation: slug2012, Format: "csv"},
			func(e *store.Export) error {
				return e.Rows(ctx, func(r *store.ExportRow) error {
					if r.Text == "only on the replica" {
						n++
					}
					return nil
				})
			})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := rows(); n != 0 {
		t.Fatalf("without a replica the export read %d rows of the other database", n)
	}
	if err := primary.UseReplica(ctx, replicaURL); err != nil {
		t.Fatal(err)
	}
	if n := rows(); n == 0 {
		t.Fatal("with a replica the export did not read its rows")
	}
}
