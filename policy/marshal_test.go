package policy

import (
	"fmt"
	"strings"
	"testing"
)

// TestMarshalCanonical pins the canonical form: fixed element order, two
// spaces, single values as strings, numbers and booleans in conditions
// written as strings, characters above U+00FF escaped so that the output is
// in the IAM API's character set.
func TestMarshalCanonical(t *testing.T) {
	doc := `{"Statement":[{"Condition":{"NumericLessThan":{"s3:max-keys":[10]},"Bool":{"aws:SecureTransport":true,"aws:ViaAWSService":["false","true"]}},
  "Resource":["arn:aws:s3:::b/€"],"NotAction":["s3:Delete*","s3:Put*"],"Principal":{"Service":"s3.amazonaws.com","AWS":"*"},"Effect":"Deny","Sid":"é\t"}],
  "Id":"x","Version":"2012-10-17"}`
	doc = strings.Replace(doc, "€", `\u20ac`, 1)
	p, err := ParseKind([]byte(doc), KindResource)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "Version": "2012-10-17",
  "Id": "x",
  "Statement": [
    {
      "Sid": "é\t",
      "Effect": "Deny",
      "Principal": {
        "AWS": "*",
        "Service": "s3.amazonaws.com"
      },
      "NotAction": [
        "s3:Delete*",
        "s3:Put*"
      ],
      "Resource": "arn:aws:s3:::b/\u20ac",
      "Condition": {
        "NumericLessThan": {
          "s3:max-keys": "10"
        },
        "Bool": {
          "aws:SecureTransport": "true",
          "aws:ViaAWSService": [
            "false",
            "true"
          ]
        }
      }
    }
  ]
}
`
	out, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	checkRoundTrip(t, p)
}

func TestMarshalSingleStatementAndTrust(t *testing.T) {
	p := &Policy{Kind: KindTrust, SingleStatement: true, Statements: []Statement{{
		Effect: Allow, Principal: &Principal{Wildcard: true}, NotPrincipal: false, Action: []string{"sts:AssumeRole"},
	}}}
	want := `{
  "Statement": {
    "Effect": "Allow",
    "Principal": "*",
    "Action": "sts:AssumeRole"
  }
}
`
	out, err := Marshal(p)
	if err != nil || string(out) != want {
		t.Fatalf("got %v\n%s", err, out)
	}
	checkRoundTrip(t, p)
}

// TestMarshalEscapes: every string survives, whatever its characters.
func TestMarshalEscapes(t *testing.T) {
	for _, s := range []string{"", "\x00\x01\x1f\x7f", `"\/`, "\b\f\n\r\t", "é\u00ff\u0100", "😀", "\ufffd", "a\xffb"} {
		t.Run(fmt.Sprintf("%q", s), func(t *testing.T) {
			t.Parallel()
			checkMarshalEscapes(t, s)
		})
	}
}

// checkMarshalEscapes writes s in every string of a policy and reads it back.
func checkMarshalEscapes(t *testing.T, s string) {
	p := &Policy{Version: Version2012, ID: s, Statements: []Statement{{Sid: s, Effect: Allow, Action: []string{"*"}, Resource: []string{"*"},
		Condition: []Condition{{Operator: "StringEquals", Key: "k" + s, Values: []string{s, s + "x"}}}}}}
	out, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range string(out) {
		if r > 0xFF || (r < 0x20 && r != '\n') {
			t.Fatalf("output has character %U", r)
		}
	}
	q, err := ParseKind(out, KindSession)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := strings.ToValidUTF8(s, "\ufffd")
	if q.ID != want || q.Statements[0].Condition[0].Values[0] != want || q.Statements[0].Condition[0].Key != "k"+want {
		t.Errorf("came back as %q", q.ID)
	}
}

func TestMarshalErrors(t *testing.T) {
	ok := func() *Policy {
		return &Policy{Statements: []Statement{{Effect: Allow, Action: []string{"*"}, Resource: []string{"*"}}}}
	}
	tests := []struct {
		name   string
		change func(p *Policy)
		want   string
	}{
		{"no statements", func(p *Policy) { p.Statements = nil }, "no statements"},
		{"single with two", func(p *Policy) { p.SingleStatement = true; p.Statements = append(p.Statements, p.Statements[0]) }, "SingleStatement"},
		{"no effect", func(p *Policy) { p.Statements[0].Effect = 0 }, "invalid Effect"},
		{"no action", func(p *Policy) { p.Statements[0].Action = nil }, "no Action"},
		{"NotResource without values", func(p *Policy) { p.Statements[0].Resource, p.Statements[0].NotResource = nil, true }, "NotResource"},
		{"empty principal", func(p *Policy) { p.Statements[0].Principal = &Principal{} }, "empty Principal"},
		{"wildcard and map", func(p *Policy) { p.Statements[0].Principal = &Principal{Wildcard: true, AWS: []string{"1"}} }, "both"},
		{"condition key twice", func(p *Policy) {
			c := Condition{Operator: "Bool", Key: "a:b", Values: []string{"true"}}
			p.Statements[0].Condition = []Condition{c, {Operator: "Null", Key: "a:b", Values: []string{"true"}}, c}
		}, "appears twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := ok()
			tc.change(p)
			if _, err := Marshal(p); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if s := p.String(); !strings.HasPrefix(s, "<policy: Marshal") {
				t.Errorf("String() = %q", s)
			}
		})
	}
	if _, err := Marshal(nil); err == nil {
		t.Error("Marshal(nil): want an error")
	}
}

// TestMarshalGroupsConditions: entries of one operator are written in one
// block even when a hand-built AST interleaves them.
func TestMarshalGroupsConditions(t *testing.T) {
	p := &Policy{Statements: []Statement{{Effect: Allow, Action: []string{"*"}, Resource: []string{"*"}, Condition: []Condition{
		{Operator: "Bool", Key: "a:x", Values: []string{"true"}},
		{Operator: "Null", Key: "a:y", Values: []string{"true"}},
		{Operator: "Bool", Key: "a:z", Values: []string{"false"}},
	}}}}
	q, err := Parse([]byte(p.String()))
	if err != nil {
		t.Fatal(err)
	}
	got := q.Statements[0].Condition
	if len(got) != 3 || got[0].Key != "a:x" || got[1].Key != "a:z" || got[2].Key != "a:y" {
		t.Fatalf("got %+v", got)
	}
}

// TestEqual: Equal ignores positions and nothing else.
func TestEqual(t *testing.T) {
	base := func() *Policy {
		return &Policy{Kind: KindResource, Version: Version2012, ID: "i", Statements: []Statement{{
			Sid: "s", Effect: Allow, Action: []string{"a:b"}, Resource: []string{"*"},
			Principal: &Principal{AWS: []string{"1"}},
			Condition: []Condition{{Operator: "Bool", Key: "k", Values: []string{"true"}, Pos: pos(1, 2, 3)}},
			Span:      Span{Start: pos(1, 1, 0)}, Pos: pos(9, 9, 9),
		}}}
	}
	a := base()
	b := base()
	b.Statements[0].Span, b.Statements[0].Pos, b.Statements[0].Condition[0].Pos = Span{}, Position{}, Position{}
	if !Equal(a, b) {
		t.Fatal("positions should not matter")
	}
	changes := []struct {
		name   string
		change func(p *Policy)
	}{
		{"Kind", func(p *Policy) { p.Kind = KindTrust }},
		{"Version", func(p *Policy) { p.Version = "" }},
		{"ID", func(p *Policy) { p.ID = "j" }},
		{"SingleStatement", func(p *Policy) { p.SingleStatement = true }},
		{"another statement", func(p *Policy) { p.Statements = append(p.Statements, p.Statements[0]) }},
		{"Sid", func(p *Policy) { p.Statements[0].Sid = "" }},
		{"Effect", func(p *Policy) { p.Statements[0].Effect = Deny }},
		{"NotAction", func(p *Policy) { p.Statements[0].NotAction = true }},
		{"Action", func(p *Policy) { p.Statements[0].Action = []string{"a:c"} }},
		{"NotResource", func(p *Policy) { p.Statements[0].NotResource = true }},
		{"Resource", func(p *Policy) { p.Statements[0].Resource = nil }},
		{"NotPrincipal", func(p *Policy) { p.Statements[0].NotPrincipal = true }},
		{"no Principal", func(p *Policy) { p.Statements[0].Principal = nil }},
		{"Principal wildcard", func(p *Policy) { p.Statements[0].Principal = &Principal{Wildcard: true} }},
		{"Principal Service", func(p *Policy) { p.Statements[0].Principal.Service = []string{"x"} }},
		{"Principal Federated", func(p *Policy) { p.Statements[0].Principal.Federated = []string{"x"} }},
		{"Principal CanonicalUser", func(p *Policy) { p.Statements[0].Principal.CanonicalUser = []string{"x"} }},
		{"no Condition", func(p *Policy) { p.Statements[0].Condition = nil }},
		{"condition operator", func(p *Policy) { p.Statements[0].Condition[0].Operator = "Null" }},
		{"condition key", func(p *Policy) { p.Statements[0].Condition[0].Key = "K" }},
		{"condition values", func(p *Policy) { p.Statements[0].Condition[0].Values = []string{"false"} }},
	}
	for _, tc := range changes {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := base()
			tc.change(c)
			if Equal(a, c) || Equal(c, a) {
				t.Error("change not detected")
			}
		})
	}
	if !Equal(nil, nil) || Equal(a, nil) || Equal(nil, a) {
		t.Error("nil handling")
	}
	e1, e2 := base(), base()
	e1.Statements[0].Condition[0].Values = nil
	e2.Statements[0].Condition[0].Values = []string{}
	if !Equal(e1, e2) {
		t.Error("nil and empty slices differ")
	}
}
