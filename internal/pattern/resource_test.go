package pattern

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/resfilter"
	"github.com/iamsim/iamsim/policy"
)

// TestMatchesAll: only a pattern of stars matches every resource.
func TestMatchesAll(t *testing.T) {
	p, err := CompileResource("arn:aws:s3:::${aws:PrincipalTag/team}/*", true)
	if err != nil {
		t.Fatal(err)
	}
	if p.MatchesAll() {
		t.Error("a bucket pattern matches all")
	}
	all, _ := CompileResource("*", false)
	if !all.MatchesAll() || all.Variables() != nil {
		t.Error("* should match all and have no variables")
	}
	_, err = CompileResource("", false)
	var ce *policy.ConditionError
	if !errors.As(err, &ce) {
		t.Errorf("empty Resource: err = %v", err)
	}
}

// TestActionIndexForms: what the action index files a pattern under.
func TestActionIndexForms(t *testing.T) {
	idx := []struct {
		pattern     string
		literal     string
		isLiteral   bool
		service     string
		hasService  bool
		wantPattern string
	}{
		{"s3:GetObject", "s3:getobject", true, "s3", true, "s3:GetObject"},
		{"S3:Get*", "", false, "s3", true, "S3:Get*"},
		{"*", "", false, "", false, "*"},
		{"s*:get", "", false, "", false, "s*:get"},
		{"ec2:Describe[x]", "ec2:describe[x]", true, "ec2", true, "ec2:Describe[x]"},
		{"nocolon", "nocolon", true, "", false, "nocolon"},
	}
	for _, tc := range idx {
		t.Run(tc.pattern, func(t *testing.T) {
			t.Parallel()
			p, _ := CompileAction(tc.pattern)
			if l, ok := p.Literal(); l != tc.literal || ok != tc.isLiteral {
				t.Errorf("Literal() = %q, %v", l, ok)
			}
			if s, ok := p.Service(); s != tc.service || ok != tc.hasService {
				t.Errorf("Service() = %q, %v", s, ok)
			}
			if p.String() != tc.wantPattern {
				t.Errorf("String = %q", p.String())
			}
		})
	}
}

func TestResourceLiteralPrefix(t *testing.T) {
	for _, tc := range []struct{ pattern, want string }{
		{"*", ""},
		{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket"},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/"},
		{"arn:aws:s3:::bucket/*/x", "arn:aws:s3:::bucket/"},
		{"arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:"},
		{"arn:aws:s3:::${aws:username}/*", "arn:aws:s3:::"},
		{"${aws:x}:s3", ""},
		{"?rn:aws:s3:::b", ""},
		{"plain", "plain"},
	} {
		t.Run(tc.pattern, func(t *testing.T) {
			t.Parallel()
			p, err := CompileResource(tc.pattern, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.LiteralPrefix(); got != tc.want {
				t.Errorf("LiteralPrefix() = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestResourceLiteralPrefixRandom checks on random patterns and resources
// that whatever a pattern matches starts with its literal prefix and shares
// a filter bit with it (resfilter.ResourceBits, resfilter.PrefixBits): the
// evaluator skips statements on that promise.
func TestResourceLiteralPrefixRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	r, err := iamctx.New(iamctx.Input{Principal: testUser, Context: []iamctx.Entry{
		{Key: "k:c", Type: iamctx.TypeString, Values: []string{"s3:x"}},
		{Key: "k:e", Type: iamctx.TypeString, Values: []string{""}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	pieces := []string{"arn", ":", "aws", "s3", "a", "b", "/", "*", "?", "${k:c}", "${k:e}", "${k:m, 'a:'}", "team", "-"}
	gen := func(n int, wild bool) string {
		var b strings.Builder
		for range n {
			p := pieces[rng.IntN(len(pieces))]
			if !wild && (strings.ContainsAny(p, "*?$")) {
				p = "x"
			}
			b.WriteString(p)
		}
		return b.String()
	}
	matched := 0
	for i := 0; i < 200000; i++ {
		var pat, res string
		if rng.IntN(2) == 0 {
			pat, res = "arn:aws:s3:::"+gen(rng.IntN(4), true), "arn:aws:s3:::"+gen(rng.IntN(5), false)
		} else {
			pat, res = gen(1+rng.IntN(12), true), gen(rng.IntN(14), false)
		}
		p, err := CompileResource(pat, rng.IntN(4) != 0)
		if err != nil {
			t.Fatal(err)
		}
		ok, _ := p.Match(r, res)
		if fok, fast := p.MatchFast(res); fast && fok != ok {
			t.Fatalf("%q on %q: MatchFast %v, Match %v", pat, res, fok, ok)
		}
		if !ok {
			continue
		}
		matched++
		lp := p.LiteralPrefix()
		if !strings.HasPrefix(res, lp) {
			t.Fatalf("%q matches %q, which does not start with LiteralPrefix %q", pat, res, lp)
		}
		if resfilter.ResourceBits(res)&resfilter.PrefixBits(lp) == 0 {
			t.Fatalf("%q matches %q: no filter bit in common with prefix %q", pat, res, lp)
		}
	}
	if matched < 1000 {
		t.Errorf("only %d matches: the generator is too narrow", matched)
	}
}

// Literal gives the fast form of literal and literal* patterns only, and
// comparing with it answers as Match does.
func TestResourcePatternLiteral(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		lit     string
		prefix  bool
		ok      bool
	}{
		{"arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket/key", false, true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/", true, true},
		{"arn:aws:s3:::bucket/*.txt", "", false, false},
		{"arn:aws:s3:::*/key", "", false, false},
		{"arn:aws:s3:::bucket/?", "", false, false},
		{"arn:aws:s3:::bucket/${aws:username}", "", false, false},
		{"*", "", false, false},
	} {
		t.Run(tc.pattern, func(t *testing.T) {
			t.Parallel()
			p, err := CompileResource(tc.pattern, true)
			if err != nil {
				t.Fatal(err)
			}
			lit, prefix, ok := p.Literal()
			if lit != tc.lit || prefix != tc.prefix || ok != tc.ok {
				t.Errorf("Literal() = %q, %v, %v; want %q, %v, %v", lit, prefix, ok, tc.lit, tc.prefix, tc.ok)
			}
			if !ok {
				return
			}
			for _, res := range []string{"arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket/", "arn:aws:s3:::bucket/key/more", "arn:aws:s3:::other/key", "*"} {
				want, _ := p.Match(nil, res)
				got := res == lit || prefix && strings.HasPrefix(res, lit)
				if got != want {
					t.Errorf("on %q: the literal form says %v, Match %v", res, got, want)
				}
			}
		})
	}
}

// ResourceLiteral answers as CompileResource(...).Literal() wherever it
// answers, and recognises the common forms (literal text, ARN with a final
// *), on listed and on random patterns with and without variables.
func TestResourceLiteral(t *testing.T) {
	check := func(t *testing.T, pat string, variables bool) bool {
		t.Helper()
		lit, prefix, ok := ResourceLiteral(pat, variables)
		if !ok {
			return false
		}
		p, err := CompileResource(pat, variables)
		if err != nil {
			t.Fatalf("%q: ResourceLiteral accepts what CompileResource refuses: %v", pat, err)
		}
		clit, cprefix, cok := p.Literal()
		if !cok || clit != lit || cprefix != prefix {
			t.Fatalf("%q (variables %v): ResourceLiteral %q, %v; Literal %q, %v, %v", pat, variables, lit, prefix, clit, cprefix, cok)
		}
		return true
	}
	for _, tc := range []struct {
		pattern string
		vars    bool
		want    bool
	}{
		{"arn:aws:s3:::bucket/key", true, true},
		{"arn:aws:s3:::bucket/*", true, true},
		{"arn:aws:s3:::*", true, true},
		{"not-an-arn", true, true},
		{"arn:aws:s3:::bucket/${aws:username}", false, true}, // literal text under 2008-10-17
		{"arn:aws:s3:::bucket/${aws:username}", true, false},
		{"arn:aws:s3:::bucket/*.txt", true, false},
		{"arn:aws:s3:::bucket/?", true, false},
		{"arn:aws:s3::*", true, false}, // the star is in the account
		{"prefix*", true, false},       // not an ARN: matched as a whole string
		{"arn:aws:s3:::b\xff*", true, false},
		{"", true, false},
	} {
		t.Run(fmt.Sprintf("%q variables=%v", tc.pattern, tc.vars), func(t *testing.T) {
			t.Parallel()
			if got := check(t, tc.pattern, tc.vars); got != tc.want {
				t.Errorf("ResourceLiteral ok = %v, want %v", got, tc.want)
			}
		})
	}
	rng := rand.New(rand.NewPCG(3, 5))
	pieces := []string{"arn", ":", "aws", "s3", "/", "*", "**", "?", "${aws:username}", "${*}", "\xff", "é", "x"}
	recognised := 0
	for i := 0; i < 100000; i++ {
		var b strings.Builder
		for range 1 + rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if check(t, b.String(), rng.IntN(2) == 0) {
			recognised++
		}
	}
	if recognised < 1000 {
		t.Errorf("only %d random patterns recognised: the generator is too narrow", recognised)
	}
}
