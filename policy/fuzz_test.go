package policy

import (
	"errors"
	"testing"
)

// FuzzParse checks, for any input and every kind: no panic; a failure is a
// *Error with Code MalformedPolicyDocument at a position inside the document
// whose line and column agree with its offset; a success has consistent
// spans, and Marshal's output re-parses (same kind) to an Equal policy.
//
// Seeds: the valid corpus, the error table, and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, doc := range validDocs(f) {
		f.Add(doc)
	}
	for _, tc := range loadErrorCases(f) {
		f.Add([]byte(tc.Policy))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for k := KindIdentity; k < numKinds; k++ {
			p, err := ParseKind(data, k)
			if err != nil {
				var perr *Error
				if !errors.As(err, &perr) {
					t.Fatalf("kind %s: error %T is not a *Error: %v", k, err, err)
				}
				if perr.Code != CodeMalformedPolicyDocument || perr.Pos.Line < 1 || perr.Pos.Column < 1 {
					t.Fatalf("kind %s: bad error %+v", k, perr)
				}
				if perr.Pos.Offset > len(data) {
					t.Fatalf("kind %s: offset %d past the end (%d)", k, perr.Pos.Offset, len(data))
				}
				// Invalid UTF-8 before the offset makes the slow
				// recount meaningless; checkText stops at the first.
				if len(data) <= MaxDocumentChars {
					checkPositionConsistent(t, data, perr.Pos)
				}
				continue
			}
			if p.Kind != k || len(p.Statements) == 0 {
				t.Fatalf("kind %s: bad policy %+v", k, p)
			}
			for _, s := range p.Statements {
				if s.Span.Start.Offset > s.Span.End.Offset || data[s.Pos.Offset] != '{' || data[s.Span.End.Offset-1] != '}' {
					t.Fatalf("kind %s: bad span %+v pos %+v", k, s.Span, s.Pos)
				}
				checkPositionConsistent(t, data, s.Span.End)
			}
			out, err := Marshal(p)
			if err != nil {
				t.Fatalf("kind %s: Marshal: %v", k, err)
			}
			if len([]rune(string(out))) > MaxDocumentChars {
				continue // documented: canonical output may outgrow the limit
			}
			q, err := ParseKind(out, k)
			if err != nil {
				t.Fatalf("kind %s: re-parse: %v\ninput: %q\noutput:\n%s", k, err, data, out)
			}
			if !Equal(p, q) {
				t.Fatalf("kind %s: round trip differs\ninput: %q\noutput:\n%s", k, data, out)
			}
		}
	})
}
