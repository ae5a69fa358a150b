package policy

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestParseKindString checks that ParseKindString answers as ParseKind does,
// policy and error alike, for every kind, on the valid corpus, the error
// table and documents with many statements (the Sid check switches to a map
// past 16) and escapes.
func TestParseKindString(t *testing.T) {
	type namedDoc struct{ name, doc string }
	var docs []namedDoc
	for name, d := range validDocs(t) {
		docs = append(docs, namedDoc{filepath.Base(name), string(d)})
	}
	for _, tc := range loadErrorCases(t) {
		docs = append(docs, namedDoc{"error case " + tc.Name, tc.Policy})
	}
	for _, n := range []int{15, 16, 17, 40} {
		var b strings.Builder
		b.WriteString(`{"Version":"2012-10-17","Statement":[`)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"Sid":"S%d","Effect":"Allow","Action":["s3:Get*","s3:L\u0069st*"],"Resource":"arn:aws:s3:::b%d/*","Condition":{"StringEquals":{"aws:username":["a","b"],"s3:prefix":"p"},"Bool":{"aws:SecureTransport":true}}}`, i%(n-1), i)
		}
		b.WriteString(`]}`)
		docs = append(docs,
			namedDoc{fmt.Sprintf("%d statements", n), b.String()},
			namedDoc{fmt.Sprintf("%d statements, Sid repeated", n), strings.Replace(b.String(), fmt.Sprintf(`"S%d"`, n-2), `"S0"`, 1)})
	}
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			for k := KindIdentity; k < numKinds; k++ {
				p, err := ParseKind([]byte(d.doc), k)
				q, err2 := ParseKindString(d.doc, k)
				if fmt.Sprint(err) != fmt.Sprint(err2) || !reflect.DeepEqual(err, err2) {
					t.Fatalf("kind %s: errors differ: %v / %v\n%s", k, err, err2, d.doc)
				}
				if err == nil && !reflect.DeepEqual(p, q) {
					t.Fatalf("kind %s: policies differ\n%s", k, d.doc)
				}
			}
		})
	}
}

// TestParseListsCapped checks that the string lists carved from one array
// are capped: appending to one does not change another.
func TestParseListsCapped(t *testing.T) {
	p, err := ParseKindString(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a:b","Resource":["arn:aws:s3:::r1","arn:aws:s3:::r2"],"Condition":{"StringEquals":{"k:k":"v"}}},{"Effect":"Deny","Action":["c:d"],"Resource":"arn:aws:s3:::r3"}]}`, KindIdentity)
	if err != nil {
		t.Fatal(err)
	}
	s := p.Statements
	lists := [][]string{s[0].Action, s[0].Resource, s[0].Condition[0].Values, s[1].Action, s[1].Resource}
	for _, l := range lists {
		if len(l) != cap(l) {
			t.Fatalf("list %q has room for %d", l, cap(l))
		}
	}
	_ = append(s[0].Action, "x")
	if s[0].Resource[0] != "arn:aws:s3:::r1" || s[1].Action[0] != "c:d" {
		t.Fatal("appending to a list changed another")
	}
}
