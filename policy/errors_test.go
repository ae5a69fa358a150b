package policy

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// errorCase is one entry of testdata/errors.json.
type errorCase struct {
	Name     string `json:"name"`
	Doc      string `json:"doc"` // the AWS documentation the expectation rests on
	Kind     string `json:"kind"`
	Policy   string `json:"policy"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Offset   *int   `json:"offset"`
	Contains string `json:"contains"`
}

func loadErrorCases(t testing.TB) []errorCase {
	b, err := os.ReadFile("testdata/errors.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []errorCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	return file.Cases
}

func kindByName(t testing.TB, s string) Kind {
	for k, name := range kindNames {
		if name == s {
			return Kind(k)
		}
	}
	t.Fatalf("unknown kind %q", s)
	return 0
}

// TestParseErrors runs testdata/errors.json: each document is rejected with
// a MalformedPolicyDocument *Error at the expected line and column, and the
// message names the problem.
func TestParseErrors(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range loadErrorCases(t) {
		if seen[tc.Name] {
			t.Fatalf("duplicate case name %q", tc.Name)
		}
		seen[tc.Name] = true
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			if tc.Doc == "" {
				t.Fatal("case has no doc citation")
			}
			p, err := ParseKind([]byte(tc.Policy), kindByName(t, tc.Kind))
			if err == nil {
				t.Fatalf("parsed, want an error; got %v", p)
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %T is not a *policy.Error", err)
			}
			if perr.Code != CodeMalformedPolicyDocument {
				t.Errorf("Code = %q", perr.Code)
			}
			if perr.Pos.Line != tc.Line || perr.Pos.Column != tc.Column {
				t.Errorf("position %d:%d, want %d:%d (%v)", perr.Pos.Line, perr.Pos.Column, tc.Line, tc.Column, err)
			}
			if tc.Offset != nil && perr.Pos.Offset != *tc.Offset {
				t.Errorf("offset %d, want %d", perr.Pos.Offset, *tc.Offset)
			}
			if !strings.Contains(perr.Message, tc.Contains) {
				t.Errorf("message %q does not contain %q", perr.Message, tc.Contains)
			}
			checkPositionConsistent(t, []byte(tc.Policy), perr.Pos)
		})
	}
}

// checkPositionConsistent recomputes line and column from the byte offset
// the slow way and compares.
func checkPositionConsistent(t testing.TB, data []byte, pos Position) {
	t.Helper()
	if pos.Offset < 0 || pos.Offset > len(data) {
		t.Fatalf("offset %d outside the document (%d bytes)", pos.Offset, len(data))
	}
	line, col := 1, 1
	for _, r := range string(data[:pos.Offset]) {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	if line != pos.Line || col != pos.Column {
		t.Errorf("position %d:%d does not match offset %d (%d:%d)", pos.Line, pos.Column, pos.Offset, line, col)
	}
}

// TestConditionErrorWrapped: a condition value that does not parse for its
// operator comes back as a *Error at the offending value that wraps a
// *ConditionError naming it.
func TestConditionErrorWrapped(t *testing.T) {
	doc := `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericEquals":{"a:b":["1","x"]}}}]}`
	_, err := Parse([]byte(doc))
	var cerr *ConditionError
	if !errors.As(err, &cerr) || cerr.Index != 1 || cerr.Value != "x" {
		t.Fatalf("got %v (%T)", err, err)
	}
	var perr *Error
	if !errors.As(err, &perr) || perr.Pos.Column != 102 {
		t.Fatalf("got %v", err)
	}
}
