package simulator

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/iamsim/iamsim/internal/measure"
	"github.com/stretchr/testify/require"
)

// liveHeap returns the live heap after a collection.
func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// wildDoc is a distinct document of about 125 KB whose compiled engine is
// among the largest per byte of text: a list of wildcard action patterns.
func wildDoc(i int) string {
	return measure.Fill(limitsHead+`{"Effect":"Allow","Resource":"*","Action":[`, fmt.Sprintf(`"*:*a%d*b*"`, i), ",", "]}}", 125000)
}

// Many large distinct documents, each simulated twice (which caches its
// set), leave the caches within their byte budget, and the live heap with
// them; documents used again are still found in the cache.
func TestCacheBytesBound(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles 160 documents of 125 KB")
	}
	n, budget := 80, int64(DefaultCacheBytes)
	s := New()
	if measure.Race {
		n, budget = 20, 64<<20
		s = New(WithCacheBytes(budget))
	}
	docs := make([]string, n)
	for i := range docs {
		docs[i] = wildDoc(i)
	}
	base := liveHeap()
	simulate := func(doc string) {
		t.Helper()
		in := &SimulateCustomPolicyInput{PolicyInputList: []string{doc}, ActionNames: []string{"s3:GetObject"}}
		out, err := s.SimulateCustomPolicy(context.Background(), in)
		require.NoError(t, err)
		require.Equal(t, "implicitDeny", string(out.EvaluationResults[0].EvalDecision))
	}
	for _, d := range docs {
		simulate(d)
		simulate(d)
	}
	held := liveHeap() - base
	t.Logf("%d sets of %d KB documents: %d cached, %d MB estimated, live heap +%d MB (budget %d MB)",
		n, len(docs[0])>>10, s.sets.len(), s.sets.lru.cachedBytes()>>20, held>>20, budget>>20)
	require.LessOrEqual(t, s.sets.lru.cachedBytes(), budget)
	require.Less(t, held, budget, "the caches hold more than their budget")
	require.Less(t, s.sets.len(), n, "some sets made way")

	// The most recent sets are still cached: using one again adds nothing.
	last := docs[n-1]
	before := s.sets.len()
	simulate(last)
	key := setKey{identity: []string{last}}
	got, _ := s.sets.get(&key)
	require.NotNil(t, got)
	require.Equal(t, before, s.sets.len())
	runtime.KeepAlive(docs)
}
