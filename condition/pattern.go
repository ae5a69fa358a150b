package condition

import (
	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/pattern"
)

// ResourcePattern is a compiled Resource or NotResource value. It is
// immutable and safe for concurrent use.
type ResourcePattern struct{ compiled *pattern.Resource }

// CompileResource compiles a Resource value: "*", or an ARN pattern with *
// and ? wildcards matched per ARN component, and policy variables when
// opts.Variables. An empty pattern is an *Error.
//
// The User Guide allows variables only in the resource part of the ARN,
// after the fifth colon (reference_policies_variables.md#policy-vars-resourceelement).
// That is a rule for writing policies, not a different way of reading them;
// a variable elsewhere is substituted all the same, as in ARN condition
// values.
func CompileResource(resource string, opts Options) (*ResourcePattern, error) {
	p, err := pattern.CompileResource(resource, opts.Variables)
	if err != nil {
		return nil, err
	}
	return &ResourcePattern{compiled: p}, nil
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
func (p *ResourcePattern) Match(r *iamctx.Request, resource string) (ok, missing bool) {
	return p.compiled.Match(r, resource)
}

// Variables returns the context keys of the policy variables in the
// pattern, in order, as written, without case-insensitive duplicates. The
// slice must not be modified.
func (p *ResourcePattern) Variables() []string { return p.compiled.Variables() }

// String returns the pattern as written.
func (p *ResourcePattern) String() string { return p.compiled.String() }

// ActionPattern is a compiled Action or NotAction value. It is immutable and
// safe for concurrent use.
type ActionPattern struct{ compiled *pattern.Action }

// CompileAction compiles "service:Name" with * and ? wildcards, or "*".
// Matching ignores case ("The prefix and the action name are case
// insensitive", reference_policies_elements_action.md). An empty pattern is
// an *Error. Action names are not checked against any catalogue.
func CompileAction(action string) (*ActionPattern, error) {
	p, err := pattern.CompileAction(action)
	if err != nil {
		return nil, err
	}
	return &ActionPattern{compiled: p}, nil
}

// Match reports whether the lower-cased action matches. It does not
// allocate.
func (p *ActionPattern) Match(lowerAction string) bool { return p.compiled.Match(lowerAction) }

// String returns the pattern as written.
func (p *ActionPattern) String() string { return p.compiled.String() }
