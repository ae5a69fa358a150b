package condition

import (
	"fmt"
	"strconv"
)

// Error reports a condition, resource or action that cannot be compiled. The
// policy parser turns it into a MalformedPolicyDocument error at the
// element's position; errors.As finds it through wrapping.
type Error struct {
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
func (e *Error) Error() string {
	s := "condition"
	if e.Operator != "" {
		s += " " + strconv.Quote(e.Operator)
	}
	if e.Key != "" {
		s += " key " + strconv.Quote(e.Key)
	}
	if e.Index >= 0 {
		s += fmt.Sprintf(": value %q", e.Value)
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying parse error.
func (e *Error) Unwrap() error { return e.Err }
