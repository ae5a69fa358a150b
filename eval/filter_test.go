package eval_test

import (
	"reflect"
	"testing"

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
		if err != nil {
			t.Fatalf("case %d: %v\n%s", i, err, s)
		}
		plain := eval.WithoutResourceFilter(e)
		for j := 0; j < 8; j++ {
			q := g.req()
			r, err := q.build()
			if err != nil {
				t.Fatalf("case %d: %v\n%s", i, err, q)
			}
			got, want := e.Evaluate(r), plain.Evaluate(r)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("case %d: with the resource filter\n%+v\nwithout\n%+v\nrequest: %s\n%s", i, got, want, q, s)
			}
			if d := e.Decide(r); d != want.Decision {
				t.Fatalf("case %d: Decide %s, Evaluate without the filter %s\nrequest: %s\n%s", i, d, want.Decision, q, s)
			}
		}
	}
}
