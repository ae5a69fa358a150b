package benchmarks

import (
	"fmt"
	"testing"
)

// exampleTB lets an example call the workload builders, which take a
// testing.TB; a failure panics, which fails the example.
type exampleTB struct{ testing.TB }

func (exampleTB) Helper()                   {}
func (exampleTB) Fatal(args ...any)         { panic(fmt.Sprint(args...)) }
func (exampleTB) Fatalf(f string, a ...any) { panic(fmt.Sprintf(f, a...)) }

// A workload is a compiled policy set and a request with the oracle's
// answer; a benchmark evaluates the request in its loop and checks the
// engine's answer against the oracle's.
func Example() {
	c := typicalCase(exampleTB{})
	fmt.Printf("%s: %d policies, %d statements\n", c.name, len(c.docs), c.stmts)
	fmt.Println(typicalAction, typicalResource)

	res := c.engine.Evaluate(c.req)
	fmt.Println("oracle:", c.want.decision, "engine:", res.Decision)
	for _, m := range res.Matched {
		fmt.Println("  matched", m.PolicyID, m.Sid)
	}
	fmt.Println("check:", c.check())
	// Output:
	// typical: 6 policies, 42 statements
	// s3:GetObject arn:aws:s3:::team-data/reports/2024/q1.csv
	// oracle: allowed engine: allowed
	//   matched TeamS3 S3ReadTeamData
	//   matched DataServices S3ReportsByDate
	//   matched TeamBoundary BoundaryServices
	// check: <nil>
}
