package account

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/iamsim/iamsim/internal/iamshape"
)

// Error codes the IAM API declares for the account-management operations
// (IAM service model, each operation's errors).
const (
	// CodeValidation (HTTP 400): a member breaks the service model's
	// length, pattern, range or enumeration constraint.
	CodeValidation = "ValidationError"
	// CodeMalformedPolicyDocument (HTTP 400): a policy document is not
	// a valid policy of its kind.
	CodeMalformedPolicyDocument = "MalformedPolicyDocument"
	// CodeInvalidInput (HTTP 400): a value is well-formed but unusable
	// (an ARN that is not a policy's, a duplicate tag key, a change to an
	// AWS managed policy).
	CodeInvalidInput = "InvalidInput"
	// CodeNoSuchEntity (HTTP 404): the entity named does not exist.
	CodeNoSuchEntity = "NoSuchEntity"
	// CodeEntityAlreadyExists (HTTP 409): an entity of that name exists.
	CodeEntityAlreadyExists = "EntityAlreadyExists"
	// CodeDeleteConflict (HTTP 409): the entity still has what must go
	// first (policies, members, attachments, versions).
	CodeDeleteConflict = "DeleteConflict"
	// CodeLimitExceeded (HTTP 409): a quota would be exceeded.
	CodeLimitExceeded = "LimitExceeded"
	// CodeServiceFailure (HTTP 500): the change could not be made
	// durable; it did not take effect.
	CodeServiceFailure = "ServiceFailure"
)

// Error is an IAM API error: its code, message and HTTP status. Every
// error an Account's operations return is an *Error; use errors.As.
type Error struct {
	Code       string
	Message    string
	HTTPStatus int
	// Err is the underlying error, if any (a *policy.Error behind a
	// MalformedPolicyDocument, a Journal's error behind a ServiceFailure).
	Err error
}

// Error formats the error as "CODE: MESSAGE".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// maxQuotedBytes bounds a value that an error's message quotes: every name
// and ARN the service model accepts fits.
const maxQuotedBytes = 4 << 10

// errorf builds an Error whose message quotes args. The strings among them
// are input (names, ARNs, version IDs), which the Go API takes unchecked:
// each is cut to maxQuotedBytes, so that a message never repeats a huge
// value.
func errorf(status int, code, format string, args ...any) *Error {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = iamshape.ShortenTo(s, maxQuotedBytes)
		}
	}
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), HTTPStatus: status}
}

func noSuchEntity(format string, args ...any) *Error {
	return errorf(http.StatusNotFound, CodeNoSuchEntity, format, args...)
}

func alreadyExists(format string, args ...any) *Error {
	return errorf(http.StatusConflict, CodeEntityAlreadyExists, format, args...)
}

func deleteConflict(format string, args ...any) *Error {
	return errorf(http.StatusConflict, CodeDeleteConflict, format, args...)
}

func limitExceeded(format string, args ...any) *Error {
	return errorf(http.StatusConflict, CodeLimitExceeded, format, args...)
}

func invalidInput(format string, args ...any) *Error {
	return errorf(http.StatusBadRequest, CodeInvalidInput, format, args...)
}

// maxListedViolations bounds how many violations a ValidationError's
// message spells out. A request can break a constraint thousands of times
// (a list of ten thousand bad tag keys); its answer counts them all but
// lists only the first, so that it stays a few KiB instead of repeating
// the request.
const maxListedViolations = 10

// ValidationError returns the ValidationError of AWS's request validation
// for the given constraint violations, all reported at once as AWS does:
// "N validation error(s) detected: MSG; MSG". Beyond the first ten, the
// message says how many more there are instead of listing them.
func ValidationError(msgs ...string) *Error {
	noun := "error"
	if len(msgs) > 1 {
		noun = "errors"
	}
	list := strings.Join(msgs[:min(len(msgs), maxListedViolations)], "; ")
	if more := len(msgs) - maxListedViolations; more > 0 {
		list += fmt.Sprintf("; and %d more", more)
	}
	return &Error{Code: CodeValidation, HTTPStatus: http.StatusBadRequest,
		Message: fmt.Sprintf("%d validation %s detected: %s", len(msgs), noun, list)}
}
