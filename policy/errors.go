package policy

import "fmt"

// CodeMalformedPolicyDocument is the IAM API error code for a policy document
// that breaks the policy grammar (PutUserPolicy, CreatePolicy, ... return it).
const CodeMalformedPolicyDocument = "MalformedPolicyDocument"

// Error is a problem in a policy document: the IAM API error code, what is
// wrong, and where (1-based line and column).
type Error struct {
	Code    string
	Message string
	Pos     Position
	// Err is the error this one wraps, if any: the *condition.Error for
	// a condition that condition.Validate rejected.
	Err error
}

// Error formats the error as "CODE: line L, column C: MESSAGE".
func (e *Error) Error() string {
	return fmt.Sprintf("%s: line %d, column %d: %s", e.Code, e.Pos.Line, e.Pos.Column, e.Message)
}

// Unwrap returns the wrapped error, so that errors.As finds a
// *condition.Error behind a rejected condition.
func (e *Error) Unwrap() error { return e.Err }
