package awscli

import (
	"bytes"
	"testing"
)

func TestPrint(t *testing.T) {
	resp := `{"EvaluationResults": [{"EvalActionName": "s3:GetObject", "EvalDecision": "allowed",
		"MatchedStatements": [{"SourcePolicyId": "PolicyInputList.1"}], "MissingContextValues": ["aws:username"]}],
		"NextToken": "tok"}`
	tests := []struct {
		name  string
		v     string
		print func(*bytes.Buffer, *Object) error
		want  string
	}{
		{name: "json, empty", v: `{}`, print: func(b *bytes.Buffer, v *Object) error { return PrintJSON(b, v) }},
		{name: "json", v: `{"ContextKeyNames": ["aws:username"]}`, print: func(b *bytes.Buffer, v *Object) error { return PrintJSON(b, v) },
			want: "{\n    \"ContextKeyNames\": [\n        \"aws:username\"\n    ]\n}\n"},
		{name: "text, NextToken last", v: resp, print: func(b *bytes.Buffer, v *Object) error { return PrintText(b, v) },
			want: "EVALUATIONRESULTS\ts3:GetObject\tallowed\n" +
				"MATCHEDSTATEMENTS\tPolicyInputList.1\n" +
				"MISSINGCONTEXTVALUES\taws:username\n" +
				"NEXTTOKEN\ttok\n"},
		{name: "table", v: `{"ContextKeyNames": ["aws:username", "aws:SourceIp"]}`,
			print: func(b *bytes.Buffer, v *Object) error { return PrintTable(b, "GetContextKeysForCustomPolicy", v) },
			want: "---------------------------------\n" +
				"| GetContextKeysForCustomPolicy |\n" +
				"+-------------------------------+\n" +
				"||       ContextKeyNames       ||\n" +
				"|+-----------------------------+|\n" +
				"||  aws:username               ||\n" +
				"||  aws:SourceIp               ||\n" +
				"|+-----------------------------+|\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("COLUMNS", "80")
			v, err := DecodeJSON(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := tc.print(&b, v.(*Object)); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), tc.want)
			}
		})
	}
}
