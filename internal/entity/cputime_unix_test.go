//go:build unix

package entity

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU adds MB per CPU-second of the process (user + system) as a
// metric: on a shared machine wall-clock MB/s mostly measures the neighbours.
// Call it as defer reportCPU(b, size)().
func reportCPU(b *testing.B, size int64) func() {
	before := cpuTime(b)
	return func() {
		if used := cpuTime(b) - before; used > 0 {
			b.ReportMetric(float64(size)*float64(b.N)/1e6/used.Seconds(), "MB/cpu-s")
		}
	}
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
