package condition

// THIS FILE IS A PLACEHOLDER: the signatures below are the contract that
// package eval and package policy build against. The condition implementer
// replaces this file with the real implementation (same exported names and
// signatures; more may be added).

import (
	"errors"

	iamctx "github.com/iamsim/iamsim/context"
)

var errTODO = errors.New("condition: not implemented yet")

// Options control compilation.
type Options struct {
	// Variables turns on ${...} policy variables (Version 2012-10-17).
	Variables bool
}

// Condition is one compiled key of one operator block.
type Condition struct {
	op  Operator
	key string
}

// Compile compiles "operator": {"key": values}.
func Compile(operator, key string, values []string, opts Options) (*Condition, error) {
	return nil, errTODO
}

// Validate reports what Compile would reject, for the policy parser.
func Validate(operator, key string, values []string, opts Options) error {
	_, err := ParseOperator(operator)
	return err
}

// Operator returns the parsed operator.
func (c *Condition) Operator() Operator { return c.op }

// Key returns the condition key as written.
func (c *Condition) Key() string { return c.key }

// Eval reports whether the condition holds for r; missing reports that a
// context key it needed (its key, or a policy variable in its values) was
// absent from r. It does not allocate.
func (c *Condition) Eval(r *iamctx.Request) (ok, missing bool) { return false, false }

// ContextKeys returns the condition key and the keys of policy variables in
// its values, in order, as written.
func (c *Condition) ContextKeys() []string { return nil }

// ResourcePattern is a compiled Resource or NotResource value.
type ResourcePattern struct{}

// CompileResource compiles a Resource value: "*", or an ARN pattern with *
// and ? wildcards matched per ARN component, and policy variables when
// opts.Variables.
func CompileResource(pattern string, opts Options) (*ResourcePattern, error) {
	return nil, errTODO
}

// Match reports whether resource matches; missing reports that a policy
// variable's key was absent from r.
func (p *ResourcePattern) Match(r *iamctx.Request, resource string) (ok, missing bool) {
	return false, false
}

// Variables returns the context keys of the policy variables in the pattern.
func (p *ResourcePattern) Variables() []string { return nil }

// ActionPattern is a compiled Action or NotAction value.
type ActionPattern struct{}

// CompileAction compiles "service:Name" with * and ? wildcards, or "*".
func CompileAction(pattern string) (*ActionPattern, error) { return nil, errTODO }

// Match reports whether the lower-cased action matches.
func (p *ActionPattern) Match(lowerAction string) bool { return false }

// Literal returns the lower-cased action and true when the pattern has no
// wildcard.
func (p *ActionPattern) Literal() (string, bool) { return "", false }

// Service returns the lower-cased service prefix and true when the part
// before ':' has no wildcard.
func (p *ActionPattern) Service() (string, bool) { return "", false }
