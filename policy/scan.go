package policy

import (
	"fmt"
	"unicode/utf8"
)

// Limits on what a policy document may be. The IAM API declares policy
// documents as 1 to 131072 characters matching [\u0009\u000A\u000D\u0020-\u00FF]
// (policyDocumentType in the IAM service model). A valid policy nests at most
// six levels (policy, Statement array, statement, Condition, operator block,
// value array); maxDepth leaves room for that while bounding the recursion of
// the JSON checker on hostile input.
const (
	// MaxDocumentChars is the longest policy document the IAM API accepts,
	// in characters.
	MaxDocumentChars = 131072
	// MaxNestingDepth is the deepest JSON nesting Parse accepts.
	MaxNestingDepth = 64
	// maxScanBytes is how much of a document checkText reads at most
	// (character MaxDocumentChars+1, if any, starts within it).
	maxScanBytes = 2*MaxDocumentChars + 2
)

// parser holds one document being parsed.
type parser struct {
	// src is the document. Every string of the Policy is a substring of
	// it (or, for a string with escapes, its own copy).
	src string
	// size is the document's length in bytes. src is the whole document
	// unless size exceeds maxScanBytes: then it is the first maxScanBytes
	// bytes, which are all checkText reads to reject it.
	size  int
	kind  Kind
	lines lineTable
	nodes []node
	// scalars counts the string, number and boolean values of the
	// document: an upper bound on the strings of all of the Policy's
	// string lists, which are carved from strs, one array per parse.
	scalars int
	strs    []string
}

// errorf returns a MalformedPolicyDocument error at byte offset off.
func (p *parser) errorf(off int, format string, args ...any) *Error {
	return &Error{
		Code:    CodeMalformedPolicyDocument,
		Message: fmt.Sprintf(format, args...),
		Pos:     p.lines.pos(off),
	}
}

// checkText enforces the IAM API's length and character-set constraints and
// builds the line table. It runs before JSON parsing, as the API validates
// its parameters before the policy grammar is looked at: a document that is
// too long is reported as such even when it also holds a bad character
// further on.
func (p *parser) checkText() *Error {
	data := p.src
	if len(data) == 0 {
		return p.errorf(0, "policy document is empty")
	}
	if p.lines.lineStarts == nil {
		// Most documents have a line per ~30 bytes; guessing avoids regrowth.
		p.lines.lineStarts = make([]int, 0, min(len(data), 2*MaxDocumentChars)/32+1)
	}
	p.lines.lineStarts = append(p.lines.lineStarts, 0)
	// Characters are bytes minus continuation bytes (all characters here
	// are one or two bytes), so the loop need not count them. Character
	// MaxDocumentChars+1, if any, lies in the first 2*MaxDocumentChars+2
	// bytes: nothing past them needs a look.
	scan := data[:min(len(data), maxScanBytes)]
	for i := 0; i < len(scan); {
		c := scan[i]
		if 0x20 <= c && c < utf8.RuneSelf {
			i++
			continue
		}
		if c == '\n' {
			p.lines.lineStarts = append(p.lines.lineStarts, i+1)
			i++
			continue
		}
		if c == '\t' || c == '\r' {
			i++
			continue
		}
		if i-len(p.lines.continuations) >= MaxDocumentChars {
			break // the length error comes first
		}
		if c < utf8.RuneSelf {
			return p.errorf(i, "character %U is not allowed in a policy document (allowed: tab, line feed, carriage return, U+0020 to U+00FF)", rune(c))
		}
		r, size := utf8.DecodeRuneInString(scan[i:])
		if r == utf8.RuneError && size <= 1 {
			return p.errorf(i, "invalid UTF-8 byte 0x%02X in policy document", c)
		}
		if r > 0xFF {
			return p.errorf(i, "character %U is not allowed in a policy document (allowed: tab, line feed, carriage return, U+0020 to U+00FF)", r)
		}
		// r is U+0080..U+00FF: two bytes, the second a continuation byte.
		p.lines.continuations = append(p.lines.continuations, i+1)
		i += size
	}
	if p.size-len(p.lines.continuations) > MaxDocumentChars {
		// The offset of character number MaxDocumentChars+1: skip the
		// continuation bytes before it. Only valid characters precede it.
		off := MaxDocumentChars
		for _, c := range p.lines.continuations {
			if c > off {
				break
			}
			off++
		}
		return p.errorf(off, "policy document is longer than %d characters", MaxDocumentChars)
	}
	return nil
}
