package catalog

import (
	"strings"
	"testing"

	"github.com/iamsim/iamsim/internal/measure"
)

// The catalog's benchmarks sit beside it because the first one needs a
// catalog nothing has read yet, which only the package can make.
// benchmarks/README.md has the figures.

// BenchmarkFirstUse is what a process pays before its first answer: read
// the service index (what Default does once) and look up one action, which
// reads its service. Each iteration starts from a new catalog of the
// embedded data, nothing decoded.
func BenchmarkFirstUse(b *testing.B) {
	b.Run("action", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 := measure.ProcessCPU()
		for b.Loop() {
			c, err := load(dataFS())
			if err != nil {
				b.Fatal(err)
			}
			if a, ok := c.Action("s3:GetObject"); !ok || a.AccessLevel != Read {
				b.Fatalf("s3:GetObject: %v, %v", a, ok)
			}
		}
		b.ReportMetric(float64(measure.ProcessCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	})
	// The same, then the default document of the largest AWS managed
	// policy: the policy index and one policy file.
	b.Run("managed-policy", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 := measure.ProcessCPU()
		for b.Loop() {
			c, err := load(dataFS())
			if err != nil {
				b.Fatal(err)
			}
			p, ok := c.ManagedPolicy("ReadOnlyAccess")
			if !ok || !strings.Contains(p.Document(), `"s3:Get*"`) {
				b.Fatal("ReadOnlyAccess: no document granting s3:Get*")
			}
		}
		b.ReportMetric(float64(measure.ProcessCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	})
}

// BenchmarkAction looks up actions of services already read, in several
// spellings and one unknown name.
func BenchmarkAction(b *testing.B) {
	c := Default()
	for _, tc := range []struct {
		name, action string
		found        bool
	}{
		{"exact", "s3:GetObject", true},
		{"other-case", "S3:getobject", true},
		{"unknown", "s3:GetObjekt", false},
	} {
		c.Action(tc.action)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if a, ok := c.Action(tc.action); ok != tc.found || ok && a.Name != "GetObject" {
					b.Fatalf("Action(%q) = %v, %v", tc.action, a, ok)
				}
			}
		})
	}
}

// BenchmarkExpandAction expands patterns over services already read.
func BenchmarkExpandAction(b *testing.B) {
	c := Default()
	for _, tc := range []struct {
		pattern string
		want    int
	}{
		{"s3:Get*", 0},
		{"iam:*Policy", 0},
		{"*:Get*", 0},
	} {
		all, err := c.ExpandAction(tc.pattern)
		if err != nil {
			b.Fatal(err)
		}
		// The expected count is the data's, checked by TestExpandCounts;
		// here every iteration must find as many.
		tc.want = len(all)
		b.Run(tc.pattern, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				got, err := c.ExpandAction(tc.pattern)
				if err != nil || len(got) != tc.want || got[0] != all[0] {
					b.Fatalf("ExpandAction(%q): %d actions, %v", tc.pattern, len(got), err)
				}
			}
		})
	}
}
