//go:build unix

package benchmarks

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/iamsim/iamsim/internal/measure"
)

// kernelCPU returns the system CPU time the process has used so far: the
// kernel's part of measure.ProcessCPU (system calls, page faults, signals,
// and on a virtual machine the hypervisor's work done on the guest's
// behalf). It is here and not in internal/measure because code added to a
// package the linker places before the simulator moves the simulator's
// code, and that alone moved the warm 1x1 by 7% (README, Performance).
func kernelCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Stime.Nano())
}

// Work in user space advances measure.ProcessCPU; system calls
// advance kernelCPU, which never exceeds measure.ProcessCPU (it is part of
// it). Each loop stops as soon as its clock moves; a clock still at its
// start after five seconds of such work fails the test.
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
	moves("measure.ProcessCPU", measure.ProcessCPU, func() {
		for j := range 100_000 {
			x += j ^ x
		}
	})
	_ = x
	moves("kernelCPU", kernelCPU, func() {
		for range 1000 {
			_ = os.Getppid() // a system call each
		}
	})
	k, p := kernelCPU(), measure.ProcessCPU()
	if k <= 0 || k > p {
		t.Fatalf("kernelCPU %v, measure.ProcessCPU %v", k, p)
	}
}
