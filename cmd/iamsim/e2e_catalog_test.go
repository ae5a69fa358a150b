package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/iamsim/iamsim/account"
)

// End-to-end tests of what the service catalog adds to the command line:
// expand-actions, and the simulate commands' checks of action names. The
// facts come from the Service Authorization Reference
// (https://docs.aws.amazon.com/service-authorization/latest/reference/):
// list_awsidentityandaccessmanagementiam.html gives iam:PassRole the access
// level Write, iam:ListUsers List and iam:TagUser Tagging;
// list_amazons3.html lists s3:GetObject (Read) and s3:PutObject (Write).
// Patterns match as the Action element does
// (reference_policies_elements_action.md).

func TestEndToEndCatalog(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "account.json", string(account.ExampleJSON()))
	const allowS3 = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}`
	simulate := func(extra ...string) []string {
		return append([]string{"simulate-custom-policy", "--policy-input-list", allowS3}, extra...)
	}
	tests := []e2eCase{
		// expand-actions
		{name: "expand-actions, one action, json",
			args: []string{"expand-actions", "iam:PassRole"},
			wantStdout: `{
    "Actions": [
        {
            "Action": "iam:PassRole",
            "AccessLevel": "Write",
            "Service": "AWS Identity and Access Management (IAM)"
        }
    ]
}
`},
		{name: "expand-actions, any case, text",
			args:       []string{"expand-actions", "IAM:passrole", "--output", "text"},
			wantStdout: "ACTIONS\tWrite\tiam:PassRole\tAWS Identity and Access Management (IAM)\n"},
		{name: "expand-actions, table, --output before the command",
			args:    []string{"--output", "table", "expand-actions", "iam:PassRole"},
			wantOut: []string{"ExpandActions", "Actions", "|  iam:PassRole  "}},
		{name: "expand-actions, wildcard and access level",
			args:    []string{"expand-actions", "s3:Get*", "--access-level", "Read"},
			wantOut: []string{`"Action": "s3:GetObject"`, `"Action": "s3:GetBucketPolicy"`}},
		{name: "expand-actions, several patterns",
			args:    []string{"expand-actions", "s3:GetObject", "iam:PassRole", "s3:GetObject"},
			wantOut: []string{`"Action": "iam:PassRole"`, `"Action": "s3:GetObject"`}},
		{name: "expand-actions, a pattern matching nothing",
			args:       []string{"expand-actions", "s3:GetObjekt"},
			wantStdout: "{\n    \"Actions\": []\n}\n",
			wantErr:    "warning: s3:GetObjekt matches no action (did you mean s3:GetObject or s3:PutObject?)\n"},
		{name: "expand-actions, no pattern", args: []string{"expand-actions"}, wantCode: exitUsage,
			wantErr: usageHead + "iamsim: error: the following arguments are required: PATTERN\n"},
		{name: "expand-actions, not a pattern", args: []string{"expand-actions", "s3"}, wantCode: exitUsage,
			errHas: []string{`iamsim: error: argument PATTERN: "s3" is not an action pattern`}},
		{name: "expand-actions, unknown access level", args: []string{"expand-actions", "s3:*", "--access-level", "Admin"}, wantCode: exitUsage,
			wantErr: usageHead + "iamsim: error: argument --access-level: invalid choice: 'Admin' (choose from List, Read, Write, Permissions management, Tagging)\n"},
		{name: "expand-actions help", args: []string{"expand-actions", "help"},
			wantOut: []string{"usage: iamsim expand-actions PATTERN [PATTERN ...]\n", "--access-level LEVEL"}},
		{name: "help lists expand-actions", args: []string{"help"}, wantOut: []string{"expand-actions PATTERN [PATTERN ...]"}},

		// Action names in simulations: AWS checks none, iamsim warns.
		{name: "simulate, unknown actions warn",
			args:    simulate("--action-names", "s3:GetObjekt", "sqs:CreateUser"),
			wantOut: []string{`"EvalActionName": "s3:GetObjekt"`, `"EvalActionName": "sqs:CreateUser"`},
			wantErr: "warning: s3:GetObjekt is not an action the service catalog knows (did you mean s3:GetObject or s3:PutObject?); " +
				"it is simulated as given, as AWS does (--strict-actions refuses it)\n" +
				"warning: sqs:CreateUser is not an action the service catalog knows; it is simulated as given, as AWS does (--strict-actions refuses it)\n"},
		{name: "simulate, unknown action warns once over pages",
			args:    simulate("--action-names", "s3:GetObjekt", "s3:GetObject", "--page-size", "1"),
			wantOut: []string{`"EvalActionName": "s3:GetObjekt"`, `"EvalActionName": "s3:GetObject"`},
			wantErr: "warning: s3:GetObjekt is not an action the service catalog knows (did you mean s3:GetObject or s3:PutObject?); " +
				"it is simulated as given, as AWS does (--strict-actions refuses it)\n"},
		{name: "simulate, known actions in any case do not warn",
			args:    simulate("--action-names", "S3:getobject", "iam:PassRole"),
			wantOut: []string{`"EvalActionName": "S3:getobject"`}},
		{name: "simulate, --strict-actions",
			args:     simulate("--action-names", "s3:GetObject", "s3:GetObjekt", "--strict-actions"),
			wantCode: exitService,
			wantErr: "\nAn error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: " +
				"Actions unknown to the service catalog: s3:GetObjekt (did you mean s3:GetObject or s3:PutObject?)\n"},
		{name: "simulate, --strict-actions with known actions",
			args:    simulate("--action-names", "s3:GetObject", "--strict-actions"),
			wantOut: []string{`"EvalDecision": "allowed"`}},
		{name: "simulate, a wildcard without --expand-actions",
			args:     simulate("--action-names", "s3:Get*"),
			wantCode: exitUsage,
			wantErr: usageHead + "iamsim: error: argument --action-names: s3:Get* is a pattern, not an action name " +
				"(the simulator would take it for the name of one action); give --expand-actions to simulate each action it matches\n"},
		{name: "simulate, --expand-actions",
			args:    simulate("--action-names", "s3:GetObjectT*", "s3:PutObject", "--expand-actions", "--output", "text"),
			wantOut: []string{"EVALUATIONRESULTS\ts3:GetObjectTagging\tallowed\t*\n", "EVALUATIONRESULTS\ts3:GetObjectTorrent\tallowed\t*\n", "EVALUATIONRESULTS\ts3:PutObject\timplicitDeny\t*\n"}},
		{name: "simulate, --expand-actions matching nothing",
			args:     simulate("--action-names", "s3:Frobnicate*", "--expand-actions"),
			wantCode: exitUsage,
			wantErr:  usageHead + "iamsim: error: argument --action-names: s3:Frobnicate* matches no action of the service catalog\n"},
		{name: "simulate-principal-policy, --expand-actions and a warning",
			args: []string{"simulate-principal-policy", "--account-snapshot", "$DIR/account.json", "--policy-source-arn", aliceArn,
				"--action-names", "s3:GetObjectV*Tagging", "s3:GetObjekt", "--expand-actions", "--resource-arns", "arn:aws:s3:::example-home/alice/x"},
			wantOut: []string{`"EvalActionName": "s3:GetObjectVersionTagging"`, `"EvalActionName": "s3:GetObjekt"`},
			errHas:  []string{"warning: s3:GetObjekt is not an action the service catalog knows"}},
		{name: "simulate help lists the options", args: []string{"simulate-custom-policy", "help"},
			wantOut: []string{"[--strict-actions]", "[--expand-actions]"}},
	}
	runE2E(t, dir, tests)
}

// --access-level may be repeated and takes lists: the IAM actions whose
// access level is List or Tagging, and no other.
func TestEndToEndExpandActionsLevels(t *testing.T) {
	t.Parallel()
	var outs [][]string
	for _, args := range [][]string{
		{"expand-actions", "iam:*", "--access-level", "List", "--access-level", "tagging"},
		{"expand-actions", "iam:*", "--access-level", "list,Tagging"},
		{"expand-actions", "iam:*", "--access-level", "Tagging", "LIST"},
	} {
		r := iamsim(t, t.TempDir(), nil, args...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		var out struct {
			Actions []struct{ Action, AccessLevel, Service string }
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, a := range out.Actions {
			if a.AccessLevel != "List" && a.AccessLevel != "Tagging" || !strings.HasPrefix(a.Action, "iam:") {
				t.Errorf("%v: %+v", args, a)
			}
			names = append(names, a.Action)
		}
		for _, want := range []string{"iam:ListUsers", "iam:TagUser"} {
			if !slices.Contains(names, want) {
				t.Errorf("%v: %s missing", args, want)
			}
		}
		if slices.Contains(names, "iam:CreateUser") {
			t.Errorf("%v: iam:CreateUser (Write) listed", args)
		}
		outs = append(outs, names)
	}
	for _, o := range outs[1:] {
		if !slices.Equal(o, outs[0]) {
			t.Errorf("the forms of --access-level disagree: %d and %d actions", len(o), len(outs[0]))
		}
	}
}

// Paging through an expanded wildcard visits each action it matches once,
// in the catalog's order, as paging through the names themselves would.
func TestEndToEndExpandActionsPaging(t *testing.T) {
	t.Parallel()
	policy := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`
	base := []string{"simulate-custom-policy", "--policy-input-list", policy, "--action-names", "s3:GetObjectV*",
		"--expand-actions", "--max-items", "2", "--page-size", "1"}
	var seen []string
	token := ""
	for range 20 {
		args := base
		if token != "" {
			args = append(slices.Clone(base), "--starting-token", token)
		}
		r := iamsim(t, t.TempDir(), nil, args...)
		if r.code != 0 || r.stderr != "" {
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
	r := iamsim(t, t.TempDir(), nil, "expand-actions", "s3:GetObjectV*", "--output", "text")
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		want = append(want, strings.Split(line, "\t")[2])
	}
	if len(want) < 3 || !slices.Equal(seen, want) {
		t.Errorf("visited %v, want %v", seen, want)
	}
}
