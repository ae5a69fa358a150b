package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// End-to-end tests of what the service catalog adds to the command line:
// expand-actions. The
// facts come from the Service Authorization Reference
// (https://docs.aws.amazon.com/service-authorization/latest/reference/):
// list_awsidentityandaccessmanagementiam.html gives iam:PassRole the access
// level Write, iam:ListUsers List and iam:TagUser Tagging;
// list_amazons3.html lists s3:GetObject (Read) and s3:PutObject (Write).
// Patterns match as the Action element does
// (reference_policies_elements_action.md).

func TestEndToEndCatalog(t *testing.T) {
	dir := t.TempDir()
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
