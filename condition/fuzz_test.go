package condition

import (
	"strings"
	"testing"
	"unicode/utf8"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/pattern"
	"github.com/iamsim/iamsim/internal/pattern/patterntest"
	"github.com/iamsim/iamsim/internal/resfilter"
	"github.com/iamsim/iamsim/policy"
)

// negatedOf pairs each operator that has a negated form with it
// (reference_policies_elements_condition_operators.md).
var negatedOf = map[policy.BaseOperator]policy.BaseOperator{
	policy.StringEquals:           policy.StringNotEquals,
	policy.StringEqualsIgnoreCase: policy.StringNotEqualsIgnoreCase,
	policy.StringLike:             policy.StringNotLike,
	policy.NumericEquals:          policy.NumericNotEquals,
	policy.DateEquals:             policy.DateNotEquals,
	policy.IPAddress:              policy.NotIPAddress,
	policy.ArnEquals:              policy.ArnNotEquals,
	policy.ArnLike:                policy.ArnNotLike,
}

// FuzzCompileMatch compiles a condition from fuzzed operator, key and
// values and evaluates it against a fuzzed context value. Invariants:
//   - nothing panics, and the policy parser rejects what Compile rejects;
//   - Eval is deterministic;
//   - with the key present, ...IfExists changes nothing;
//   - a negated operator is the negation of its positive form for one
//     present single context value (values OR, negation = none match:
//     reference_policies_multi-value-conditions.md#reference_policies_multiple-conditions-eval),
//     and ForAnyValue:Not... is !ForAllValues:... for any context set, absent
//     and empty included (De Morgan over
//     reference_policies_multi-value-conditions.md#reference_policies_multi-value-conditions-eval);
//   - StringLike, Resource and Action matching agree with the naive
//     reference matcher of internal/pattern/patterntest.
//
// Seeds: the cases below and testdata/fuzz/FuzzCompileMatch (inputs
// earlier runs found).
func FuzzCompileMatch(f *testing.F) {
	seeds := []struct {
		op, key, v1, v2, ctx string
		typ                  uint8
		vars                 bool
	}{
		{"StringEquals", "aws:username", "alice", "", "alice", 1, true},
		{"StringLike", "s3:prefix", "home/${aws:username}/*", "", "home/alice/x", 1, true},
		{"StringLike", "s3:prefix", "*a*a*a*b", "${*}", "aaaaaaaaaaaa", 1, false},
		{"ForAnyValue:StringEqualsIgnoreCase", "aws:TagKeys", "Env", "team", "env,owner", 2, true},
		{"ForAllValues:StringNotLike", "aws:TagKeys", "aws:*", "", "a,b", 2, false},
		{"NumericLessThan", "s3:max-keys", "10", "1e3", "9", 3, false},
		{"DateGreaterThanEquals", "aws:CurrentTime", "2020-01-01", "1577836800", "2020-01-01T00:00:00Z", 11, false},
		{"IpAddress", "aws:SourceIp", "203.0.113.0/24", "2001:db8::/32", "203.0.113.9", 7, false},
		{"NotIpAddressIfExists", "aws:SourceIp", "10.0.0.0/8", "", "10.1.1.1", 7, false},
		{"Bool", "aws:SecureTransport", "true", "", "false", 5, false},
		{"BinaryEquals", "k", "QmluYXJ5", "AAEC", "AAEC", 9, false},
		{"ArnLike", "aws:SourceArn", "arn:aws:sns:*:123456789012:*", "", "arn:aws:sns:us-east-1:123456789012:t:x", 1, false},
		{"ArnEquals", "aws:SourceArn", "${aws:PrincipalArn}", "", "arn:aws:iam::111122223333:user/alice", 1, true},
		{"Null", "aws:TokenIssueTime", "true", "false", "", 1, false},
		{"StringEquals", "k", "${aws:PrincipalTag/t, 'd'}", "[x]{y}\\", "d", 1, true},
	}
	for _, s := range seeds {
		f.Add(s.op, s.key, s.v1, s.v2, s.ctx, s.typ, s.vars)
	}
	f.Fuzz(func(t *testing.T, op, key, v1, v2, ctxValue string, typ uint8, vars bool) {
		values := []string{v1}
		if v2 != "" {
			values = append(values, v2)
		}
		opts := Options{Variables: vars}
		c, err := Compile(op, key, values, opts)
		checkParseAgrees(t, op, key, values, vars, err)
		// Patterns: never panic; agree with the reference on valid UTF-8.
		checkPatterns(t, v1, ctxValue, vars)
		if err != nil {
			_ = err.Error()
			return
		}
		_ = c.String()
		if ks := c.ContextKeys(); len(ks) == 0 || ks[0] != key {
			t.Fatalf("ContextKeys = %q, want %q first", ks, key)
		}

		// The request: key with the fuzzed value(s) of a fuzzed type, or
		// as a string if it does not parse; also one without the key.
		ctype := iamctx.Type(typ%12 + 1)
		ctxValues := []string{ctxValue}
		if ctype.IsList() {
			ctxValues = strings.Split(ctxValue, ",")
			if ctxValue == "" {
				ctxValues = nil
			}
		}
		in := iamctx.Input{
			Principal:     testUser,
			PrincipalTags: map[string]string{"t": "v"},
			Context:       []iamctx.Entry{{Key: key, Type: ctype, Values: ctxValues}},
		}
		r, err := iamctx.New(in)
		if err != nil {
			in.Context[0] = iamctx.Entry{Key: key, Type: iamctx.TypeString, Values: []string{ctxValue}}
			if r, err = iamctx.New(in); err != nil {
				return // e.g. the key collides with a derived one given twice
			}
		}
		absent, _ := iamctx.New(iamctx.Input{Principal: testUser})

		o := c.Operator()
		for _, req := range []*iamctx.Request{r, absent} {
			ok1, m1 := c.Eval(req)
			ok2, m2 := c.Eval(req)
			if ok1 != ok2 || m1 != m2 {
				t.Fatalf("Eval not deterministic: (%v,%v) then (%v,%v)", ok1, m1, ok2, m2)
			}
		}
		v, present := r.Get(key)
		ok, _ := c.Eval(r)

		if o.Base != policy.Null && present {
			alt := o
			alt.IfExists = !alt.IfExists
			if c2, err := Compile(alt.String(), key, values, opts); err == nil {
				if ok2, _ := c2.Eval(r); ok2 != ok {
					t.Fatalf("%s = %v but %s = %v with the key present", o, ok, alt, ok2)
				}
			}
		}

		pos, neg := o.Base, policy.BaseOperator(0)
		if n, has := negatedOf[o.Base]; has {
			neg = n
		} else {
			for p, n := range negatedOf {
				if n == o.Base {
					pos, neg = p, n
				}
			}
		}
		if neg == 0 || o.IfExists {
			return
		}
		compileAs := func(b policy.BaseOperator, set policy.SetQualifier) *Condition {
			c, err := Compile(policy.Operator{Base: b, Set: set}.String(), key, values, opts)
			if err != nil {
				t.Fatalf("%s compiles but %s does not: %v", o, policy.Operator{Base: b, Set: set}, err)
			}
			return c
		}
		if present && v.Len() == 1 {
			for _, set := range []policy.SetQualifier{policy.NoQualifier, policy.ForAnyValue, policy.ForAllValues} {
				p, _ := compileAs(pos, set).Eval(r)
				n, _ := compileAs(neg, set).Eval(r)
				if p == n {
					t.Fatalf("%s and its negation agree (%v) on %q", policy.Operator{Base: pos, Set: set}, p, v.Strings())
				}
			}
		}
		for _, req := range []*iamctx.Request{r, absent} {
			anyNot, _ := compileAs(neg, policy.ForAnyValue).Eval(req)
			all, _ := compileAs(pos, policy.ForAllValues).Eval(req)
			if anyNot == all {
				t.Fatalf("ForAnyValue:%s = ForAllValues:%s = %v", neg, pos, all)
			}
		}
		if o.Base == policy.StringLike && o.Set == policy.NoQualifier && !vars && present && v.Len() == 1 && v2 == "" &&
			patterntest.Small(v1, v.String(0)) && utf8.ValidString(v1) && utf8.ValidString(v.String(0)) {
			if want := patterntest.Glob(patterntest.Items(v1, true), v.String(0), false); ok != want {
				t.Fatalf("StringLike %q on %q = %v, reference %v", v1, v.String(0), ok, want)
			}
		}
	})
}

func checkPatterns(t *testing.T, pat, s string, vars bool) {
	r, _ := iamctx.New(iamctx.Input{Principal: testUser, PrincipalTags: map[string]string{"t": "v*"}})
	p, err := pattern.CompileResource(pat, vars)
	if err != nil {
		if pat != "" {
			t.Fatalf("CompileResource(%q): %v", pat, err)
		}
		return
	}
	ok, _ := p.Match(r, s)
	_ = p.Variables()
	if fok, fast := p.MatchFast(s); fast && fok != ok {
		t.Fatalf("Resource %q on %q: MatchFast %v, Match %v", pat, s, fok, ok)
	}
	if lp := p.LiteralPrefix(); ok && (!strings.HasPrefix(s, lp) || resfilter.ResourceBits(s)&resfilter.PrefixBits(lp) == 0) {
		t.Fatalf("Resource %q matches %q, which does not start with its literal prefix %q or has no filter bit in common", pat, s, lp)
	}
	if !vars && patterntest.Small(pat, s) && utf8.ValidString(pat) && utf8.ValidString(s) {
		if want := patterntest.ARN(pat, s); ok != want {
			t.Fatalf("Resource %q on %q = %v, reference %v", pat, s, ok, want)
		}
	}
	a, err := pattern.CompileAction(pat)
	if err != nil {
		t.Fatalf("CompileAction(%q): %v", pat, err)
	}
	ls := strings.ToLower(s)
	got := a.Match(ls)
	_, _ = a.Literal()
	_, _ = a.Service()
	if lp := strings.ToLower(pat); patterntest.Small(lp, ls) && utf8.ValidString(lp) && utf8.ValidString(ls) {
		if want := patterntest.Glob(patterntest.Items(lp, true), ls, false); got != want {
			t.Fatalf("Action %q on %q = %v, reference %v", pat, ls, got, want)
		}
	}
}
