package policy

import (
	"fmt"
	"strings"
	"testing"
)

// bigPolicy builds a policy of n statements, pretty-printed like policies
// people write, with three condition operators per statement when
// conditions is true.
func bigPolicy(n int, conditions bool) []byte {
	var b strings.Builder
	b.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `    {
      "Sid": "S%d",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:List*"],
      "Resource": ["arn:aws:s3:::bucket-%d/*", "arn:aws:s3:::bucket-%d/${aws:username}/*"]`, i, i, i)
		if conditions {
			fmt.Fprintf(&b, `,
      "Condition": {
        "StringEquals": {"aws:PrincipalTag/team": ["blue", "green"]},
        "IpAddress": {"aws:SourceIp": "10.%d.0.0/16"},
        "Bool": {"aws:SecureTransport": true}
      }`, i%256)
		}
		b.WriteString("\n    }")
	}
	b.WriteString("\n  ]\n}\n")
	return []byte(b.String())
}

// BenchmarkParse measures ParseKind throughput (b.SetBytes), checking the
// result inside the loop. "plain" has no conditions, so it measures the
// parser alone; the others include checkCondition.
func BenchmarkParse(b *testing.B) {
	run := func(name string, doc []byte, n int) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				p, err := Parse(doc)
				if err != nil || len(p.Statements) != n {
					b.Fatal(err)
				}
			}
		})
	}
	for _, n := range []int{1, 10, 300} {
		run(fmt.Sprintf("statements=%d", n), bigPolicy(n, true), n)
	}
	run("plain/statements=300", bigPolicy(300, false), 300)
	// A minified document on one line: a position must not cost a scan
	// from the start of its line.
	run("minified/statements=300", []byte(strings.Join(strings.Fields(string(bigPolicy(300, true))), "")), 300)
}

func BenchmarkMarshal(b *testing.B) {
	p, err := Parse(bigPolicy(100, true))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(p); err != nil {
			b.Fatal(err)
		}
	}
}
