package pattern

import (
	"strings"
	"unicode/utf8"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/reqcore"
	"github.com/iamsim/iamsim/policy"
)

// Resource is a compiled Resource or NotResource value. It is immutable and
// safe for concurrent use.
type Resource struct {
	src string
	// fast: the pattern is plain text, or its first five components are
	// literal and its resource part is literal or literal*: it matches
	// when the resource equals lit (rest restLit) or starts with it (rest
	// restPrefix), and slow is nil. (arnPlan.matchFast compares the
	// prefix and the resource part in turn; with both literal that is one
	// comparison with their concatenation, the pattern's first token.)
	fast bool
	rest restKind
	lit  string
	slow *slowResource
}

// slowResource is the compiled form of a pattern that is not fast.
type slowResource struct {
	template     template
	requiredVars []reqcore.Key
	vars         []string
}

// CompileResource compiles a Resource value: "*", or an ARN pattern with *
// and ? wildcards matched per ARN component, and policy variables when
// variables is set (Version 2012-10-17). An empty pattern is a
// *policy.ConditionError.
//
// The User Guide allows variables only in the resource part of the ARN,
// after the fifth colon (reference_policies_variables.md#policy-vars-resourceelement,
// reference_policies_elements_resource.md#reference_policies_elements_resource_policy-variables).
// That is a rule for writing policies, not a different way of reading them;
// a variable elsewhere is substituted all the same, as in ARN condition
// values, so what such a policy means does not depend on where the variable
// sits.
func CompileResource(pattern string, variables bool) (*Resource, error) {
	if pattern == "" {
		return nil, &policy.ConditionError{Index: -1, Reason: "empty Resource"}
	}
	p := &Resource{src: pattern}
	t := parseTemplate(pattern, true, variables)
	if t.isStatic && len(t.toks) == 1 {
		p.fast, p.rest, p.lit = true, restLit, t.literal
		return p, nil
	}
	a := planARN(&t)
	if a != nil && a.fast() {
		// A fast plan's first five components and resource text are all
		// in the first token.
		p.fast, p.rest, p.lit = true, a.rest, t.toks[0].text
		return p, nil
	}
	t.arn = a
	sr := &slowResource{template: t}
	if t.numVars > 0 {
		sr.requiredVars = requiredVars([]template{t})
		for _, v := range t.vars {
			sr.vars = AppendKeyFold(sr.vars, v)
		}
	}
	p.slow = sr
	return p, nil
}

// Match reports whether resource matches; missing reports that a policy
// variable's key (one without a default) was absent from r. r may be nil
// when the pattern has no variables. Matching is case-sensitive and by ARN
// component: a wildcard in partition, service, region or account does not
// cross a colon; one in the resource part may cross colons and slashes
// (reference_policies_elements_resource.md#reference_policies_elements_resource_wildcards,
// reference-arns.md#arns-syntax). A resource that is not an ARN, such as the
// "*" of a request without resource, matches only a pattern that matches it
// as a whole string ("*" does). It does not allocate.
func (p *Resource) Match(r *iamctx.Request, resource string) (ok, missing bool) {
	if p.fast {
		if p.rest == restLit {
			return resource == p.lit, false
		}
		return strings.HasPrefix(resource, p.lit), false
	}
	sr := p.slow
	if sr.requiredVars != nil {
		missing = AnyMissing(r, sr.requiredVars)
	}
	return matchTemplate(&sr.template, ARN, r, resource), missing
}

// MatchFast is Match for the patterns that need no request: plain text,
// and ARNs whose first five components are literal and whose resource part
// is literal or literal*. For those it reports fast and whether resource
// matches; for the others, fast is false and the caller uses Match. It is
// small enough to be inlined in the caller's loop.
func (p *Resource) MatchFast(resource string) (ok, fast bool) {
	if !p.fast {
		return false, false
	}
	if p.rest == restLit {
		return resource == p.lit, true
	}
	return strings.HasPrefix(resource, p.lit), true
}

// Literal reports the pattern's fast form: it matches exactly the
// resources equal to lit (prefix false) or starting with lit (prefix
// true), which is MatchFast's answer; ok is false for the other patterns.
// A caller may keep lit and compare itself rather than reach the pattern
// for every match.
func (p *Resource) Literal() (lit string, prefix, ok bool) {
	if !p.fast {
		return "", false, false
	}
	return p.lit, p.rest != restLit, true
}

// ResourceLiteral is CompileResource(pattern, variables).Literal() for the
// common patterns, without compiling or allocating: text with no wildcard
// and no policy variable, and an ARN whose five colons come before its one
// wildcard, a final *. For other patterns, including fast ones it does not
// recognise, ok is false and the caller compiles the pattern.
func ResourceLiteral(pattern string, variables bool) (lit string, prefix, ok bool) {
	if pattern == "" || variables && strings.Contains(pattern, "${") {
		return "", false, false
	}
	i := strings.IndexAny(pattern, "*?")
	if i < 0 {
		return pattern, false, true
	}
	if i != len(pattern)-1 || pattern[i] != '*' {
		return "", false, false
	}
	lit = pattern[:i]
	rest := lit
	for range 5 {
		c := strings.IndexByte(rest, ':')
		if c < 0 {
			return "", false, false
		}
		rest = rest[c+1:]
	}
	// As planARN: an invalid byte before the star is one character to
	// the matcher, so only valid text is matched as a prefix.
	if !utf8.ValidString(rest) {
		return "", false, false
	}
	return lit, true, true
}

// Variables returns the context keys of the policy variables in the
// pattern, in order, as written, without case-insensitive duplicates. The
// slice must not be modified.
func (p *Resource) Variables() []string {
	if p.slow == nil {
		return nil
	}
	return p.slow.vars
}

// String returns the pattern as written.
func (p *Resource) String() string { return p.src }

// LiteralPrefix returns the pattern's leading literal text, before its
// first wildcard or policy variable: every resource the pattern matches
// starts with it (matching is case-sensitive, and literal text in an ARN
// pattern matches itself only, component by component as well as in the
// whole-string comparison of a value that is not an ARN). It is "" when the
// pattern starts with a wildcard or a variable.
func (p *Resource) LiteralPrefix() string {
	if p.fast {
		return p.lit
	}
	t := &p.slow.template
	if t.allStars || len(t.toks) == 0 || t.toks[0].kind != tokText {
		return ""
	}
	return t.toks[0].text
}

// MatchesAll reports whether the pattern is "*" (or only stars): it matches
// every resource.
func (p *Resource) MatchesAll() bool { return p.slow != nil && p.slow.template.allStars }
