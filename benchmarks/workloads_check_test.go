package benchmarks

import (
	"testing"

	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/internal/measure"
)

// TestWorkloads builds every workload once and checks the engine's answers
// against the oracle's, so that `go test ./...` exercises the generators and
// a benchmark can only time a correct evaluation.
func TestWorkloads(t *testing.T) {
	t.Parallel()
	t.Run("typical", func(t *testing.T) {
		t.Parallel()
		c := typicalCase(t)
		if err := c.check(); err != nil {
			t.Fatal(err)
		}
		if c.want.decision != eval.Allowed || len(c.want.matched) != 3 {
			t.Fatalf("the typical request should be allowed by three statements, oracle says %+v", c.want)
		}
		identity, conds := 0, 0
		for _, p := range c.model {
			if p.id == "TeamBoundary" {
				continue
			}
			identity++
			for _, s := range p.stmts {
				if len(s.conds) > 0 {
					conds++
				}
			}
		}
		if identity != 5 || c.stmts-2 != 40 || conds < 12 || conds > 15 {
			t.Fatalf("typical: %d identity policies, %d statements (%d with conditions); want 5, 40, about a third", identity, c.stmts-2, conds)
		}
	})
	t.Run("large", func(t *testing.T) {
		t.Parallel()
		c := largeCase(t)
		if err := c.check(); err != nil {
			t.Fatal(err)
		}
		identity, stmts := 0, 0
		for _, d := range c.docs {
			if d.id != "TeamBoundary" {
				identity++
				stmts += len(d.doc.Statements)
			}
		}
		if identity != largePolicies || stmts != largeStatements {
			t.Fatalf("large: %d policies, %d statements; want %d, %d", identity, stmts, largePolicies, largeStatements)
		}
		if c.want.decision != eval.Allowed {
			t.Fatalf("large: oracle says %s, want allowed", c.want.decision)
		}
	})
	t.Run("sweep", func(t *testing.T) {
		t.Parallel()
		for _, c := range sweepCases(t) {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				if err := c.check(); err != nil {
					t.Error(err)
				}
				if c.want.decision != eval.Allowed || len(c.want.matched) != 1 {
					t.Errorf("oracle says %+v, want allowed by one statement", c.want)
				}
			})
		}
	})
	t.Run("pathological", func(t *testing.T) {
		t.Parallel()
		for _, c := range pathoCases(t) {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				if err := c.check(); err != nil {
					t.Error(err)
				}
			})
		}
	})
	t.Run("matrix", func(t *testing.T) {
		t.Parallel()
		m := matrixCase(t)
		if len(m.engines) != matrixPrincipals || len(m.reqs) != matrixActions*matrixResources {
			t.Fatalf("matrix: %d principals, %d requests", len(m.engines), len(m.reqs))
		}
		for d, n := range m.counts {
			if n < len(m.want)/100 {
				t.Errorf("matrix: only %d of %d decisions are %s; the grid should mix all three", n, len(m.want), eval.Decision(d))
			}
		}
		t.Logf("matrix decisions: %d allowed, %d explicitDeny, %d implicitDeny", m.counts[eval.Allowed], m.counts[eval.ExplicitDeny], m.counts[eval.ImplicitDeny])
		stride := 1
		if measure.Race || testing.Short() {
			stride = 10
		}
		if bad, i := m.run(2, stride); bad > 0 {
			p, c := i/matrixCells, i%matrixCells
			t.Fatalf("matrix: %d wrong decisions; first: principal %d, %s on %s: got %s, want %s",
				bad, p, m.reqs[c].Action(), m.reqs[c].Resource(), m.engines[p].Decide(m.reqs[c]), m.want[i])
		}
	})
}
