package benchmarks

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"weak"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/policy"
)

// evalCase is a compiled policy set and one request with its expected
// answer.
type evalCase struct {
	name   string
	model  []mpolicy
	docs   []parsed
	engine *eval.Engine
	req    *iamctx.Request
	want   expected
	// bytes is the total size of the policy documents.
	bytes int
	// stmts is the number of statements.
	stmts int
}

func newEvalCase(tb testing.TB, name string, model []mpolicy, action, resource string, extra ...iamctx.Entry) *evalCase {
	tb.Helper()
	c := &evalCase{name: name, model: model, docs: parseModel(tb, model)}
	for _, d := range c.docs {
		c.bytes += len(d.text)
		c.stmts += len(d.doc.Statements)
	}
	var err error
	if c.engine, err = eval.Compile(policySet(c.docs)); err != nil {
		tb.Fatal(err)
	}
	c.req = newRequest(tb, action, resource, extra...)
	c.want = oracle(model, action, resource)
	return c
}

// check evaluates once and compares with the oracle.
func (c *evalCase) check() error {
	res := c.engine.Evaluate(c.req)
	if err := checkResult(&res, c.want); err != nil {
		return fmt.Errorf("%s: %w", c.name, err)
	}
	if d := c.engine.Decide(c.req); d != c.want.decision {
		return fmt.Errorf("%s: Decide %s, want %s", c.name, d, c.want.decision)
	}
	return nil
}

// cached builds a workload when it is first asked for and shares it while
// it is in use: a test and a benchmark that run one after the other, or
// the sub-benchmarks of one benchmark, build it once. It holds the
// workload weakly, so that once nothing uses it the collector frees it
// (and the next user builds it again, deterministically): a benchmark is
// then measured without the workloads of the benchmarks that ran before it
// in its heap, where they would raise the collector's share of its time.
func cached[T any](f func(testing.TB) *T) func(testing.TB) *T {
	var (
		mu sync.Mutex
		w  weak.Pointer[T]
	)
	return func(tb testing.TB) *T {
		tb.Helper()
		mu.Lock()
		defer mu.Unlock()
		if v := w.Value(); v != nil {
			return v
		}
		v := f(tb)
		w = weak.Make(v)
		return v
	}
}

// cachedList is cached for a workload that is a list. The list is held
// through a box that only the cache points to, so it lasts until the next
// collection rather than while it is in use.
func cachedList[T any](f func(testing.TB) []T) func(testing.TB) []T {
	c := cached(func(tb testing.TB) *[]T {
		v := f(tb)
		return &v
	})
	return func(tb testing.TB) []T { return *c(tb) }
}

var (
	typicalCase = cached(func(tb testing.TB) *evalCase {
		return newEvalCase(tb, "typical", typicalPolicies(), typicalAction, typicalResource)
	})
	largeCase = cached(func(tb testing.TB) *evalCase {
		return newEvalCase(tb, "large", largeWorkloadPolicies(), typicalAction, typicalResource)
	})
)

// ---- sweeps: where the deciding statement is, and how many there are ----

var (
	sweepSizes     = []int{10, 5000}
	sweepPositions = []string{"first", "middle", "last"}
)

// maxSweepPolicyStmts keeps each generated document under the API's
// 131,072-character limit.
const maxSweepPolicyStmts = 400

func sweepIndex(n int, pos string) int {
	switch pos {
	case "first":
		return 0
	case "middle":
		return n / 2
	}
	return n - 1
}

// sweepCasesOf builds, for one kind and n, n Allow statements in policies
// of at most 400, and requests that exactly one of them allows: the first,
// the middle or the last. With sameAction every statement names
// s3:GetObject and differs by bucket, so all n are candidates and the engine
// must test each resource; otherwise each statement names its own action
// (svcK:GetObject) and the action index must find the one candidate at any
// n.
func sweepCasesOf(tb testing.TB, sameAction bool, n int) []*evalCase {
	actionOf := func(i int) string {
		if sameAction {
			return "s3:GetObject"
		}
		return fmt.Sprintf("svc%05d:GetObject", i)
	}
	var ps []mpolicy
	for i := range n {
		if i%maxSweepPolicyStmts == 0 {
			ps = append(ps, mpolicy{id: fmt.Sprintf("Sweep%02d", i/maxSweepPolicyStmts), kind: policy.KindIdentity})
		}
		p := &ps[len(ps)-1]
		p.stmts = append(p.stmts, allow(fmt.Sprintf("S%05d", i), list(actionOf(i)), list(fmt.Sprintf("arn:aws:s3:::bucket-%05d/*", i))))
	}
	kind := map[bool]string{true: "same-action", false: "distinct-actions"}[sameAction]
	var out []*evalCase
	for _, pos := range sweepPositions {
		k := sweepIndex(n, pos)
		name := fmt.Sprintf("%s/stmts=%d/match=%s", kind, n, pos)
		action, resource := actionOf(k), fmt.Sprintf("arn:aws:s3:::bucket-%05d/data/key.txt", k)
		if len(out) == 0 {
			out = append(out, newEvalCase(tb, name, ps, action, resource))
			continue
		}
		c := *out[0] // same policies and engine, another request
		c.name, c.req, c.want = name, newRequest(tb, action, resource), oracle(ps, action, resource)
		out = append(out, &c)
	}
	return out
}

var sweepCases = cachedList(func(tb testing.TB) []*evalCase {
	var out []*evalCase
	for _, same := range []bool{true, false} {
		for _, n := range sweepSizes {
			out = append(out, sweepCasesOf(tb, same, n)...)
		}
	}
	return out
})

// ---- matrix: principals × actions × resources ----

// Matrix dimensions.
const (
	matrixPrincipals = 1000
	matrixServices   = 10
	matrixVerbs      = 10
	matrixActions    = matrixServices * matrixVerbs // 100
	matrixResources  = 10
	matrixCells      = matrixActions * matrixResources // per principal
	matrixPoolSize   = 100                             // shared identity policies
	matrixBoundaries = 5
)

var (
	matrixServiceNames = strings.Fields("s3 ec2 dynamodb lambda sqs sns logs kms secretsmanager iam")
	matrixNouns        = strings.Fields("Object Instance Item Function Message Topic LogEvents Key Secret User")
	matrixVerbNames    = strings.Fields("Get List Describe Put Create Delete Update Tag Untag Invoke")
)

func matrixAction(a int) string {
	s, v := a/matrixVerbs, a%matrixVerbs
	return matrixServiceNames[s] + ":" + matrixVerbNames[v] + matrixNouns[s]
}

func matrixResource(a, k int) string {
	svc := matrixServiceNames[a/matrixVerbs]
	switch svc {
	case "s3":
		return fmt.Sprintf("arn:aws:s3:::matrix-%d/data", k)
	case "iam":
		return fmt.Sprintf("arn:aws:iam::%s:user/matrix-%d", accountID, k)
	}
	return arn(svc, fmt.Sprintf("thing/matrix-%d", k))
}

// matrixWorkload is 1,000 principals, each with its own compiled engine
// (two to five policies drawn from a pool of 100 shared managed-style
// policies, and for three in ten a permissions boundary from a pool of
// five), and a grid of 100 actions × 10 resources. want holds the oracle's
// decision for every principal × cell, principal-major.
//
// Principals differ by their policies; the grid's requests carry one
// caller ARN (the standard caller, same account), because the generated
// policies use no caller-specific key or variable and so the decisions do
// not depend on the caller's name. That keeps the grid at 1,000 requests
// instead of a million.
type matrixWorkload struct {
	engines []*eval.Engine
	reqs    []*iamctx.Request // matrixCells, action-major
	want    []eval.Decision   // matrixPrincipals × matrixCells
	counts  [3]int            // by decision
}

var matrixCase = cached(func(tb testing.TB) *matrixWorkload {
	rng := rand.New(rand.NewPCG(3, 4))
	// The pool.
	pool := make([]mpolicy, matrixPoolSize)
	for i := range pool {
		pool[i] = mpolicy{id: fmt.Sprintf("Managed%03d", i), kind: policy.KindIdentity}
		for j := range 3 + rng.IntN(4) {
			pool[i].stmts = append(pool[i].stmts, matrixStatement(rng, fmt.Sprintf("M%03dS%d", i, j)))
		}
	}
	boundaries := make([]mpolicy, matrixBoundaries)
	for i := range boundaries {
		b := allow("Boundary", nil, list("*"))
		for s := range matrixServiceNames {
			if rng.IntN(3) != 0 {
				b.actions = append(b.actions, matrixServiceNames[s]+":*")
			}
		}
		boundaries[i] = mpolicy{id: fmt.Sprintf("Boundary%d", i), kind: policy.KindBoundary, stmts: []mstmt{b}}
	}
	poolDocs := parseModel(tb, pool)
	boundaryDocs := parseModel(tb, boundaries)

	// The oracle per policy: which cells each allows and denies.
	type bits struct{ allow, deny [matrixCells]bool }
	cellBits := func(p *mpolicy) *bits {
		var b bits
		for si := range p.stmts {
			s := &p.stmts[si]
			if !s.condHolds() {
				continue
			}
			for a := range matrixActions {
				if !s.matchAction(matrixAction(a)) {
					continue
				}
				for k := range matrixResources {
					if s.matchResource(matrixResource(a, k)) {
						if s.effect == policy.Deny {
							b.deny[a*matrixResources+k] = true
						} else {
							b.allow[a*matrixResources+k] = true
						}
					}
				}
			}
		}
		return &b
	}
	poolBits := make([]*bits, len(pool))
	for i := range pool {
		poolBits[i] = cellBits(&pool[i])
	}
	boundaryBits := make([]*bits, len(boundaries))
	for i := range boundaries {
		boundaryBits[i] = cellBits(&boundaries[i])
	}

	m := &matrixWorkload{want: make([]eval.Decision, 0, matrixPrincipals*matrixCells)}
	for a := range matrixActions {
		for k := range matrixResources {
			m.reqs = append(m.reqs, newRequest(tb, matrixAction(a), matrixResource(a, k)))
		}
	}
	for range matrixPrincipals {
		var set eval.PolicySet
		var mine []*bits
		for _, pi := range rng.Perm(matrixPoolSize)[:2+rng.IntN(4)] {
			set.Identity = append(set.Identity, eval.Policy{ID: poolDocs[pi].id, Document: poolDocs[pi].doc})
			mine = append(mine, poolBits[pi])
		}
		var bound *bits
		if rng.IntN(10) < 3 {
			bi := rng.IntN(matrixBoundaries)
			set.PermissionsBoundary = []eval.Policy{{ID: boundaryDocs[bi].id, Document: boundaryDocs[bi].doc}}
			bound = boundaryBits[bi]
		}
		e, err := eval.Compile(set)
		if err != nil {
			tb.Fatal(err)
		}
		m.engines = append(m.engines, e)
		for c := range matrixCells {
			var allowed, denied bool
			for _, b := range mine {
				allowed = allowed || b.allow[c]
				denied = denied || b.deny[c]
			}
			if bound != nil {
				denied = denied || bound.deny[c]
				allowed = allowed && bound.allow[c]
			}
			d := eval.ImplicitDeny
			switch {
			case denied:
				d = eval.ExplicitDeny
			case allowed:
				d = eval.Allowed
			}
			m.want = append(m.want, d)
			m.counts[d]++
		}
	}
	return m
})

// matrixStatement draws one statement of a pool policy over the grid's
// services: exact actions, Verb* patterns or svc:*; "*", a list of exact
// resources, or a prefix pattern; a condition from condMenu for one in
// three; Deny for one in seven.
func matrixStatement(rng *rand.Rand, sid string) mstmt {
	s := mstmt{sid: sid, effect: policy.Allow}
	if rng.IntN(7) == 0 {
		s.effect = policy.Deny
	}
	si := rng.IntN(matrixServices)
	svc := matrixServiceNames[si]
	switch rng.IntN(4) {
	case 0:
		s.actions = list(svc + ":*")
	case 1:
		s.actions = list(svc+":"+matrixVerbNames[rng.IntN(3)]+"*", svc+":Describe*")
	default:
		for range 1 + rng.IntN(4) {
			s.actions = append(s.actions, matrixAction(si*matrixVerbs+rng.IntN(matrixVerbs)))
		}
	}
	a0 := si * matrixVerbs
	switch rng.IntN(4) {
	case 0:
		if s.effect == policy.Allow {
			s.resources = list("*")
			break
		}
		fallthrough
	case 1:
		for range 1 + rng.IntN(3) {
			s.resources = append(s.resources, matrixResource(a0, rng.IntN(matrixResources)))
		}
	case 2:
		s.resources = list(strings.Replace(matrixResource(a0, 0), "matrix-0", "matrix-*", 1))
	default:
		s.resources = list(strings.Replace(matrixResource(a0, 0), "matrix-0", fmt.Sprintf("matrix-%d*", rng.IntN(matrixResources)), 1))
	}
	if rng.IntN(3) == 0 {
		s.conds = []mcond{condMenu[rng.IntN(len(condMenu))]}
	}
	return s
}

// ---- pathological inputs ----

// pathoCase is one pathological policy and request at one size n.
type pathoCase struct {
	*evalCase
	n int // the size that should make time grow linearly
}

// pathoSizes are the two sizes of each pathological case: a tenfold step.
var pathoSizes = map[string][2]int{
	"glob-condition":          {1000, 10000},
	"glob-condition-open":     {1000, 10000},
	"glob-resource":           {1000, 10000},
	"glob-question-resource":  {1000, 10000},
	"glob-question-open":      {1000, 10000},
	"glob-question-condition": {1000, 10000},
	"ifexists-keys":           {50, 500},
	"stringlike-values":       {500, 5000},
	"stringequals-values":     {500, 5000},
	"ip-values":               {500, 5000},
	"foranyvalue-request":     {500, 5000},
	"same-action-statements":  {100, 1000},
}

var pathoNames = []string{"glob-condition", "glob-condition-open", "glob-resource",
	"glob-question-resource", "glob-question-open", "glob-question-condition", "ifexists-keys", "stringlike-values",
	"stringequals-values", "ip-values", "foranyvalue-request", "same-action-statements"}

// pathoCase builds the named case at size n.
//
//   - glob-condition: StringLike "*a*a*a*a*a*a*b" against a context value of
//     n "a"s (the worst case for backtracking matchers); no match.
//   - glob-condition-open: "*a*a*a*a*a*a*b*", which no check of a literal
//     suffix can reject early, against n "a"s; no match.
//   - glob-resource: the first pattern in Resource against an ARN whose
//     resource part is n "a"s; no match.
//   - glob-question-resource: "arn:aws:s3:::*?a?a...?ab" (32 "?a") in
//     Resource against the same ARN: ? defeats a search for the literal
//     text, so a matcher that retries the * re-scans 65 characters from
//     every place; no match.
//   - glob-question-open: StringLike "*?a?a...?ab*" (32 "?a"), which no
//     check at the value's end can reject, against n "a"s; no match.
//   - glob-question-condition: StringLike "*?a?a...?ab" with n/4 "?a"
//     (the pattern grows with the value) against n "a"s; no match.
//   - ifexists-keys: one statement with n keys under seven ...IfExists
//     operators, half of them present in the request (and satisfied);
//     allowed.
//   - stringlike-values: StringLike with n wildcard values, the request's
//     value matching only the last; allowed.
//   - stringequals-values: StringEquals with n values, matching the last.
//   - ip-values: IpAddress with n CIDR blocks, the request's address in the
//     last.
//   - foranyvalue-request: ForAnyValue:StringEquals with n policy values
//     against a request list of n values, only the last pair equal.
//   - same-action-statements: n statements naming the same action with
//     different conditions, all candidates; the last allows.
func newPathoCase(tb testing.TB, name string, n int) *pathoCase {
	const bucket = "arn:aws:s3:::patho/*"
	var (
		st     = allow("Patho", list("s3:GetObject"), list(bucket))
		ps     []mpolicy
		extra  []iamctx.Entry
		action = "s3:GetObject"
		res    = "arn:aws:s3:::patho/key"
	)
	const evil = "*a*a*a*a*a*a*b"
	switch name {
	case "glob-condition":
		st.conds = []mcond{{"StringLike", "s3:prefix", list(evil), false}}
		extra = []iamctx.Entry{{Key: "s3:prefix", Type: iamctx.TypeString, Values: list(strings.Repeat("a", n))}}
	case "glob-condition-open":
		st.conds = []mcond{{"StringLike", "s3:prefix", list(evil + "*"), false}}
		extra = []iamctx.Entry{{Key: "s3:prefix", Type: iamctx.TypeString, Values: list(strings.Repeat("a", n))}}
	case "glob-resource":
		st.resources = list("arn:aws:s3:::" + evil)
		res = "arn:aws:s3:::" + strings.Repeat("a", n)
	case "glob-question-resource":
		st.resources = list("arn:aws:s3:::*" + strings.Repeat("?a", 32) + "b")
		res = "arn:aws:s3:::" + strings.Repeat("a", n)
	case "glob-question-open":
		st.conds = []mcond{{"StringLike", "s3:prefix", list("*" + strings.Repeat("?a", 32) + "b*"), false}}
		extra = []iamctx.Entry{{Key: "s3:prefix", Type: iamctx.TypeString, Values: list(strings.Repeat("a", n))}}
	case "glob-question-condition":
		st.conds = []mcond{{"StringLike", "s3:prefix", list("*" + strings.Repeat("?a", n/4) + "b"), false}}
		extra = []iamctx.Entry{{Key: "s3:prefix", Type: iamctx.TypeString, Values: list(strings.Repeat("a", n))}}
	case "ifexists-keys":
		ops := []struct {
			op, val, absent string // policy values for a present and an absent key
			typ             iamctx.Type
			ctx             string // the present key's value, which satisfies val
		}{
			{"StringEqualsIfExists", "v1", "x", iamctx.TypeString, "v1"},
			{"StringLikeIfExists", "v*", "x*", iamctx.TypeString, "v1"},
			{"NumericLessThanIfExists", "10", "1", iamctx.TypeNumeric, "5"},
			{"DateGreaterThanIfExists", "2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z", iamctx.TypeDate, "2025-01-01T00:00:00Z"},
			{"BoolIfExists", "true", "false", iamctx.TypeBoolean, "true"},
			{"IpAddressIfExists", "10.0.0.0/8", "192.0.2.0/24", iamctx.TypeIP, "10.9.9.9"},
			{"ArnLikeIfExists", "arn:aws:iam::*:role/*", "arn:aws:iam::*:user/*", iamctx.TypeString, "arn:aws:iam::" + accountID + ":role/r"},
		}
		for i := range n {
			o := ops[i%len(ops)]
			key := fmt.Sprintf("patho:key%04d", i)
			if i%2 == 0 { // present and satisfied
				st.conds = append(st.conds, mcond{o.op, key, list(o.val), true})
				extra = append(extra, iamctx.Entry{Key: key, Type: o.typ, Values: list(o.ctx)})
			} else { // absent: IfExists holds
				st.conds = append(st.conds, mcond{o.op, key, list(o.absent), true})
			}
		}
	case "stringlike-values":
		vals := make([]string, n)
		for i := range vals {
			vals[i] = fmt.Sprintf("team-%05d-*", i)
		}
		st.conds = []mcond{{"StringLike", "aws:PrincipalTag/project", vals, true}}
		extra = []iamctx.Entry{{Key: "aws:PrincipalTag/project", Type: iamctx.TypeString, Values: list(fmt.Sprintf("team-%05d-x", n-1))}}
	case "stringequals-values":
		vals := make([]string, n)
		for i := range vals {
			vals[i] = fmt.Sprintf("team-%05d", i)
		}
		st.conds = []mcond{{"StringEquals", "aws:PrincipalTag/project", vals, true}}
		extra = []iamctx.Entry{{Key: "aws:PrincipalTag/project", Type: iamctx.TypeString, Values: list(vals[n-1])}}
	case "ip-values":
		vals := make([]string, n)
		for i := range vals {
			vals[i] = fmt.Sprintf("100.%d.%d.0/24", 64+i/256, i%256)
		}
		st.conds = []mcond{{"IpAddress", "aws:VpcSourceIp", vals, true}}
		extra = []iamctx.Entry{{Key: "aws:VpcSourceIp", Type: iamctx.TypeIP, Values: list(fmt.Sprintf("100.%d.%d.7", 64+(n-1)/256, (n-1)%256))}}
	case "foranyvalue-request":
		vals := make([]string, n)
		reqVals := make([]string, n)
		for i := range vals {
			vals[i] = fmt.Sprintf("policy-tag-%05d", i)
			reqVals[i] = fmt.Sprintf("request-tag-%05d", i)
		}
		reqVals[n-1] = vals[n-1]
		st.conds = []mcond{{"ForAnyValue:StringEquals", "patho:tags", vals, true}}
		extra = []iamctx.Entry{{Key: "patho:tags", Type: iamctx.TypeStringList, Values: reqVals}}
	case "same-action-statements":
		p := mpolicy{id: "Patho", kind: policy.KindIdentity}
		for i := range n {
			s := allow(fmt.Sprintf("S%05d", i), list("s3:GetObject"), list(bucket),
				mcond{"StringEquals", "aws:PrincipalTag/project", list(fmt.Sprintf("team-%05d", i)), i == n-1})
			p.stmts = append(p.stmts, s)
			if len(p.stmts) == maxSweepPolicyStmts {
				ps = append(ps, p)
				p = mpolicy{id: fmt.Sprintf("Patho%d", len(ps)), kind: policy.KindIdentity}
			}
		}
		if len(p.stmts) > 0 {
			ps = append(ps, p)
		}
		extra = []iamctx.Entry{{Key: "aws:PrincipalTag/project", Type: iamctx.TypeString, Values: list(fmt.Sprintf("team-%05d", n-1))}}
	default:
		tb.Fatalf("unknown pathological case %q", name)
	}
	if ps == nil {
		ps = []mpolicy{{id: "Patho", kind: policy.KindIdentity, stmts: []mstmt{st}}}
	}
	return &pathoCase{newEvalCase(tb, fmt.Sprintf("%s/n=%d", name, n), ps, action, res, extra...), n}
}

var pathoCases = cachedList(func(tb testing.TB) []*pathoCase {
	var out []*pathoCase
	for _, name := range pathoNames {
		for _, n := range pathoSizes[name] {
			out = append(out, newPathoCase(tb, name, n))
		}
	}
	return out
})
