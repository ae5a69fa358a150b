package endpoint

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
	"github.com/iamsim/iamsim/simulator"
)

// apiError is an error response: IAM's code, message and HTTP status.
type apiError struct {
	Code    string
	Message string
	Status  int
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// errorf builds an apiError whose message quotes args. The strings among
// them are request input (an Action, a Version, a header): each is
// shortened, so that a message never repeats a huge value.
func errorf(status int, code, format string, args ...any) *apiError {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = iamshape.Shorten(s)
		}
	}
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...), Status: status}
}

func invalidInput(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, "InvalidInput", format, args...)
}

// serviceFailureMessage is what a client is told of an internal failure
// (the IAM API reference's wording for ServiceFailure); the cause, which
// may name files or addresses of the server, goes to the error log only.
const serviceFailureMessage = "The request processing has failed because of an unknown error, exception or failure."

// fail answers an operation's error. An internal failure (HTTP 500) is
// logged with its cause.
func (h *Handler) fail(w http.ResponseWriter, reqID, action string, err error) {
	ae := toAPIError(err)
	if ae.Status >= http.StatusInternalServerError {
		h.errorLog.Printf("iamsim: %s request %s: %s", action, reqID, details(err))
	}
	writeError(w, reqID, ae)
}

// details is err's message followed by those of the errors it wraps that
// it does not already include.
func details(err error) string {
	s := err.Error()
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		if m := e.Error(); !strings.Contains(s, m) {
			s += ": " + m
		}
	}
	return s
}

// toAPIError maps any error of an operation to the response AWS would give:
// the account's and the simulator's errors carry their code and status;
// anything else is a ServiceFailure that does not say what failed.
func toAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var acctErr *account.Error
	if errors.As(err, &acctErr) {
		return &apiError{Code: acctErr.Code, Message: acctErr.Message, Status: acctErr.HTTPStatus}
	}
	var simErr *simulator.Error
	if errors.As(err, &simErr) {
		return &apiError{Code: simErr.Code, Message: simErr.Message, Status: simErr.HTTPStatus}
	}
	return &apiError{Code: "ServiceFailure", Message: serviceFailureMessage, Status: http.StatusInternalServerError}
}
