//go:build !unix

package measure

import "time"

// ProcessCPU is not measured on this system: it returns 0.
func ProcessCPU() time.Duration { return 0 }

// KernelCPU is not measured on this system: it returns 0.
func KernelCPU() time.Duration { return 0 }
