package policy

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// clearPositions zeroes every position so that reflect.DeepEqual compares
// content only.
func clearPositions(p *Policy) {
	for i := range p.Statements {
		s := &p.Statements[i]
		s.Span, s.Pos = Span{}, Position{}
		for j := range s.Condition {
			s.Condition[j].Pos = Position{}
		}
	}
}

// TestParseContent checks the AST built from small documents.
func TestParseContent(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		doc  string
		want *Policy
	}{
		{
			// reference_policies_grammar.md: "If the element takes an array
			// ... but only one value is included, the brackets are optional."
			name: "string and array forms",
			doc:  `{"Version":"2012-10-17","Id":"P1","Statement":[{"Sid":"S1","Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*","arn:aws:s3:::c"]}]}`,
			want: &Policy{Version: Version2012, ID: "P1", Statements: []Statement{{
				Sid: "S1", Effect: Allow, Action: []string{"s3:GetObject"},
				Resource: []string{"arn:aws:s3:::b/*", "arn:aws:s3:::c"},
			}}},
		},
		{
			// reference_policies_elements_notaction.md, _notresource.md
			name: "NotAction and NotResource, no Version",
			doc:  `{"Statement":{"Effect":"Deny","NotAction":["iam:*"],"NotResource":"arn:aws:iam::123456789012:user/${aws:username}"}}`,
			want: &Policy{SingleStatement: true, Statements: []Statement{{
				Effect: Deny, Action: []string{"iam:*"}, NotAction: true,
				Resource: []string{"arn:aws:iam::123456789012:user/${aws:username}"}, NotResource: true,
			}}},
		},
		{
			// reference_policies_grammar.md: "Quotation marks are optional for
			// numeric and Boolean values"; values are kept as written.
			name: "condition values keep literal text, entries in document order",
			doc:  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":10,"a:b":[1.50,"2",-3e2]},"Bool":{"aws:SecureTransport":true},"StringLike":{"s3:prefix":[""]}}}]}`,
			want: &Policy{Version: Version2012, Statements: []Statement{{
				Effect: Allow, Action: []string{"*"}, Resource: []string{"*"},
				Condition: []Condition{
					{Operator: "NumericLessThan", Key: "s3:max-keys", Values: []string{"10"}},
					{Operator: "NumericLessThan", Key: "a:b", Values: []string{"1.50", "2", "-3e2"}},
					{Operator: "Bool", Key: "aws:SecureTransport", Values: []string{"true"}},
					{Operator: "StringLike", Key: "s3:prefix", Values: []string{""}},
				},
			}}},
		},
		{
			// reference_policies_elements_principal.md
			name: "principal forms",
			kind: KindResource,
			doc:  `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"CanonicalUser":"79a5","Federated":["cognito-identity.amazonaws.com"],"Service":"s3.amazonaws.com","AWS":["123456789012","arn:aws:iam::123456789012:root"]},"Action":"s3:*","Resource":"*"}]}`,
			want: &Policy{Kind: KindResource, Statements: []Statement{
				{Effect: Allow, Principal: &Principal{Wildcard: true}, Action: []string{"s3:*"}, Resource: []string{"*"}},
				{Effect: Deny, NotPrincipal: true, Principal: &Principal{
					AWS:           []string{"123456789012", "arn:aws:iam::123456789012:root"},
					Service:       []string{"s3.amazonaws.com"},
					Federated:     []string{"cognito-identity.amazonaws.com"},
					CanonicalUser: []string{"79a5"},
				}, Action: []string{"s3:*"}, Resource: []string{"*"}},
			}},
		},
		{
			// reference_policies_elements_principal.md#principal-services: a
			// trust policy names who may assume the role; it needs no Resource.
			name: "trust policy without Resource",
			kind: KindTrust,
			doc:  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			want: &Policy{Kind: KindTrust, Version: Version2012, Statements: []Statement{{
				Effect: Allow, Principal: &Principal{Service: []string{"ec2.amazonaws.com"}}, Action: []string{"sts:AssumeRole"},
			}}},
		},
		{
			// JSON escapes are decoded; keys too (RFC 8259 section 7).
			name: "escapes",
			doc:  `{"Statement":[{"Eff\u0065ct":"Allow","Action":"s3:Get\u002A","Resource":"arn:aws:s3:::a\/b\u00e9\ud83d\ude00\ud800"}]}`,
			want: &Policy{Statements: []Statement{{
				Effect: Allow, Action: []string{"s3:Get*"}, Resource: []string{"arn:aws:s3:::a/bé😀\uFFFD"},
			}}},
		},
		{
			// reference_policies_grammar.md: elements can appear in any order.
			name: "elements in any order",
			doc:  `{"Statement":[{"Resource":"*","Condition":{},"Action":"ec2:*","Effect":"Allow","Sid":""}],"Version":"2008-10-17"}`,
			want: &Policy{Version: Version2008, Statements: []Statement{{
				Effect: Allow, Action: []string{"ec2:*"}, Resource: []string{"*"},
			}}},
		},
		{
			// reference_policies_elements_sid.md: other services allow other
			// characters (KMS key policies use spaces); only IAM's own
			// policies are held to [0-9A-Za-z] and uniqueness.
			name: "resource policy Sid with spaces, repeated",
			kind: KindResource,
			doc:  `{"Statement":[{"Sid":"Allow access","Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"},{"Sid":"Allow access","Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}`,
			want: &Policy{Kind: KindResource, Statements: []Statement{
				{Sid: "Allow access", Effect: Allow, Principal: &Principal{Wildcard: true}, Action: []string{"kms:*"}, Resource: []string{"*"}},
				{Sid: "Allow access", Effect: Allow, Principal: &Principal{Wildcard: true}, Action: []string{"kms:*"}, Resource: []string{"*"}},
			}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := ParseKind([]byte(tc.doc), tc.kind)
			if err != nil {
				t.Fatal(err)
			}
			clearPositions(p)
			if !reflect.DeepEqual(p, tc.want) {
				t.Fatalf("got  %#v\nwant %#v", p, tc.want)
			}
			if !Equal(p, tc.want) {
				t.Fatal("Equal disagrees with DeepEqual")
			}
		})
	}
}

// TestResourceVariablesByVersion: under 2008-10-17 "${aws:x}" is literal
// text, so its colon separates ARN parts; under 2012-10-17 it is a variable
// (reference_policies_variables.md; reference_policies_elements_version.md).
func TestResourceVariablesByVersion(t *testing.T) {
	const tmpl = `{%s"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3::${aws:x}"}]}`
	if _, err := Parse([]byte(strings.Replace(tmpl, "%s", `"Version":"2008-10-17",`, 1))); err != nil {
		t.Errorf("2008: %v", err)
	}
	if _, err := Parse([]byte(strings.Replace(tmpl, "%s", "", 1))); err != nil {
		t.Errorf("no Version: %v", err)
	}
	if _, err := Parse([]byte(strings.Replace(tmpl, "%s", `"Version":"2012-10-17",`, 1))); err == nil {
		t.Error("2012: want an error: the ARN has five parts")
	}
	// Version after Statement still decides.
	doc := `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3::${aws:x}"}],"Version":"2012-10-17"}`
	if _, err := Parse([]byte(doc)); err == nil {
		t.Error("Version after Statement: want an error")
	}
	p, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:${aws:partition}:s3:::b/${aws:username}"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !p.VariablesEnabled() {
		t.Error("VariablesEnabled false under 2012-10-17")
	}
}

// TestKinds runs one document through every kind.
func TestKinds(t *testing.T) {
	identity := `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	resource := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}]}`
	notPrincipal := `{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"*","Resource":"*"}]}`
	trust := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}`
	trustNotPrincipal := `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:user/a"},"Action":"sts:AssumeRole"}]}`
	ok := map[Kind][]string{
		KindIdentity:       {identity},
		KindBoundary:       {identity},
		KindSession:        {identity},
		KindSCP:            {identity},
		KindResource:       {resource, notPrincipal},
		KindRCP:            {resource, notPrincipal},
		KindTrust:          {trust},
		KindSimulatedTrust: {trust, trustNotPrincipal},
	}
	all := []struct{ name, doc string }{{"identity", identity}, {"resource", resource}, {"NotPrincipal", notPrincipal}, {"trust", trust},
		{"trust with NotPrincipal", trustNotPrincipal}}
	for k := KindIdentity; k < numKinds; k++ {
		for _, d := range all {
			t.Run(k.String()+" kind, "+d.name+" document", func(t *testing.T) {
				t.Parallel()
				_, err := ParseKind([]byte(d.doc), k)
				want := slices.Contains(ok[k], d.doc)
				if (err == nil) != want {
					t.Errorf("err = %v, want ok = %v", err, want)
				}
			})
		}
	}
	if _, err := ParseKind([]byte(identity), Kind(42)); err == nil {
		t.Error("unknown kind: want an error")
	}
}

// TestDocumentLimits: the IAM API takes 1 to 131072 characters
// (policyDocumentType); characters, not bytes, are counted.
func TestDocumentLimits(t *testing.T) {
	base := `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}],"Id":""}`
	pad := func(n int, fill string) []byte {
		// Grow the Id value until the document has n characters.
		chars := len(base)
		k := (n - chars) / len([]rune(fill))
		return []byte(strings.Replace(base, `"Id":""`, `"Id":"`+strings.Repeat(fill, k)+`"`, 1))
	}
	atLimit := pad(MaxDocumentChars, "a")
	if n := len([]rune(string(atLimit))); n != MaxDocumentChars {
		t.Fatalf("test setup: %d characters", n)
	}
	if _, err := Parse(atLimit); err != nil {
		t.Errorf("%d characters: %v", MaxDocumentChars, err)
	}
	tooLong := append(atLimit[:len(atLimit):len(atLimit)], ' ')
	_, err := Parse(tooLong)
	var perr *Error
	if !errors.As(err, &perr) || perr.Pos != pos(1, MaxDocumentChars+1, MaxDocumentChars) || !strings.Contains(perr.Message, "longer than 131072") {
		t.Errorf("%d characters: %v", MaxDocumentChars+1, err)
	}
	// Two-byte characters count once: 131072 characters, more bytes.
	latin := pad(MaxDocumentChars, "é")
	if _, err := Parse(latin); err != nil || len(latin) <= MaxDocumentChars {
		t.Errorf("%d characters in %d bytes: %v", len([]rune(string(latin))), len(latin), err)
	}
	// Over the limit with two-byte characters, and with a bad character
	// past the limit: the length is reported, at character 131073.
	for _, tc := range []struct {
		name string
		doc  []byte
	}{
		{"two-byte characters", append(pad(MaxDocumentChars, "é"), " é"...)},
		{"control character past the limit", append(pad(MaxDocumentChars, "é"), " \x01"...)},
		{"character above U+00FF past the limit", append(pad(MaxDocumentChars, "é"), "€"...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tc.doc)
			var perr *Error
			if !errors.As(err, &perr) || !strings.Contains(perr.Message, "longer than") || perr.Pos.Column != MaxDocumentChars+1 {
				t.Fatalf("long document: %v", err)
			}
			checkPositionConsistent(t, tc.doc, perr.Pos)
		})
	}
	// A huge document is rejected after a look at its start only.
	huge := make([]byte, 64<<20)
	for i := range huge {
		huge[i] = '\n'
	}
	if _, err := Parse(huge); !errors.As(err, &perr) || perr.Pos.Line != MaxDocumentChars+1 {
		t.Errorf("huge document: %v", err)
	}
	if _, err := Parse(nil); err == nil {
		t.Error("nil document: want an error")
	}
}

// TestErrorFormat: Error() is "CODE: line L, column C: MESSAGE" and the
// error unwraps with errors.As.
func TestErrorFormat(t *testing.T) {
	_, err := Parse([]byte("{\n  \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}"))
	want := `MalformedPolicyDocument: line 2, column 28: statement 1: Effect must be "Allow" or "Deny", got "allow"`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

// TestLongValuesShortenedInMessages: a hostile value does not make a huge
// message.
func TestLongValuesShortenedInMessages(t *testing.T) {
	long := strings.Repeat("x", 100000)
	_, err := Parse([]byte(`{"Statement":[{"Effect":"` + long + `"}]}`))
	if err == nil || len(err.Error()) > 400 {
		t.Fatalf("message of %d bytes", len(err.Error()))
	}
}

// TestAllValidDocsPositions: every Span and Pos in the corpus agrees with a
// slow recomputation from its offset, statements are in order, and each
// span ends right after the '}' at Pos's matching brace.
func TestAllValidDocsPositions(t *testing.T) {
	for name, doc := range validDocs(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			t.Parallel()
			p, err := ParseKind(doc, kindFromName(t, name))
			if err != nil {
				t.Fatal(err)
			}
			prevEnd := -1
			for i, s := range p.Statements {
				for _, q := range []Position{s.Span.Start, s.Span.End, s.Pos} {
					checkPositionConsistent(t, doc, q)
				}
				if doc[s.Pos.Offset] != '{' || doc[s.Span.End.Offset-1] != '}' {
					t.Errorf("statement %d: Pos/End not at braces", i+1)
				}
				if prevEnd >= 0 && s.Span.Start.Offset != prevEnd {
					t.Errorf("statement %d: starts at %d, previous ended at %d", i+1, s.Span.Start.Offset, prevEnd)
				}
				prevEnd = s.Span.End.Offset
			}
		})
	}
}

// TestManyConditionKeys: duplicate detection stays linear and finds a
// duplicate among many keys, after the errors before it.
func TestManyConditionKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{`)
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, `"k:%d":"v",`, i)
	}
	doc := b.String()
	p, err := Parse([]byte(doc + `"k:x":"v"}}}]}`))
	if err != nil || len(p.Statements[0].Condition) != 5001 {
		t.Fatalf("5001 keys: %v", err)
	}
	_, err = Parse([]byte(doc + `"k:17":"v"}}}]}`))
	var perr *Error
	if !errors.As(err, &perr) || !strings.Contains(perr.Message, `duplicate condition key "k:17"`) || perr.Pos.Offset != len(doc) {
		t.Fatalf("duplicate: %v", err)
	}
	_, err = Parse([]byte(doc + `"k:17":null}}}]}`))
	if !errors.As(err, &perr) || !strings.Contains(perr.Message, `duplicate`) {
		t.Fatalf("duplicate before a bad value: %v", err)
	}
	_, err = Parse([]byte(strings.Replace(doc, `"k:3":"v"`, `"k:3":null`, 1) + `"k:17":"v"}}}]}`))
	if !errors.As(err, &perr) || !strings.Contains(perr.Message, `got null`) {
		t.Fatalf("bad value before a duplicate: %v", err)
	}
}
