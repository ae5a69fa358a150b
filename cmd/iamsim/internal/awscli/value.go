package awscli

import (
	"bytes"
	"fmt"
	"iter"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// The AWS CLI works on untyped values: it parses shorthand and JSON into
// Python dicts and lists, validates them against the operation's input shape,
// and prints responses with Python's json module. This package does the same
// with these Go values:
//
//	nil, bool, int64, float64, string, []any, *Object
//
// so that parsing, validation messages and printed output keep Python's key
// order and formatting.

// Object is a JSON object that keeps its keys in insertion order, as a
// Python dict does: request parameters, and responses to print. Setting an
// existing key keeps its position. The zero value is an empty object.
type Object struct {
	keys []string
	vals map[string]any
}

// NewObject returns an empty object.
func NewObject() *Object { return &Object{vals: map[string]any{}} }

// Set stores v under k. v is one of the values listed above.
func (o *Object) Set(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// Get returns the value under k.
func (o *Object) Get(k string) (any, bool) {
	v, ok := o.vals[k]
	return v, ok
}

// Has reports whether k is present.
func (o *Object) Has(k string) bool {
	_, ok := o.vals[k]
	return ok
}

// Len returns the number of keys.
func (o *Object) Len() int { return len(o.keys) }

// All returns the keys and values in order.
func (o *Object) All() iter.Seq2[string, any] {
	return func(yield func(string, any) bool) {
		for _, k := range o.keys {
			if !yield(k, o.vals[k]) {
				return
			}
		}
	}
}

// del removes k.
func (o *Object) del(k string) {
	if _, ok := o.vals[k]; !ok {
		return
	}
	delete(o.vals, k)
	for i, key := range o.keys {
		if key == k {
			o.keys = append(o.keys[:i:i], o.keys[i+1:]...)
			break
		}
	}
}

// clone returns a shallow copy.
func (o *Object) clone() *Object {
	c := &Object{keys: append([]string(nil), o.keys...), vals: make(map[string]any, len(o.vals))}
	for k, v := range o.vals {
		c.vals[k] = v
	}
	return c
}

// writeJSON writes v as Python's json.dump(v, indent=4, ensure_ascii=False)
// does, which is what `aws ... --output json` prints.
func writeJSON(w *bytes.Buffer, v any, depth int) {
	switch t := v.(type) {
	case nil:
		w.WriteString("null")
	case bool:
		if t {
			w.WriteString("true")
		} else {
			w.WriteString("false")
		}
	case int64:
		w.WriteString(strconv.FormatInt(t, 10))
	case int:
		w.WriteString(strconv.Itoa(t))
	case float64:
		switch {
		case math.IsInf(t, 1):
			w.WriteString("Infinity")
		case math.IsInf(t, -1):
			w.WriteString("-Infinity")
		case math.IsNaN(t):
			w.WriteString("NaN")
		default:
			w.WriteString(pyFloat(t))
		}
	case string:
		writeJSONString(w, t, false)
	case []any:
		if len(t) == 0 {
			w.WriteString("[]")
			return
		}
		w.WriteString("[")
		for i, e := range t {
			if i > 0 {
				w.WriteString(",")
			}
			newline(w, depth+1)
			writeJSON(w, e, depth+1)
		}
		newline(w, depth)
		w.WriteString("]")
	case *Object:
		if t.Len() == 0 {
			w.WriteString("{}")
			return
		}
		w.WriteString("{")
		for i, k := range t.keys {
			if i > 0 {
				w.WriteString(",")
			}
			newline(w, depth+1)
			writeJSONString(w, k, false)
			w.WriteString(": ")
			writeJSON(w, t.vals[k], depth+1)
		}
		newline(w, depth)
		w.WriteString("}")
	default:
		panic(fmt.Sprintf("writeJSON: unexpected %T", v))
	}
}

func newline(w *bytes.Buffer, depth int) {
	w.WriteByte('\n')
	for range depth {
		w.WriteString("    ")
	}
}

// writeJSONString writes s as a JSON string with Python's escapes; with
// asciiOnly every non-ASCII character is escaped as \uXXXX (surrogate pairs
// beyond the BMP), as json.dumps does by default.
func writeJSONString(w *bytes.Buffer, s string, asciiOnly bool) {
	w.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			w.WriteString(`\"`)
		case '\\':
			w.WriteString(`\\`)
		case '\n':
			w.WriteString(`\n`)
		case '\r':
			w.WriteString(`\r`)
		case '\t':
			w.WriteString(`\t`)
		case '\b':
			w.WriteString(`\b`)
		case '\f':
			w.WriteString(`\f`)
		default:
			switch {
			case r < 0x20:
				fmt.Fprintf(w, `\u%04x`, r)
			case asciiOnly && r > 0x7e:
				if r > 0xffff {
					r -= 0x10000
					fmt.Fprintf(w, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
				} else {
					fmt.Fprintf(w, `\u%04x`, r)
				}
			default:
				w.WriteRune(r)
			}
		}
	}
	w.WriteByte('"')
}

// pyDumps returns json.dumps(v) with Python's default separators (", " and
// ": ") and ASCII-only output. It is how botocore writes pagination tokens.
func pyDumps(v any) string {
	var b bytes.Buffer
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case *Object:
			b.WriteByte('{')
			for i, k := range t.keys {
				if i > 0 {
					b.WriteString(", ")
				}
				writeJSONString(&b, k, true)
				b.WriteString(": ")
				walk(t.vals[k])
			}
			b.WriteByte('}')
		case []any:
			b.WriteByte('[')
			for i, e := range t {
				if i > 0 {
					b.WriteString(", ")
				}
				walk(e)
			}
			b.WriteByte(']')
		case string:
			writeJSONString(&b, t, true)
		default:
			writeJSON(&b, t, 0)
		}
	}
	walk(v)
	return b.String()
}

// pyFloat formats f as Python's repr(float) does for ordinary values.
func pyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if e := strings.IndexByte(s, 'e'); e >= 0 {
		exp := s[e+1:]
		sign := exp[0]
		digits := strings.TrimLeft(exp[1:], "0")
		if len(digits) < 2 {
			digits = fmt.Sprintf("%02s", digits)
		}
		n, _ := strconv.Atoi(digits)
		if sign == '-' && n <= 4 || sign == '+' && n < 16 {
			s = strconv.FormatFloat(f, 'f', -1, 64)
			if !strings.Contains(s, ".") {
				s += ".0"
			}
			return s
		}
		return s[:e] + "e" + string(sign) + digits
	}
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// pyRepr formats v as Python's str() of the parsed value does inside
// botocore's validation messages: strings bare at the top level, quoted
// inside containers.
func pyRepr(v any, top bool) string {
	switch t := v.(type) {
	case nil:
		return "None"
	case bool:
		if t {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(t, 10)
	case float64:
		return pyFloat(t)
	case string:
		if top {
			return t
		}
		return pyQuote(t)
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = pyRepr(e, false)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *Object:
		parts := make([]string, len(t.keys))
		for i, k := range t.keys {
			parts[i] = pyQuote(k) + ": " + pyRepr(t.vals[k], false)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// pyQuote is Python's repr of a str.
func pyQuote(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100 && !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x10000 && !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		case !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// pyTypeName is str(type(v)) in Python for a parsed value.
func pyTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "<class 'NoneType'>"
	case bool:
		return "<class 'bool'>"
	case int64:
		return "<class 'int'>"
	case float64:
		return "<class 'float'>"
	case string:
		return "<class 'str'>"
	case []any:
		return "<class 'list'>"
	case *Object:
		return "<class 'dict'>"
	}
	return fmt.Sprintf("<class '%T'>", v)
}
