package context

import "fmt"

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
	return fmt.Sprintf("%s: context key %s: %s", e.Code, e.Key, e.Message)
}

func invalid(key, format string, args ...any) *Error {
	return &Error{Code: CodeInvalidInput, Key: key, Message: fmt.Sprintf(format, args...)}
}
