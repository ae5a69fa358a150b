package policy

import (
	"fmt"
	"strconv"
)

// CodeMalformedPolicyDocument is the IAM API error code for a policy document
// that breaks the policy grammar (PutUserPolicy, CreatePolicy, ... return it).
const CodeMalformedPolicyDocument = "MalformedPolicyDocument"

// Error is a problem in a policy document: the IAM API error code, what is
// wrong, and where (1-based line and column).
type Error struct {
	Code    string
	Message string
	Pos     Position
	// Err is the error this one wraps, if any: the *ConditionError for a
	// condition operator or value that breaks the grammar.
	Err error
}

// Error formats the error as "CODE: line L, column C: MESSAGE".
func (e *Error) Error() string {
	return fmt.Sprintf("%s: line %d, column %d: %s", e.Code, e.Pos.Line, e.Pos.Column, e.Message)
}

// Unwrap returns the wrapped error, so that errors.As finds a
// *ConditionError behind a rejected condition.
func (e *Error) Unwrap() error { return e.Err }

// ConditionError reports a condition operator, key or value that breaks the
// grammar of the Condition element
// (reference_policies_elements_condition_operators.md): an unknown operator,
// an empty key or values list, or a value that does not parse for its
// operator. ParseKind wraps it in an *Error at the value's position; package
// condition returns it (as condition.Error) for a condition, Resource or
// Action pattern that does not compile.
type ConditionError struct {
	// Operator is the condition operator as written ("" for Resource and
	// Action patterns).
	Operator string
	// Key is the condition key as written ("" for patterns).
	Key string
	// Value is the offending value, and Index its 0-based place in the
	// values list; Index is -1 when the error is not about one value.
	Value string
	Index int
	// Reason says what is wrong.
	Reason string
	// Err is the underlying parse error, if any.
	Err error
}

// Error formats the operator, key, value and reason as one line.
func (e *ConditionError) Error() string {
	s := "condition"
	if e.Operator != "" {
		s += " " + strconv.Quote(shorten(e.Operator))
	}
	if e.Key != "" {
		s += " key " + strconv.Quote(shorten(e.Key))
	}
	if e.Index >= 0 {
		s += fmt.Sprintf(": value %q", shorten(e.Value))
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying parse error.
func (e *ConditionError) Unwrap() error { return e.Err }
