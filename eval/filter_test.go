package eval_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/eval"
)

// TestResourceFilter checks on generated policy sets and requests that the
// resource filter, which skips statements whose Resource patterns cannot
// match, changes nothing in a Result: decision, deciding statements, missing
// keys and per-type decisions.
func TestResourceFilter(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := 0; i < n; i++ {
		g := newGen(uint64(i) + 0x5eed)
		s := g.set()
		e, err := s.compile()
		require.NoErrorf(t, err, "case %d\n%s", i, s)
		plain := eval.WithoutResourceFilter(e)
		for j := 0; j < 8; j++ {
			q := g.req()
			r, err := q.build()
			require.NoErrorf(t, err, "case %d\n%s", i, q)
			want := plain.Evaluate(r)
			require.Equalf(t, want, e.Evaluate(r), "case %d: with the resource filter (actual) and without (expected)\nrequest: %s\n%s", i, q, s)
			require.Equalf(t, want.Decision, e.Decide(r), "case %d: Decide (actual), Evaluate without the filter (expected)\nrequest: %s\n%s", i, q, s)
		}
	}
}
