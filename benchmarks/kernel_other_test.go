//go:build !unix

package benchmarks

import "time"

// kernelCPU is not measured on this system: it returns 0.
func kernelCPU() time.Duration { return 0 }
