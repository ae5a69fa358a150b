package endpoint

import (
	"errors"
	"net/url"
	"time"
)

type store struct{}

func openStore(dir string, seed func() *state) (*store, *state, error) {
	return nil, nil, errors.New("not yet")
}

func (s *store) append(st *state, action string, form url.Values, now time.Time) error { return nil }
func (s *store) close() error                                                          { return nil }
