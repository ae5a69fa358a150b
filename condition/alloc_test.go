package condition

import (
	"fmt"
	"testing"

	iamctx "github.com/iamsim/iamsim/context"
)

// TestHotPathAllocs: Condition.Eval, ResourcePattern.Match and
// ActionPattern.Match do not allocate, variables included, when the context
// values have the type the operator reads (a value of another declared type
// is parsed by the context package's accessors, whose failures allocate an
// error).
func TestHotPathAllocs(t *testing.T) {
	r := newRequest(t, testUser, map[string]string{"team": "blue"},
		str("s3:prefix", "home/alice/photos"),
		str("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"),
		str("aws:TagKeys", "env", "team", "owner"),
		typed("aws:SourceIp", iamctx.TypeIP, "203.0.113.7"),
		typed("s3:max-keys", iamctx.TypeNumeric, "10"),
		typed("aws:CurrentTime", iamctx.TypeDate, "2024-05-01T12:00:00Z"),
		typed("aws:SecureTransport", iamctx.TypeBoolean, "true"),
		typed("k:bin", iamctx.TypeBinary, "AAEC"),
		str("k:many", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10"),
	)
	opts := Options{Variables: true}
	conds := []struct {
		op, key string
		vals    []string
	}{
		{"StringEquals", "s3:prefix", []string{"x", "home/alice/photos"}},
		{"StringEquals", "s3:prefix", []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10"}},
		{"StringEqualsIgnoreCase", "s3:prefix", []string{"HOME/ALICE/PHOTOS"}},
		{"StringNotEquals", "s3:prefix", []string{"${aws:username}"}},
		{"StringEqualsIgnoreCase", "s3:prefix", []string{"HOME/${aws:username}/photos"}},
		{"StringLike", "s3:prefix", []string{"home/${aws:username}/*"}},
		{"StringLike", "s3:prefix", []string{"home/${aws:PrincipalTag/team}-${aws:username}-${aws:PrincipalTag/x, 'd'}/*"}},
		{"StringNotLike", "s3:prefix", []string{"*/${aws:PrincipalTag/absent}/*"}},
		{"ArnLike", "aws:SourceArn", []string{"arn:aws:sns:*:${aws:PrincipalAccount}:*"}},
		{"ArnEquals", "aws:SourceArn", []string{"arn:aws:sns:us-east-1:111122223333:topic"}},
		{"ForAllValues:StringLike", "aws:TagKeys", []string{"env", "t*", "own?r"}},
		{"ForAnyValue:StringEquals", "aws:TagKeys", []string{"${aws:PrincipalTag/team}"}},
		{"IpAddress", "aws:SourceIp", []string{"10.0.0.0/8", "203.0.113.0/24"}},
		{"NotIpAddress", "aws:SourceIp", []string{"2001:db8::/32"}},
		{"NumericLessThanEquals", "s3:max-keys", []string{"10"}},
		{"DateGreaterThan", "aws:CurrentTime", []string{"2020-01-01T00:00:00Z"}},
		{"Bool", "aws:SecureTransport", []string{"true"}},
		{"Bool", "aws:SecureTransport", []string{"${aws:PrincipalTag/team}"}},
		{"BinaryEquals", "k:bin", []string{"AAEC"}},
		{"Null", "aws:TokenIssueTime", []string{"true"}},
		{"StringEqualsIfExists", "absent:key", []string{"x"}},
		{"ForAllValues:StringEquals", "k:many", []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10"}},
	}
	// Not in parallel: AllocsPerRun counts the whole process's allocations.
	for _, tc := range conds {
		t.Run(fmt.Sprintf("%s %s %q", tc.op, tc.key, tc.vals), func(t *testing.T) {
			c := mustCompile(t, tc.op, tc.key, tc.vals, opts)
			if n := testing.AllocsPerRun(200, func() { c.Eval(r) }); n != 0 {
				t.Errorf("Eval allocates %v times", n)
			}
		})
	}
	resources := []struct{ pattern, resource string }{
		{"*", "arn:aws:s3:::b/k"},
		{"arn:aws:s3:::b/home/${aws:username}/*", "arn:aws:s3:::b/home/alice/x"},
		{"arn:aws:s3:::b-${aws:PrincipalTag/team, 'company-wide'}/*", "arn:aws:s3:::b-blue/x"},
		{"arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::111122223333:user/alice"},
		{"arn:aws:lambda:*:*:function:*", "arn:aws:lambda:us-east-1:1:function:f:PROD"},
		{"arn:aws:s3:::exact", "arn:aws:s3:::exact"},
		{"arn:aws:s3:::b/${aws:PrincipalTag/absent}", "*"},
	}
	for _, tc := range resources {
		t.Run("Resource "+tc.pattern, func(t *testing.T) {
			p, err := CompileResource(tc.pattern, opts)
			if err != nil {
				t.Fatal(err)
			}
			if n := testing.AllocsPerRun(200, func() { p.Match(r, tc.resource) }); n != 0 {
				t.Errorf("Match allocates %v times", n)
			}
		})
	}
	for _, pat := range []string{"s3:GetObject", "s3:*", "*", "iam:*AccessKey*", "s3:Get?bject"} {
		t.Run("Action "+pat, func(t *testing.T) {
			p, _ := CompileAction(pat)
			if n := testing.AllocsPerRun(200, func() { p.Match("iam:createaccesskey") }); n != 0 {
				t.Errorf("Match allocates %v times", n)
			}
		})
	}
}

func BenchmarkEval(b *testing.B) {
	r := newRequest(b, testUser, map[string]string{"team": "blue"},
		str("s3:prefix", "home/alice/photos/2024/05/img.jpg"),
		typed("aws:SourceIp", iamctx.TypeIP, "203.0.113.7"))
	cases := []struct {
		name, op, key string
		vals          []string
		want          bool
	}{
		{"StringEquals", "StringEquals", "aws:username", []string{"bob", "alice"}, true},
		{"StringLikeVariable", "StringLike", "s3:prefix", []string{"home/${aws:username}/*"}, true},
		{"IpAddress", "IpAddress", "aws:SourceIp", []string{"10.0.0.0/8", "203.0.113.0/24"}, true},
		{"Missing", "StringEquals", "aws:PrincipalTag/absent", []string{"x"}, false},
	}
	for _, tc := range cases {
		c := mustCompile(b, tc.op, tc.key, tc.vals, Options{Variables: true})
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if ok, _ := c.Eval(r); ok != tc.want {
					b.Fatalf("Eval = %v", ok)
				}
			}
		})
	}
}

func BenchmarkResourceMatch(b *testing.B) {
	r := newRequest(b, testUser, nil)
	p, _ := CompileResource("arn:aws:s3:::bucket/home/${aws:username}/*", Options{Variables: true})
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := p.Match(r, "arn:aws:s3:::bucket/home/alice/photos/img.jpg"); !ok {
			b.Fatal("no match")
		}
	}
}

func BenchmarkActionMatch(b *testing.B) {
	p, _ := CompileAction("iam:*AccessKey*")
	b.ReportAllocs()
	for b.Loop() {
		if !p.Match("iam:updateaccesskey") {
			b.Fatal("no match")
		}
	}
}
