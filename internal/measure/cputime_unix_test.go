//go:build unix

package measure

import (
	"os"
	"testing"
)

// Work in user space advances ProcessCPU; system calls advance KernelCPU,
// which never exceeds ProcessCPU (it is part of it). Each loop stops as
// soon as the clock moves, or fails after a bound no machine needs.
func TestCPUClocks(t *testing.T) {
	p0 := ProcessCPU()
	x := 0
	for i := 0; ProcessCPU() == p0; i++ {
		for j := range 100_000 {
			x += j ^ i
		}
		if i > 1_000_000 {
			t.Fatal("ProcessCPU did not move")
		}
	}
	_ = x

	k0 := KernelCPU()
	for i := 0; KernelCPU() == k0; i++ {
		for range 1000 {
			_ = os.Getppid() // a system call each
		}
		if i > 1_000_000 {
			t.Fatal("KernelCPU did not move")
		}
	}
	k, p := KernelCPU(), ProcessCPU()
	if k <= 0 || k > p {
		t.Fatalf("KernelCPU %v, ProcessCPU %v", k, p)
	}
}
