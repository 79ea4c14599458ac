package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
)

// consultationCache keeps consultations, with their question sets and what
// has been encoded from them, in memory. Each entry carries the
// consultation's cache_version as it was read; every change to a
// consultation, its sets or its questions raises that number in the
// database (triggers of migration 0013), whoever makes it, so an entry is
// good for as long as the number a request reads with its authentication
// is not newer. Several servers on one database each keep their own cache
// and see each other's changes the same way.
type consultationCache struct {
	mu      sync.Mutex
	entries map[int64]*cachedConsultation
}

type cachedConsultation struct {
	c       *Consultation
	version int64
	mu      sync.Mutex
	encoded map[string][]byte
}

// cachedConsultationLimit bounds the cache: past it, the cache starts over.
const cachedConsultationLimit = 256

func (cc *consultationCache) get(id, version int64) *cachedConsultation {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	e := cc.entries[id]
	if e == nil || version <= 0 || e.version < version {
		return nil
	}
	return e
}

func (cc *consultationCache) put(e *cachedConsultation) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.entries == nil || len(cc.entries) >= cachedConsultationLimit {
		cc.entries = map[int64]*cachedConsultation{}
	}
	if old := cc.entries[e.c.ID]; old != nil && old.version > e.version {
		return
	}
	cc.entries[e.c.ID] = e
}

// Consultation returns the consultation with its question sets, from
// memory when the copy there is at least at version (what a principal's
// ConsultationVersion says), else read from the database (four queries)
// and kept. The consultation returned is shared: callers only read it. It
// returns ErrNotFound.
func (s *Store) Consultation(ctx context.Context, id, version int64) (*Consultation, error) {
	e, err := s.cachedConsultation(ctx, id, version)
	if err != nil {
		return nil, err
	}
	return e.c, nil
}

func (s *Store) cachedConsultation(ctx context.Context, id, version int64) (*cachedConsultation, error) {
	if e := s.cache.get(id, version); e != nil {
		return e, nil
	}
	var e cachedConsultation
	// One snapshot: the version read is that of the rows read.
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT cache_version FROM consultations WHERE id = $1`, id).Scan(&e.version); err != nil {
			return notFound(err)
		}
		var err error
		e.c, err = findConsultationByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.cache.put(&e)
	return &e, nil
}

// ConsultationBySlug returns the consultation named slug as Consultation
// does, after one query for its id and current version. It returns
// ErrNotFound.
func (s *Store) ConsultationBySlug(ctx context.Context, slug string) (*Consultation, error) {
	e, err := s.consultationBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	return e.c, nil
}

func (s *Store) consultationBySlug(ctx context.Context, slug string) (*cachedConsultation, error) {
	var id, version int64
	err := s.pool.QueryRow(ctx, `SELECT id, cache_version FROM consultations WHERE slug = $1`, slug).Scan(&id, &version)
	if err != nil {
		return nil, notFound(err)
	}
	return s.cachedConsultation(ctx, id, version)
}

// EncodedConsultation returns the consultation named slug as
// ConsultationBySlug does, with what it keeps encoded from it.
func (s *Store) EncodedConsultation(ctx context.Context, slug string) (*Consultation, *Encodings, error) {
	e, err := s.consultationBySlug(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	return e.c, &Encodings{e: e}, nil
}

// Encodings are the encodings of a cached consultation, such as its JSON
// in one language: made once and kept until the consultation changes.
type Encodings struct{ e *cachedConsultation }

// Get returns the encoding named key, made by encode the first time.
func (en *Encodings) Get(key string, encode func() ([]byte, error)) ([]byte, error) {
	e := en.e
	e.mu.Lock()
	defer e.mu.Unlock()
	if b, ok := e.encoded[key]; ok {
		return b, nil
	}
	b, err := encode()
	if err != nil {
		return nil, fmt.Errorf("encode consultation: %w", err)
	}
	if e.encoded == nil {
		e.encoded = map[string][]byte{}
	}
	if len(e.encoded) < 64 {
		e.encoded[key] = b
	}
	return b, nil
}
