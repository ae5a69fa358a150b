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
