//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// lockDir takes an exclusive lock on path, so that two servers never share
// a data directory.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, err
	}
	if err := flock(f); err != nil {
		return nil, err
	}
	return f, nil
}

// lockExisting takes the lock of a directory without creating its lock
// file, for reading a directory that must not change; nil, nil when there
// is no lock file (no server ever ran there).
func lockExisting(path string) (*os.File, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := flock(f); err != nil {
		return nil, err
	}
	return f, nil
}

func flock(f *os.File) error {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return errors.New("in use by another iamsim server")
		}
		return err
	}
	return nil
}
