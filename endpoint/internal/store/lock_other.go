//go:build !unix

package store

import (
	"errors"
	"os"
)

// lockDir opens path; other systems get no lock.
func lockDir(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

// lockExisting opens path if it exists; other systems get no lock.
func lockExisting(path string) (*os.File, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return f, err
}
