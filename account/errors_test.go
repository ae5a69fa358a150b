package account

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A ValidationError counts every violation and lists the first ten, so
// that a request breaking a constraint thousands of times gets a short
// answer.
func TestValidationErrorListsTheFirstTen(t *testing.T) {
	t.Parallel()
	msgs := make([]string, 5000)
	for i := range msgs {
		msgs[i] = fmt.Sprintf("violation %d", i+1)
	}
	e := ValidationError(msgs...)
	require.True(t, strings.HasPrefix(e.Message, "5000 validation errors detected: violation 1; violation 2; "), e.Message)
	require.True(t, strings.HasSuffix(e.Message, "; violation 10; and 4990 more"), e.Message)
	require.Equal(t, "1 validation error detected: only", ValidationError("only").Message)
}

// Messages quote names, ARNs and version IDs, which the Go API takes
// unchecked, cut to a few KiB.
func TestErrorsShortenWhatTheyQuote(t *testing.T) {
	t.Parallel()
	a := New("")
	huge := strings.Repeat("x", 1<<20)
	_, err := a.GetPolicy("arn:aws:iam::123456789012:policy/" + huge)
	var e *Error
	require.True(t, errors.As(err, &e), err)
	require.Equal(t, CodeNoSuchEntity, e.Code)
	require.Less(t, len(e.Message), 5<<10)
	_, err = a.GetPolicy(huge)
	require.True(t, errors.As(err, &e), err)
	require.Equal(t, CodeInvalidInput, e.Code)
	require.Less(t, len(e.Message), 5<<10)
}
