//go:build !unix

package store

import "os"

// lockDir opens path; other systems get no lock.
func lockDir(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
}
