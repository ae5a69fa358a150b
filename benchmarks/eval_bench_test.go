package benchmarks

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/internal/measure"
	"github.com/iamsim/iamsim/policy"
)

// cpuMeter measures the process's CPU time over a benchmark loop, and the
// kernel's part of it.
type cpuMeter struct{ start, kernel time.Duration }

func startCPU() cpuMeter { return cpuMeter{measure.ProcessCPU(), measure.KernelCPU()} }

// report adds "cpu-ns/op": CPU time per op (GC included). On a loaded
// machine it stays near the uncontended ns/op while wall-clock ns/op grows.
// It adds "sys-ns/op", the kernel's part of it: near 0 for code that does
// not allocate; for code that does, the system calls, page faults and
// signals of the garbage collector's cycles, which cost far more on a
// virtual machine than on bare metal. It returns cpu-ns/op, or 0 where CPU
// time is not measured.
func (m cpuMeter) report(b *testing.B) float64 {
	if m.start == 0 || b.N == 0 {
		return 0
	}
	perOp := float64(measure.ProcessCPU()-m.start) / float64(b.N)
	b.ReportMetric(perOp, "cpu-ns/op")
	b.ReportMetric(float64(measure.KernelCPU()-m.kernel)/float64(b.N), "sys-ns/op")
	return perOp
}

// benchEvaluate times EvaluateInto with a reused Result (the zero-alloc
// path) and checks the decision and the deciding statements every
// iteration.
func benchEvaluate(b *testing.B, c *evalCase) (cpuPerOp float64) {
	var res eval.Result
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		c.engine.EvaluateInto(c.req, &res)
		if res.Decision != c.want.decision || len(res.Matched) != len(c.want.matched) {
			b.Fatalf("%s: %s with %d matched statements, want %s with %d", c.name, res.Decision, len(res.Matched), c.want.decision, len(c.want.matched))
		}
	}
	return cpu.report(b)
}

// BenchmarkEvaluate times one decision with its deciding statements:
// typical (5 policies, 40 statements, a boundary), large (200 policies,
// 5,000 statements), and sweeps over where the deciding statement is
// (first, middle, last) and how many statements there are (10, 5,000),
// with every statement a candidate for the request (same-action) or
// only one (distinct-actions).
func BenchmarkEvaluate(b *testing.B) {
	b.Run("typical", func(b *testing.B) { benchEvaluate(b, typicalCase(b)) })
	b.Run("large", func(b *testing.B) { benchEvaluate(b, largeCase(b)) })
	for _, c := range sweepCases(b) {
		b.Run(c.name, func(b *testing.B) { benchEvaluate(b, c) })
	}
}

// BenchmarkDecide times the decision alone (no deciding statements, no
// missing keys).
func BenchmarkDecide(b *testing.B) {
	for _, c := range []*evalCase{typicalCase(b), largeCase(b)} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if d := c.engine.Decide(c.req); d != c.want.decision {
					b.Fatalf("%s: %s, want %s", c.name, d, c.want.decision)
				}
			}
			cpu.report(b)
		})
	}
}

// BenchmarkParse times policy.ParseKind and eval.Compile of every document
// of a workload, reporting throughput over the documents' bytes. The large
// case also reports the memory a compiled statement keeps (B/stmt: heap
// retained by the Engine, measured with runtime.MemStats after a GC, the
// parsed documents excluded).
func BenchmarkParse(b *testing.B) {
	for _, c := range []*evalCase{typicalCase(b), largeCase(b)} {
		b.Run(c.name, func(b *testing.B) {
			perStmt := -1.0
			if c.name == "large" {
				perStmt = compiledBytesPerStatement(b, c)
			}
			b.SetBytes(int64(c.bytes))
			b.ReportAllocs()
			cpu := startCPU()
			defer func() {
				// After the loop: b.Loop's first call clears metrics.
				cpu.report(b)
				if perStmt >= 0 {
					b.ReportMetric(perStmt, "B/stmt")
				}
			}()
			for b.Loop() {
				var set eval.PolicySet
				for _, d := range c.docs {
					doc, err := policy.ParseKind(d.text, d.kind)
					if err != nil {
						b.Fatal(err)
					}
					p := eval.Policy{ID: d.id, Document: doc}
					if d.kind == policy.KindBoundary {
						set.PermissionsBoundary = append(set.PermissionsBoundary, p)
					} else {
						set.Identity = append(set.Identity, p)
					}
				}
				e, err := eval.Compile(set)
				if err != nil {
					b.Fatal(err)
				}
				if d := e.Decide(c.req); d != c.want.decision {
					b.Fatalf("%s: %s, want %s", c.name, d, c.want.decision)
				}
			}
		})
	}
}

// BenchmarkCompile times eval.Compile alone, from parsed documents.
func BenchmarkCompile(b *testing.B) {
	for _, c := range []*evalCase{typicalCase(b), largeCase(b)} {
		b.Run(c.name, func(b *testing.B) {
			set := policySet(c.docs)
			b.SetBytes(int64(c.bytes))
			b.ReportAllocs()
			cpu := startCPU()
			defer cpu.report(b)
			for b.Loop() {
				e, err := eval.Compile(set)
				if err != nil {
					b.Fatal(err)
				}
				if d := e.Decide(c.req); d != c.want.decision {
					b.Fatalf("%s: %s, want %s", c.name, d, c.want.decision)
				}
			}
		})
	}
}

// compiledBytesPerStatement measures the heap an Engine keeps per statement:
// the difference of HeapAlloc after a GC before and after Compile.
func compiledBytesPerStatement(b *testing.B, c *evalCase) float64 {
	set := policySet(c.docs)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	e, err := eval.Compile(set)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(e)
	runtime.KeepAlive(set)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(c.stmts)
}

// run decides the matrix with the given number of workers, each taking the
// next principal and deciding its 1,000 cells; with stride > 1 only every
// stride-th principal. It returns the number of wrong decisions and the
// index of the first one.
func (m *matrixWorkload) run(workers, stride int) (bad int64, first int) {
	var (
		next     atomic.Int64
		nbad     atomic.Int64
		firstBad atomic.Int64
		wg       sync.WaitGroup
	)
	firstBad.Store(int64(len(m.want)))
	for range workers {
		wg.Go(func() {
			for {
				p := int(next.Add(1)-1) * stride
				if p >= len(m.engines) {
					return
				}
				e, want := m.engines[p], m.want[p*matrixCells:(p+1)*matrixCells]
				for i, r := range m.reqs {
					if e.Decide(r) != want[i] {
						if nbad.Add(1) == 1 {
							firstBad.Store(int64(p*matrixCells + i))
						}
					}
				}
			}
		})
	}
	wg.Wait()
	return nbad.Load(), int(firstBad.Load())
}

// BenchmarkMatrix decides 1,000 principals × 100 actions × 10 resources
// (one million decisions per op) on all cores, a worker per GOMAXPROCS
// taking principals from a shared counter, and reports decisions/s. Every
// decision is checked against the oracle.
func BenchmarkMatrix(b *testing.B) {
	m := matrixCase(b)
	workers := runtime.GOMAXPROCS(0)
	b.ReportAllocs()
	cpu0 := measure.ProcessCPU()
	for b.Loop() {
		if bad, i := m.run(workers, 1); bad > 0 {
			b.Fatalf("%d wrong decisions; first: principal %d, %s on %s, want %s",
				bad, i/matrixCells, m.reqs[i%matrixCells].Action(), m.reqs[i%matrixCells].Resource(), m.want[i])
		}
	}
	decisions := float64(b.N) * float64(len(m.want))
	b.ReportMetric(decisions/b.Elapsed().Seconds(), "decisions/s")
	if cpu0 != 0 {
		// CPU time per decision, all workers together: on a shared machine,
		// workers/cpu-ns-per-decision estimates decisions/s with the cores
		// to ourselves.
		b.ReportMetric(float64(measure.ProcessCPU()-cpu0)/decisions, "cpu-ns/decision")
	}
	b.ReportMetric(float64(workers), "workers")
}

// BenchmarkPathological times inputs built to be slow, each at two sizes
// a tenfold step apart (see newPathoCase); ns/n is the time per unit of
// size (CPU time where it is measured), which stays flat when time grows
// linearly.
func BenchmarkPathological(b *testing.B) {
	for _, c := range pathoCases(b) {
		b.Run(c.name, func(b *testing.B) {
			perOp := benchEvaluate(b, c.evalCase)
			if perOp == 0 {
				perOp = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			}
			b.ReportMetric(perOp/float64(c.n), "ns/n")
		})
	}
}
