package policy

import "testing"

// TestCheckConditionAllocs: checkCondition accepts a valid condition of
// every operator family but BinaryEquals (whose values are decoded)
// without allocating.
func TestCheckConditionAllocs(t *testing.T) {
	conds := []struct {
		op   string
		vals []string
	}{
		{"StringEquals", []string{"a", "${aws:username}", "${"}},
		{"ForAnyValue:StringLikeIfExists", []string{"home/${aws:username}/*", "x*"}},
		{"ArnLike", []string{"arn:aws:sns:*:${aws:PrincipalAccount}:*"}},
		{"NumericLessThanEquals", []string{"10", " 1.5e3 "}},
		{"DateGreaterThan", []string{"2024-01-01T00:00:00Z", "1700000000"}},
		{"Bool", []string{"true", "${aws:PrincipalTag/x}", "${*}${aws:y}"}},
		{"IpAddress", []string{"10.0.0.0/8", "192.168.1.1", "2001:db8::/32"}},
		{"NotIpAddressIfExists", []string{"203.0.113.0/24"}},
		{"Null", []string{"true"}},
	}
	// Not in parallel: AllocsPerRun counts the whole process's allocations.
	for _, c := range conds {
		t.Run(c.op, func(t *testing.T) {
			var err error
			if n := testing.AllocsPerRun(100, func() { err = checkCondition(c.op, "k", c.vals, true) }); n != 0 || err != nil {
				t.Errorf("checkCondition(%q) = %v with %v allocations, want nil and 0", c.vals, err, n)
			}
		})
	}
}
