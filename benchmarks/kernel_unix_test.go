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
// it). Each loop stops as soon as the clock moves, or fails after a bound no
// machine needs.
func TestCPUClocks(t *testing.T) {
	p0 := measure.ProcessCPU()
	x := 0
	for i := 0; measure.ProcessCPU() == p0; i++ {
		for j := range 100_000 {
			x += j ^ i
		}
		if i > 1_000_000 {
			t.Fatal("ProcessCPU did not move")
		}
	}
	_ = x

	k0 := kernelCPU()
	for i := 0; kernelCPU() == k0; i++ {
		for range 1000 {
			_ = os.Getppid() // a system call each
		}
		if i > 1_000_000 {
			t.Fatal("kernelCPU did not move")
		}
	}
	k, p := kernelCPU(), measure.ProcessCPU()
	if k <= 0 || k > p {
		t.Fatalf("kernelCPU %v, measure.ProcessCPU %v", k, p)
	}
}
