package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// By default MissingContextValues lists every key the policies use and the
// request lacks, as the live service does (boto/boto3#3111);
// --precise-missing-context-values keeps only keys of applicable statements.
func TestPreciseMissingContextValuesFlag(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket","Condition":{"StringLike":{"aws:PrincipalTag/allowed_service":"s3"}}},` +
		`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/${aws:username}"}]}`
	sim := func(extra ...string) string {
		var out, errb bytes.Buffer
		args := append([]string{"simulate-custom-policy", "--policy-input-list", doc,
			"--action-names", "s3:ListBucket", "--resource-arns", "arn:aws:s3:::example-bucket", "--output", "text"}, extra...)
		code := run(args, strings.NewReader(""), &out, &errb)
		require.Equal(t, 0, code, errb.String())
		return out.String()
	}
	require.Contains(t, sim(), "MISSINGCONTEXTVALUES\taws:PrincipalTag/allowed_service\nMISSINGCONTEXTVALUES\taws:username\n")
	precise := sim("--precise-missing-context-values")
	require.Contains(t, precise, "MISSINGCONTEXTVALUES\taws:PrincipalTag/allowed_service\n")
	require.NotContains(t, precise, "aws:username")
}

// iamsim's own request bounds (simulator.InputLimits) refuse a context value
// over 8 KiB with the API-style error; --no-input-limits lifts them, for
// simulations and for listing context keys.
func TestNoInputLimitsFlag(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"aws:username":"a*"}}}}`
	long := strings.Repeat("a", 8<<10+1)
	sim := func(extra ...string) (int, string, string) {
		var out, errb bytes.Buffer
		args := append([]string{"simulate-custom-policy", "--policy-input-list", doc, "--action-names", "s3:GetObject",
			"--context-entries", "ContextKeyName=aws:username,ContextKeyValues=" + long + ",ContextKeyType=string", "--output", "text"}, extra...)
		code := run(args, strings.NewReader(""), &out, &errb)
		return code, out.String(), errb.String()
	}
	code, _, errs := sim()
	require.Equal(t, exitService, code)
	require.Contains(t, errs, "An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: ContextEntries.1.ContextKeyValues.1 is 8193 bytes long; iamsim accepts context values of at most 8192 bytes")
	code, out, errs := sim("--no-input-limits")
	require.Equal(t, exitOK, code, errs)
	require.Contains(t, out, "EVALUATIONRESULTS\ts3:GetObject\tallowed")

	docs := make([]string, 9) // nine documents of 128 KiB: over 1 MiB in all
	for i := range docs {
		docs[i] = doc[:len(doc)-1] + strings.Repeat(" ", 128<<10-len(doc)) + "}"
	}
	keys := func(extra ...string) (int, string) {
		var out, errb bytes.Buffer
		args := append(append([]string{"get-context-keys-for-custom-policy", "--policy-input-list"}, docs...), extra...)
		code := run(args, strings.NewReader(""), &out, &errb)
		return code, out.String() + errb.String()
	}
	code, msg := keys()
	require.Equal(t, exitService, code)
	require.Contains(t, msg, "iamsim accepts at most 1048576 in one request")
	code, msg = keys("--no-input-limits", "--output", "text")
	require.Equal(t, exitOK, code, msg)
	require.Contains(t, msg, "aws:username")
}
