//go:build unix

package measure

import (
	"syscall"
	"time"
)

// ProcessCPU returns the CPU time (user + system) the process has used so
// far. On a shared machine, wall-clock time per operation includes the time
// other processes held the cores; CPU time per operation does not.
func ProcessCPU() time.Duration {
	ru, ok := rusage()
	if !ok {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// KernelCPU returns the system CPU time the process has used so far: the
// kernel's part of ProcessCPU (system calls, page faults, signals, and on a
// virtual machine the hypervisor's work done on the guest's behalf).
func KernelCPU() time.Duration {
	ru, ok := rusage()
	if !ok {
		return 0
	}
	return time.Duration(ru.Stime.Nano())
}

func rusage() (syscall.Rusage, bool) {
	var ru syscall.Rusage
	err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru, err == nil
}
