package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// TestEmailsHaveAMaximumLength: an address longer than a mail server can
// deliver to is refused, for respondents and for reviewers alike.
func TestEmailsHaveAMaximumLength(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 63) + ".org"
	_, err := st.Invite(ctx, store.NewRespondent{Consultation: slug2012, Audience: "survivors", Kind: "organisation",
		Name: "Network", Country: "KH", Contributor: "Ana", Email: long})
	if fields := validationFields(err); fields["email"] == "" {
		t.Errorf("Invite with a %d-byte email: %v, want a validation error naming email", len(long), err)
	}
	_, err = st.CreateReviewer(ctx, store.NewReviewer{Email: long, Name: "Chair", Role: store.RoleCoChair,
		Password: "correct horse battery staple"}, "cli")
	if fields := validationFields(err); fields["email"] == "" {
		t.Errorf("CreateReviewer with a %d-byte email: %v, want a validation error naming email", len(long), err)
	}
}

func validationFields(err error) map[string]string {
	if e := (*store.Error)(nil); errors.As(err, &e) && e.Kind == store.KindValidation {
		return e.Fields
	}
	if v := (*store.ValidationError)(nil); errors.As(err, &v) {
		return v.Fields(store.English())
	}
	return nil
}
