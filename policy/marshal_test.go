package policy

import (
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
		p := &Policy{Version: Version2012, ID: s, Statements: []Statement{{Sid: s, Effect: Allow, Action: []string{"*"}, Resource: []string{"*"},
			Condition: []Condition{{Operator: "StringEquals", Key: "k" + s, Values: []string{s, s + "x"}}}}}}
		out, err := Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range string(out) {
			if r > 0xFF || (r < 0x20 && r != '\n') {
				t.Fatalf("%q: output has character %U", s, r)
			}
		}
		q, err := ParseKind(out, KindSession)
		if err != nil {
			t.Fatalf("%q: %v\n%s", s, err, out)
		}
		want := strings.ToValidUTF8(s, "\ufffd")
		if q.ID != want || q.Statements[0].Condition[0].Values[0] != want || q.Statements[0].Condition[0].Key != "k"+want {
			t.Errorf("%q came back as %q", s, q.ID)
		}
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
		p := ok()
		tc.change(p)
		if _, err := Marshal(p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
		if s := p.String(); !strings.HasPrefix(s, "<policy: Marshal") {
			t.Errorf("%s: String() = %q", tc.name, s)
		}
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
	changes := []func(p *Policy){
		func(p *Policy) { p.Kind = KindTrust },
		func(p *Policy) { p.Version = "" },
		func(p *Policy) { p.ID = "j" },
		func(p *Policy) { p.SingleStatement = true },
		func(p *Policy) { p.Statements = append(p.Statements, p.Statements[0]) },
		func(p *Policy) { p.Statements[0].Sid = "" },
		func(p *Policy) { p.Statements[0].Effect = Deny },
		func(p *Policy) { p.Statements[0].NotAction = true },
		func(p *Policy) { p.Statements[0].Action = []string{"a:c"} },
		func(p *Policy) { p.Statements[0].NotResource = true },
		func(p *Policy) { p.Statements[0].Resource = nil },
		func(p *Policy) { p.Statements[0].NotPrincipal = true },
		func(p *Policy) { p.Statements[0].Principal = nil },
		func(p *Policy) { p.Statements[0].Principal = &Principal{Wildcard: true} },
		func(p *Policy) { p.Statements[0].Principal.Service = []string{"x"} },
		func(p *Policy) { p.Statements[0].Principal.Federated = []string{"x"} },
		func(p *Policy) { p.Statements[0].Principal.CanonicalUser = []string{"x"} },
		func(p *Policy) { p.Statements[0].Condition = nil },
		func(p *Policy) { p.Statements[0].Condition[0].Operator = "Null" },
		func(p *Policy) { p.Statements[0].Condition[0].Key = "K" },
		func(p *Policy) { p.Statements[0].Condition[0].Values = []string{"false"} },
	}
	for i, change := range changes {
		c := base()
		change(c)
		if Equal(a, c) || Equal(c, a) {
			t.Errorf("change %d not detected", i)
		}
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
