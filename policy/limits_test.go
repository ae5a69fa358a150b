package policy

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/iamsim/iamsim/internal/measure"
)

// Limits: oversized and hostile documents are rejected with
// MalformedPolicyDocument, quickly and in bounded memory; the largest
// documents the API admits (MaxDocumentChars) parse in bounded memory
// whatever their shape. The figures each case measured are logged (go test
// -v -run Limits).

// limitsPadTo pads doc with spaces before its last character up to n
// characters.
func limitsPadTo(doc string, n int) string {
	k := n - len([]rune(doc))
	if k < 0 {
		panic("limitsPadTo: document too long")
	}
	return doc[:len(doc)-1] + strings.Repeat(" ", k) + doc[len(doc)-1:]
}

func limitsMalformed(t *testing.T, err error, contains string) *Error {
	t.Helper()
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("error %T %v is not a *policy.Error", err, err)
	}
	if perr.Code != CodeMalformedPolicyDocument || !strings.Contains(perr.Message, contains) {
		t.Fatalf("got %v, want %s containing %q", err, CodeMalformedPolicyDocument, contains)
	}
	return perr
}

const limitsHead = `{"Version":"2012-10-17","Statement":`

// TestLimitsOversizedDocument: a real-shaped document of 131,073 characters
// is MalformedPolicyDocument for every kind, at character 131,073; far
// larger input is rejected after reading its start only.
func TestLimitsOversizedDocument(t *testing.T) {
	stmts := measure.Fill(limitsHead+"[\n", `  {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket/*"}`, ",\n", "\n]}", MaxDocumentChars-64)
	atLimit := limitsPadTo(stmts, MaxDocumentChars)
	tooLong := limitsPadTo(stmts, MaxDocumentChars+1)
	if _, err := Parse([]byte(atLimit)); err != nil {
		t.Fatalf("%d characters: %v", MaxDocumentChars, err)
	}
	for k := KindIdentity; k < numKinds; k++ {
		t.Run(k.String(), func(t *testing.T) {
			_, err := ParseKind([]byte(tooLong), k)
			perr := limitsMalformed(t, err, "longer than 131072 characters")
			if perr.Pos.Offset != MaxDocumentChars {
				t.Errorf("offset %d, want %d", perr.Pos.Offset, MaxDocumentChars)
			}
			checkPositionConsistent(t, []byte(tooLong), perr.Pos)
		})
	}
	// 131,073 two-byte characters (Latin-1 text in UTF-8).
	latin := limitsPadTo(strings.ReplaceAll(stmts, "bucket", "bücket"), MaxDocumentChars+1)
	limitsMalformed(t, func() error { _, err := Parse([]byte(latin)); return err }(), "longer than 131072 characters")

	// 16 MB of statements: the rejection reads the first 2×131,074 bytes.
	huge := []byte(measure.Fill(limitsHead+"[", `{"Effect":"Allow","Action":"*","Resource":"*"}`, ",", "]}", 16<<20))
	var err error
	d, alloc, _ := measure.Call(func() { _, err = Parse(huge) })
	limitsMalformed(t, err, "longer than 131072 characters")
	t.Logf("16 MB document rejected in %v, %d bytes allocated", d, alloc)
	if alloc > 4<<20 {
		t.Errorf("rejecting a 16 MB document allocated %d bytes; want it bounded by the size limit", alloc)
	}
}

// TestLimitsNesting: JSON nesting is bounded by MaxNestingDepth wherever
// it occurs; the deepest nesting a 131,072-character document can hold is
// rejected quickly, without deep recursion or large allocation.
func TestLimitsNesting(t *testing.T) {
	// The condition value sits at depth 5 (policy, Statement array,
	// statement, Condition, operator block); n arrays around it put its
	// innermost array at depth 5+n.
	inCondition := func(open, close string, n int) string {
		return limitsHead + `[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":` +
			strings.Repeat(open, n) + `"v"` + strings.Repeat(close, n) + `}}}]}`
	}
	for _, tc := range []struct {
		name        string
		open, close string
	}{
		{"arrays", "[", "]"},
		{"objects", `{"a":`, "}"},
	} {
		t.Run("condition value "+tc.name, func(t *testing.T) {
			n := MaxNestingDepth - 5
			_, err := Parse([]byte(inCondition(tc.open, tc.close, n)))
			if err == nil || strings.Contains(err.Error(), "nesting") {
				t.Errorf("depth %d: want a grammar error, not a nesting one: %v", MaxNestingDepth, err)
			}
			_, err = Parse([]byte(inCondition(tc.open, tc.close, n+1)))
			limitsMalformed(t, err, fmt.Sprintf("nesting deeper than %d levels", MaxNestingDepth))
		})
	}
	// Nesting elsewhere: in an unknown top-level member, in Statement, in
	// an Action list.
	deep := strings.Repeat("[", MaxNestingDepth) + strings.Repeat("]", MaxNestingDepth)
	for _, tc := range []struct{ name, doc string }{
		{"unknown member", `{"X":` + deep + `}`},
		{"Statement", `{"Statement":` + deep + `}`},
		{"Action", limitsHead + `{"Effect":"Allow","Resource":"*","Action":` + deep + `}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.doc))
			limitsMalformed(t, err, "nesting deeper than")
		})
	}
	// As deep as 131,072 characters allow, closed and unclosed. Not in
	// parallel: measure.Call reads the process's allocation counters.
	for _, tc := range []struct{ name, doc string }{
		{"closed arrays", strings.Repeat("[", MaxDocumentChars/2) + strings.Repeat("]", MaxDocumentChars/2)},
		{"unclosed arrays", strings.Repeat("[", MaxDocumentChars)},
		{"unclosed objects", strings.Repeat(`{"a":`, MaxDocumentChars/5)},
		{"condition value arrays", inCondition("[", "]", (MaxDocumentChars-200)/2)},
	} {
		t.Run("as deep as possible, "+tc.name, func(t *testing.T) {
			var err error
			d, alloc, _ := measure.Call(func() { _, err = Parse([]byte(tc.doc)) })
			perr := limitsMalformed(t, err, "nesting deeper than")
			t.Logf("%d characters: rejected at column %d in %v, %d bytes allocated", len(tc.doc), perr.Pos.Column, d, alloc)
			if alloc > 2<<20 {
				t.Errorf("%d bytes allocated", alloc)
			}
		})
	}
}

// TestLimitsLargestDocuments parses documents of (nearly) 131,072
// characters of every shape that multiplies what the parser builds: many
// statements, huge value lists, many condition keys, very long patterns.
// Each must parse, and allocate within a fixed multiple of its size.
//
// The IAM API caps a document's size only (no separate cap on statements,
// values or pattern length), and so does the parser; the figures logged
// here are the cost of the worst shapes within that size.
func TestLimitsLargestDocuments(t *testing.T) {
	keys := func() string {
		var b strings.Builder
		b.WriteString(limitsHead + `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{`)
		for i := 0; b.Len() < MaxDocumentChars-40; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"k%d":"v"`, i)
		}
		b.WriteString(`}}}}`)
		return b.String()
	}
	cases := []struct {
		name string
		kind Kind
		doc  string
	}{
		{"statements", KindIdentity, measure.Fill(limitsHead+"[", `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, ",", "]}", MaxDocumentChars)},
		{"minimal statements", KindIdentity, measure.Fill(limitsHead+"[", `{"Effect":"Deny","Action":"*","Resource":"*"}`, ",", "]}", MaxDocumentChars)},
		{"statements with conditions", KindIdentity, measure.Fill(limitsHead+"[", `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:username":"a*"}}}`, ",", "]}", MaxDocumentChars)},
		{"action list", KindIdentity, measure.Fill(limitsHead+`{"Effect":"Allow","Resource":"*","Action":[`, `"a:*"`, ",", "]}}", MaxDocumentChars)},
		{"resource list", KindIdentity, measure.Fill(limitsHead+`{"Effect":"Allow","Action":"*","Resource":[`, `"*"`, ",", "]}}", MaxDocumentChars)},
		{"resource variables", KindIdentity, measure.Fill(limitsHead+`{"Effect":"Allow","Action":"*","Resource":[`, `"arn:aws:s3:::${aws:username}*"`, ",", "]}}", MaxDocumentChars)},
		{"condition values", KindIdentity, measure.Fill(limitsHead+`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:username":[`, `"a*b?c"`, ",", "]}}}}", MaxDocumentChars)},
		{"condition wildcards", KindIdentity, measure.Fill(limitsHead+`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:username":[`, `"?"`, ",", "]}}}}", MaxDocumentChars)},
		{"condition keys", KindIdentity, keys()},
		{"principals", KindResource, measure.Fill(limitsHead+`{"Effect":"Allow","Action":"*","Resource":"*","Principal":{"AWS":[`, `"123456789012"`, ",", "]}}}", MaxDocumentChars)},
		{"long resource pattern", KindIdentity, limitsHead + `{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::` + strings.Repeat("?a*", (MaxDocumentChars-120)/3) + `"}}`},
		{"long action pattern", KindIdentity, limitsHead + `{"Effect":"Allow","Resource":"*","Action":"s3:` + strings.Repeat("?a*", (MaxDocumentChars-120)/3) + `"}}`},
		{"long condition pattern", KindIdentity, limitsHead + `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:username":"` + strings.Repeat("?a*", (MaxDocumentChars-150)/3) + `"}}}}`},
	}
	// Allocation bound, bytes per document byte: room for a linear parser,
	// far below what a cost quadratic in the document would take.
	const perByte = 1024
	// Not in parallel: measure.Call reads the process's allocation counters.
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if n := len(tc.doc); n > MaxDocumentChars || n < MaxDocumentChars-256 {
				t.Fatalf("test setup: %d characters", n)
			}
			var p *Policy
			var err error
			d, alloc, _ := measure.Call(func() { p, err = ParseKind([]byte(tc.doc), tc.kind) })
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%6d chars, %5d statements: parsed in %9v, %5.1f MB allocated (%3d bytes per byte)",
				len(tc.doc), len(p.Statements), d.Round(time.Microsecond), float64(alloc)/1e6, alloc/uint64(len(tc.doc)))
			if alloc > perByte*uint64(len(tc.doc)) {
				t.Errorf("%d bytes allocated for a %d-byte document (bound %d per byte)", alloc, len(tc.doc), perByte)
			}
		})
	}
}
