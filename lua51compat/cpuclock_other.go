//go:build !unix

package lua51compat

import "time"

var processStart = time.Now()

// cpuSeconds falls back to wall time where getrusage does not exist.
func cpuSeconds() float64 {
	return time.Since(processStart).Seconds()
}
