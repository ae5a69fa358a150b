package condition

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/policy"
)

type evalCase struct {
	name string
	doc  string // the User Guide page (and section) that decides the case
	op   string
	key  string
	vals []string
	// noVars compiles without policy variables (Version 2008-10-17).
	noVars bool
	// principal defaults to testUser; "-" means none.
	principal string
	tags      map[string]string
	ctx       []iamctx.Entry
	want      bool
	missing   bool
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.doc == "" {
				t.Fatal("case cites no doc")
			}
			p := tc.principal
			switch p {
			case "":
				p = testUser
			case "-":
				p = ""
			}
			r := newRequest(t, p, tc.tags, tc.ctx...)
			c := mustCompile(t, tc.op, tc.key, tc.vals, Options{Variables: !tc.noVars})
			ok, missing := c.Eval(r)
			if ok != tc.want || missing != tc.missing {
				t.Errorf("%s %s %q: Eval = (%v, missing %v), want (%v, missing %v)  [%s]",
					tc.op, tc.key, tc.vals, ok, missing, tc.want, tc.missing, tc.doc)
			}
		})
	}
}

func TestEvalString(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "StringEquals match", doc: docCond, op: "StringEquals", key: "aws:username", vals: []string{"alice"}, want: true},
		// "Users named JohnDoe are denied access": StringEquals is case-sensitive.
		{name: "StringEquals is case-sensitive", doc: docCond, op: "StringEquals", key: "s3:prefix", vals: []string{"johndoe"},
			ctx: []iamctx.Entry{str("s3:prefix", "JohnDoe")}, want: false},
		{name: "StringEqualsIgnoreCase folds case", doc: docCond, op: "StringEqualsIgnoreCase", key: "s3:prefix", vals: []string{"johndoe"},
			ctx: []iamctx.Entry{str("s3:prefix", "JohnDoe")}, want: true},
		{name: "StringEqualsIgnoreCase Unicode fold", doc: docString, op: "StringEqualsIgnoreCase", key: "s3:prefix", vals: []string{"ÉCOLE"},
			ctx: []iamctx.Entry{str("s3:prefix", "école")}, want: true},
		{name: "key names are case-insensitive", doc: docCond, op: "StringEquals", key: "AWS:SourceIP", vals: []string{"x"},
			ctx: []iamctx.Entry{str("aws:SourceIp", "x")}, want: true},
		{name: "values OR", doc: docMultiEval, op: "StringEquals", key: "aws:PrincipalTag/department", vals: []string{"finance", "hr", "legal"},
			tags: map[string]string{"department": "hr"}, want: true},
		{name: "values OR none", doc: docMultiEval, op: "StringEquals", key: "aws:PrincipalTag/department", vals: []string{"finance", "hr", "legal"},
			tags: map[string]string{"department": "it"}, want: false},
		{name: "StringEquals long list", doc: docMultiEval, op: "StringEquals", key: "k",
			vals: []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11"}, ctx: []iamctx.Entry{str("k", "a9")}, want: true},
		{name: "StringEquals long list none", doc: docMultiEval, op: "StringEquals", key: "k",
			vals: []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11"}, ctx: []iamctx.Entry{str("k", "a12")}, want: false},
		{name: "StringEquals missing key", doc: docString, op: "StringEquals", key: "aws:PrincipalTag/job-category", vals: []string{"iamuser-admin"},
			want: false, missing: true},
		{name: "StringEquals empty string value", doc: docString, op: "StringEquals", key: "s3:prefix", vals: []string{""},
			ctx: []iamctx.Entry{str("s3:prefix", "")}, want: true},
		{name: "StringEquals on numeric key compares text", doc: docString, op: "StringEquals", key: "s3:max-keys", vals: []string{"10"},
			ctx: []iamctx.Entry{typed("s3:max-keys", iamctx.TypeNumeric, "10.0")}, want: false},

		// Negated: "the string cannot match any of the values listed".
		{name: "StringNotEquals none match", doc: docMultiEval, op: "StringNotEquals", key: "aws:PrincipalAccount", vals: []string{"111111111111", "222222222222"},
			ctx: []iamctx.Entry{str("aws:PrincipalAccount", "333333333333")}, want: true},
		{name: "StringNotEquals one matches", doc: docMultiEval, op: "StringNotEquals", key: "aws:PrincipalAccount", vals: []string{"111111111111", "222222222222"},
			ctx: []iamctx.Entry{str("aws:PrincipalAccount", "222222222222")}, want: false},
		{name: "StringNotEquals missing key is true", doc: docMissing, op: "StringNotEquals", key: "aws:PrincipalTag/team", vals: []string{"x"},
			want: true, missing: true},
		{name: "StringNotEqualsIgnoreCase matches folded", doc: docString, op: "StringNotEqualsIgnoreCase", key: "s3:prefix", vals: []string{"ABC"},
			ctx: []iamctx.Entry{str("s3:prefix", "abc")}, want: false},
		{name: "StringNotEqualsIgnoreCase differs", doc: docString, op: "StringNotEqualsIgnoreCase", key: "s3:prefix", vals: []string{"ABC"},
			ctx: []iamctx.Entry{str("s3:prefix", "abd")}, want: true},

		// StringLike: * and ? anywhere, case-sensitive.
		{name: "StringLike star", doc: docString, op: "StringLike", key: "s3:prefix", vals: []string{"janedoe/*"},
			ctx: []iamctx.Entry{str("s3:prefix", "janedoe/a/b.txt")}, want: true},
		{name: "StringLike star empty", doc: docString, op: "StringLike", key: "s3:prefix", vals: []string{"janedoe/*"},
			ctx: []iamctx.Entry{str("s3:prefix", "janedoe/")}, want: true},
		{name: "StringLike needs wildcard for partial", doc: docString, op: "StringLike", key: "s3:prefix", vals: []string{"janedoe"},
			ctx: []iamctx.Entry{str("s3:prefix", "janedoe/x")}, want: false},
		{name: "StringLike is case-sensitive", doc: docString, op: "StringLike", key: "s3:prefix", vals: []string{"Janedoe/*"},
			ctx: []iamctx.Entry{str("s3:prefix", "janedoe/x")}, want: false},
		{name: "StringLike question mark one char", doc: docString, op: "StringLike", key: "s3:prefix", vals: []string{"home/?"},
			ctx: []iamctx.Entry{str("s3:prefix", "home/a")}, want: true},
		{name: "StringLike question mark not two", doc: docString, op: "StringLike", key: "s3:prefix", vals: []string{"home/?"},
			ctx: []iamctx.Entry{str("s3:prefix", "home/ab")}, want: false},
		{name: "StringLike question mark not zero", doc: docString, op: "StringLike", key: "s3:prefix", vals: []string{"home/?"},
			ctx: []iamctx.Entry{str("s3:prefix", "home/")}, want: false},
		{name: "StringLike question mark is one character not byte", doc: docString, op: "StringLike", key: "s3:prefix", vals: []string{"caf?"},
			ctx: []iamctx.Entry{str("s3:prefix", "café")}, want: true},
		{name: "StringLike empty matches empty prefix", doc: docString, op: "StringLike", key: "s3:prefix", vals: []string{"", "home/"},
			ctx: []iamctx.Entry{str("s3:prefix", "")}, want: true},
		{name: "StringLike star in the middle", doc: docString, op: "StringLike", key: "ec2:InstanceType", vals: []string{"t1.*", "t2.*", "m3.*"},
			ctx: []iamctx.Entry{str("ec2:InstanceType", "t2.micro")}, want: true},
		{name: "StringLike brackets are literal", doc: docWildcards, op: "StringLike", key: "k", vals: []string{"a[bc]*"},
			ctx: []iamctx.Entry{str("k", "a[bc]d")}, want: true},
		{name: "StringLike brackets are not a class", doc: docWildcards, op: "StringLike", key: "k", vals: []string{"a[bc]*"},
			ctx: []iamctx.Entry{str("k", "ab")}, want: false},
		{name: "StringLike braces are literal", doc: docWildcards, op: "StringLike", key: "k", vals: []string{"{x,y}"},
			ctx: []iamctx.Entry{str("k", "{x,y}")}, want: true},
		{name: "StringLike braces are not alternation", doc: docWildcards, op: "StringLike", key: "k", vals: []string{"{x,y}"},
			ctx: []iamctx.Entry{str("k", "x")}, want: false},
		{name: "StringLike backslash does not escape", doc: docWildcards, op: "StringLike", key: "k", vals: []string{`a\*`},
			ctx: []iamctx.Entry{str("k", `a\bc`)}, want: true},
		{name: "StringLike backslash literal", doc: docWildcards, op: "StringLike", key: "k", vals: []string{`a\*`},
			ctx: []iamctx.Entry{str("k", `a*`)}, want: false},
		{name: "StringLike missing key", doc: docMissing, op: "StringLike", key: "s3:prefix", vals: []string{"*"},
			want: false, missing: true},
		{name: "StringEquals star is not a wildcard", doc: docString, op: "StringEquals", key: "k", vals: []string{"a*"},
			ctx: []iamctx.Entry{str("k", "abc")}, want: false},
		{name: "StringNotLike none match", doc: docString, op: "StringNotLike", key: "ec2:InstanceType", vals: []string{"t1.*", "t2.*"},
			ctx: []iamctx.Entry{str("ec2:InstanceType", "m3.large")}, want: true},
		{name: "StringNotLike one matches", doc: docString, op: "StringNotLike", key: "ec2:InstanceType", vals: []string{"t1.*", "t2.*"},
			ctx: []iamctx.Entry{str("ec2:InstanceType", "t2.micro")}, want: false},
		{name: "StringNotLike missing key is true", doc: docMissing, op: "StringNotLike", key: "ec2:InstanceType", vals: []string{"t1.*"},
			want: true, missing: true},
	})
}

func TestEvalIfExistsAndNull(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "StringLikeIfExists missing is true", doc: docIfExists, op: "StringLikeIfExists", key: "ec2:InstanceType", vals: []string{"t1.*", "t2.*", "m3.*"},
			want: true, missing: true},
		{name: "StringLikeIfExists present match", doc: docIfExists, op: "StringLikeIfExists", key: "ec2:InstanceType", vals: []string{"t1.*", "t2.*", "m3.*"},
			ctx: []iamctx.Entry{str("ec2:InstanceType", "m3.large")}, want: true},
		{name: "StringLikeIfExists present mismatch", doc: docIfExists, op: "StringLikeIfExists", key: "ec2:InstanceType", vals: []string{"t1.*", "t2.*", "m3.*"},
			ctx: []iamctx.Entry{str("ec2:InstanceType", "c5.large")}, want: false},
		{name: "StringNotEqualsIfExists missing is true", doc: docIfExists, op: "StringNotEqualsIfExists", key: "aws:ResourceTag/x", vals: []string{"a"},
			want: true, missing: true},
		{name: "StringNotEqualsIfExists present equal", doc: docIfExists, op: "StringNotEqualsIfExists", key: "aws:ResourceTag/x", vals: []string{"a"},
			ctx: []iamctx.Entry{str("aws:ResourceTag/x", "a")}, want: false},
		{name: "NumericLessThanIfExists missing", doc: docIfExists, op: "NumericLessThanIfExists", key: "s3:max-keys", vals: []string{"10"},
			want: true, missing: true},
		{name: "BoolIfExists missing", doc: docIfExists, op: "BoolIfExists", key: "aws:MultiFactorAuthPresent", vals: []string{"false"},
			want: true, missing: true},
		{name: "BoolIfExists present", doc: docIfExists, op: "BoolIfExists", key: "aws:MultiFactorAuthPresent", vals: []string{"false"},
			ctx: []iamctx.Entry{typed("aws:MultiFactorAuthPresent", iamctx.TypeBoolean, "true")}, want: false},
		{name: "IpAddressIfExists missing", doc: docIfExists, op: "IpAddressIfExists", key: "aws:SourceIp", vals: []string{"10.0.0.0/8"},
			want: true, missing: true},
		{name: "DateGreaterThanIfExists missing", doc: docIfExists, op: "DateGreaterThanIfExists", key: "aws:TokenIssueTime", vals: []string{"2020-01-01"},
			want: true, missing: true},
		{name: "ArnLikeIfExists missing", doc: docIfExists, op: "ArnLikeIfExists", key: "aws:SourceArn", vals: []string{"arn:aws:sns:*:*:t"},
			want: true, missing: true},
		{name: "BinaryEqualsIfExists missing", doc: docIfExists, op: "BinaryEqualsIfExists", key: "k", vals: []string{"AAAA"},
			want: true, missing: true},

		// Null: "true (the key doesn't exist — it is null) or false (the key exists)".
		{name: "Null true key absent", doc: docNull, op: "Null", key: "aws:TokenIssueTime", vals: []string{"true"},
			want: true, missing: true},
		{name: "Null true key present", doc: docNull, op: "Null", key: "aws:TokenIssueTime", vals: []string{"true"},
			ctx: []iamctx.Entry{typed("aws:TokenIssueTime", iamctx.TypeDate, "2020-01-01T00:00:00Z")}, want: false},
		{name: "Null false key present", doc: docNull, op: "Null", key: "aws:TokenIssueTime", vals: []string{"false"},
			ctx: []iamctx.Entry{typed("aws:TokenIssueTime", iamctx.TypeDate, "2020-01-01T00:00:00Z")}, want: true},
		{name: "Null false key absent", doc: docNull, op: "Null", key: "aws:TokenIssueTime", vals: []string{"false"},
			want: false, missing: true},
		{name: "Null either value", doc: docNull, op: "Null", key: "k", vals: []string{"true", "false"},
			want: true, missing: true},
		{name: "Null true on empty list", doc: docNull + "; " + docCond + " (null value)", op: "Null", key: "aws:TagKeys", vals: []string{"true"},
			ctx: []iamctx.Entry{str("aws:TagKeys")}, want: true},
		{name: "Null value case", doc: docNull, op: "Null", key: "k", vals: []string{"TRUE"},
			want: true, missing: true},
		{name: "Null ignores set qualifier", doc: docNull, op: "ForAnyValue:Null", key: "k", vals: []string{"false"},
			ctx: []iamctx.Entry{str("k", "a", "b")}, want: true},
	})
}

func TestEvalNumeric(t *testing.T) {
	n := func(v string) []iamctx.Entry { return []iamctx.Entry{typed("s3:max-keys", iamctx.TypeNumeric, v)} }
	runEvalCases(t, []evalCase{
		{name: "NumericEquals", doc: docNumeric, op: "NumericEquals", key: "s3:max-keys", vals: []string{"10"}, ctx: n("10"), want: true},
		{name: "NumericEquals decimal form", doc: docNumeric, op: "NumericEquals", key: "s3:max-keys", vals: []string{"10"}, ctx: n("10.0"), want: true},
		{name: "NumericEquals differs", doc: docNumeric, op: "NumericEquals", key: "s3:max-keys", vals: []string{"10"}, ctx: n("11"), want: false},
		{name: "NumericEquals values OR", doc: docMultiEval, op: "NumericEquals", key: "s3:max-keys", vals: []string{"1", "2", "3"}, ctx: n("2"), want: true},
		{name: "NumericNotEquals none", doc: docMultiEval, op: "NumericNotEquals", key: "s3:max-keys", vals: []string{"1", "2"}, ctx: n("3"), want: true},
		{name: "NumericNotEquals one", doc: docMultiEval, op: "NumericNotEquals", key: "s3:max-keys", vals: []string{"1", "2"}, ctx: n("2"), want: false},
		{name: "NumericNotEquals missing", doc: docMissing, op: "NumericNotEquals", key: "s3:max-keys", vals: []string{"1"}, want: true, missing: true},
		{name: "NumericLessThan below", doc: docNumeric, op: "NumericLessThan", key: "s3:max-keys", vals: []string{"10"}, ctx: n("9"), want: true},
		{name: "NumericLessThan equal", doc: docNumeric, op: "NumericLessThan", key: "s3:max-keys", vals: []string{"10"}, ctx: n("10"), want: false},
		{name: "NumericLessThanEquals equal", doc: docNumeric, op: "NumericLessThanEquals", key: "s3:max-keys", vals: []string{"10"}, ctx: n("10"), want: true},
		{name: "NumericLessThanEquals above", doc: docNumeric, op: "NumericLessThanEquals", key: "s3:max-keys", vals: []string{"10"}, ctx: n("11"), want: false},
		{name: "NumericGreaterThan above", doc: docNumeric, op: "NumericGreaterThan", key: "s3:max-keys", vals: []string{"10"}, ctx: n("10.5"), want: true},
		{name: "NumericGreaterThan equal", doc: docNumeric, op: "NumericGreaterThan", key: "s3:max-keys", vals: []string{"10"}, ctx: n("10"), want: false},
		{name: "NumericGreaterThanEquals equal", doc: docNumeric, op: "NumericGreaterThanEquals", key: "s3:max-keys", vals: []string{"10"}, ctx: n("10"), want: true},
		{name: "NumericGreaterThanEquals below", doc: docNumeric, op: "NumericGreaterThanEquals", key: "s3:max-keys", vals: []string{"10"}, ctx: n("-3"), want: false},
		{name: "NumericLessThan negative and decimal", doc: docNumeric, op: "NumericLessThan", key: "s3:max-keys", vals: []string{"-1.5"}, ctx: n("-2"), want: true},
		{name: "NumericLessThanEquals missing", doc: docNumeric, op: "NumericLessThanEquals", key: "aws:MultiFactorAuthAge", vals: []string{"3600"},
			want: false, missing: true},
		{name: "Numeric on a string-typed key reads its text", doc: docNumeric, op: "NumericLessThanEquals", key: "aws:MultiFactorAuthAge", vals: []string{"3600"},
			ctx: []iamctx.Entry{str("aws:MultiFactorAuthAge", "1200")}, want: true},
		{name: "Numeric on non-numeric text does not match", doc: docNumeric, op: "NumericLessThan", key: "k", vals: []string{"10"},
			ctx: []iamctx.Entry{str("k", "five")}, want: false},
		{name: "NumericNotEquals on non-numeric text", doc: docNumeric + "; " + docMultiEval, op: "NumericNotEquals", key: "k", vals: []string{"10"},
			ctx: []iamctx.Entry{str("k", "five")}, want: true},
	})
}

func TestEvalDate(t *testing.T) {
	d := func(v string) []iamctx.Entry { return []iamctx.Entry{typed("aws:CurrentTime", iamctx.TypeDate, v)} }
	runEvalCases(t, []evalCase{
		{name: "DateGreaterThan after", doc: docDate, op: "DateGreaterThan", key: "aws:CurrentTime", vals: []string{"2020-01-01T00:00:01Z"},
			ctx: d("2020-06-01T00:00:00Z"), want: true},
		{name: "DateGreaterThan before", doc: docDate, op: "DateGreaterThan", key: "aws:CurrentTime", vals: []string{"2020-01-01T00:00:01Z"},
			ctx: d("2019-12-31T23:59:59Z"), want: false},
		{name: "DateGreaterThan equal", doc: docDate, op: "DateGreaterThan", key: "aws:CurrentTime", vals: []string{"2020-01-01T00:00:01Z"},
			ctx: d("2020-01-01T00:00:01Z"), want: false},
		{name: "DateGreaterThanEquals equal", doc: docDate, op: "DateGreaterThanEquals", key: "aws:CurrentTime", vals: []string{"2020-01-01T00:00:01Z"},
			ctx: d("2020-01-01T00:00:01Z"), want: true},
		{name: "DateLessThan before", doc: docDate, op: "DateLessThan", key: "aws:CurrentTime", vals: []string{"2020-01-01T00:00:00Z"},
			ctx: d("2019-12-31T23:59:59Z"), want: true},
		{name: "DateLessThanEquals after", doc: docDate, op: "DateLessThanEquals", key: "aws:CurrentTime", vals: []string{"2020-01-01T00:00:00Z"},
			ctx: d("2020-01-01T00:00:01Z"), want: false},
		{name: "DateEquals epoch against ISO", doc: docDate + " (epoch time)", op: "DateEquals", key: "aws:CurrentTime", vals: []string{"1577836800"},
			ctx: d("2020-01-01T00:00:00Z"), want: true},
		{name: "DateEquals ISO date only", doc: docDate + " (W3C ISO 8601)", op: "DateEquals", key: "aws:CurrentTime", vals: []string{"2020-01-01"},
			ctx: d("2020-01-01T00:00:00+00:00"), want: true},
		{name: "DateEquals same instant other zone", doc: docDate + " (W3C ISO 8601)", op: "DateEquals", key: "aws:CurrentTime", vals: []string{"2020-01-01T01:00:00+01:00"},
			ctx: d("2020-01-01T00:00:00Z"), want: true},
		{name: "DateEquals minutes only", doc: docDate + " (W3C ISO 8601)", op: "DateEquals", key: "aws:CurrentTime", vals: []string{"2020-01-01T10:30Z"},
			ctx: d("2020-01-01T10:30:00Z"), want: true},
		{name: "DateGreaterThan fractional seconds", doc: docDate + " (W3C ISO 8601)", op: "DateGreaterThan", key: "aws:CurrentTime", vals: []string{"2020-01-01T00:00:00Z"},
			ctx: d("2020-01-01T00:00:00.5Z"), want: true},
		{name: "DateLessThan epoch policy", doc: docDate + " (epoch time)", op: "DateLessThan", key: "aws:EpochTime", vals: []string{"1577836800"},
			ctx: []iamctx.Entry{typed("aws:EpochTime", iamctx.TypeNumeric, "1577836799")}, want: true},
		{name: "DateNotEquals differs", doc: docDate, op: "DateNotEquals", key: "aws:CurrentTime", vals: []string{"2020-01-01", "2020-01-02"},
			ctx: d("2020-01-03T00:00:00Z"), want: true},
		{name: "DateNotEquals one equal", doc: docDate + "; " + docMultiEval, op: "DateNotEquals", key: "aws:CurrentTime", vals: []string{"2020-01-01", "2020-01-02"},
			ctx: d("2020-01-02T00:00:00Z"), want: false},
		{name: "DateNotEquals missing", doc: docMissing, op: "DateNotEquals", key: "aws:CurrentTime", vals: []string{"2020-01-01"},
			want: true, missing: true},
		{name: "DateGreaterThan missing", doc: docDate, op: "DateGreaterThan", key: "aws:TokenIssueTime", vals: []string{"2020-01-01T00:00:01Z"},
			want: false, missing: true},
		{name: "Date on a string-typed key", doc: docDate, op: "DateLessThan", key: "k", vals: []string{"2021-01-01"},
			ctx: []iamctx.Entry{str("k", "2020-05-05T05:05:05Z")}, want: true},
		{name: "Date on non-date text", doc: docDate, op: "DateLessThan", key: "k", vals: []string{"2021-01-01"},
			ctx: []iamctx.Entry{str("k", "yesterday")}, want: false},
	})
}

func TestEvalBoolBinaryIP(t *testing.T) {
	const b64 = "QmluYXJ5VmFsdWVJbkJhc2U2NA==" // the page's example value
	ip := func(v string) []iamctx.Entry { return []iamctx.Entry{typed("aws:SourceIp", iamctx.TypeIP, v)} }
	runEvalCases(t, []evalCase{
		{name: "Bool true", doc: docBool, op: "Bool", key: "aws:SecureTransport", vals: []string{"true"},
			ctx: []iamctx.Entry{typed("aws:SecureTransport", iamctx.TypeBoolean, "true")}, want: true},
		{name: "Bool false vs true", doc: docBool, op: "Bool", key: "aws:SecureTransport", vals: []string{"false"},
			ctx: []iamctx.Entry{typed("aws:SecureTransport", iamctx.TypeBoolean, "true")}, want: false},
		{name: "Bool false", doc: docBool, op: "Bool", key: "aws:SecureTransport", vals: []string{"false"},
			ctx: []iamctx.Entry{typed("aws:SecureTransport", iamctx.TypeBoolean, "false")}, want: true},
		{name: "Bool on string text", doc: docBool, op: "Bool", key: "aws:SecureTransport", vals: []string{"True"},
			ctx: []iamctx.Entry{str("aws:SecureTransport", "TRUE")}, want: true},
		{name: "Bool on non-boolean text", doc: docBool, op: "Bool", key: "aws:SecureTransport", vals: []string{"true"},
			ctx: []iamctx.Entry{str("aws:SecureTransport", "yes")}, want: false},
		{name: "Bool missing", doc: docBool, op: "Bool", key: "aws:SecureTransport", vals: []string{"false"}, want: false, missing: true},
		{name: "Bool with a policy variable", doc: docBool + " (policy variable)", op: "Bool", key: "aws:MultiFactorAuthPresent", vals: []string{"${aws:PrincipalTag/mfa}"},
			tags: map[string]string{"mfa": "True"}, ctx: []iamctx.Entry{typed("aws:MultiFactorAuthPresent", iamctx.TypeBoolean, "true")}, want: true},
		{name: "Bool with a policy variable differs", doc: docBool + " (policy variable)", op: "Bool", key: "aws:MultiFactorAuthPresent", vals: []string{"${aws:PrincipalTag/mfa}"},
			tags: map[string]string{"mfa": "false"}, ctx: []iamctx.Entry{typed("aws:MultiFactorAuthPresent", iamctx.TypeBoolean, "true")}, want: false},

		{name: "BinaryEquals", doc: docBinary, op: "BinaryEquals", key: "k", vals: []string{b64},
			ctx: []iamctx.Entry{typed("k", iamctx.TypeBinary, b64)}, want: true},
		{name: "BinaryEquals unpadded context", doc: docBinary, op: "BinaryEquals", key: "k", vals: []string{b64},
			ctx: []iamctx.Entry{typed("k", iamctx.TypeBinary, strings.TrimRight(b64, "="))}, want: true},
		{name: "BinaryEquals differs", doc: docBinary, op: "BinaryEquals", key: "k", vals: []string{b64},
			ctx: []iamctx.Entry{typed("k", iamctx.TypeBinary, "QmluYXJ5")}, want: false},
		{name: "BinaryEquals string-typed base64", doc: docBinary, op: "BinaryEquals", key: "k", vals: []string{"AAEC"},
			ctx: []iamctx.Entry{str("k", "AAEC")}, want: true},
		{name: "BinaryEquals non-base64 text", doc: docBinary, op: "BinaryEquals", key: "k", vals: []string{"AAEC"},
			ctx: []iamctx.Entry{str("k", "not base64!")}, want: false},
		{name: "BinaryEquals missing", doc: docBinary, op: "BinaryEquals", key: "k", vals: []string{"AAEC"}, want: false, missing: true},

		{name: "IpAddress in CIDR", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"203.0.113.0/24"}, ctx: ip("203.0.113.7"), want: true},
		{name: "IpAddress outside CIDR", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"203.0.113.0/24"}, ctx: ip("203.0.114.7"), want: false},
		{name: "IpAddress bare address is /32", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"203.0.113.7"}, ctx: ip("203.0.113.7"), want: true},
		{name: "IpAddress bare address excludes neighbour", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"203.0.113.7"}, ctx: ip("203.0.113.8"), want: false},
		{name: "IpAddress host bits in range", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"203.0.113.77/24"}, ctx: ip("203.0.113.1"), want: true},
		{name: "IpAddress IPv6 CIDR", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"203.0.113.0/24", "2001:DB8:1234:5678::/64"},
			ctx: ip("2001:db8:1234:5678::abcd"), want: true},
		{name: "IpAddress IPv6 outside", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"2001:DB8:1234:5678::/64"},
			ctx: ip("2001:db8:1234:5679::1"), want: false},
		{name: "IpAddress bare IPv6 is /128", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"2001:db8::1"}, ctx: ip("2001:db8::1"), want: true},
		{name: "IpAddress IPv4 never in IPv6 range", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"::/0"}, ctx: ip("10.0.0.1"), want: false},
		{name: "IpAddress IPv4-mapped context", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"203.0.113.0/24"}, ctx: ip("::ffff:203.0.113.9"), want: true},
		{name: "IpAddress string-typed context", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"10.0.0.0/8"},
			ctx: []iamctx.Entry{str("aws:SourceIp", "10.1.2.3")}, want: true},
		{name: "IpAddress non-IP text", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"0.0.0.0/0"},
			ctx: []iamctx.Entry{str("aws:SourceIp", "localhost")}, want: false},
		{name: "IpAddress missing", doc: docIP, op: "IpAddress", key: "aws:SourceIp", vals: []string{"0.0.0.0/0"}, want: false, missing: true},
		{name: "NotIpAddress outside", doc: docIP, op: "NotIpAddress", key: "aws:SourceIp", vals: []string{"10.0.0.0/8", "192.168.0.0/16"}, ctx: ip("172.16.0.1"), want: true},
		{name: "NotIpAddress inside one", doc: docIP + "; " + docMultiEval, op: "NotIpAddress", key: "aws:SourceIp", vals: []string{"10.0.0.0/8", "192.168.0.0/16"},
			ctx: ip("192.168.3.4"), want: false},
		{name: "NotIpAddress missing", doc: docMissing, op: "NotIpAddress", key: "aws:SourceIp", vals: []string{"10.0.0.0/8"}, want: true, missing: true},
	})
}

func TestEvalARN(t *testing.T) {
	src := func(v string) []iamctx.Entry { return []iamctx.Entry{str("aws:SourceArn", v)} }
	// The page's example: StringLike matches, ArnLike does not.
	const docPattern = "arn:aws:someservice:*:111122223333:finance/*"
	const docValue = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
	runEvalCases(t, []evalCase{
		{name: "ArnLike page example fails", doc: docARN, op: "ArnLike", key: "aws:SourceArn", vals: []string{docPattern}, ctx: src(docValue), want: false},
		{name: "StringLike page example matches", doc: docARN, op: "StringLike", key: "aws:SourceArn", vals: []string{docPattern}, ctx: src(docValue), want: true},
		{name: "ArnEquals exact", doc: docARN, op: "ArnEquals", key: "aws:SourceArn", vals: []string{"arn:aws:sns:us-east-1:123456789012:topic"},
			ctx: src("arn:aws:sns:us-east-1:123456789012:topic"), want: true},
		{name: "ArnEquals differs", doc: docARN, op: "ArnEquals", key: "aws:SourceArn", vals: []string{"arn:aws:sns:us-east-1:123456789012:topic"},
			ctx: src("arn:aws:sns:us-east-1:123456789012:topic2"), want: false},
		{name: "ArnEquals takes wildcards like ArnLike", doc: docARN + " (behave identically)", op: "ArnEquals", key: "aws:SourceArn", vals: []string{"arn:aws:sns:*:123456789012:*"},
			ctx: src("arn:aws:sns:eu-west-1:123456789012:topic"), want: true},
		{name: "ArnLike region wildcard", doc: docARN, op: "ArnLike", key: "aws:SourceArn", vals: []string{"arn:aws:sns:*:123456789012:topic"},
			ctx: src("arn:aws:sns:us-west-2:123456789012:topic"), want: true},
		{name: "ArnLike question marks in account", doc: docARN, op: "ArnLike", key: "aws:SourceArn", vals: []string{"arn:aws:sns:us-west-2:1234567890??:topic"},
			ctx: src("arn:aws:sns:us-west-2:123456789012:topic"), want: true},
		{name: "ArnLike resource part spans colons", doc: docARN + "; " + docARNs, op: "ArnLike", key: "aws:SourceArn", vals: []string{"arn:aws:lambda:us-east-1:123456789012:function:*"},
			ctx: src("arn:aws:lambda:us-east-1:123456789012:function:my-fn:PROD"), want: true},
		{name: "ArnLike resource part spans slashes", doc: docARN + "; " + docARNs, op: "ArnLike", key: "aws:PrincipalArn", vals: []string{"arn:aws:iam::*:role/*"},
			ctx: []iamctx.Entry{str("aws:PrincipalArn", "arn:aws:iam::123456789012:role/path/to/Admin")}, want: true},
		{name: "ArnLike star alone matches any ARN", doc: docARN, op: "ArnLike", key: "aws:SourceArn", vals: []string{"*"},
			ctx: src("arn:aws:s3:::bucket"), want: true},
		{name: "ArnLike is case-sensitive", doc: docARN, op: "ArnLike", key: "aws:SourceArn", vals: []string{"arn:aws:iam::123456789012:role/Admin"},
			ctx: src("arn:aws:iam::123456789012:role/admin"), want: false},
		{name: "ArnLike fewer components never match an ARN", doc: docARN + " (six components)", op: "ArnLike", key: "aws:SourceArn", vals: []string{"arn:aws:s3:*"},
			ctx: src("arn:aws:s3:::bucket"), want: false},
		{name: "ArnLike star does not cross a colon before the resource", doc: docARN, op: "ArnLike", key: "aws:SourceArn", vals: []string{"arn:aws:*:123456789012:*"},
			ctx: src("arn:aws:s3:us-east-1:123456789012:x"), want: false},
		{name: "ArnLike components do not shift", doc: docARN, op: "ArnLike", key: "aws:SourceArn", vals: []string{"arn:aws:*::123456789012:res"},
			ctx: src("arn:aws:s3:us-east-1::123456789012:res"), want: false},
		{name: "ArnNotEquals differs", doc: docARN, op: "ArnNotEquals", key: "aws:SourceArn", vals: []string{"arn:aws:sns:us-east-1:123456789012:a", "arn:aws:sns:us-east-1:123456789012:b"},
			ctx: src("arn:aws:sns:us-east-1:123456789012:c"), want: true},
		{name: "ArnNotLike matches one", doc: docARN + "; " + docMultiEval, op: "ArnNotLike", key: "aws:SourceArn", vals: []string{"arn:aws:sns:*:*:a", "arn:aws:sns:*:*:b"},
			ctx: src("arn:aws:sns:us-east-1:123456789012:b"), want: false},
		{name: "ArnNotLike missing", doc: docMissing, op: "ArnNotLike", key: "aws:SourceArn", vals: []string{"arn:aws:sns:*:*:a"}, want: true, missing: true},
		{name: "ArnLike missing", doc: docARN, op: "ArnLike", key: "aws:SourceArn", vals: []string{"arn:aws:sns:*:*:a"}, want: false, missing: true},
		{name: "ArnLike with a variable in the resource", doc: docARN + " (policy variable)", op: "ArnLike", key: "aws:PrincipalArn",
			vals: []string{"arn:aws:iam::*:user/${aws:username}"}, want: true},
		{name: "ArnEquals with a whole ARN from a variable", doc: docVarsCond, op: "ArnEquals", key: "aws:SourceArn",
			vals: []string{"${aws:PrincipalArn}"}, ctx: src(testUser), want: true},
		{name: "ArnEquals whole-ARN variable differs", doc: docVarsCond, op: "ArnEquals", key: "aws:SourceArn",
			vals: []string{"${aws:PrincipalArn}"}, ctx: src("arn:aws:iam::111122223333:user/bob"), want: false},
		{name: "ArnLike non-ARN value as a whole string", doc: docARN, op: "ArnLike", key: "aws:SourceArn", vals: []string{"not-an-arn*"},
			ctx: src("not-an-arn:x"), want: true},
	})
}

func TestEvalSetOperators(t *testing.T) {
	attrs := func(v ...string) []iamctx.Entry { return []iamctx.Entry{str("dynamodb:Attributes", v...)} }
	calledVia := func(v ...string) []iamctx.Entry { return []iamctx.Entry{str("aws:CalledVia", v...)} }
	allowed := []string{"PostDateTime", "Message", "Tags"}
	runEvalCases(t, []evalCase{
		// The page's two worked examples.
		{name: "ForAllValues page example fails", doc: docSetsEval, op: "ForAllValues:StringEquals", key: "dynamodb:Attributes", vals: allowed,
			ctx: attrs("PostDateTime", "UserName"), want: false},
		{name: "ForAllValues subset", doc: docSetsEval, op: "ForAllValues:StringEquals", key: "dynamodb:Attributes", vals: allowed,
			ctx: attrs("Message", "Tags"), want: true},
		{name: "ForAnyValue page example matches", doc: docSetsEval, op: "ForAnyValue:StringEquals", key: "dynamodb:Attributes", vals: []string{"ID", "PostDateTime"},
			ctx: attrs("UserName", "Message", "PostDateTime"), want: true},
		{name: "ForAnyValue no overlap", doc: docSetsEval, op: "ForAnyValue:StringEquals", key: "dynamodb:Attributes", vals: []string{"ID", "PostDateTime"},
			ctx: attrs("UserName"), want: false},
		// Absent and empty sets.
		{name: "ForAllValues absent is true", doc: docSets, op: "ForAllValues:StringEquals", key: "dynamodb:Attributes", vals: allowed,
			want: true, missing: true},
		{name: "ForAllValues empty set is true", doc: docSetsEval + " (Note)", op: "ForAllValues:StringEquals", key: "dynamodb:Attributes", vals: allowed,
			ctx: attrs(), want: true},
		{name: "ForAnyValue absent is false", doc: docSets, op: "ForAnyValue:StringEquals", key: "dynamodb:Attributes", vals: allowed,
			want: false, missing: true},
		{name: "ForAnyValue empty set is false", doc: docSetsEval + " (Note)", op: "ForAnyValue:StringEquals", key: "dynamodb:Attributes", vals: allowed,
			ctx: attrs(), want: false},
		{name: "ForAnyValue single-valued key is a set of one", doc: docSets, op: "ForAnyValue:StringEquals", key: "aws:PrincipalTag/team", vals: []string{"a", "b"},
			tags: map[string]string{"team": "b"}, want: true},
		{name: "ForAllValues single-valued key is a set of one", doc: docSets, op: "ForAllValues:StringEquals", key: "aws:PrincipalTag/team", vals: []string{"a", "b"},
			tags: map[string]string{"team": "c"}, want: false},
		{name: "ForAnyValueIfExists absent is true", doc: docIfExists + "; " + docSets, op: "ForAnyValue:StringEqualsIfExists", key: "aws:TagKeys", vals: []string{"a"},
			want: true, missing: true},
		{name: "ForAllValues StringLike", doc: docString + " (set operators)", op: "ForAllValues:StringLike", key: "aws:TagKeys", vals: []string{"env-*", "team"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "env-prod", "team")}, want: true},
		{name: "ForAllValues StringLike one outside", doc: docString + " (set operators)", op: "ForAllValues:StringLike", key: "aws:TagKeys", vals: []string{"env-*", "team"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "env-prod", "owner")}, want: false},
		{name: "ForAnyValue StringLike", doc: docString + " (set operators)", op: "ForAnyValue:StringLike", key: "aws:PrincipalOrgPaths", vals: []string{"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"},
			ctx: []iamctx.Entry{str("aws:PrincipalOrgPaths", "o-x/r-y/", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/")}, want: true},
		{name: "ForAllValues NumericLessThan", doc: docSets, op: "ForAllValues:NumericLessThan", key: "k", vals: []string{"10"},
			ctx: []iamctx.Entry{typed("k", iamctx.TypeNumericList, "1", "9")}, want: true},
		{name: "ForAllValues NumericLessThan one not", doc: docSets, op: "ForAllValues:NumericLessThan", key: "k", vals: []string{"10"},
			ctx: []iamctx.Entry{typed("k", iamctx.TypeNumericList, "1", "10")}, want: false},
		{name: "ForAnyValue IpAddress", doc: docSets, op: "ForAnyValue:IpAddress", key: "k", vals: []string{"10.0.0.0/8"},
			ctx: []iamctx.Entry{typed("k", iamctx.TypeIPList, "192.168.0.1", "10.9.9.9")}, want: true},
		{name: "ForAnyValue DateGreaterThan", doc: docSets, op: "ForAnyValue:DateGreaterThan", key: "k", vals: []string{"2020-01-01"},
			ctx: []iamctx.Entry{typed("k", iamctx.TypeDateList, "2019-01-01", "2021-01-01")}, want: true},

		// Negated operators under qualifiers: per request value, "satisfies"
		// means "matches none of the policy values".
		{name: "ForAllValues StringNotEquals absent is true", doc: docDataExch, op: "ForAllValues:StringNotEquals", key: "aws:CalledVia", vals: []string{"dataexchange.amazonaws.com"},
			want: true, missing: true},
		{name: "ForAllValues StringNotEquals via dataexchange is false", doc: docDataExch, op: "ForAllValues:StringNotEquals", key: "aws:CalledVia", vals: []string{"dataexchange.amazonaws.com"},
			ctx: calledVia("dataexchange.amazonaws.com"), want: false},
		{name: "ForAllValues StringNotEquals via other is true", doc: docDataExch, op: "ForAllValues:StringNotEquals", key: "aws:CalledVia", vals: []string{"dataexchange.amazonaws.com"},
			ctx: calledVia("cloudformation.amazonaws.com"), want: true},
		{name: "ForAllValues StringNotEquals chain with dataexchange is false", doc: docDataExch, op: "ForAllValues:StringNotEquals", key: "aws:CalledVia", vals: []string{"dataexchange.amazonaws.com"},
			ctx: calledVia("cloudformation.amazonaws.com", "dataexchange.amazonaws.com"), want: false},
		{name: "ForAllValues StringNotEquals empty set is true", doc: docSetsEval + " (Note)", op: "ForAllValues:StringNotEquals", key: "aws:CalledVia", vals: []string{"a"},
			ctx: calledVia(), want: true},
		{name: "ForAllValues StringNotEquals two values none in list", doc: docSetsEval + "; " + docMultiEval, op: "ForAllValues:StringNotEquals", key: "aws:TagKeys", vals: []string{"a", "b"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "c", "d")}, want: true},
		{name: "ForAllValues StringNotEquals one in list", doc: docSetsEval + "; " + docMultiEval, op: "ForAllValues:StringNotEquals", key: "aws:TagKeys", vals: []string{"a", "b"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "c", "b")}, want: false},
		{name: "ForAnyValue StringNotEquals one outside", doc: docSetsEval + "; " + docMultiEval, op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", vals: []string{"a", "b"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "a", "c")}, want: true},
		{name: "ForAnyValue StringNotEquals all inside", doc: docSetsEval + "; " + docMultiEval, op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", vals: []string{"a", "b"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "a", "b")}, want: false},
		{name: "ForAnyValue StringNotEquals absent is false", doc: docSets, op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", vals: []string{"a"},
			want: false, missing: true},
		{name: "ForAnyValue StringNotEquals empty set is false", doc: docSetsEval + " (Note)", op: "ForAnyValue:StringNotEquals", key: "aws:TagKeys", vals: []string{"a"},
			ctx: []iamctx.Entry{str("aws:TagKeys")}, want: false},
		{name: "ForAllValues StringNotLike", doc: docSetsEval, op: "ForAllValues:StringNotLike", key: "aws:TagKeys", vals: []string{"aws:*"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "env", "team")}, want: true},
		{name: "ForAnyValue NotIpAddress", doc: docSetsEval, op: "ForAnyValue:NotIpAddress", key: "k", vals: []string{"10.0.0.0/8"},
			ctx: []iamctx.Entry{typed("k", iamctx.TypeIPList, "10.0.0.1", "11.0.0.1")}, want: true},

		// No qualifier on a multivalued context key: set operators are
		// required, so the condition does not hold, negated or not.
		{name: "StringEquals on multivalued key is false", doc: docSets + "; " + docSingleVs, op: "StringEquals", key: "aws:TagKeys", vals: []string{"a"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "a", "b")}, want: false},
		{name: "StringNotEquals on multivalued key is false", doc: docSets + "; " + docSingleVs, op: "StringNotEquals", key: "aws:TagKeys", vals: []string{"z"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "a", "b")}, want: false},
		{name: "StringLikeIfExists on multivalued key is false", doc: docSets + "; " + docIfExists, op: "StringLikeIfExists", key: "aws:TagKeys", vals: []string{"*"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "a", "b")}, want: false},
		{name: "list of one value is single-valued", doc: docSingleVs + " (number of values)", op: "StringEquals", key: "aws:TagKeys", vals: []string{"a"},
			ctx: []iamctx.Entry{str("aws:TagKeys", "a")}, want: true},
		{name: "StringEquals on empty list is false", doc: docSingleVs + "; " + docVarsNone, op: "StringEquals", key: "aws:TagKeys", vals: []string{"a"},
			ctx: []iamctx.Entry{str("aws:TagKeys")}, want: false},
		{name: "StringNotEquals on empty list is true", doc: docVarsNone + " (inverted operators match null)", op: "StringNotEquals", key: "aws:TagKeys", vals: []string{"a"},
			ctx: []iamctx.Entry{str("aws:TagKeys")}, want: true},
	})
}

func TestEvalVariables(t *testing.T) {
	prefix := func(v string) []iamctx.Entry { return []iamctx.Entry{str("s3:prefix", v)} }
	runEvalCases(t, []evalCase{
		{name: "variable in StringLike", doc: docVarsUse, op: "StringLike", key: "s3:prefix", vals: []string{"${aws:username}/*"},
			ctx: prefix("alice/photos/x.jpg"), want: true},
		{name: "variable in StringLike other user", doc: docVarsUse, op: "StringLike", key: "s3:prefix", vals: []string{"${aws:username}/*"},
			ctx: prefix("bob/photos/x.jpg"), want: false},
		{name: "variable mid-pattern", doc: docString, op: "StringLike", key: "s3:prefix", vals: []string{"", "home/", "home/${aws:username}/"},
			ctx: prefix("home/alice/"), want: true},
		{name: "variable key case-insensitive", doc: docVarsUse + " (Key names are case-insensitive)", op: "StringEquals", key: "s3:prefix", vals: []string{"${AWS:UserName}"},
			ctx: prefix("alice"), want: true},
		{name: "variable in StringEquals", doc: docVarsCond, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:username}"},
			ctx: prefix("alice"), want: true},
		{name: "variable in StringEquals is not a prefix", doc: docVarsCond, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:username}"},
			ctx: prefix("alice2"), want: false},
		{name: "variable in StringEqualsIgnoreCase", doc: docVarsCond, op: "StringEqualsIgnoreCase", key: "s3:prefix", vals: []string{"home/${aws:username}"},
			ctx: prefix("HOME/ALICE"), want: true},
		{name: "tag variable", doc: docVarsCond, op: "StringEquals", key: "s3:ExistingObjectTag/Team", vals: []string{"${aws:PrincipalTag/Team}"},
			tags: map[string]string{"Team": "blue"}, ctx: []iamctx.Entry{str("s3:ExistingObjectTag/Team", "blue")}, want: true},
		{name: "two variables", doc: docVarsCond, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/team}/${aws:username}"},
			tags: map[string]string{"team": "blue"}, ctx: prefix("blue/alice"), want: true},

		// No value for the variable.
		{name: "missing variable does not match", doc: docVarsNone, op: "StringEquals", key: "s3:ExistingObjectTag/Team", vals: []string{"${aws:PrincipalTag/Team}"},
			ctx: []iamctx.Entry{str("s3:ExistingObjectTag/Team", "blue")}, want: false, missing: true},
		{name: "missing variable other values still match", doc: docVarsNone + "; " + docMultiEval, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/Team}", "x"},
			ctx: prefix("x"), want: true, missing: true},
		{name: "missing variable with negated operator is true", doc: docVarsNone + " (inverted operators)", op: "StringNotEquals", key: "s3:ExistingObjectTag/Team", vals: []string{"${aws:PrincipalTag/Team}"},
			ctx: []iamctx.Entry{str("s3:ExistingObjectTag/Team", "blue")}, want: true, missing: true},
		{name: "missing variable StringNotLike is true", doc: docVarsNone + " (inverted operators)", op: "StringNotLike", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/Team}/*"},
			ctx: prefix("blue/x"), want: true, missing: true},
		{name: "variable text empty string matches", doc: docVarsUse, op: "StringEquals", key: "s3:prefix", vals: []string{"a${aws:PrincipalTag/x}b"},
			tags: map[string]string{"x": ""}, ctx: prefix("ab"), want: true},
		{name: "multivalued key as variable does not match", doc: docSingleVs + " (cannot use a multivalued key as a variable)", op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:TagKeys}"},
			ctx: []iamctx.Entry{str("s3:prefix", "a"), str("aws:TagKeys", "a", "b")}, want: false},

		// Defaults.
		{name: "default used when absent", doc: docVarsDef, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/team, 'company-wide'}"},
			ctx: prefix("company-wide"), want: true},
		{name: "default not used when present", doc: docVarsDef, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/team, 'company-wide'}"},
			tags: map[string]string{"team": "yellow"}, ctx: prefix("company-wide"), want: false},
		{name: "value used when present", doc: docVarsDef, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/team, 'company-wide'}"},
			tags: map[string]string{"team": "yellow"}, ctx: prefix("yellow"), want: true},
		{name: "default without space", doc: docVarsDef, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/team,'cw'}"},
			ctx: prefix("cw"), want: true},
		{name: "default with spaces around comma", doc: docVarsDef, op: "StringEquals", key: "s3:prefix", vals: []string{"${ aws:PrincipalTag/team ,  'cw' }"},
			ctx: prefix("cw"), want: true},
		{name: "default holding a brace", doc: docVarsDef, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/team, 'a}b'}"},
			ctx: prefix("a}b"), want: true},
		{name: "default is literal in StringLike", doc: docVarsDef + "; " + docVarsSpec, op: "StringLike", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/team, 'a*'}"},
			ctx: prefix("abc"), want: false},
		{name: "default literal star matches itself", doc: docVarsDef + "; " + docVarsSpec, op: "StringLike", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/team, 'a*'}"},
			ctx: prefix("a*"), want: true},

		// Request values are literal.
		{name: "request star is literal", doc: docVarsSpec, op: "StringLike", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/p}/x"},
			tags: map[string]string{"p": "*"}, ctx: prefix("abc/x"), want: false},
		{name: "request star matches star", doc: docVarsSpec, op: "StringLike", key: "s3:prefix", vals: []string{"${aws:PrincipalTag/p}/x"},
			tags: map[string]string{"p": "*"}, ctx: prefix("*/x"), want: true},
		{name: "request question mark is literal", doc: docVarsSpec, op: "StringLike", key: "s3:prefix", vals: []string{"a${aws:PrincipalTag/p}"},
			tags: map[string]string{"p": "?"}, ctx: prefix("ab"), want: false},

		// Special characters.
		{name: "${*} is a literal star", doc: docVarsSpec, op: "StringLike", key: "s3:prefix", vals: []string{"a${*}b"},
			ctx: prefix("a*b"), want: true},
		{name: "${*} is not a wildcard", doc: docVarsSpec, op: "StringLike", key: "s3:prefix", vals: []string{"a${*}b"},
			ctx: prefix("axxb"), want: false},
		{name: "${?} is a literal question mark", doc: docVarsSpec, op: "StringLike", key: "s3:prefix", vals: []string{"why${?}"},
			ctx: prefix("why?"), want: true},
		{name: "${?} is not a wildcard", doc: docVarsSpec, op: "StringLike", key: "s3:prefix", vals: []string{"why${?}"},
			ctx: prefix("whyx"), want: false},
		{name: "${$} is a literal dollar", doc: docVarsSpec, op: "StringEquals", key: "s3:prefix", vals: []string{"cost${$}"},
			ctx: prefix("cost$"), want: true},
		{name: "${$}{ does not open a variable", doc: docVarsSpec, op: "StringEquals", key: "s3:prefix", vals: []string{"${$}{aws:username}"},
			ctx: prefix("${aws:username}"), want: true},
		{name: "special chars with wildcard", doc: docVarsSpec, op: "StringLike", key: "s3:prefix", vals: []string{"${*}*"},
			ctx: prefix("*anything"), want: true},

		// Version 2008-10-17 and malformed syntax: literal text.
		{name: "no variables: literal text", doc: docVarsUse + " (Version)", noVars: true, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:username}"},
			ctx: prefix("${aws:username}"), want: true},
		{name: "no variables: not substituted", doc: docVarsUse + " (Version)", noVars: true, op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:username}"},
			ctx: prefix("alice"), want: false},
		{name: "no variables: star inside is a wildcard", doc: docVarsUse + " (Version)", noVars: true, op: "StringLike", key: "s3:prefix", vals: []string{"${*}"},
			ctx: prefix("${anything}"), want: true},
		{name: "unclosed variable is literal", doc: docVars + " (malformed: literal)", op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:username"},
			ctx: prefix("${aws:username"), want: true},
		{name: "empty variable is literal", doc: docVars + " (malformed: literal)", op: "StringEquals", key: "s3:prefix", vals: []string{"${}"},
			ctx: prefix("${}"), want: true},
		{name: "unquoted default is literal", doc: docVars + " (malformed: literal)", op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:username, x}"},
			ctx: prefix("${aws:username, x}"), want: true},
		{name: "dollar alone is literal", doc: docVars, op: "StringEquals", key: "s3:prefix", vals: []string{"$5 {x}"},
			ctx: prefix("$5 {x}"), want: true},
		{name: "variables not substituted in Numeric", doc: docNumeric + " (no policy variables)", op: "NumericEquals", key: "k", vals: []string{"5"},
			ctx: []iamctx.Entry{str("k", "5")}, want: true},
		{name: "no principal: username absent", doc: docVarsNone, principal: "-", op: "StringEquals", key: "s3:prefix", vals: []string{"${aws:username}"},
			ctx: prefix("alice"), want: false, missing: true},
	})
}

func TestCompileErrors(t *testing.T) {
	cases := []struct {
		name, op, key string
		vals          []string
		bad           string // the value the error must name; "" for none
		index         int
	}{
		{"NumericEquals abc", "NumericEquals", "k", []string{"1", "abc"}, "abc", 1},
		{"NumericLessThan hex", "NumericLessThan", "k", []string{"0x10"}, "0x10", 0},
		{"NumericGreaterThan empty", "NumericGreaterThan", "k", []string{""}, "", 0},
		{"IpAddress bad octet", "IpAddress", "k", []string{"10.0.0.300"}, "10.0.0.300", 0},
		{"IpAddress bad prefix length", "NotIpAddress", "k", []string{"10.0.0.0/33"}, "10.0.0.0/33", 0},
		{"IpAddress zone", "IpAddress", "k", []string{"fe80::1%eth0"}, "fe80::1%eth0", 0},
		{"IpAddress name", "IpAddress", "k", []string{"localhost"}, "localhost", 0},
		{"Bool maybe", "Bool", "k", []string{"maybe"}, "maybe", 0},
		{"Bool variable without Variables", "Bool", "k", []string{"${aws:x}"}, "${aws:x}", 0},
		{"Date notadate", "DateEquals", "k", []string{"notadate"}, "notadate", 0},
		{"Date bad month", "DateLessThan", "k", []string{"2020-13-01"}, "2020-13-01", 0},
		{"Binary not base64", "BinaryEquals", "k", []string{"!!!"}, "!!!", 0},
		{"Null maybe", "Null", "k", []string{"maybe"}, "maybe", 0},
		{"variable in Numeric", "NumericEquals", "k", []string{"${aws:x}"}, "${aws:x}", 0},
		{"unknown operator", "StringEqualz", "k", []string{"a"}, "", -1},
		{"NullIfExists", "NullIfExists", "k", []string{"true"}, "", -1},
		{"unknown qualifier", "ForSomeValues:StringEquals", "k", []string{"a"}, "", -1},
		{"empty key", "StringEquals", "", []string{"a"}, "", -1},
		{"empty values", "StringEquals", "k", nil, "", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// Doc: each operator family's section of docOps says what its
			// values are; a value outside that is a malformed policy.
			_, err := Compile(tc.op, tc.key, tc.vals, Options{})
			if err == nil {
				t.Fatalf("Compile(%q, %q, %q) = nil error", tc.op, tc.key, tc.vals)
			}
			checkParseAgrees(t, tc.op, tc.key, tc.vals, false, err)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not *Error", err)
			}
			if ce.Index != tc.index {
				t.Errorf("Index = %d, want %d (%v)", ce.Index, tc.index, err)
			}
			if tc.index >= 0 && (ce.Value != tc.vals[tc.index] || !strings.Contains(err.Error(), `"`+tc.bad+`"`)) {
				t.Errorf("error %q does not name value %q", err, tc.bad)
			}
		})
	}
	// The underlying parse error is kept for errors.Is/As.
	if _, err := Compile("NumericEquals", "k", []string{"abc"}, Options{}); errors.Unwrap(err) == nil {
		t.Errorf("NumericEquals abc: no wrapped parse error in %v", err)
	}
	// The same values are fine for the operators that take them.
	ok := []struct {
		op   string
		vals []string
		opts Options
	}{
		{"NumericEquals", []string{" 10 ", "-1.5", "1e3"}, Options{}},
		{"IpAddress", []string{"10.0.0.1", "10.0.0.0/8", "2001:db8::/32", "::1"}, Options{}},
		{"Bool", []string{"true", "FALSE"}, Options{}},
		{"Bool", []string{"${aws:PrincipalTag/x}"}, Options{Variables: true}},
		{"DateEquals", []string{"2020", "2020-01", "2020-01-01", "2020-01-01T00:00Z", "2020-01-01T00:00:00.123+02:00", "1577836800"}, Options{}},
		{"BinaryEquals", []string{"", "AAEC", "AAE"}, Options{}},
		{"Null", []string{"true", "False"}, Options{}},
		{"ForAllValues:Null", []string{"true"}, Options{}},
		{"StringEquals", []string{"", "${", "${aws:x"}, Options{Variables: true}},
	}
	for _, tc := range ok {
		t.Run(fmt.Sprintf("%s %q", tc.op, tc.vals), func(t *testing.T) {
			t.Parallel()
			_, err := Compile(tc.op, "k", tc.vals, tc.opts)
			if err != nil {
				t.Errorf("Compile = %v", err)
			}
			checkParseAgrees(t, tc.op, "k", tc.vals, tc.opts.Variables, err)
		})
	}
}

// TestBoolVariableSyntax: a Bool value is a variable only when it holds a
// well-formed one; escapes and broken variables must be "true" or
// "false", for Compile and the policy parser alike.
func TestBoolVariableSyntax(t *testing.T) {
	for _, v := range []string{"${*}", "${", "${aws:x", "${ }", "$${}"} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			_, err := Compile("Bool", "k", []string{v}, Options{Variables: true})
			if err == nil {
				t.Error("compiles")
			}
			checkParseAgrees(t, "Bool", "k", []string{v}, true, err)
		})
	}
}

func TestAccessors(t *testing.T) {
	c := mustCompile(t, "ForAnyValue:StringLikeIfExists", "aws:TagKeys", []string{"${aws:username}-*", "${AWS:USERNAME}", "${aws:PrincipalTag/team, 'x'}", "${aws:TagKeys}"}, Options{Variables: true})
	if got := c.Operator(); got != (policy.Operator{Base: policy.StringLike, Set: policy.ForAnyValue, IfExists: true}) {
		t.Errorf("Operator = %+v", got)
	}
	if c.Key() != "aws:TagKeys" {
		t.Errorf("Key = %q", c.Key())
	}
	if len(c.Values()) != 4 {
		t.Errorf("Values = %q", c.Values())
	}
	// GetContextKeys reports keys in document order, in their original
	// case, without duplicates (API_GetContextKeysForCustomPolicy).
	want := []string{"aws:TagKeys", "aws:username", "aws:PrincipalTag/team"}
	if got := c.ContextKeys(); !slices.Equal(got, want) {
		t.Errorf("ContextKeys = %q, want %q", got, want)
	}
	if s := c.String(); !strings.Contains(s, "ForAnyValue:StringLikeIfExists") {
		t.Errorf("String = %q", s)
	}
	// Variables are not context keys without Version 2012-10-17, nor in
	// operators that take none.
	for _, tc := range []struct {
		name string
		op   string
		vals []string
		opts Options
	}{
		{"StringEquals under 2008-10-17", "StringEquals", []string{"${aws:username}"}, Options{}},
		{"NumericEquals", "NumericEquals", []string{"1"}, Options{Variables: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := mustCompile(t, tc.op, "k", tc.vals, tc.opts)
			if got := c.ContextKeys(); !slices.Equal(got, []string{"k"}) {
				t.Errorf("ContextKeys = %q", got)
			}
		})
	}
	// Compile copies the values.
	vals := []string{"a"}
	c = mustCompile(t, "StringEquals", "k", vals, Options{})
	vals[0] = "b"
	r := newRequest(t, "", nil, str("k", "a"))
	if ok, _ := c.Eval(r); !ok {
		t.Error("Compile kept a reference to the caller's values")
	}
	// A nil request has no keys.
	if ok, missing := c.Eval(nil); ok || !missing {
		t.Errorf("Eval(nil) = %v, %v", ok, missing)
	}
}
