package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
)

// Request checks before the call, as botocore makes them from the IAM
// service model (service-2.json): required members, unknown members, types,
// and minimum lengths and values, members in the order the request has them.
// The cases check the commands' input shapes (awscli.Validate checks
// whatever shape it is given).
var validationCases = []struct {
	name   string
	cmd    string
	params string
	want   string // "" when valid
}{
	{"valid", "simulate-custom-policy", `{"PolicyInputList": ["{}"], "ActionNames": ["s3:GetObject"]}`, ""},
	{"empty", "simulate-custom-policy", `{}`,
		"Parameter validation failed:\n" +
			"Missing required parameter in input: \"PolicyInputList\"\n" +
			"Missing required parameter in input: \"ActionNames\""},
	{"unknown member and short action names", "simulate-custom-policy", `{"PolicyInputList": ["{}"], "ActionNames": ["ab", "s3:GetObject", ""], "Bogus": 1}`,
		"Parameter validation failed:\n" +
			"Unknown parameter in input: \"Bogus\", must be one of: PolicyInputList, PermissionsBoundaryPolicyInputList, ActionNames, " +
			"ResourceArns, ResourcePolicy, ResourceOwner, CallerArn, ContextEntries, ResourceHandlingOption, MaxItems, Marker\n" +
			"Invalid length for parameter ActionNames[0], value: 2, valid min length: 3\n" +
			"Invalid length for parameter ActionNames[2], value: 0, valid min length: 3"},
	{"wrong types and minimums", "simulate-custom-policy", `{"PolicyInputList": "{}", "ActionNames": ["s3:GetObject"], "MaxItems": 0, "Marker": ""}`,
		"Parameter validation failed:\n" +
			"Invalid type for parameter PolicyInputList, value: {}, type: <class 'str'>, valid types: <class 'list'>, <class 'tuple'>\n" +
			"Invalid value for parameter MaxItems, value: 0, valid min value: 1\n" +
			"Invalid length for parameter Marker, value: 0, valid min length: 1"},
	{"empty policy, string MaxItems, number ARN", "simulate-custom-policy", `{"PolicyInputList": [""], "ActionNames": ["s3:GetObject"], "MaxItems": "5", "ResourceArns": [5]}`,
		"Parameter validation failed:\n" +
			"Invalid length for parameter PolicyInputList[0], value: 0, valid min length: 1\n" +
			"Invalid type for parameter MaxItems, value: 5, type: <class 'str'>, valid types: <class 'int'>\n" +
			"Invalid type for parameter ResourceArns[0], value: 5, type: <class 'int'>, valid types: <class 'str'>"},
	{"context entries of every wrong kind", "simulate-custom-policy", `{"PolicyInputList": ["{}"], "ActionNames": ["s3:GetObject"], "ContextEntries": [
		{"ContextKeyName": "a:b", "ContextKeyValues": "x", "ContextKeyType": "nonsense", "Extra": true},
		"oops", {"ContextKeyValues": [1, null]}]}`,
		"Parameter validation failed:\n" +
			"Unknown parameter in ContextEntries[0]: \"Extra\", must be one of: ContextKeyName, ContextKeyValues, ContextKeyType\n" +
			"Invalid length for parameter ContextEntries[0].ContextKeyName, value: 3, valid min length: 5\n" +
			"Invalid type for parameter ContextEntries[0].ContextKeyValues, value: x, type: <class 'str'>, valid types: <class 'list'>, <class 'tuple'>\n" +
			"Invalid type for parameter ContextEntries[1], value: oops, type: <class 'str'>, valid types: <class 'dict'>\n" +
			"Invalid type for parameter ContextEntries[2].ContextKeyValues[0], value: 1, type: <class 'int'>, valid types: <class 'str'>\n" +
			"Invalid type for parameter ContextEntries[2].ContextKeyValues[1], value: None, type: <class 'NoneType'>, valid types: <class 'str'>"},
	{"short PolicySourceArn", "simulate-principal-policy", `{"PolicySourceArn": "arn:aws:iam::1:u", "ActionNames": ["iam:GetUser"]}`,
		"Parameter validation failed:\n" +
			"Invalid length for parameter PolicySourceArn, value: 16, valid min length: 20"},
	{"empty strings", "simulate-principal-policy", `{"ActionNames": ["iam:GetUser"], "ResourceOwner": "", "CallerArn": "", "ResourcePolicy": "", "ResourceHandlingOption": ""}`,
		"Parameter validation failed:\n" +
			"Missing required parameter in input: \"PolicySourceArn\"\n" +
			"Invalid length for parameter ResourceOwner, value: 0, valid min length: 1\n" +
			"Invalid length for parameter CallerArn, value: 0, valid min length: 1\n" +
			"Invalid length for parameter ResourcePolicy, value: 0, valid min length: 1\n" +
			"Invalid length for parameter ResourceHandlingOption, value: 0, valid min length: 1"},
	{"member of another operation", "get-context-keys-for-custom-policy", `{"PolicyInputList": [], "ActionNames": ["x"]}`,
		"Parameter validation failed:\n" +
			"Unknown parameter in input: \"ActionNames\", must be one of: PolicyInputList"},
	{"object as a policy", "get-context-keys-for-principal-policy", `{"PolicySourceArn": "arn:aws:iam::123456789012:user/alice", "PolicyInputList": [{}]}`,
		"Parameter validation failed:\n" +
			"Invalid type for parameter PolicyInputList[0], value: {}, type: <class 'dict'>, valid types: <class 'str'>"},
}

// validate validates the parameters of a case against its command's input
// shape and returns the report ("" when valid).
func validate(t *testing.T, cmd, params string) string {
	t.Helper()
	v, err := awscli.DecodeJSON(params)
	if err != nil {
		t.Fatalf("%s: %v", params, err)
	}
	if err := awscli.Validate(v.(*awscli.Object), lookupCommand(cmd).op.Input); err != nil {
		return err.Error()
	}
	return ""
}

func TestValidateParams(t *testing.T) {
	for _, tc := range validationCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := validate(t, tc.cmd, tc.params); got != tc.want {
				t.Errorf("%s %s:\n got %q\nwant %q", tc.cmd, tc.params, got, tc.want)
			}
		})
	}
}

// TestValidateMatchesBotocore runs botocore's own validator (when the AWS
// CLI is installed) on the same parameters.
func TestValidateMatchesBotocore(t *testing.T) {
	t.Parallel()
	python := awscliPython(t)
	script := `
import json, sys
import botocore.session
from botocore.validate import ParamValidator
model = botocore.session.get_session().get_service_model('iam')
out = []
for op, params in json.load(sys.stdin):
    report = ParamValidator().validate(json.loads(params), model.operation_model(op).input_shape)
    out.append("Parameter validation failed:\n" + report.generate_report() if report.has_errors() else "")
json.dump(out, sys.stdout)
`
	var in [][2]string
	for _, tc := range validationCases {
		in = append(in, [2]string{lookupCommand(tc.cmd).op.Name, tc.params})
	}
	data, _ := json.Marshal(in)
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i, tc := range validationCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := validate(t, tc.cmd, tc.params); got != want[i] {
				t.Errorf("%s %s:\n   iamsim %q\n botocore %q", tc.cmd, tc.params, got, want[i])
			}
		})
	}
}

// awscliPython returns a Python interpreter that can import awscli and
// botocore, or skips the test.
func awscliPython(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"python3", "python"} {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if exec.Command(p, "-c", "import awscli.shorthand, botocore").Run() == nil {
			return p
		}
	}
	t.Skip("the AWS CLI (Python package awscli) is not installed")
	return ""
}
