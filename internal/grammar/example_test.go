package grammar_test

import (
	"fmt"
	"time"

	"github.com/iamsim/iamsim/internal/grammar"
)

// The typed values of condition operators, read as IAM reads them.
func Example() {
	// An IpAddress value without a prefix is one address; an IPv4-mapped
	// IPv6 range compares as IPv4.
	for _, s := range []string{"203.0.113.7", "::ffff:10.0.0.0/104"} {
		p, err := grammar.ParseCIDR(s)
		fmt.Println(p, err)
	}
	// Dates: ISO 8601 with or without a zone (UTC when absent), or epoch
	// seconds.
	for _, s := range []string{"2024-03-01T09:30+01:00", "2024-03-01", "1709285400"} {
		t, err := grammar.ParseDate(s)
		fmt.Println(t.Format(time.RFC3339), err)
	}
	_, err := grammar.ParseNumber("0x10")
	fmt.Println(err)
	// Output:
	// 203.0.113.7/32 <nil>
	// 10.0.0.0/8 <nil>
	// 2024-03-01T08:30:00Z <nil>
	// 2024-03-01T00:00:00Z <nil>
	// 2024-03-01T09:30:00Z <nil>
	// not a finite decimal number
}

// A policy variable with a default, read from just after its "${" as a
// pattern template reads it; HasVariable does not count the escape ${*}.
func ExampleScanVariable() {
	s := "home/${aws:PrincipalTag/team, 'shared'}/*"
	v, n, ok := grammar.ScanVariable(s[len("home/${"):])
	fmt.Printf("%q %q %v %d %v\n", v.Name, v.Default, v.HasDefault, n, ok)
	fmt.Println(grammar.HasVariable(s), grammar.HasVariable("literal ${*} star"))
	// Output:
	// "aws:PrincipalTag/team" "shared" true 32 true
	// true false
}
