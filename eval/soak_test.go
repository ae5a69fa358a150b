package eval_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/internal/measure"
	"github.com/iamsim/iamsim/policy"
	"github.com/iamsim/iamsim/simulator"
)

var soakDuration = flag.Duration("soak.duration", 0, "how long TestSoak runs (default 15s, 6s under -race)")

// soakDoc is a policy document and the kind it is parsed as.
type soakDoc struct {
	kind policy.Kind
	text string
}

// soakDocs returns the valid documents of policy/testdata/valid, some
// hand-written ones, and invalid ones: malformed JSON, grammar errors, bad
// condition values, oversized and over-nested documents.
func soakDocs(t *testing.T) (valid, invalid []soakDoc) {
	files, err := filepath.Glob("../policy/testdata/valid/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files, "no policy/testdata/valid documents")
	kinds := map[string]policy.Kind{}
	for k := policy.KindIdentity; k <= policy.KindRCP; k++ {
		kinds[k.String()] = k
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		prefix, _, _ := strings.Cut(filepath.Base(f), "_")
		k, ok := kinds[prefix]
		require.Truef(t, ok, "%s: no kind %q", f, prefix)
		valid = append(valid, soakDoc{k, string(b)})
	}
	id := policy.KindIdentity
	valid = append(valid,
		soakDoc{id, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["arn:aws:s3:::bucket","arn:aws:s3:::bucket/${aws:username}/*"]},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`},
		soakDoc{id, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}}`},
		soakDoc{id, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]},"StringEqualsIfExists":{"aws:RequestTag/env":"dev"}}}}`},
		soakDoc{id, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`},
	)
	// A large document (about 40 kB): its damaged copies are distinct
	// documents, so the simulator's cache keeps turning over.
	var big strings.Builder
	big.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := range 300 {
		if i > 0 {
			big.WriteByte(',')
		}
		fmt.Fprintf(&big, `{"Sid":"S%d","Effect":"Allow","Action":["s3:Get*","s3:Put%d"],"Resource":"arn:aws:s3:::bucket%d/*","Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*","p%d"]}}}`, i, i, i, i)
	}
	big.WriteString(`]}`)
	valid = append(valid, soakDoc{id, big.String()})
	invalid = []soakDoc{
		{id, ``},
		{id, `{`},
		{id, `{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"*","Resource":"*"}}`},
		{id, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*"}}`},
		{id, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"ten"}}}}`},
		{id, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"300.0.0.1"}}}}`},
		{id, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Principal":"*"}}`},
		{id, `{"Version":"2012-10-17","Statement":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`},
		{id, `{"Version":"2012-10-17","Statement":{"Sid":"` + strings.Repeat("a", policy.MaxDocumentChars) + `","Effect":"Allow","Action":"*","Resource":"*"}}`},
		{id, "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"\x01\"}}"},
	}
	return valid, invalid
}

// soakMutate returns doc damaged at random: truncated, a byte changed, a
// span repeated; the result may or may not parse.
func soakMutate(r *rand.Rand, doc string) string {
	if doc == "" {
		return doc
	}
	switch i := r.IntN(len(doc)); r.IntN(4) {
	case 0:
		return doc[:i]
	case 1:
		const junk = " {}[]\":,*?$aZ0\\"
		return doc[:i] + junk[r.IntN(len(junk)):][:1] + doc[i+1:]
	case 2:
		j := min(len(doc), i+1+r.IntN(40))
		return doc[:j] + doc[i:]
	default:
		return strings.ReplaceAll(doc, `"Allow"`, `"Deny"`)
	}
}

var (
	soakActions   = []string{"s3:GetObject", "s3:ListBucket", "s3:DeleteObject", "iam:CreateUser", "ec2:RunInstances", "sts:AssumeRole", "kms:Decrypt", "S3:getobject"}
	soakResources = []string{"*", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket/alice/key", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", "arn:aws:iam::111122223333:role/r"}
	soakEntries   = [][]iamctx.Entry{
		nil,
		{{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{"10.1.2.3"}}, {Key: "aws:MultiFactorAuthPresent", Type: iamctx.TypeBoolean, Values: []string{"true"}}},
		{{Key: "aws:TagKeys", Type: iamctx.TypeStringList, Values: []string{"env", "team"}}, {Key: "aws:RequestTag/env", Type: iamctx.TypeString, Values: []string{"dev"}}},
		{{Key: "aws:CurrentTime", Type: iamctx.TypeDate, Values: []string{"2024-06-01T00:00:00Z"}}},
		{{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{"not-an-ip"}}},  // invalid
		{{Key: "s3:max-keys", Type: iamctx.TypeNumeric, Values: []string{"1", "2"}}}, // invalid: two values for a scalar
	}
)

// soakReference is the fixed request whose result must not change while
// the soak runs.
type soakReference struct {
	engine *eval.Engine
	req    *iamctx.Request
	want   eval.Result
	sim    *simulator.SimulateCustomPolicyInput
	simOut string
}

func newSoakReference(t *testing.T, sim *simulator.Simulator) *soakReference {
	doc := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"Home","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},` +
		`{"Sid":"Tags","Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"platform"}}},` +
		`{"Sid":"NoDelete","Effect":"Deny","Action":"s3:Delete*","Resource":"*"}]}`
	p, err := policy.Parse([]byte(doc))
	require.NoError(t, err)
	e, err := eval.Compile(eval.PolicySet{Identity: []eval.Policy{{ID: "reference", Document: p}}})
	require.NoError(t, err)
	req, err := iamctx.New(iamctx.Input{
		Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/alice/notes.txt",
		Principal: "arn:aws:iam::111122223333:user/alice",
		Context:   []iamctx.Entry{{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{"10.9.8.7"}}},
	})
	require.NoError(t, err)
	ref := &soakReference{engine: e, req: req, want: e.Evaluate(req)}
	require.Equal(t, eval.Allowed, ref.want.Decision, "reference result: %+v", ref.want)
	require.Len(t, ref.want.Matched, 1, "reference result: %+v", ref.want)
	require.Len(t, ref.want.Missing, 1, "reference result: %+v", ref.want)
	caller := "arn:aws:iam::111122223333:user/alice"
	ref.sim = &simulator.SimulateCustomPolicyInput{
		PolicyInputList: []string{doc},
		ActionNames:     []string{"s3:GetObject", "s3:DeleteObject", "s3:ListBucket"},
		ResourceArns:    []string{"arn:aws:s3:::bucket/alice/notes.txt", "*"},
		CallerArn:       &caller,
		ContextEntries: []simulator.ContextEntry{
			{ContextKeyName: "aws:SourceIp", ContextKeyValues: []string{"10.9.8.7"}, ContextKeyType: "ip"},
		},
	}
	out, err := sim.SimulateCustomPolicy(context.Background(), ref.sim)
	require.NoError(t, err)
	b, err := json.Marshal(out)
	require.NoError(t, err)
	ref.simOut = string(b)
	return ref
}

// check evaluates the reference request on the shared engine, on a freshly
// compiled one and through the simulator, and reports any difference from
// the first result.
func (ref *soakReference) check(sim *simulator.Simulator) error {
	if got := ref.engine.Evaluate(ref.req); !reflect.DeepEqual(got, ref.want) {
		return fmt.Errorf("reference result changed:\n got %+v\nwant %+v", got, ref.want)
	}
	out, err := sim.SimulateCustomPolicy(context.Background(), ref.sim)
	if err != nil {
		return fmt.Errorf("reference simulation: %v", err)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	if got := string(b); got != ref.simOut {
		return fmt.Errorf("reference simulation changed:\n got %s\nwant %s", got, ref.simOut)
	}
	return nil
}

// TestSoak runs goroutines that push a mix of valid, invalid and damaged
// documents and requests through policy.ParseKind → eval.Compile →
// Engine.Evaluate and through simulator.SimulateCustomPolicy (one shared
// Simulator, so its cache churns), for a bounded time. It checks that every
// failure is a typed error, that a fixed reference request keeps its result
// throughout, and that the heap does not grow: the live heap after the run
// (and a GC) is within 50 MB of the live heap after a warm-up.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak test")
	}
	duration := 15 * time.Second
	if measure.Race {
		duration = 6 * time.Second
	}
	if *soakDuration > 0 {
		duration = *soakDuration
	}
	valid, invalid := soakDocs(t)
	sim := simulator.New(simulator.WithCacheSize(128))
	ref := newSoakReference(t, sim)

	var (
		iterations, parseErrs, compileErrs, requestErrs, evaluated, simulated, simErrs, refChecks atomic.Int64
		failOnce                                                                                  sync.Once
		failure                                                                                   atomic.Value
		stop                                                                                      atomic.Bool
	)
	fail := func(err error) {
		failOnce.Do(func() { failure.Store(err); stop.Store(true) })
	}

	work := func(seed uint64) {
		r := rand.New(rand.NewPCG(seed, seed*7919+1))
		var res eval.Result
		for n := 0; !stop.Load(); n++ {
			iterations.Add(1)
			var d soakDoc
			switch x := r.IntN(10); {
			case x < 5:
				d = valid[r.IntN(len(valid))]
			case x < 7:
				d = invalid[r.IntN(len(invalid))]
			default:
				d = valid[r.IntN(len(valid))]
				d.text = soakMutate(r, d.text)
			}
			p, err := policy.ParseKind([]byte(d.text), d.kind)
			if err != nil {
				var perr *policy.Error
				if !errors.As(err, &perr) || perr.Code != policy.CodeMalformedPolicyDocument {
					fail(fmt.Errorf("ParseKind(%q): error %T %v", d.text, err, err))
					return
				}
				parseErrs.Add(1)
			} else {
				set := eval.PolicySet{Identity: []eval.Policy{{ID: "p", Document: p}}}
				switch d.kind {
				case policy.KindResource, policy.KindTrust:
					set = eval.PolicySet{Resource: &eval.Policy{ID: "p", Document: p}}
				case policy.KindBoundary:
					set.PermissionsBoundary, set.Identity = set.Identity, soakAllowAllSet()
				case policy.KindSCP:
					set = eval.PolicySet{Identity: soakAllowAllSet(), SCPs: [][]eval.Policy{set.Identity}}
				case policy.KindRCP:
					set = eval.PolicySet{Identity: soakAllowAllSet(), RCPs: [][]eval.Policy{set.Identity}}
				}
				e, err := eval.Compile(set)
				if err != nil {
					var ce *eval.CompileError
					if !errors.As(err, &ce) {
						fail(fmt.Errorf("Compile(%q): error %T %v", d.text, err, err))
						return
					}
					compileErrs.Add(1)
				} else {
					for range 4 {
						req, err := iamctx.New(iamctx.Input{
							Action:    soakActions[r.IntN(len(soakActions))],
							Resource:  soakResources[r.IntN(len(soakResources))],
							Principal: "arn:aws:iam::111122223333:user/alice",
							Context:   soakEntries[r.IntN(len(soakEntries))],
						})
						if err != nil {
							var ie *iamctx.Error
							if !errors.As(err, &ie) {
								fail(fmt.Errorf("iamctx.New: error %T %v", err, err))
								return
							}
							requestErrs.Add(1)
							continue
						}
						e.EvaluateInto(req, &res)
						if res.Decision != e.Decide(req) {
							fail(fmt.Errorf("%q: Decide and EvaluateInto disagree for %s", d.text, req.Action()))
							return
						}
						evaluated.Add(1)
					}
				}
			}
			if n%4 == 0 {
				in := &simulator.SimulateCustomPolicyInput{
					PolicyInputList: []string{d.text},
					ActionNames:     []string{soakActions[r.IntN(len(soakActions))], soakActions[r.IntN(len(soakActions))]},
					ResourceArns:    []string{soakResources[r.IntN(len(soakResources))]},
				}
				if r.IntN(3) == 0 {
					in.ContextEntries = []simulator.ContextEntry{{ContextKeyName: "aws:SourceIp", ContextKeyValues: []string{"10.0.0.1", "bad"}[r.IntN(2):][:1], ContextKeyType: "ip"}}
				}
				_, err := sim.SimulateCustomPolicy(context.Background(), in)
				if err != nil {
					var se *simulator.Error
					if !errors.As(err, &se) || se.Code != simulator.CodeInvalidInput {
						fail(fmt.Errorf("SimulateCustomPolicy(%q): %T %v", d.text, err, err))
						return
					}
					simErrs.Add(1)
				}
				simulated.Add(1)
			}
			if n%64 == 0 {
				if err := ref.check(sim); err != nil {
					fail(err)
					return
				}
				refChecks.Add(1)
			}
		}
	}

	// Warm up (caches filled, pools grown), then measure.
	workers := 4 * runtime.GOMAXPROCS(0)
	run := func(d time.Duration) {
		stop.Store(false)
		var wg sync.WaitGroup
		for i := range workers {
			wg.Go(func() { work(uint64(i)*1_000_003 + uint64(d)) })
		}
		time.Sleep(d)
		stop.Store(true)
		wg.Wait()
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	run(duration / 10)
	err, _ := failure.Load().(error)
	require.NoError(t, err)
	before := heap()
	var peak atomic.Uint64
	sampler := make(chan struct{})
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-sampler:
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	start := time.Now()
	run(duration - duration/10)
	elapsed := time.Since(start)
	close(sampler)
	err, _ = failure.Load().(error)
	require.NoError(t, err)
	after := heap()
	require.NoError(t, ref.check(sim))
	growth := int64(after) - int64(before)
	t.Logf("%d workers, %v: %d documents (%d malformed, %d not compiled), %d evaluations (%d requests rejected), %d simulations (%d rejected), %d reference checks",
		workers, elapsed.Round(time.Millisecond), iterations.Load(), parseErrs.Load(), compileErrs.Load(), evaluated.Load(), requestErrs.Load(), simulated.Load(), simErrs.Load(), refChecks.Load())
	t.Logf("live heap: %.1f MB after warm-up, %.1f MB after the run (growth %+.1f MB), peak sampled %.1f MB",
		float64(before)/1e6, float64(after)/1e6, float64(growth)/1e6, float64(peak.Load())/1e6)
	require.LessOrEqualf(t, growth, int64(50<<20), "live heap grew by %.1f MB over the soak (bound 50 MB)", float64(growth)/1e6)
	require.Truef(t, evaluated.Load() > 0 && simulated.Load() > 0 && parseErrs.Load() > 0 && refChecks.Load() > 0,
		"the soak did not exercise every path")
}

// soakAllowAllSet returns an identity policy that allows everything, for
// sets built around a boundary, SCP or RCP.
func soakAllowAllSet() []eval.Policy {
	return []eval.Policy{{ID: "allow-all", Document: soakAllowAll}}
}

var soakAllowAll = func() *policy.Policy {
	p, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`))
	if err != nil {
		panic(err)
	}
	return p
}()
