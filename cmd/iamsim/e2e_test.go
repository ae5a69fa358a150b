package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/iamsim/iamsim/account"
)

// End-to-end tests: build the iamsim binary and run it as a user would,
// checking standard output, standard error and the exit status.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	binDir    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// goCommand returns the go command of the toolchain running the tests
// (`go test` puts its GOROOT/bin first on PATH).
func goCommand() (string, error) {
	gopath, err := exec.LookPath("go")
	if err != nil {
		return "", err
	}
	out, err := exec.Command(gopath, "env", "GOROOT").Output()
	if err != nil {
		return "", err
	}
	return filepath.Join(strings.TrimSpace(string(out)), "bin", "go"), nil
}

// iamsimBinary builds the command once per test run.
func iamsimBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		var gocmd string
		if gocmd, buildErr = goCommand(); buildErr != nil {
			return
		}
		if binDir, buildErr = os.MkdirTemp("", "iamsim-e2e-"); buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "iamsim")
		cmd := exec.Command(gocmd, "build", "-o", binPath, ".")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			buildErr = errors.New(err.Error() + ": " + stderr.String())
		}
	})
	if buildErr != nil {
		t.Fatalf("building iamsim: %v", buildErr)
	}
	return binPath
}

type result struct {
	stdout, stderr string
	code           int
}

// iamsim runs the binary with args in dir (the test's temporary directory
// when empty) and an environment without IAMSIM_ variables beyond env.
func iamsim(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(iamsimBinary(t), args...)
	cmd.Dir = dir
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "IAMSIM_") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatalf("running iamsim: %v", err)
	}
	return result{stdout.String(), stderr.String(), code}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// The policy and output of "Example 1" of `aws iam simulate-custom-policy
// help` (the AWS CLI's documentation), a capture of the live service; the
// SourcePolicyType member the live service has returned since is added.
const docExamplePolicy = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}`

const docExampleOutput = `{
    "EvaluationResults": [
        {
            "EvalActionName": "dynamodb:CreateBackup",
            "EvalResourceName": "*",
            "EvalDecision": "allowed",
            "MatchedStatements": [
                {
                    "SourcePolicyId": "PolicyInputList.1",
                    "SourcePolicyType": "IAM Policy",
                    "StartPosition": {
                        "Line": 1,
                        "Column": 38
                    },
                    "EndPosition": {
                        "Line": 1,
                        "Column": 167
                    }
                }
            ],
            "MissingContextValues": []
        }
    ]
}
`

const usageHead = "usage: iamsim [options] <command> [parameters]\nTo see help text, you can run:\n\n  iamsim help\n  iamsim <command> help\n"

// e2eCase is one run of the binary. In args, "$DIR" stands for the
// test's temporary directory, which holds the files of the setup.
type e2eCase struct {
	name       string
	args       []string
	env        []string
	wantCode   int
	wantStdout string // exact, unless empty
	wantPrefix string // the start of stdout
	wantSuffix string // the end of stdout
	wantOut    []string
	wantErr    string // exact standard error, unless empty
	errHas     []string
}

const (
	allowS3Get = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::bucket/*"},{"Sid":"NoSecrets","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::bucket/secret/*"}]}`
	aliceArn   = demoUser // in account.Example

	allowAssumeRole = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}`
	trustAlice      = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}}`
)

func TestEndToEnd(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "policy.json", allowS3Get)
	// Old Mac line ends: Python's text mode, and so the AWS CLI, reads
	// each "\r" as a line end.
	writeFile(t, dir, "cr.json", strings.ReplaceAll("{\n\"Version\": \"2012-10-17\",\n\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n}", "\n", "\r"))
	writeFile(t, dir, "input.json", `{"PolicyInputList": [`+jsonString(docExamplePolicy)+`], "ActionNames": ["dynamodb:CreateBackup"],
		"ContextEntries": [{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2019-04-25T11:00:00Z"], "ContextKeyType": "date"}]}`)
	writeFile(t, dir, "entries.json", `[{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2019-04-25T11:00:00Z"], "ContextKeyType": "date"}]`)
	writeFile(t, dir, "account.json", string(account.ExampleJSON()))
	writeFile(t, dir, "broken-account.json", `{"UserDetailList": [`)

	tests := []e2eCase{
		// simulate-custom-policy
		{name: "doc example, shorthand with quotes",
			args: []string{"simulate-custom-policy", "--policy-input-list", docExamplePolicy, "--action-names", "dynamodb:CreateBackup",
				"--context-entries", "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date"},
			wantStdout: docExampleOutput},
		{name: "doc example, JSON context entries from a file",
			args: []string{"simulate-custom-policy", "--policy-input-list", docExamplePolicy, "--action-names", "dynamodb:CreateBackup",
				"--context-entries", "file://$DIR/entries.json"},
			wantStdout: docExampleOutput},
		{name: "doc example, --cli-input-json",
			args:       []string{"simulate-custom-policy", "--cli-input-json", "file://$DIR/input.json"},
			wantStdout: docExampleOutput},
		{name: "doc example, date before the condition's",
			args: []string{"simulate-custom-policy", "--policy-input-list", docExamplePolicy, "--action-names", "dynamodb:CreateBackup",
				"--context-entries", "ContextKeyName=aws:CurrentTime,ContextKeyValues=2014-04-25T11:00:00Z,ContextKeyType=date"},
			wantOut: []string{`"EvalDecision": "implicitDeny"`, `"MatchedStatements": []`}},
		{name: "several actions and resources from a file",
			args: []string{"simulate-custom-policy", "--policy-input-list", "file://$DIR/policy.json",
				"--action-names", "s3:GetObject", "s3:PutObject",
				"--resource-arns", "arn:aws:s3:::bucket/a.txt", "arn:aws:s3:::bucket/secret/b.txt"},
			wantOut: []string{
				`"EvalActionName": "s3:GetObject",
            "EvalResourceName": "arn:aws:s3:::bucket/a.txt",
            "EvalDecision": "allowed"`,
				`"EvalActionName": "s3:GetObject",
            "EvalResourceName": "arn:aws:s3:::bucket/secret/b.txt",
            "EvalDecision": "explicitDeny"`,
				`"EvalActionName": "s3:PutObject",
            "EvalResourceName": "arn:aws:s3:::bucket/a.txt",
            "EvalDecision": "implicitDeny"`,
				`"EvalDecisionDetails": {}`, `"ResourceSpecificResults": [`}},
		{name: "file:// text has CR line ends turned into LF",
			args: []string{"simulate-custom-policy", "--policy-input-list", "file://$DIR/cr.json", "--action-names", "s3:GetObject"},
			wantOut: []string{`"StartPosition": {
                        "Line": 3,
                        "Column": 15
                    },
                    "EndPosition": {
                        "Line": 3,
                        "Column": 68
                    }`}},
		{name: "--output text",
			args: []string{"simulate-custom-policy", "--policy-input-list", docExamplePolicy, "--action-names", "dynamodb:CreateBackup",
				"--context-entries", "ContextKeyName=aws:CurrentTime,ContextKeyValues=2019-04-25T11:00:00Z,ContextKeyType=date", "--output", "text"},
			wantStdout: "EVALUATIONRESULTS\tdynamodb:CreateBackup\tallowed\t*\n" +
				"MATCHEDSTATEMENTS\tPolicyInputList.1\tIAM Policy\n" +
				"ENDPOSITION\t167\t1\n" +
				"STARTPOSITION\t38\t1\n"},
		{name: "--output table",
			args: []string{"--output", "table", "simulate-custom-policy", "--policy-input-list", docExamplePolicy, "--action-names", "dynamodb:CreateBackup",
				"--context-entries", "ContextKeyName=aws:CurrentTime,ContextKeyValues=2019-04-25T11:00:00Z,ContextKeyType=date"},
			wantOut: []string{"\n|  ", "  SimulateCustomPolicy  ", "\n||  ", "  EvaluationResults  ", "EvalActionName", "|  dynamodb:CreateBackup  |",
				"\n|||  ", "  MatchedStatements  ", "|  PolicyInputList.1  "}},
		{name: "options of aws that mean nothing offline are accepted",
			args: []string{"simulate-custom-policy", "--region", "us-east-1", "--profile", "prod", "--no-verify-ssl",
				"--policy-input-list", docExamplePolicy, "--action-names", "dynamodb:CreateBackup", "--context-entries",
				"ContextKeyName=aws:CurrentTime,ContextKeyValues=2019-04-25T11:00:00Z,ContextKeyType=date"},
			wantStdout: docExampleOutput},

		// Paging: --max-items, --starting-token, --page-size, --no-paginate.
		{name: "--max-items 1",
			args: []string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--action-names", "s3:GetObject", "s3:PutObject", "s3:GetObjectAcl",
				"--max-items", "1"},
			wantOut: []string{`"EvalActionName": "s3:GetObject"`,
				// base64 of {"Marker": null, "boto_truncate_amount": 1}, as the AWS CLI prints it
				`"NextToken": "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="`}},
		{name: "--starting-token resumes",
			args: []string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--action-names", "s3:GetObject", "s3:PutObject", "s3:GetObjectAcl",
				"--max-items", "1", "--starting-token", "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="},
			wantOut: []string{`"EvalActionName": "s3:PutObject"`,
				`"NextToken": "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ=="`}},
		{name: "--no-paginate prints IsTruncated and Marker",
			args: []string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--action-names", "s3:GetObject", "s3:PutObject",
				"--no-paginate", "--max-items", "1"},
			wantOut: []string{`"EvalActionName": "s3:GetObject"`, `"IsTruncated": true,`, `"Marker": "`}},
		{name: "--max-items 0 warns as the AWS CLI does",
			args:    []string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--action-names", "s3:GetObject", "--max-items", "0"},
			wantOut: []string{`"EvaluationResults": []`, `"NextToken": "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAwfQ=="`},
			wantErr: "warning: Non-positive values for --max-items may result in undefined behavior.\n"},

		// simulate-principal-policy
		{name: "principal from --account-snapshot",
			args: []string{"simulate-principal-policy", "--account-snapshot", "$DIR/account.json", "--policy-source-arn", aliceArn,
				"--action-names", "s3:GetObject", "--resource-arns", "arn:aws:s3:::example-home/alice/x.csv"},
			wantOut: []string{`"EvalDecision": "allowed"`, `"SourcePolicyId": "user_alice_HomeFolder"`, `"AllowedByPermissionsBoundary": true`}},
		{name: "principal from IAMSIM_ACCOUNT_SNAPSHOT, in the EU",
			env: []string{"IAMSIM_ACCOUNT_SNAPSHOT=$DIR/account.json"},
			args: []string{"simulate-principal-policy", "--policy-source-arn", aliceArn, "--action-names", "s3:PutObject",
				"--resource-arns", "arn:aws:s3:::example-home/alice/x.csv",
				"--context-entries", "ContextKeyName=aws:RequestedRegion,ContextKeyValues=eu-west-1,ContextKeyType=string"},
			wantOut: []string{`"EvalDecision": "allowed"`}},
		{name: "principal: unknown user",
			args: []string{"simulate-principal-policy", "--account-snapshot", "$DIR/account.json",
				"--policy-source-arn", "arn:aws:iam::111122223333:user/mallory", "--action-names", "s3:GetObject"},
			wantCode: exitService,
			errHas:   []string{"\nAn error occurred (NoSuchEntity) when calling the SimulatePrincipalPolicy operation: "}},
		{name: "principal: no snapshot at all",
			args:     []string{"simulate-principal-policy", "--policy-source-arn", aliceArn, "--action-names", "s3:GetObject"},
			wantCode: exitService,
			errHas:   []string{"\nAn error occurred (NoSuchEntity) when calling the SimulatePrincipalPolicy operation: "}},
		{name: "principal: unreadable snapshot",
			args: []string{"simulate-principal-policy", "--account-snapshot", "$DIR/broken-account.json",
				"--policy-source-arn", aliceArn, "--action-names", "s3:GetObject"},
			wantCode: exitError,
			errHas:   []string{"\nUnable to read account snapshot $DIR/broken-account.json: "}},
		{name: "principal: missing snapshot file",
			args: []string{"simulate-principal-policy", "--account-snapshot", "$DIR/nope.json",
				"--policy-source-arn", aliceArn, "--action-names", "s3:GetObject"},
			wantCode: exitError,
			wantErr:  "\nUnable to read account snapshot: [Errno 2] No such file or directory: '$DIR/nope.json'\n"},

		// get-context-keys-for-custom-policy / -principal-policy
		{name: "context keys of custom policies",
			args: []string{"get-context-keys-for-custom-policy", "--policy-input-list",
				`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}}`,
				`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`},
			wantStdout: "{\n    \"ContextKeyNames\": [\n        \"aws:username\",\n        \"aws:SourceVpc\",\n        \"aws:SecureTransport\"\n    ]\n}\n"},
		{name: "context keys of a principal",
			args:    []string{"get-context-keys-for-principal-policy", "--account-snapshot", "$DIR/account.json", "--policy-source-arn", aliceArn},
			wantOut: []string{`"ContextKeyNames": [`, `"aws:username"`, `"aws:RequestedRegion"`}},
		{name: "context keys: unknown principal",
			args:     []string{"get-context-keys-for-principal-policy", "--account-snapshot", "$DIR/account.json", "--policy-source-arn", "arn:aws:iam::111122223333:role/none"},
			wantCode: exitService,
			errHas:   []string{"\nAn error occurred (NoSuchEntity) when calling the GetContextKeysForPrincipalPolicy operation: "}},
		{name: "context keys: malformed policy",
			args:     []string{"get-context-keys-for-custom-policy", "--policy-input-list", `{"Statement":`},
			wantCode: exitService,
			errHas:   []string{"\nAn error occurred (InvalidInput) when calling the GetContextKeysForCustomPolicy operation: "}},

		// Service errors: 254.
		{name: "malformed policy",
			args:     []string{"simulate-custom-policy", "--policy-input-list", `{"Version":"2012-10-17","Statement":{"Effect":"Allow"}}`, "--action-names", "s3:GetObject"},
			wantCode: exitService,
			errHas:   []string{"\nAn error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: "}},
		{name: "bad context key type",
			args: []string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--action-names", "s3:GetObject",
				"--context-entries", "ContextKeyName=aws:SourceIp,ContextKeyValues=10.0.0.1,ContextKeyType=ipaddress"},
			wantCode: exitService,
			errHas:   []string{"\nAn error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: ", "ipaddress"}},
		{name: "bad context value",
			args: []string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--action-names", "s3:GetObject",
				"--context-entries", "ContextKeyName=aws:SourceIp,ContextKeyValues=not-an-ip,ContextKeyType=ip"},
			wantCode: exitService,
			errHas:   []string{"\nAn error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: "}},
		{name: "bad marker",
			args:     []string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--action-names", "s3:GetObject", "--starting-token", "garbage"},
			wantCode: exitService,
			errHas:   []string{"\nAn error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: "}},
		{name: "role as caller without --allow-any-caller",
			args: []string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--action-names", "s3:GetObject",
				"--resource-policy", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}`,
				"--caller-arn", "arn:aws:iam::123456789012:role/r"},
			wantCode: exitService,
			errHas:   []string{"\nAn error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: "}},
		{name: "role as caller with --allow-any-caller",
			args: []string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--action-names", "s3:GetObject",
				"--resource-arns", "arn:aws:s3:::bucket/a",
				"--resource-policy", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}`,
				"--caller-arn", "arn:aws:iam::123456789012:role/r", "--allow-any-caller"},
			wantOut: []string{`"EvalDecision": "allowed"`}},

		// Role trust policies: like the live service, iamsim parses a trust
		// policy given as ResourcePolicy but does not evaluate it (package
		// simulator's documentation); --evaluate-trust-policies does.
		{name: "trust policy not evaluated by default",
			args: []string{"simulate-custom-policy", "--policy-input-list", allowAssumeRole, "--action-names", "sts:AssumeRole",
				"--resource-arns", "arn:aws:iam::123456789012:role/r", "--resource-policy", trustAlice, "--caller-arn", "arn:aws:iam::123456789012:user/bob"},
			wantOut: []string{`"EvalDecision": "allowed"`}},
		{name: "trust policy evaluated with --evaluate-trust-policies",
			args: []string{"simulate-custom-policy", "--policy-input-list", allowAssumeRole, "--action-names", "sts:AssumeRole",
				"--resource-arns", "arn:aws:iam::123456789012:role/r", "--resource-policy", trustAlice, "--caller-arn", "arn:aws:iam::123456789012:user/bob",
				"--evaluate-trust-policies"},
			wantOut: []string{`"EvalDecision": "implicitDeny"`}},
		{name: "trust policy with a Service principal",
			args: []string{"simulate-custom-policy", "--policy-input-list", allowAssumeRole, "--action-names", "sts:AssumeRole",
				"--resource-arns", "arn:aws:iam::123456789012:role/r", "--caller-arn", "arn:aws:iam::123456789012:user/bob",
				"--resource-policy", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}}`},
			wantCode: exitService,
			wantErr:  "\nAn error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: Principal of type Service is not supported\n"},

		// Command-line errors: 252, nothing simulated.
		{name: "no arguments",
			args:     []string{"simulate-custom-policy"},
			wantCode: exitUsage,
			wantErr:  usageHead + "iamsim: error: the following arguments are required: --policy-input-list, --action-names\n"},
		{name: "missing --action-names",
			args:     []string{"simulate-principal-policy", "--policy-source-arn", aliceArn},
			wantCode: exitUsage,
			wantErr:  usageHead + "iamsim: error: the following arguments are required: --action-names\n"},
		{name: "unknown option",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "s3:GetObject", "--bogus", "x"},
			wantCode: exitUsage,
			wantErr:  usageHead + "\nUnknown options: --bogus, x\n"},
		{name: "option without its value",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "s3:GetObject", "--caller-arn"},
			wantCode: exitUsage,
			wantErr:  usageHead + "iamsim: error: argument --caller-arn: expected one argument\n"},
		{name: "list option without values",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "--caller-arn", "x"},
			wantCode: exitUsage,
			wantErr:  usageHead + "iamsim: error: argument --action-names: expected at least one argument\n"},
		{name: "bad --max-items",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "s3:GetObject", "--max-items", "ten"},
			wantCode: exitUsage,
			wantErr:  usageHead + "iamsim: error: argument --max-items: invalid int value: 'ten'\n"},
		{name: "bad --page-size",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "s3:GetObject", "--page-size", "0"},
			wantCode: exitUsage,
			wantErr:  "\nParameter validation failed:\nInvalid value for parameter MaxItems, value: 0, valid min value: 1\n"},
		{name: "client-side validation",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "s3", "--context-entries", "ContextKeyName=k,ContextKeyValues=v"},
			wantCode: exitUsage,
			wantErr: "\nParameter validation failed:\nInvalid length for parameter ActionNames[0], value: 2, valid min length: 3\n" +
				"Invalid length for parameter ContextEntries[0].ContextKeyName, value: 1, valid min length: 5\n"},
		{name: "bad shorthand",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "s3:GetObject", "--context-entries", "ContextKeyName=aws:username,"},
			wantCode: exitUsage,
			wantErr: "\nError parsing parameter '--context-entries': Expected: '<second>', received: '<none>' for input:\n" +
				"ContextKeyName=aws:username,\n                            ^\n"},
		{name: "bad JSON",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "s3:GetObject", "--context-entries", `[{"ContextKeyName": 5}`},
			wantCode: exitUsage,
			errHas:   []string{"\nError parsing parameter '--context-entries': Invalid JSON: ", "line 1 column 23 (char 22)\nJSON received: [{\"ContextKeyName\": 5}\n"}},
		{name: "bad --cli-input-json",
			args:     []string{"simulate-custom-policy", "--cli-input-json", `{"PolicyInputList": [}`},
			wantCode: exitUsage,
			errHas:   []string{"\nError parsing parameter 'cli-input-json': Invalid JSON: "}},
		{name: "--cli-input-json lacking a required member",
			args:     []string{"simulate-custom-policy", "--cli-input-json", `{"PolicyInputList": ["{}"]}`},
			wantCode: exitUsage,
			wantErr:  "\nParameter validation failed:\nMissing required parameter in input: \"ActionNames\"\n"},
		{name: "missing policy file",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "file://$DIR/missing.json", "--action-names", "s3:GetObject"},
			wantCode: exitUsage,
			wantErr: "\nError parsing parameter '--policy-input-list': Unable to load paramfile file://$DIR/missing.json: " +
				"[Errno 2] No such file or directory: '$DIR/missing.json'\n"},
		{name: "--no-paginate with paging options",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "s3:GetObject", "--no-paginate", "--starting-token", "x"},
			wantCode: exitUsage,
			wantErr:  "\nError during pagination: Cannot specify --no-paginate along with pagination arguments: --starting-token\n"},
		{name: "bad --output",
			args:     []string{"simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "s3:GetObject", "--output", "yaml"},
			wantCode: exitUsage,
			errHas:   []string{"iamsim: error: argument --output: Invalid choice 'yaml'"}},
		{name: "unknown command",
			args:     []string{"simulate-everything"},
			wantCode: exitUsage,
			errHas:   []string{usageHead + "iamsim: error: argument command: Invalid choice 'simulate-everything', valid choices are:"}},
		{name: "no command",
			args:     nil,
			wantCode: exitUsage,
			wantErr:  usageHead + "iamsim: error: the following arguments are required: command\n"},
		{name: "bad starting token",
			args:     []string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--action-names", "s3:GetObject", "--starting-token", "a___b___c"},
			wantCode: exitError,
			wantErr:  "\nBad starting token: a___b___c\n"},

		// Help, skeleton, demo.
		{name: "help", args: []string{"help"}, wantOut: []string{"usage: iamsim [options] <command> [parameters]", "simulate-principal-policy", "demo"}},
		{name: "--help", args: []string{"--help"}, wantOut: []string{"Commands:"}},
		{name: "command help", args: []string{"simulate-custom-policy", "help"},
			wantOut: []string{"usage: iamsim simulate-custom-policy", "--policy-input-list <value>", "[--context-entries <value>]", "--max-items N"}},
		{name: "command --help", args: []string{"get-context-keys-for-principal-policy", "--help"},
			wantOut: []string{"--policy-source-arn <value>", "--account-snapshot"}},
		{name: "help command", args: []string{"help", "simulate-principal-policy"}, wantOut: []string{"--evaluate-trust-policies"}},
		{name: "skeleton", args: []string{"get-context-keys-for-principal-policy", "--generate-cli-skeleton"},
			wantStdout: "{\n    \"PolicySourceArn\": \"\",\n    \"PolicyInputList\": [\n        \"\"\n    ]\n}\n"},
		{name: "demo", args: []string{"demo"}, wantOut: []string{"explicitDeny", "implicitDeny", "allowed", `"Sid": "DenyOtherRegions"`}},
		{name: "demo as JSON", args: []string{"demo", "--output", "json"}, wantOut: []string{`"EvaluationResults": [`, `"SourcePolicyId": "DenyOutsideEU"`}},
		{name: "demo account", args: []string{"demo", "--print-account"}, wantStdout: string(account.ExampleJSON())},
		{name: "demo help", args: []string{"demo", "help"}, wantOut: []string{"usage: iamsim demo"}},
		{name: "demo, unknown option", args: []string{"demo", "--bogus"}, wantCode: exitUsage,
			wantErr: usageHead + "\nUnknown options: --bogus\n"},

		// version: the build's version, then the Go version it was built with.
		{name: "version", args: []string{"version"}, wantPrefix: "iamsim ", wantSuffix: " " + runtime.Version() + "\n"},
		{name: "--version", args: []string{"--version"}, wantPrefix: "iamsim ", wantSuffix: " " + runtime.Version() + "\n"},

		// serve's command line (its running is in serve_test.go).
		{name: "serve help", args: []string{"serve", "help"},
			wantOut: []string{"serve - Serve the IAM API on a local address", "usage: iamsim serve\n    [--listen <value>]\n",
				"  --listen ADDR\n      The address to listen on; port 0 picks a free port (default: 127.0.0.1:4566).\n",
				"  --require-sigv4\n"}},
		{name: "serve --help", args: []string{"serve", "--help"}, wantOut: []string{"usage: iamsim serve\n"}},
		{name: "help serve", args: []string{"help", "serve"}, wantOut: []string{"usage: iamsim serve\n"}},
		{name: "serve, unknown option", args: []string{"serve", "--bogus"}, wantCode: exitUsage,
			wantErr: usageHead + "\nUnknown options: --bogus\n"},
		{name: "serve, single dash", args: []string{"serve", "-listen", "127.0.0.1:0"}, wantCode: exitUsage,
			wantErr: usageHead + "\nUnknown options: -listen, 127.0.0.1:0\n"},
		{name: "serve, option without its value", args: []string{"serve", "--listen"}, wantCode: exitUsage,
			wantErr: usageHead + "iamsim: error: argument --listen: expected one argument\n"},
		{name: "serve, credentials without --require-sigv4", args: []string{"serve", "--credentials-file", "x"}, wantCode: exitUsage,
			wantErr: usageHead + "iamsim: error: argument --credentials-file: needs --require-sigv4\n"},
		{name: "serve, unreadable snapshot", args: []string{"serve", "--listen", "127.0.0.1:0", "--account-snapshot", "$DIR/nope.json"},
			wantCode: exitError,
			wantErr:  "iamsim serve: Unable to read account snapshot: [Errno 2] No such file or directory: '$DIR/nope.json'\n"},
	}
	runE2E(t, dir, tests)
}

// runE2E runs the cases in parallel, $DIR standing for dir.
func runE2E(t *testing.T, dir string, tests []e2eCase) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			expand := func(s string) string { return strings.ReplaceAll(s, "$DIR", dir) }
			var args, env []string
			for _, a := range tc.args {
				args = append(args, expand(a))
			}
			for _, e := range tc.env {
				env = append(env, expand(e))
			}
			r := iamsim(t, dir, env, args...)
			if r.code != tc.wantCode {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.wantCode, r.stdout, r.stderr)
			}
			if tc.wantStdout != "" && r.stdout != tc.wantStdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, tc.wantStdout)
			}
			if !strings.HasPrefix(r.stdout, tc.wantPrefix) || !strings.HasSuffix(r.stdout, tc.wantSuffix) {
				t.Errorf("stdout %q does not start with %q and end with %q", r.stdout, tc.wantPrefix, tc.wantSuffix)
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(r.stdout, expand(w)) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			if tc.wantErr != "" && r.stderr != expand(tc.wantErr) {
				t.Errorf("stderr:\n%q\nwant:\n%q", r.stderr, expand(tc.wantErr))
			}
			if tc.wantErr == "" && len(tc.errHas) == 0 && r.stderr != "" {
				t.Errorf("unexpected stderr: %s", r.stderr)
			}
			for _, w := range tc.errHas {
				if !strings.Contains(r.stderr, expand(w)) {
					t.Errorf("stderr lacks %q:\n%s", expand(w), r.stderr)
				}
			}
			if tc.wantCode != 0 && r.stdout != "" {
				t.Errorf("a failing command printed to stdout: %s", r.stdout)
			}
		})
	}
}

// Following NextToken with --max-items 1 and --page-size 2 visits every
// result once, in request order, as `aws iam simulate-custom-policy` would.
func TestEndToEndPagination(t *testing.T) {
	actions := []string{"s3:GetObject", "s3:PutObject", "s3:GetObjectAcl", "s3:ListBucket", "s3:GetBucketPolicy"}
	base := append([]string{"simulate-custom-policy", "--policy-input-list", allowS3Get, "--page-size", "2", "--max-items", "1", "--action-names"}, actions...)
	var seen []string
	token := ""
	for range len(actions) + 2 {
		args := base
		if token != "" {
			args = append(append([]string{}, base...), "--starting-token", token)
		}
		r := iamsim(t, t.TempDir(), nil, args...)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		var out struct {
			EvaluationResults []struct{ EvalActionName string }
			NextToken         string
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatal(err)
		}
		for _, e := range out.EvaluationResults {
			seen = append(seen, e.EvalActionName)
		}
		if token = out.NextToken; token == "" {
			break
		}
	}
	if strings.Join(seen, " ") != strings.Join(actions, " ") {
		t.Errorf("visited %v, want %v", seen, actions)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
