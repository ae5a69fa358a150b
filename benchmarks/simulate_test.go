package benchmarks

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/internal/measure"
	"github.com/iamsim/iamsim/policy"
	"github.com/iamsim/iamsim/simulator"
)

var update = flag.Bool("update", false, "rewrite testdata/simulate-*.json from the generators")

// simWorkload is a SimulateCustomPolicy request with the decision expected
// for each of its results, in the API's order (action-major). It is stored
// in testdata/simulate-NAME.json for the peer comparison in compare/.
type simWorkload struct {
	Name  string                              `json:"Name"`
	Note  string                              `json:"Note"`
	Input simulator.SimulateCustomPolicyInput `json:"Input"`
	// Expected holds the decision of each result, action-major (the
	// results of ActionNames[0] on each of ResourceArns, then
	// ActionNames[1], ...), as the API orders them.
	Expected []string `json:"Expected"`
	// ColdMarker is text that occurs once in every document of
	// PolicyInputList (in a Sid); the cold benchmarks overwrite its digits
	// with a counter so that each iteration's documents are new.
	ColdMarker string `json:"ColdMarker"`
}

const coldMarker = "Bench00000000"

// simContext is the request context of the simulate workloads: stdContext
// without aws:TagKeys (a key of tagging requests only, which a simulator
// that checks keys per action may drop), with the caller's team tag as a
// context key (SimulateCustomPolicy has no principal tags of its own).
func simContext() []simulator.ContextEntry {
	return []simulator.ContextEntry{
		{ContextKeyName: "aws:SourceIp", ContextKeyValues: list("10.1.2.3"), ContextKeyType: "ip"},
		{ContextKeyName: "aws:SecureTransport", ContextKeyValues: list("true"), ContextKeyType: "boolean"},
		{ContextKeyName: "aws:MultiFactorAuthPresent", ContextKeyValues: list("true"), ContextKeyType: "boolean"},
		{ContextKeyName: "aws:CurrentTime", ContextKeyValues: list("2025-06-01T12:00:00Z"), ContextKeyType: "date"},
		{ContextKeyName: "aws:RequestedRegion", ContextKeyValues: list("us-east-1"), ContextKeyType: "string"},
		{ContextKeyName: "aws:PrincipalTag/team", ContextKeyValues: list("analytics"), ContextKeyType: "string"},
	}
}

// simCondMenu is condMenu's part that holds the same under simContext.
var simCondMenu = []mcond{
	{"IpAddress", "aws:SourceIp", list("10.0.0.0/8"), true},
	{"IpAddress", "aws:SourceIp", list("192.0.2.0/24"), false},
	{"Bool", "aws:SecureTransport", list("true"), true},
	{"Bool", "aws:MultiFactorAuthPresent", list("false"), false},
	{"BoolIfExists", "aws:MultiFactorAuthPresent", list("true"), true},
	{"StringEquals", "aws:RequestedRegion", list("us-east-1", "us-west-2"), true},
	{"StringNotEquals", "aws:RequestedRegion", list("us-east-1"), false},
	{"StringLike", "aws:PrincipalTag/team", list("analytics*"), true},
	{"StringLike", "aws:PrincipalTag/team", list("ops-*"), false},
	{"DateGreaterThan", "aws:CurrentTime", list("2024-01-01T00:00:00Z"), true},
	{"DateLessThan", "aws:CurrentTime", list("2020-01-01T00:00:00Z"), false},
}

// The 1x1 workload's policy.
const sim1x1Policy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "` + coldMarker + `",
      "Effect": "Allow",
      "Action": "s3:Get*",
      "Resource": "arn:aws:s3:::mybucket/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}
    },
    {
      "Effect": "Deny",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::mybucket/secret/*"
    }
  ]
}`

func sim1x1() *simWorkload {
	caller := callerARN
	return &simWorkload{
		Name: "1x1",
		Note: "one identity policy (Allow s3:Get* with IpAddress, Deny s3:GetObject on secret/*), one action, one resource",
		Input: simulator.SimulateCustomPolicyInput{
			PolicyInputList: list(sim1x1Policy),
			ActionNames:     list("s3:GetObject"),
			ResourceArns:    list("arn:aws:s3:::mybucket/key.txt"),
			CallerArn:       &caller,
			ContextEntries:  []simulator.ContextEntry{{ContextKeyName: "aws:SourceIp", ContextKeyValues: list("10.0.0.5"), ContextKeyType: "ip"}},
		},
		Expected:   list(simulator.DecisionAllowed),
		ColdMarker: coldMarker,
	}
}

// simActions are 50 DynamoDB actions whose only resource type, or one of
// whose types, is a table, so that each applies to each table ARN
// (Service Authorization Reference, Amazon DynamoDB).
var simActions = strings.Fields(`AssociateTableReplica CreateTableReplica DeleteTableReplica ReplicateSettings
RestoreTableFromAwsBackup StartAwsBackupJob BatchGetItem BatchWriteItem ConditionCheckItem CreateBackup
CreateTable DeleteItem DeleteResourcePolicy DeleteTable DescribeContinuousBackups DescribeContributorInsights
DescribeKinesisStreamingDestination DescribeTable DescribeTableReplicaAutoScaling DescribeTimeToLive
DisableKinesisStreamingDestination EnableKinesisStreamingDestination ExportTableToPointInTime GetItem
GetResourcePolicy ImportTable ListExports ListImports ListTagsOfResource PartiQLDelete PartiQLInsert
PartiQLSelect PartiQLUpdate PutItem PutResourcePolicy Query RestoreTableFromBackup RestoreTableToPointInTime
Scan TagResource UntagResource UpdateContinuousBackups UpdateContributorInsights UpdateItem
UpdateKinesisStreamingDestination UpdateTable UpdateTableReplicaAutoScaling UpdateTimeToLive
CreateGlobalTable UpdateGlobalTable`)

func simTable(i int) string {
	team := "orders"
	if i >= 10 {
		team = "analytics"
	}
	return arn("dynamodb", fmt.Sprintf("table/%s-%02d", team, i%10+1))
}

// sim10x50x20Model is ten identity policies of six statements about
// DynamoDB: exact actions and Verb* patterns; "*", table ARNs
// and table-name patterns; a condition on four in ten; one in six a
// narrow Deny (a few actions on a few tables).
func sim10x50x20Model() []mpolicy {
	rng := rand.New(rand.NewPCG(5, 6))
	verbs := strings.Fields("Get Describe List Update Delete PartiQL Batch Restore Put Create")
	ps := make([]mpolicy, 10)
	for i := range ps {
		ps[i] = mpolicy{id: fmt.Sprintf("PolicyInputList.%d", i+1), kind: policy.KindIdentity}
		for j := range 6 {
			s := mstmt{sid: fmt.Sprintf("P%dS%d", i+1, j+1), effect: policy.Allow}
			if j == 0 {
				s.sid = coldMarker
			}
			if rng.IntN(6) == 0 {
				// Denies are narrow: a few actions on a few tables.
				s.effect = policy.Deny
				for range 1 + rng.IntN(3) {
					s.actions = append(s.actions, "dynamodb:"+simActions[rng.IntN(len(simActions))])
				}
				for range 1 + rng.IntN(4) {
					s.resources = append(s.resources, simTable(rng.IntN(20)))
				}
			} else {
				switch r := rng.IntN(20); {
				case r < 5:
					s.actions = list("dynamodb:" + verbs[rng.IntN(len(verbs))] + "*")
				default:
					for range 1 + rng.IntN(4) {
						s.actions = append(s.actions, "dynamodb:"+simActions[rng.IntN(len(simActions))])
					}
				}
				switch r := rng.IntN(20); {
				case r < 1:
					s.resources = list("*")
				case r < 12:
					for range 1 + rng.IntN(3) {
						s.resources = append(s.resources, simTable(rng.IntN(20)))
					}
				default:
					s.resources = list(arn("dynamodb", []string{"table/orders-*", "table/analytics-*", "table/orders-0*", "table/*-1*"}[rng.IntN(4)]))
				}
			}
			if rng.IntN(10) < 4 {
				s.conds = []mcond{simCondMenu[rng.IntN(len(simCondMenu))]}
			}
			ps[i].stmts = append(ps[i].stmts, s)
		}
	}
	return ps
}

func sim10x50x20() *simWorkload {
	model := sim10x50x20Model()
	caller := callerARN
	maxItems := int32(1000)
	w := &simWorkload{
		Name: "10x50x20",
		Note: "ten identity policies (60 statements), 50 DynamoDB actions × 20 tables = 1,000 results in one response (MaxItems 1000)",
		Input: simulator.SimulateCustomPolicyInput{
			CallerArn:      &caller,
			ContextEntries: simContext(),
			MaxItems:       &maxItems,
		},
		ColdMarker: coldMarker,
	}
	for i := range model {
		w.Input.PolicyInputList = append(w.Input.PolicyInputList, string(model[i].render()))
	}
	for _, a := range simActions {
		w.Input.ActionNames = append(w.Input.ActionNames, "dynamodb:"+a)
	}
	for i := range 20 {
		w.Input.ResourceArns = append(w.Input.ResourceArns, simTable(i))
	}
	for _, a := range w.Input.ActionNames {
		for _, r := range w.Input.ResourceArns {
			w.Expected = append(w.Expected, decisionName(oracle(model, a, r).decision))
		}
	}
	return w
}

func decisionName(d eval.Decision) string {
	switch d {
	case eval.Allowed:
		return simulator.DecisionAllowed
	case eval.ExplicitDeny:
		return simulator.DecisionExplicitDeny
	}
	return simulator.DecisionImplicitDeny
}

var simWorkloads = cachedList(func(testing.TB) []*simWorkload { return []*simWorkload{sim1x1(), sim10x50x20()} })

// check compares a response with the expected decisions.
func (w *simWorkload) check(out *simulator.SimulatePolicyResponse) error {
	if len(out.EvaluationResults) != len(w.Expected) || out.IsTruncated {
		return fmt.Errorf("%s: %d results (truncated %v), want %d", w.Name, len(out.EvaluationResults), out.IsTruncated, len(w.Expected))
	}
	nr := len(w.Input.ResourceArns)
	for i := range out.EvaluationResults {
		r := &out.EvaluationResults[i]
		action, resource := w.Input.ActionNames[i/nr], w.Input.ResourceArns[i%nr]
		if r.EvalDecision != w.Expected[i] || r.EvalActionName != action || r.EvalResourceName != resource {
			return fmt.Errorf("%s: result %d is %s on %s: %s; want %s on %s: %s", w.Name, i, r.EvalActionName, r.EvalResourceName, r.EvalDecision, action, resource, w.Expected[i])
		}
	}
	return nil
}

func (w *simWorkload) path() string { return filepath.Join("testdata", "simulate-"+w.Name+".json") }

func (w *simWorkload) marshal() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(w); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// coldInput returns a copy of the workload's input whose documents are
// rewritten by next.
type coldInput struct {
	in   simulator.SimulateCustomPolicyInput
	docs [][]byte
	offs []int
	n    uint64
}

func newColdInput(tb testing.TB, w *simWorkload) *coldInput {
	c := &coldInput{in: w.Input}
	c.in.PolicyInputList = append([]string(nil), w.Input.PolicyInputList...)
	for _, d := range w.Input.PolicyInputList {
		off := strings.Index(d, w.ColdMarker)
		if off < 0 || strings.Count(d, w.ColdMarker) != 1 {
			tb.Fatalf("%s: the cold marker must occur once in every document", w.Name)
		}
		c.docs = append(c.docs, []byte(d))
		c.offs = append(c.offs, off+len(w.ColdMarker)-8)
	}
	return c
}

// next makes every document new: the marker's eight digits become the next
// counter value. It costs one string per document.
func (c *coldInput) next() *simulator.SimulateCustomPolicyInput {
	c.n++
	for i, d := range c.docs {
		v := c.n
		for k := c.offs[i] + 7; k >= c.offs[i]; k-- {
			d[k] = byte('0' + v%10)
			v /= 10
		}
		c.in.PolicyInputList[i] = string(d)
	}
	return &c.in
}

// TestSimulateWorkloads runs each simulate workload once through the
// Simulator and checks its decisions, and checks that testdata holds the
// generators' current output (go test -run TestSimulateWorkloads -update
// rewrites it).
func TestSimulateWorkloads(t *testing.T) {
	t.Parallel()
	sim := simulator.New()
	for _, w := range simWorkloads(t) {
		t.Run(w.Name, func(t *testing.T) {
			t.Parallel()
			out, err := sim.SimulateCustomPolicy(context.Background(), &w.Input)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.check(out); err != nil {
				t.Fatal(err)
			}
			cold := newColdInput(t, w)
			out, err = sim.SimulateCustomPolicy(context.Background(), cold.next())
			if err != nil {
				t.Fatalf("cold: %v", err)
			}
			if err := w.check(out); err != nil {
				t.Fatalf("cold: %v", err)
			}
			counts := map[string]int{}
			for _, d := range w.Expected {
				counts[d]++
			}
			if w.Name == "10x50x20" {
				for _, d := range []string{simulator.DecisionAllowed, simulator.DecisionExplicitDeny, simulator.DecisionImplicitDeny} {
					if counts[d] < len(w.Expected)/50 {
						t.Errorf("%d %s results of %d; the workload should mix the three decisions", counts[d], d, len(w.Expected))
					}
				}
			}
			t.Logf("%v", counts)

			data := w.marshal()
			if *update {
				if err := os.WriteFile(w.path(), data, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			stored, err := os.ReadFile(w.path())
			if err != nil || !bytes.Equal(stored, data) {
				t.Errorf("%s is not the generators' output (run go test ./benchmarks -run TestSimulateWorkloads -update): %v", w.path(), err)
			}
		})
	}
}

// BenchmarkSimulateCustomPolicy times SimulateCustomPolicy end to end, from
// the API input struct to the response (validation, parse through the
// Simulator's document cache, compile, one evaluation per action ×
// resource, building the results), and checks every result's decision:
//
//   - 1x1: one policy, one action, one resource; the same document text each
//     iteration, so the compiled policy set comes from the cache (warm).
//   - 1x1-cold: the document's Sid changes each iteration, so it is parsed
//     and compiled (and the cache updated) every time.
//   - 10x50x20: ten policies, 50 actions × 20 resources, 1,000 results, each
//     iteration with new document texts (cold).
//   - 10x50x20-warm: the same with the same texts each iteration.
//
// The Simulator caches compiled policy sets keyed by their document texts
// (and validated context entries), so warm iterations skip parsing and
// compiling.
func BenchmarkSimulateCustomPolicy(b *testing.B) {
	ws := simWorkloads(b)
	for _, tc := range []struct {
		name string
		w    *simWorkload
		cold bool
	}{
		{"1x1", ws[0], false},
		{"1x1-cold", ws[0], true},
		{"10x50x20", ws[1], true},
		{"10x50x20-warm", ws[1], false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			sim := simulator.New()
			ctx := context.Background()
			cold := newColdInput(b, tc.w)
			in := &tc.w.Input
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if tc.cold {
					in = cold.next()
				}
				out, err := sim.SimulateCustomPolicy(ctx, in)
				if err != nil {
					b.Fatal(err)
				}
				if err := tc.w.check(out); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
	}
}

// responseSink keeps BenchmarkResponseFloor's responses reachable, as a
// caller keeps the responses it is given.
var responseSink *simulator.SimulatePolicyResponse

// floorPage is the one allocation of a warm 1x1 simulation: one response,
// one EvaluationResult with its ResourceSpecificResult, one matched
// statement and its two positions (TestResponseFloorMatches checks that
// the simulator allocates as much).
type floorPage struct {
	resp simulator.SimulatePolicyResponse
	er   [1]simulator.EvaluationResult
	rsr  [1]simulator.ResourceSpecificResult
	st   [1]simulator.Statement
	pos  [2]simulator.Position
}

// newFloorResponse allocates and fills a floorPage as the warm 1x1's
// response is filled.
func newFloorResponse(action, resource string) *simulator.SimulatePolicyResponse {
	p := new(floorPage)
	p.pos[0] = simulator.Position{Line: 3, Column: 5}
	p.pos[1] = simulator.Position{Line: 9, Column: 6}
	p.st[0] = simulator.Statement{SourcePolicyId: "PolicyInputList.1", SourcePolicyType: simulator.PolicyTypeIAM,
		StartPosition: &p.pos[0], EndPosition: &p.pos[1]}
	p.rsr[0] = simulator.ResourceSpecificResult{EvalResourceName: resource, EvalResourceDecision: simulator.DecisionAllowed,
		MatchedStatements: p.st[:], MissingContextValues: []string{}}
	p.er[0] = simulator.EvaluationResult{EvalActionName: action, EvalResourceName: resource, EvalDecision: simulator.DecisionAllowed,
		MatchedStatements: p.st[:], MissingContextValues: []string{}, ResourceSpecificResults: p.rsr[:]}
	p.resp.EvaluationResults = p.er[:]
	return &p.resp
}

// TestResponseFloorMatches checks that BenchmarkResponseFloor measures
// what the warm 1x1 simulation allocates: one allocation each, of the same
// size, so the floor follows the simulator's response layout.
// It runs alone, without t.Parallel: it counts allocations.
func TestResponseFloorMatches(t *testing.T) {
	if measure.Race {
		// Under -race sync.Pool drops some of what it is given, so the
		// simulator's pooled eval.Result is sometimes allocated anew.
		// .ci/run runs this test without -race.
		t.Skip("allocation counts differ under -race")
	}
	w := simWorkloads(t)[0]
	sim := simulator.New()
	ctx := context.Background()
	simulate := func() {
		out, err := sim.SimulateCustomPolicy(ctx, &w.Input)
		if err != nil {
			t.Fatal(err)
		}
		responseSink = out
	}
	floor := func() { responseSink = newFloorResponse(w.Input.ActionNames[0], w.Input.ResourceArns[0]) }
	simulate() // fills the caches
	const n = 2000
	perOp := func(f func()) (allocs float64, bytes int64) {
		allocs = testing.AllocsPerRun(n, f)
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		for range n {
			f()
		}
		runtime.ReadMemStats(&m1)
		return allocs, int64(m1.TotalAlloc-m0.TotalAlloc) / n
	}
	sa, sb := perOp(simulate)
	fa, fb := perOp(floor)
	// Size classes around 352 bytes are 32 apart; the tolerance absorbs
	// what the test binary's other goroutines allocate meanwhile.
	if sa != 1 || fa != 1 || max(sb-fb, fb-sb) >= 16 {
		t.Fatalf("warm 1x1 simulation: %v allocs, %d B per op; floor: %v allocs, %d B per op: update floorPage", sa, sb, fa, fb)
	}
}

// BenchmarkResponseFloor allocates and fills what the warm 1x1 simulation
// returns, and nothing else (newFloorResponse, one allocation). The caller
// owns the response, so every simulation allocates it: this is the floor
// under BenchmarkSimulateCustomPolicy/1x1 on the machine at hand, where
// allocation and the garbage collection it brings can cost as much as
// deciding the request. Its sys-ns/op is the kernel time those collections
// take per response.
func BenchmarkResponseFloor(b *testing.B) {
	w := simWorkloads(b)[0]
	action, resource := w.Input.ActionNames[0], w.Input.ResourceArns[0]
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		responseSink = newFloorResponse(action, resource)
	}
	cpu.report(b)
}
