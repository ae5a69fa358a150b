package context

import (
	"fmt"

	"github.com/iamsim/iamsim/internal/iamshape"
)

// CodeInvalidInput is the IAM API error code for a request value that is not
// well formed (a context value that does not parse as its declared type, an
// unknown ContextKeyType, a malformed principal ARN).
const CodeInvalidInput = "InvalidInput"

// Error reports an invalid request. Code is the IAM API error code
// (always CodeInvalidInput here); Key names the context key or request field
// at fault.
type Error struct {
	Code    string
	Key     string
	Message string
}

// Error formats the code, the key (when there is one) and the message.
func (e *Error) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: context key %s: %s", e.Code, iamshape.Shorten(e.Key), e.Message)
}

// invalid builds an Error whose message quotes args. The strings among
// them are input (a context value, a type name, an ARN): each is
// shortened, so that a message never repeats a huge value.
func invalid(key, format string, args ...any) *Error {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = iamshape.Shorten(s)
		}
	}
	return &Error{Code: CodeInvalidInput, Key: key, Message: fmt.Sprintf(format, args...)}
}
