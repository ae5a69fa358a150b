package patterntest_test

import (
	"fmt"

	"github.com/iamsim/iamsim/internal/pattern"
	"github.com/iamsim/iamsim/internal/pattern/patterntest"
)

// A test matches the same pattern and text with the engine and with the
// reference, and fails where they disagree.
func Example() {
	for _, c := range []struct{ pattern, arn string }{
		{"arn:aws:s3:::reports/*", "arn:aws:s3:::reports/2024/q1.csv"},
		{"arn:aws:s3:::reports/*", "arn:aws:s3:::reports-old/q1.csv"},
		// A * in the account does not cross the colon after it...
		{"arn:aws:iam::*", "arn:aws:iam::123456789012:user/alice"},
		// ...one in the resource part crosses colons.
		{"arn:aws:logs:*:*:log-group:*", "arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:web"},
	} {
		want := patterntest.ARN(c.pattern, c.arn)
		p, err := pattern.CompileResource(c.pattern, false)
		if err != nil {
			panic(err)
		}
		got, _ := p.Match(nil, c.arn)
		fmt.Printf("%-5v agree=%v  %s  %s\n", want, got == want, c.pattern, c.arn)
	}

	// Glob matches a whole string; fold compares letters without case.
	items := patterntest.Items("s3:Get*", true)
	fmt.Println(patterntest.Glob(items, "s3:getobject", false), patterntest.Glob(items, "s3:getobject", true))
	// Output:
	// true  agree=true  arn:aws:s3:::reports/*  arn:aws:s3:::reports/2024/q1.csv
	// false agree=true  arn:aws:s3:::reports/*  arn:aws:s3:::reports-old/q1.csv
	// false agree=true  arn:aws:iam::*  arn:aws:iam::123456789012:user/alice
	// true  agree=true  arn:aws:logs:*:*:log-group:*  arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:web
	// false true
}
