//go:build unix

package awscli

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// loadWithin runs loadParamFile(v), failing the test if it takes more than
// two seconds.
func loadWithin(t *testing.T, v string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, _, err := loadParamFile(v)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(2 * time.Second):
		t.Fatalf("loadParamFile(%q) still reading after 2 s", v)
		return nil
	}
}

// A device that never ends and a FIFO that never starts are refused at
// once, not read.
func TestLoadParamFileRefusesNonRegularFiles(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"file:///dev/zero", "fileb:///dev/zero", "file://" + fifo} {
		t.Run(v, func(t *testing.T) {
			err := loadWithin(t, v)
			if err == nil || err.Error() != "Unable to load paramfile "+v+": not a regular file (a device, FIFO or socket is not read)" {
				t.Fatalf("got %v", err)
			}
		})
	}
}
