package simulator

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/eval"
)

// warmInput reads the input of benchmarks/testdata/simulate-1x1.json, the
// workload of BenchmarkSimulateCustomPolicy/1x1.
func warmInput(tb testing.TB) *SimulateCustomPolicyInput {
	tb.Helper()
	raw, err := os.ReadFile("../benchmarks/testdata/simulate-1x1.json")
	require.NoError(tb, err)
	var w struct{ Input SimulateCustomPolicyInput }
	require.NoError(tb, json.Unmarshal(raw, &w))
	return &w.Input
}

// pageSink keeps BenchmarkWarmParts/page's allocations reachable.
var pageSink *onePage

// BenchmarkWarmParts times the parts of a warm 1x1 simulation
// (benchmarks' BenchmarkSimulateCustomPolicy/1x1) one by one, each checked
// inside its loop. The parts that do not allocate vary less than the whole,
// which the garbage collector moves: measure a change to one part with its
// own figure first. Inside the loops the checks are plain conditions:
// require's calls would be timed with the part.
//
//   - validate: customRequest, from the API input to a request whose
//     documents, context and caller come from the caches.
//   - decide: the engine's EvaluateInto for the request's one pair.
//   - evaluate: evaluate for that pair, shaping its result into a reused
//     page (decide, the engine and request lookups, MissingContextValues
//     and the response's fields).
//   - page: allocating the response's page alone, the one allocation.
//   - simulate: simulate, the page and its evaluation.
//   - whole: SimulateCustomPolicy.
func BenchmarkWarmParts(b *testing.B) {
	in := warmInput(b)
	s := New()
	ctx := context.Background()
	for range 2 { // the second use puts the set in the caches
		_, err := s.SimulateCustomPolicy(ctx, in)
		require.NoError(b, err)
	}
	var req request
	require.Nil(b, s.customRequest(in, &req))
	require.NotNil(b, req.set, "the warm request's documents are not cached")
	require.NotNil(b, req.contexts, "the warm request's context is not cached")
	action, resource := req.actions[0], req.resources[0]
	res := getResult()
	defer putResult(res)
	allowed := func(b *testing.B, d string) {
		if d != DecisionAllowed {
			b.Fatalf("decision %q, want %q", d, DecisionAllowed)
		}
	}

	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r request
			if e := s.customRequest(in, &r); e != nil {
				b.Fatal(e)
			}
			if r.set != req.set {
				b.Fatal("validate did not find the cached set")
			}
		}
	})
	b.Run("decide", func(b *testing.B) {
		es := engines{set: req.set}
		engine, e := es.get(&req, engineKey{})
		require.Nil(b, e)
		r, e := es.target(&req, req.caller.arn, true, action, resource, "")
		require.Nil(b, e)
		b.ReportAllocs()
		for b.Loop() {
			engine.EvaluateInto(r, res)
			if res.Decision != eval.Allowed {
				b.Fatalf("decision %v, want allowed", res.Decision)
			}
		}
	})
	b.Run("evaluate", func(b *testing.B) {
		p := new(onePage)
		b.ReportAllocs()
		for b.Loop() {
			*p = onePage{}
			pb := pageBuilder{remaining: 1, resultBuf: p.rsr[:], stmtBuf: p.st[:], posBuf: p.pos[:]}
			es := engines{set: req.set}
			if e := s.evaluate(&req, &es, action, resource, res, &pb, &p.er[0]); e != nil {
				b.Fatal(e)
			}
			allowed(b, p.er[0].EvalDecision)
		}
	})
	b.Run("page", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pageSink = new(onePage)
		}
	})
	b.Run("simulate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := s.simulate(ctx, &req)
			if err != nil {
				b.Fatal(err)
			}
			allowed(b, out.EvaluationResults[0].EvalDecision)
		}
	})
	b.Run("whole", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := s.SimulateCustomPolicy(ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			allowed(b, out.EvaluationResults[0].EvalDecision)
		}
	})
}
