package measure

import (
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"time"
)

// Call runs f after a garbage collection and returns how long it took, how
// many bytes it allocated, and how far the live heap grew above where it
// was before f at its peak (sampled every millisecond through
// runtime/metrics, so a peak shorter than that may be missed).
func Call(f func()) (d time.Duration, alloc, peak uint64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return sample[0].Value.Uint64()
	}
	base := heap()
	var top atomic.Uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if h := heap(); h > top.Load() {
				top.Store(h)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start := time.Now()
	f()
	d = time.Since(start)
	runtime.ReadMemStats(&m1)
	close(done)
	<-sampled
	return d, m1.TotalAlloc - m0.TotalAlloc, max(top.Load(), base) - base
}

// Fill returns prefix + item + sep + item ... + suffix with as many items
// as fit in limit bytes (at least none).
func Fill(prefix, item, sep, suffix string, limit int) string {
	var b strings.Builder
	b.WriteString(prefix)
	for n := 0; b.Len()+len(sep)+len(item)+len(suffix) <= limit; n++ {
		if n > 0 {
			b.WriteString(sep)
		}
		b.WriteString(item)
	}
	b.WriteString(suffix)
	return b.String()
}
