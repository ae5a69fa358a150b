package policy

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// A small JSON reader: it checks RFC 8259 syntax, reports the first
// offending character, and builds a flat tree of values that remembers where
// each value and key starts. encoding/json gives neither positions nor
// duplicate keys, and reflection is not wanted here.

type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonFalse
	jsonTrue
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// node is one JSON value. Nodes live in one slice in document order;
// children of an array or object are linked through first and next.
type node struct {
	kind jsonKind
	// off is the offset of the value's first byte; for arrays and
	// objects end is the offset of the closing ']' or '}'.
	off, end int
	// keyOff and key are set on members of an object: the offset of the
	// key's opening quote and the unescaped key.
	keyOff int
	key    string
	// text is the unescaped value of a string, or the literal text of a
	// number, true, false or null.
	text string
	// first is the first child (or -1), next the next sibling (or -1).
	first, next int32
}

type jsonReader struct {
	parser *parser
	src    string
	i      int
	nodes  []node
}

// readJSON parses p.src into p.nodes; the root is p.nodes[0].
func (p *parser) readJSON() *Error {
	r := jsonReader{parser: p, src: p.src, nodes: p.nodes[:0]}
	if r.nodes == nil {
		// Policies hold about one value per 16 bytes.
		r.nodes = make([]node, 0, len(p.src)/16+8)
	}
	r.skipSpace()
	if _, err := r.value(0); err != nil {
		return err
	}
	r.skipSpace()
	if r.i < len(r.src) {
		return r.unexpected("after the end of the JSON document")
	}
	p.nodes = r.nodes
	return nil
}

func (r *jsonReader) skipSpace() {
	for r.i < len(r.src) {
		switch r.src[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// unexpected reports the character at r.i (or the end of input).
func (r *jsonReader) unexpected(context string) *Error {
	if r.i >= len(r.src) {
		return r.parser.errorf(len(r.src), "invalid JSON: unexpected end of input, %s", context)
	}
	c, _ := utf8.DecodeRuneInString(r.src[r.i:])
	return r.parser.errorf(r.i, "invalid JSON: unexpected character %q, %s", c, context)
}

func (r *jsonReader) add(n node) int32 {
	n.first, n.next = -1, -1
	if jsonFalse <= n.kind && n.kind <= jsonString {
		r.parser.scalars++
	}
	r.nodes = append(r.nodes, n)
	return int32(len(r.nodes) - 1)
}

// value reads the value at r.i and returns its node index.
func (r *jsonReader) value(depth int) (int32, *Error) {
	if r.i >= len(r.src) {
		return 0, r.unexpected("expected a value")
	}
	start := r.i
	switch c := r.src[r.i]; {
	case c == '{':
		return r.object(depth + 1)
	case c == '[':
		return r.array(depth + 1)
	case c == '"':
		s, err := r.str()
		if err != nil {
			return 0, err
		}
		return r.add(node{kind: jsonString, off: start, text: s}), nil
	case c == 't':
		return r.literal("true", jsonTrue)
	case c == 'f':
		return r.literal("false", jsonFalse)
	case c == 'n':
		return r.literal("null", jsonNull)
	case c == '-' || isDigit(c):
		if err := r.number(); err != nil {
			return 0, err
		}
		return r.add(node{kind: jsonNumber, off: start, text: r.src[start:r.i]}), nil
	}
	return 0, r.unexpected("expected a value")
}

func (r *jsonReader) object(depth int) (int32, *Error) {
	if depth > MaxNestingDepth {
		return 0, r.parser.errorf(r.i, "invalid JSON: nesting deeper than %d levels", MaxNestingDepth)
	}
	self := r.add(node{kind: jsonObject, off: r.i})
	r.i++ // '{'
	r.skipSpace()
	if r.i < len(r.src) && r.src[r.i] == '}' {
		r.nodes[self].end = r.i
		r.i++
		return self, nil
	}
	prev := int32(-1)
	for {
		if r.i >= len(r.src) || r.src[r.i] != '"' {
			return 0, r.unexpected(`expected '"' to start a key`)
		}
		keyOff := r.i
		key, err := r.str()
		if err != nil {
			return 0, err
		}
		r.skipSpace()
		if r.i >= len(r.src) || r.src[r.i] != ':' {
			return 0, r.unexpected("expected ':' after a key")
		}
		r.i++
		r.skipSpace()
		child, err := r.value(depth)
		if err != nil {
			return 0, err
		}
		r.nodes[child].key, r.nodes[child].keyOff = key, keyOff
		r.link(self, prev, child)
		prev = child
		r.skipSpace()
		if r.i >= len(r.src) {
			return 0, r.unexpected("expected ',' or '}'")
		}
		switch r.src[r.i] {
		case ',':
			r.i++
			r.skipSpace()
		case '}':
			r.nodes[self].end = r.i
			r.i++
			return self, nil
		default:
			return 0, r.unexpected("expected ',' or '}'")
		}
	}
}

func (r *jsonReader) array(depth int) (int32, *Error) {
	if depth > MaxNestingDepth {
		return 0, r.parser.errorf(r.i, "invalid JSON: nesting deeper than %d levels", MaxNestingDepth)
	}
	self := r.add(node{kind: jsonArray, off: r.i})
	r.i++ // '['
	r.skipSpace()
	if r.i < len(r.src) && r.src[r.i] == ']' {
		r.nodes[self].end = r.i
		r.i++
		return self, nil
	}
	prev := int32(-1)
	for {
		child, err := r.value(depth)
		if err != nil {
			return 0, err
		}
		r.link(self, prev, child)
		prev = child
		r.skipSpace()
		if r.i >= len(r.src) {
			return 0, r.unexpected("expected ',' or ']'")
		}
		switch r.src[r.i] {
		case ',':
			r.i++
			r.skipSpace()
		case ']':
			r.nodes[self].end = r.i
			r.i++
			return self, nil
		default:
			return 0, r.unexpected("expected ',' or ']'")
		}
	}
}

func (r *jsonReader) link(parent, prev, child int32) {
	if prev < 0 {
		r.nodes[parent].first = child
	} else {
		r.nodes[prev].next = child
	}
}

// str reads the string whose opening quote is at r.i and returns its
// unescaped value. Strings without escapes share the document's memory.
func (r *jsonReader) str() (string, *Error) {
	r.i++ // opening quote
	start := r.i
	for r.i < len(r.src) {
		switch c := r.src[r.i]; {
		case c == '"':
			s := r.src[start:r.i]
			r.i++
			return s, nil
		case c == '\\':
			return r.strEscaped(start)
		case c < 0x20:
			return "", r.parser.errorf(r.i, "invalid JSON: control character %U must be escaped in a string", rune(c))
		default:
			r.i++
		}
	}
	return "", r.unexpected(`expected '"' to end a string`)
}

// strEscaped continues str from the first backslash.
func (r *jsonReader) strEscaped(start int) (string, *Error) {
	buf := make([]byte, 0, r.i-start+16)
	buf = append(buf, r.src[start:r.i]...)
	for r.i < len(r.src) {
		c := r.src[r.i]
		switch {
		case c == '"':
			r.i++
			return string(buf), nil
		case c < 0x20:
			return "", r.parser.errorf(r.i, "invalid JSON: control character %U must be escaped in a string", rune(c))
		case c != '\\':
			buf = append(buf, c)
			r.i++
			continue
		}
		r.i++ // backslash
		if r.i >= len(r.src) {
			return "", r.unexpected("expected an escape sequence")
		}
		switch e := r.src[r.i]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r.i++
			u, err := r.hex4()
			if err != nil {
				return "", err
			}
			c := rune(u)
			if utf16.IsSurrogate(c) {
				// A high surrogate followed by an escaped low one is
				// one character; a lone surrogate becomes U+FFFD.
				c = utf8.RuneError
				if u < 0xDC00 && r.i+1 < len(r.src) && r.src[r.i] == '\\' && r.src[r.i+1] == 'u' {
					save := r.i
					r.i += 2
					lo, err := r.hex4()
					if err != nil {
						return "", err
					}
					if d := utf16.DecodeRune(rune(u), rune(lo)); d != utf8.RuneError {
						c = d
					} else {
						r.i = save // not a pair: read that escape on its own
					}
				}
			}
			buf = utf8.AppendRune(buf, c)
			continue
		default:
			return "", r.unexpected(`expected an escape sequence (\" \\ \/ \b \f \n \r \t \uXXXX)`)
		}
		r.i++
	}
	return "", r.unexpected(`expected '"' to end a string`)
}

// hex4 reads four hexadecimal digits at r.i.
func (r *jsonReader) hex4() (int, *Error) {
	v := 0
	for k := 0; k < 4; k++ {
		if r.i >= len(r.src) {
			return 0, r.unexpected(`expected a hexadecimal digit in a \u escape`)
		}
		c := r.src[r.i]
		var d int
		switch {
		case isDigit(c):
			d = int(c - '0')
		case 'a' <= c && c <= 'f':
			d = int(c-'a') + 10
		case 'A' <= c && c <= 'F':
			d = int(c-'A') + 10
		default:
			return 0, r.unexpected(`expected a hexadecimal digit in a \u escape`)
		}
		v = v<<4 | d
		r.i++
	}
	return v, nil
}

func (r *jsonReader) literal(word string, kind jsonKind) (int32, *Error) {
	start := r.i
	for k := 0; k < len(word); k++ {
		if r.i >= len(r.src) || r.src[r.i] != word[k] {
			return 0, r.unexpected(fmt.Sprintf("expected %q", word))
		}
		r.i++
	}
	return r.add(node{kind: kind, off: start, text: word}), nil
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *jsonReader) number() *Error {
	if r.src[r.i] == '-' {
		r.i++
	}
	if r.i >= len(r.src) || !isDigit(r.src[r.i]) {
		return r.unexpected("expected a digit")
	}
	if r.src[r.i] == '0' {
		r.i++
	} else {
		r.digits()
	}
	if r.i < len(r.src) && r.src[r.i] == '.' {
		r.i++
		if r.i >= len(r.src) || !isDigit(r.src[r.i]) {
			return r.unexpected("expected a digit after '.'")
		}
		r.digits()
	}
	if r.i < len(r.src) && (r.src[r.i] == 'e' || r.src[r.i] == 'E') {
		r.i++
		if r.i < len(r.src) && (r.src[r.i] == '+' || r.src[r.i] == '-') {
			r.i++
		}
		if r.i >= len(r.src) || !isDigit(r.src[r.i]) {
			return r.unexpected("expected a digit in the exponent")
		}
		r.digits()
	}
	return nil
}

func (r *jsonReader) digits() {
	for r.i < len(r.src) && isDigit(r.src[r.i]) {
		r.i++
	}
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
