package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// runCLI runs iamsim in-process and returns its exit status and output.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// By default MissingContextValues lists every key the policies use and the
// request lacks, as the live service does ("A list of context keys that are
// required by the included input policies but that were not provided",
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html);
// --precise-missing-context-values keeps only keys of applicable statements.
func TestPreciseMissingContextValuesFlag(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket","Condition":{"StringLike":{"aws:PrincipalTag/allowed_service":"s3"}}},` +
		`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/${aws:username}"}]}`
	tests := []struct {
		name    string
		extra   []string
		want    string
		notWant string
	}{
		{name: "every key", want: "MISSINGCONTEXTVALUES\taws:PrincipalTag/allowed_service\nMISSINGCONTEXTVALUES\taws:username\n"},
		{name: "keys of applicable statements", extra: []string{"--precise-missing-context-values"},
			want: "MISSINGCONTEXTVALUES\taws:PrincipalTag/allowed_service\n", notWant: "aws:username"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runCLI(append([]string{"simulate-custom-policy", "--policy-input-list", doc,
				"--action-names", "s3:ListBucket", "--resource-arns", "arn:aws:s3:::example-bucket", "--output", "text"}, tc.extra...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
			if tc.notWant != "" && strings.Contains(out, tc.notWant) {
				t.Errorf("output has %q:\n%s", tc.notWant, out)
			}
		})
	}
}

// iamsim's own request bounds (simulator.InputLimits) refuse a context value
// over 8 KiB with the API-style error; --no-input-limits lifts them, for
// simulations and for listing context keys.
func TestNoInputLimitsFlag(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"aws:username":"a*"}}}}`
	long := strings.Repeat("a", 8<<10+1)
	simulate := []string{"simulate-custom-policy", "--policy-input-list", doc, "--action-names", "s3:GetObject",
		"--context-entries", "ContextKeyName=aws:username,ContextKeyValues=" + long + ",ContextKeyType=string", "--output", "text"}
	docs := make([]string, 9) // nine documents of 128 KiB: over 1 MiB in all
	for i := range docs {
		docs[i] = doc[:len(doc)-1] + strings.Repeat(" ", 128<<10-len(doc)) + "}"
	}
	contextKeys := slices.Concat([]string{"get-context-keys-for-custom-policy", "--policy-input-list"}, docs)

	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string // in standard output and error together
	}{
		{name: "long context value", args: simulate, wantCode: exitService,
			want: "An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: ContextEntries.1.ContextKeyValues.1 is 8193 bytes long; iamsim accepts context values of at most 8192 bytes"},
		{name: "long context value without limits", args: slices.Concat(simulate, []string{"--no-input-limits"}), wantCode: exitOK,
			want: "EVALUATIONRESULTS\ts3:GetObject\tallowed"},
		{name: "large documents", args: contextKeys, wantCode: exitService,
			want: "iamsim accepts at most 1048576 in one request"},
		{name: "large documents without limits", args: slices.Concat(contextKeys, []string{"--no-input-limits", "--output", "text"}), wantCode: exitOK,
			want: "aws:username"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := runCLI(tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d: %s", code, tc.wantCode, errs)
			}
			if !strings.Contains(out+errs, tc.want) {
				t.Errorf("output lacks %q:\n%s%s", tc.want, out, errs)
			}
		})
	}
}

// A KMS key without its key policy: answered from the identity-based
// policies, as AWS's simulator answers (access_policies_testing-policies.md:
// it reads no KMS key policy), unless --require-key-policies, which refuses
// it: every KMS key has exactly one key policy (AWS KMS Developer Guide,
// key-policies.md).
func TestRequireKeyPoliciesFlag(t *testing.T) {
	t.Parallel()
	args := []string{"simulate-custom-policy", "--policy-input-list",
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}}`,
		"--action-names", "kms:Decrypt", "--resource-arns", "arn:aws:kms:us-east-1:111122223333:key/k1", "--output", "text"}
	code, out, errs := runCLI(args...)
	if code != exitOK || !strings.Contains(out, "allowed") {
		t.Fatalf("default: exit %d\n%s%s", code, out, errs)
	}
	code, _, errs = runCLI(append(args, "--require-key-policies")...)
	if code != exitService || !strings.Contains(errs, "every KMS key has exactly one key policy") {
		t.Fatalf("--require-key-policies: exit %d\n%s", code, errs)
	}
}
