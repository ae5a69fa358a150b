//go:build unix

package measure

import (
	"os"
	"testing"
	"time"
)

// Work in user space advances ProcessCPU; system calls advance KernelCPU,
// which never exceeds ProcessCPU (it is part of it). Each loop stops as
// soon as its clock moves; a clock still at its start after five seconds of
// such work fails the test.
func TestCPUClocks(t *testing.T) {
	moves := func(name string, clock func() time.Duration, work func()) {
		t.Helper()
		start, give := clock(), time.Now().Add(5*time.Second)
		for clock() == start {
			work()
			if time.Now().After(give) {
				t.Fatalf("%s did not move in 5 s of work", name)
			}
		}
	}
	x := 0
	moves("ProcessCPU", ProcessCPU, func() {
		for j := range 100_000 {
			x += j ^ x
		}
	})
	_ = x
	moves("KernelCPU", KernelCPU, func() {
		for range 1000 {
			_ = os.Getppid() // a system call each
		}
	})
	k, p := KernelCPU(), ProcessCPU()
	if k <= 0 || k > p {
		t.Fatalf("KernelCPU %v, ProcessCPU %v", k, p)
	}
}
