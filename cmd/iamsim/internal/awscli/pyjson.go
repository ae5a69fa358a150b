package awscli

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
)

// DecodeJSON parses one JSON document as Python's json.loads does, which is
// how the AWS CLI reads JSON option values and --cli-input-json: objects
// keep their key order (a repeated key keeps its first position and its last
// value), NaN and Infinity are numbers, and errors carry Python's wording
// and position ("Expecting ',' delimiter: line 1 column 23 (char 22)").
// Integers become int64 (float64 beyond its range), other numbers float64;
// objects become *Object.
func DecodeJSON(s string) (any, error) {
	d := &pyDecoder{s: []rune(s)}
	if len(d.s) > 0 && d.s[0] == '\ufeff' {
		return nil, d.errorAt("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0)
	}
	v, end, err := d.value(d.skip(0))
	if err != nil {
		return nil, err
	}
	if end = d.skip(end); end != len(d.s) {
		return nil, d.errorAt("Extra data", end)
	}
	return v, nil
}

type pyDecoder struct{ s []rune }

// pyJSONError is Python's json.JSONDecodeError.
type pyJSONError struct {
	msg       string
	line, col int
	pos       int
}

func (e *pyJSONError) Error() string {
	return fmt.Sprintf("%s: line %d column %d (char %d)", e.msg, e.line, e.col, e.pos)
}

func (d *pyDecoder) errorAt(msg string, pos int) error {
	line, col := 1, pos+1
	for i := 0; i < pos && i < len(d.s); i++ {
		if d.s[i] == '\n' {
			line++
			col = pos - i
		}
	}
	return &pyJSONError{msg, line, col, pos}
}

func isJSONSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// skip returns the index of the first non-white-space rune at or after i.
func (d *pyDecoder) skip(i int) int {
	for i < len(d.s) && isJSONSpace(d.s[i]) {
		i++
	}
	return i
}

func (d *pyDecoder) at(i int) rune {
	if i < len(d.s) {
		return d.s[i]
	}
	return -1
}

func (d *pyDecoder) hasWord(i int, w string) bool {
	rs := []rune(w)
	if i+len(rs) > len(d.s) {
		return false
	}
	return string(d.s[i:i+len(rs)]) == w
}

// value parses the value at i and returns it with the index after it.
func (d *pyDecoder) value(i int) (any, int, error) {
	switch c := d.at(i); {
	case c == '"':
		return d.str(i + 1)
	case c == '{':
		return d.object(i + 1)
	case c == '[':
		return d.array(i + 1)
	case c == 'n' && d.hasWord(i, "null"):
		return nil, i + 4, nil
	case c == 't' && d.hasWord(i, "true"):
		return true, i + 4, nil
	case c == 'f' && d.hasWord(i, "false"):
		return false, i + 5, nil
	}
	if v, end, ok := d.number(i); ok {
		return v, end, nil
	}
	switch {
	case d.hasWord(i, "NaN"):
		return math.NaN(), i + 3, nil
	case d.hasWord(i, "Infinity"):
		return math.Inf(1), i + 8, nil
	case d.hasWord(i, "-Infinity"):
		return math.Inf(-1), i + 9, nil
	}
	return nil, i, d.errorAt("Expecting value", i)
}

// number matches -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)? at i.
func (d *pyDecoder) number(i int) (any, int, bool) {
	digits := func(j int) int {
		for j < len(d.s) && d.s[j] >= '0' && d.s[j] <= '9' {
			j++
		}
		return j
	}
	j := i
	if d.at(j) == '-' {
		j++
	}
	switch c := d.at(j); {
	case c == '0':
		j++
	case c >= '1' && c <= '9':
		j = digits(j)
	default:
		return nil, i, false
	}
	isFloat := false
	if d.at(j) == '.' && d.at(j+1) >= '0' && d.at(j+1) <= '9' {
		j = digits(j + 1)
		isFloat = true
	}
	if c := d.at(j); c == 'e' || c == 'E' {
		k := j + 1
		if c := d.at(k); c == '+' || c == '-' {
			k++
		}
		if e := digits(k); e > k {
			j = e
			isFloat = true
		}
	}
	text := string(d.s[i:j])
	if !isFloat {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, j, true
		}
	}
	f, _ := strconv.ParseFloat(text, 64) // out of range gives ±Inf, as in Python
	return f, j, true
}

// str parses a string whose opening quote is just before i.
func (d *pyDecoder) str(i int) (string, int, error) {
	begin := i - 1
	var b strings.Builder
	for {
		if i >= len(d.s) {
			return "", i, d.errorAt("Unterminated string starting at", begin)
		}
		c := d.s[i]
		switch {
		case c == '"':
			return b.String(), i + 1, nil
		case c < 0x20:
			return "", i, d.errorAt("Invalid control character at", i)
		case c != '\\':
			b.WriteRune(c)
			i++
			continue
		}
		// An escape.
		if i+1 >= len(d.s) {
			return "", i, d.errorAt("Unterminated string starting at", begin)
		}
		e := d.s[i+1]
		if e != 'u' {
			r, ok := map[rune]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[e]
			if !ok {
				return "", i, d.errorAt("Invalid \\escape", i)
			}
			b.WriteRune(r)
			i += 2
			continue
		}
		r, ok := d.hex4(i + 2)
		if !ok {
			return "", i, d.errorAt("Invalid \\uXXXX escape", i+1)
		}
		i += 6
		if utf16.IsSurrogate(r) && r < 0xdc00 && d.at(i) == '\\' && d.at(i+1) == 'u' {
			if r2, ok := d.hex4(i + 2); ok && r2 >= 0xdc00 && r2 <= 0xdfff {
				r = utf16.DecodeRune(r, r2)
				i += 6
			} else if !ok {
				return "", i, d.errorAt("Invalid \\uXXXX escape", i+1)
			}
		}
		b.WriteRune(r) // a lone surrogate becomes U+FFFD
	}
}

func (d *pyDecoder) hex4(i int) (rune, bool) {
	if i+4 > len(d.s) {
		return 0, false
	}
	var r rune
	for _, c := range d.s[i : i+4] {
		var v rune
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + v
	}
	return r, true
}

// object parses an object whose "{" is just before i.
func (d *pyDecoder) object(i int) (any, int, error) {
	o := NewObject()
	i = d.skip(i)
	if d.at(i) == '}' {
		return o, i + 1, nil
	}
	if d.at(i) != '"' {
		return nil, i, d.errorAt("Expecting property name enclosed in double quotes", i)
	}
	i++
	for {
		k, end, err := d.str(i)
		if err != nil {
			return nil, end, err
		}
		i = d.skip(end)
		if d.at(i) != ':' {
			return nil, i, d.errorAt("Expecting ':' delimiter", i)
		}
		v, end, err := d.value(d.skip(i + 1))
		if err != nil {
			return nil, end, err
		}
		o.Set(k, v)
		i = d.skip(end)
		switch d.at(i) {
		case '}':
			return o, i + 1, nil
		case ',':
		default:
			return nil, i, d.errorAt("Expecting ',' delimiter", i)
		}
		i = d.skip(i + 1)
		if d.at(i) != '"' {
			return nil, i, d.errorAt("Expecting property name enclosed in double quotes", i)
		}
		i++
	}
}

// array parses an array whose "[" is just before i.
func (d *pyDecoder) array(i int) (any, int, error) {
	l := []any{}
	i = d.skip(i)
	if d.at(i) == ']' {
		return l, i + 1, nil
	}
	for {
		v, end, err := d.value(i)
		if err != nil {
			return nil, end, err
		}
		l = append(l, v)
		i = d.skip(end)
		switch d.at(i) {
		case ']':
			return l, i + 1, nil
		case ',':
		default:
			return nil, i, d.errorAt("Expecting ',' delimiter", i)
		}
		i = d.skip(i + 1)
	}
}
