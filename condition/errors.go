package condition

import "github.com/iamsim/iamsim/policy"

// Error reports a condition, resource or action that cannot be compiled. It
// is the error policy.ParseKind wraps for a condition that breaks the
// grammar, so the parser and Compile describe a bad value alike; errors.As
// finds it through wrapping.
type Error = policy.ConditionError
