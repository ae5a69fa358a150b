//go:build unix

package endpoint

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) the process has used. On
// a shared machine, requests per CPU-second measure the server (and the
// load generator in the same process) where wall-clock rates measure the
// neighbours too.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
