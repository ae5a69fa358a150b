package endpoint

import (
	"errors"
	"fmt"
	"net/http"

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

// toAPIError maps any error of an operation to the response AWS would give:
// the account's and the simulator's errors carry their code and status;
// anything else is a ServiceFailure.
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
	return errorf(http.StatusInternalServerError, "ServiceFailure", "%v", err)
}
