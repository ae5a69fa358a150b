package condition

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/grammar"
)

func TestResourcePattern(t *testing.T) {
	type rc struct {
		name     string
		doc      string
		pattern  string
		noVars   bool
		tags     map[string]string
		resource string
		want     bool
		missing  bool
	}
	const bucketPat = "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*"
	cases := []rc{
		{name: "star matches an ARN", doc: docResource, pattern: "*", resource: "arn:aws:sqs:us-east-2:123456789012:queue1", want: true},
		{name: "star matches request star", doc: docNoResource, pattern: "*", resource: "*", want: true},
		{name: "star matches empty", doc: docResource, pattern: "*", resource: "", want: true},
		{name: "exact queue", doc: docResource, pattern: "arn:aws:sqs:us-east-2:123456789012:queue1", resource: "arn:aws:sqs:us-east-2:123456789012:queue1", want: true},
		{name: "exact queue other", doc: docResource, pattern: "arn:aws:sqs:us-east-2:123456789012:queue1", resource: "arn:aws:sqs:us-east-2:123456789012:queue2", want: false},
		{name: "case-sensitive", doc: docResource + "; " + docARN, pattern: "arn:aws:iam::123456789012:user/Bob", resource: "arn:aws:iam::123456789012:user/bob", want: false},
		{name: "IAM path wildcard", doc: docResWild, pattern: "arn:aws:iam::123456789012:user/accounting/*", resource: "arn:aws:iam::123456789012:user/accounting/east/alice", want: true},
		{name: "all bucket objects", doc: docResWild, pattern: "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*", resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET/a/b", want: true},
		{name: "bucket pattern does not match bucket", doc: docResWild, pattern: "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*", resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET", want: false},
		{name: "region wildcard", doc: docResWild, pattern: "arn:aws:sqs:*:123456789012:queue1", resource: "arn:aws:sqs:eu-west-1:123456789012:queue1", want: true},
		{name: "account question marks", doc: docResWild, pattern: "arn:aws:sqs:us-east-2:12345678901?:queue1", resource: "arn:aws:sqs:us-east-2:123456789012:queue1", want: true},
		{name: "star in account does not cross colon", doc: docResWild + " (within ARN segments)", pattern: "arn:aws:*:123456789012:*",
			resource: "arn:aws:s3:us-east-1:123456789012:x", want: false},
		{name: "empty region does not shift", doc: docResWild, pattern: "arn:aws:*::123456789012:res",
			resource: "arn:aws:s3:us-east-1::123456789012:res", want: false},
		{name: "resource part crosses colons", doc: docARNs, pattern: "arn:aws:lambda:us-east-1:123456789012:function:*",
			resource: "arn:aws:lambda:us-east-1:123456789012:function:fn:PROD", want: true},
		{name: "resource star alone", doc: docResWild, pattern: "arn:aws:s3:::*", resource: "arn:aws:s3:::bucket/key:with:colons", want: true},
		{name: "other service", doc: docResWild, pattern: "arn:aws:s3:::*", resource: "arn:aws:sqs:::bucket", want: false},
		{name: "incomplete ARN pattern", doc: docARNs + " (six components)", pattern: "arn:aws:s3:*", resource: "arn:aws:s3:::bucket", want: false},
		{name: "request star vs ARN pattern", doc: docNoResource, pattern: "arn:aws:s3:::*", resource: "*", want: false},
		{name: "request star vs question mark", doc: docNoResource + " (whole-string match)", pattern: "?", resource: "*", want: true},
		{name: "request star vs double star", doc: docNoResource, pattern: "**", resource: "*", want: true},
	}
	// The page's list: the pattern matches each of these objects...
	for _, obj := range []string{
		"DOC-EXAMPLE-BUCKET/1/test/object.jpg",
		"DOC-EXAMPLE-BUCKET/1/2/test/object.jpg",
		"DOC-EXAMPLE-BUCKET/1/2/test/3/object.jpg",
		"DOC-EXAMPLE-BUCKET/1/2/3/test/4/object.jpg",
		"DOC-EXAMPLE-BUCKET/1///test///object.jpg",
		"DOC-EXAMPLE-BUCKET/1/test/.jpg",
		"DOC-EXAMPLE-BUCKET//test/object.jpg",
		"DOC-EXAMPLE-BUCKET/1/test/",
	} {
		cases = append(cases, rc{name: "page list matches " + obj, doc: docResWild, pattern: bucketPat, resource: "arn:aws:s3:::" + obj, want: true})
	}
	// ... and none of these.
	for _, obj := range []string{
		"DOC-EXAMPLE-BUCKET/1-test/object.jpg",
		"DOC-EXAMPLE-BUCKET/test/object.jpg",
		"DOC-EXAMPLE-BUCKET/1/2/test.jpg",
	} {
		cases = append(cases, rc{name: "page list excludes " + obj, doc: docResWild, pattern: bucketPat, resource: "arn:aws:s3:::" + obj, want: false})
	}
	cases = append(cases, []rc{
		// Only * and ? are wildcards.
		{name: "brackets literal", doc: docWildcards, pattern: "arn:aws:s3:::b/[abc]", resource: "arn:aws:s3:::b/[abc]", want: true},
		{name: "brackets are no class", doc: docWildcards, pattern: "arn:aws:s3:::b/[abc]", resource: "arn:aws:s3:::b/a", want: false},
		{name: "braces literal", doc: docWildcards, pattern: "arn:aws:s3:::b/{x,y}*", resource: "arn:aws:s3:::b/{x,y}z", want: true},
		{name: "braces are no alternation", doc: docWildcards, pattern: "arn:aws:s3:::b/{x,y}", resource: "arn:aws:s3:::b/x", want: false},
		{name: "backslash literal", doc: docWildcards, pattern: `arn:aws:s3:::b/a\*`, resource: `arn:aws:s3:::b/a\z`, want: true},
		{name: "backslash escapes nothing", doc: docWildcards, pattern: `arn:aws:s3:::b/a\*`, resource: `arn:aws:s3:::b/a*`, want: false},

		// Variables.
		{name: "username variable", doc: docVarsRes, pattern: "arn:aws:s3:::mybucket/${aws:username}/*", resource: "arn:aws:s3:::mybucket/alice/x", want: true},
		{name: "username variable other user", doc: docVarsRes, pattern: "arn:aws:s3:::mybucket/${aws:username}/*", resource: "arn:aws:s3:::mybucket/bob/x", want: false},
		{name: "variable then literal", doc: docVarsRes, pattern: "arn:aws:sqs:us-east-2:*:${aws:username}-queue", resource: "arn:aws:sqs:us-east-2:123456789012:alice-queue", want: true},
		{name: "tag variable", doc: docVarsRes, pattern: "arn:aws:s3:::bucket/${aws:PrincipalTag/department}", tags: map[string]string{"department": "hr"},
			resource: "arn:aws:s3:::bucket/hr", want: true},
		{name: "missing variable matches nothing", doc: docVarsNone + " (Resource)", pattern: "arn:aws:s3:::bucket/${aws:PrincipalTag/department}",
			resource: "arn:aws:s3:::bucket/hr", want: false, missing: true},
		{name: "missing variable even against star", doc: docVarsNone + " (Resource)", pattern: "arn:aws:s3:::bucket/${aws:PrincipalTag/department}*",
			resource: "arn:aws:s3:::bucket/", want: false, missing: true},
		{name: "default used", doc: docVarsDef, pattern: "arn:aws:s3:::DOC-EXAMPLE-BUCKET-${aws:PrincipalTag/team, 'company-wide'}",
			resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET-company-wide", want: true},
		{name: "default not used when tagged", doc: docVarsDef, pattern: "arn:aws:s3:::DOC-EXAMPLE-BUCKET-${aws:PrincipalTag/team, 'company-wide'}",
			tags: map[string]string{"team": "yellow"}, resource: "arn:aws:s3:::DOC-EXAMPLE-BUCKET-yellow", want: true},
		{name: "variable value star is literal", doc: docVarsSpec, pattern: "arn:aws:s3:::b/${aws:PrincipalTag/p}", tags: map[string]string{"p": "*"},
			resource: "arn:aws:s3:::b/x", want: false},
		{name: "variable value star matches star", doc: docVarsSpec, pattern: "arn:aws:s3:::b/${aws:PrincipalTag/p}", tags: map[string]string{"p": "*"},
			resource: "arn:aws:s3:::b/*", want: true},
		{name: "variable value colon in resource part", doc: docVarsRes, pattern: "arn:aws:s3:::b/${aws:PrincipalTag/p}/*", tags: map[string]string{"p": "a:b"},
			resource: "arn:aws:s3:::b/a:b/c", want: true},
		{name: "${*} literal in resource", doc: docVarsSpec, pattern: "arn:aws:s3:::b/a${*}", resource: "arn:aws:s3:::b/a*", want: true},
		{name: "${*} not a wildcard in resource", doc: docVarsSpec, pattern: "arn:aws:s3:::b/a${*}", resource: "arn:aws:s3:::b/ab", want: false},
		{name: "${?} literal in resource", doc: docVarsSpec, pattern: "arn:aws:s3:::b/${?}", resource: "arn:aws:s3:::b/x", want: false},
		{name: "no variables: literal", doc: docVarsUse + " (Version)", noVars: true, pattern: "arn:aws:s3:::b/${aws:username}", resource: "arn:aws:s3:::b/${aws:username}", want: true},
		{name: "no variables: not substituted", doc: docVarsUse + " (Version)", noVars: true, pattern: "arn:aws:s3:::b/${aws:username}", resource: "arn:aws:s3:::b/alice", want: false},
	}...)
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := CompileResource(tc.pattern, Options{Variables: !tc.noVars})
			if err != nil {
				t.Fatal(err)
			}
			r := newRequest(t, testUser, tc.tags)
			ok, missing := p.Match(r, tc.resource)
			if ok != tc.want || missing != tc.missing {
				t.Errorf("%q.Match(%q) = (%v, missing %v), want (%v, missing %v)  [%s]",
					tc.pattern, tc.resource, ok, missing, tc.want, tc.missing, tc.doc)
			}
		})
	}
}

func TestResourcePatternAccessors(t *testing.T) {
	p, err := CompileResource("arn:aws:s3:::${aws:PrincipalTag/team}/${AWS:USERNAME}/${aws:username}/${*}/${aws:x, 'd'}", Options{Variables: true})
	if err != nil {
		t.Fatal(err)
	}
	// Variables used in Resource are context keys too
	// (API_GetContextKeysForCustomPolicy), in order, original case, no
	// duplicates.
	if got, want := p.Variables(), []string{"aws:PrincipalTag/team", "AWS:USERNAME", "aws:x"}; !slices.Equal(got, want) {
		t.Errorf("Variables = %q, want %q", got, want)
	}
	if p.String() != "arn:aws:s3:::${aws:PrincipalTag/team}/${AWS:USERNAME}/${aws:username}/${*}/${aws:x, 'd'}" {
		t.Errorf("String = %q", p)
	}
	all, _ := CompileResource("*", Options{})
	if all.Variables() != nil {
		t.Error("* has no variables")
	}
	// A pattern without variables needs no request.
	if ok, _ := all.Match(nil, "arn:aws:s3:::x"); !ok {
		t.Error("* with a nil request")
	}
	_, err = CompileResource("", Options{})
	var ce *Error
	if !errors.As(err, &ce) {
		t.Errorf("empty Resource: err = %v", err)
	}
}

func TestActionPattern(t *testing.T) {
	cases := []struct {
		pattern, action string
		want            bool
	}{
		// "The prefix and the action name are case insensitive" (docAction).
		{"iam:ListAccessKeys", "iam:listaccesskeys", true},
		{"IAM:listaccesskeys", "iam:listaccesskeys", true},
		{"iam:ListAccessKeys", "iam:listaccesskey", false},
		{"s3:*", "s3:getobject", true},
		{"s3:*", "s3x:getobject", false},
		{"iam:*AccessKey*", "iam:createaccesskey", true},
		{"iam:*AccessKey*", "iam:listaccesskeys", true},
		{"iam:*AccessKey*", "iam:updateaccesskey", true},
		{"iam:*AccessKey*", "iam:listusers", false},
		{"*", "sqs:createuser", true},
		{"s3:Get?bject", "s3:getobject", true},
		{"s3:Get?bject", "s3:getobjectacl", false},
		{"s3:Get*Acl", "s3:getobjectacl", true},
		{"s?:*", "s3:x", true},
		{"*:GetObject", "s3:getobject", true},
		// Only * and ? are wildcards (reference_policies_elements_action.md).
		{"ec2:Describe[ab]", "ec2:describe[ab]", true},
		{"ec2:Describe[ab]", "ec2:describea", false},
		{"ec2:{a,b}*", "ec2:{a,b}x", true},
		{"ec2:{a,b}*", "ec2:a", false},
	}
	for _, tc := range cases {
		t.Run(tc.pattern+" on "+tc.action, func(t *testing.T) {
			t.Parallel()
			p, err := CompileAction(tc.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Match(tc.action); got != tc.want {
				t.Errorf("Match = %v, want %v  [%s]", got, tc.want, docAction)
			}
		})
	}
	if _, err := CompileAction(""); err == nil {
		t.Error("empty Action accepted")
	}
}

// TestIPv4Ranges checks the IPv4 (network, mask) fast path of IpAddress
// against netip.Prefix.Contains on random ranges and addresses, IPv4 and
// IPv4-mapped IPv6 ones included.
func TestIPv4Ranges(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	addr := func() string {
		b := [4]byte{byte(rng.IntN(4)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))}
		if rng.IntN(4) == 0 {
			b[0] = 10
		}
		return netip.AddrFrom4(b).String()
	}
	for range 20000 {
		var vals []string
		for range 1 + rng.IntN(3) {
			s := fmt.Sprintf("%s/%d", addr(), rng.IntN(33))
			switch rng.IntN(5) {
			case 0:
				s = addr()
			case 1:
				s = "::ffff:" + addr() + fmt.Sprintf("/%d", 96+rng.IntN(33))
			case 2:
				s = "2001:db8::/32"
			}
			vals = append(vals, s)
		}
		a := addr()
		if rng.IntN(5) == 0 {
			a = "::ffff:" + a
		}
		want := false
		ip := netip.MustParseAddr(a).Unmap()
		for _, v := range vals {
			p, err := grammar.ParseCIDR(v)
			if err != nil {
				t.Fatal(err)
			}
			want = want || p.Contains(ip)
		}
		r := newRequest(t, "", nil, iamctx.Entry{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{a}})
		c := mustCompile(t, "IpAddress", "aws:SourceIp", vals, Options{})
		if got, _ := c.Eval(r); got != want {
			t.Fatalf("IpAddress %q on %s = %v, want %v", vals, a, got, want)
		}
	}
}
