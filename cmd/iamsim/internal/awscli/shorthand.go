package awscli

import (
	"fmt"
	"strings"
	"unicode"
)

// Shorthand syntax is the AWS CLI's compact alternative to JSON for
// structure-valued options:
//
//	ContextKeyName=aws:SourceIp,ContextKeyValues=10.0.0.1,10.0.0.2,ContextKeyType=ipList
//	ContextKeyName=s3:prefix,ContextKeyValues=[home/,home/alice/],ContextKeyType=stringList
//
// Its grammar (AWS CLI User Guide, "Using shorthand syntax"):
//
//	parameter = keyval *("," keyval)
//	keyval    = key "=" [values] / key "@=" [values]   ; "@=" loads file:// values
//	values    = explicit-list / hash-literal / csv-list
//	csv-list  = value *("," value)     ; a later item ends the list if it is "key=..."
//	explicit-list = "[" [value *("," value)] "]"
//	hash-literal  = "{" [key "=" value *("," key "=" value)] "}"
//	value     = bare-word / 'single quoted' / "double quoted"
//
// A bare word may contain "\," for a literal comma; trailing spaces are
// dropped. parseShorthand reproduces the CLI's choices character for
// character, including which characters may start or continue a bare word,
// so that the same input yields the same parameters.

// shorthandError is a syntax error in a shorthand value. Its message points
// at the offending character under the input.
type shorthandError struct{ msg string }

func (e *shorthandError) Error() string { return e.msg }

type shorthandParser struct {
	in         []rune
	pos        int
	loadFiles  bool // inside a "key@=" value
	fileLoader func(string) (string, bool, error)
}

// parseShorthand parses one shorthand value into an *Object. load, if not
// nil, resolves file:// and fileb:// values written after "@=".
func parseShorthand(s string, load func(string) (string, bool, error)) (obj *Object, err error) {
	p := &shorthandParser{in: []rune(s), fileLoader: load}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*shorthandError)
			if !ok {
				panic(r)
			}
			obj, err = nil, e
		}
	}()
	return p.parameter(), nil
}

func (p *shorthandParser) parameter() *Object {
	params := NewObject()
	k, v := p.keyval()
	params.Set(k, v)
	last := p.pos
	for !p.eof() {
		p.expect(',', true)
		k, v := p.keyval()
		if params.Has(k) {
			panic(&shorthandError{fmt.Sprintf("Second instance of key %q encountered for input:\n%s\n"+
				"This is often because there is a preceding \",\" instead of a space.", k, p.location(last+1))})
		}
		params.Set(k, v)
		last = p.pos
	}
	return params
}

func (p *shorthandParser) keyval() (string, any) {
	k := p.key()
	p.loadFiles = p.try('@')
	p.expect('=', true)
	return k, p.values()
}

// try consumes c (after optional whitespace) if it is next.
func (p *shorthandParser) try(c rune) bool {
	save := p.pos
	p.skipSpace()
	if !p.eof() && p.in[p.pos] == c {
		p.pos++
		p.skipSpace()
		return true
	}
	p.pos = save
	return false
}

func isKeyChar(r rune) bool {
	return r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.#/:", r))
}

func (p *shorthandParser) key() string {
	start := p.pos
	for !p.eof() && isKeyChar(p.in[p.pos]) {
		p.pos++
	}
	return string(p.in[start:p.pos])
}

func (p *shorthandParser) values() any {
	switch {
	case p.eof():
		return ""
	case p.in[p.pos] == '[':
		return p.explicitList()
	case p.in[p.pos] == '{':
		return p.hashLiteral()
	}
	return p.csvValue()
}

func (p *shorthandParser) csvValue() any {
	first := p.firstValue()
	p.skipSpace()
	if p.eof() || p.in[p.pos] != ',' {
		return first
	}
	p.expect(',', true)
	list := []any{first}
	for {
		cur, ok := p.secondValueOrBacktrack()
		if !ok {
			break
		}
		p.skipSpace()
		if p.eof() {
			list = append(list, cur)
			break
		}
		if p.in[p.pos] != ',' {
			// "a=b,c=d": the item after the comma was a key. Give the
			// comma back to parameter().
			p.backtrackToComma()
			break
		}
		p.expect(',', true)
		list = append(list, cur)
	}
	if len(list) == 1 {
		return first
	}
	return list
}

// secondValueOrBacktrack reads a list item after a comma. When no item can
// start here (for example "a=b,=c"), it backs up to the comma and reports
// false, unless the input is exhausted, which is a syntax error.
func (p *shorthandParser) secondValueOrBacktrack() (v string, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isSyntax := r.(*shorthandError); !isSyntax || p.eof() {
				panic(r)
			}
			p.backtrackToComma()
			v, ok = "", false
		}
	}()
	return p.secondValue(), true
}

func (p *shorthandParser) backtrackToComma() {
	for p.pos >= 0 && (p.pos >= len(p.in) || p.in[p.pos] != ',') {
		p.pos--
	}
}

func (p *shorthandParser) explicitList() []any {
	p.expect('[', true)
	list := []any{}
	for p.cur() != ']' {
		list = append(list, p.explicitValue())
		p.skipSpace()
		if p.cur() != ']' {
			p.expect(',', false)
			p.skipSpace()
		}
	}
	p.expect(']', false)
	return list
}

func (p *shorthandParser) explicitValue() any {
	switch p.cur() {
	case '[':
		return p.explicitList()
	case '{':
		return p.hashLiteral()
	}
	return p.firstValue()
}

func (p *shorthandParser) hashLiteral() *Object {
	p.expect('{', true)
	o := NewObject()
	for p.cur() != '}' {
		k := p.key()
		p.loadFiles = p.try('@')
		p.expect('=', true)
		v := p.explicitValue()
		p.skipSpace()
		if p.cur() != '}' {
			p.expect(',', false)
			p.skipSpace()
		}
		o.Set(k, v)
	}
	p.expect('}', false)
	return o
}

func (p *shorthandParser) firstValue() string {
	switch p.cur() {
	case '\'':
		return p.quoted('\'')
	case '"':
		return p.quoted('"')
	}
	n := p.matchWord(isFirstFollow)
	if n == 0 {
		return ""
	}
	return p.word(n)
}

func (p *shorthandParser) secondValue() string {
	switch p.cur() {
	case '\'':
		return p.quoted('\'')
	case '"':
		return p.quoted('"')
	}
	n := p.matchWord(isSecondFollow)
	if n == 0 {
		p.fail("<second>")
	}
	return p.word(n)
}

// word consumes n runes of a bare word: "\," becomes ",", trailing white
// space goes.
func (p *shorthandParser) word(n int) string {
	s := string(p.in[p.pos : p.pos+n])
	p.pos += n
	s = strings.ReplaceAll(s, `\,`, ",")
	s = strings.TrimRightFunc(s, isPySpace)
	return p.maybeLoad(s)
}

// matchWord returns how many runes of a bare word start at the current
// position: a first rune allowed to start a word, then runes allowed by
// follow; "\," counts as one unit anywhere.
func (p *shorthandParser) matchWord(follow func(rune) bool) int {
	i := p.pos
	step := func(ok func(rune) bool) bool {
		if i+1 < len(p.in) && p.in[i] == '\\' && p.in[i+1] == ',' {
			i += 2
			return true
		}
		if i < len(p.in) && ok(p.in[i]) {
			i++
			return true
		}
		return false
	}
	if !step(isStartWord) {
		return 0
	}
	for step(follow) {
	}
	return i - p.pos
}

// quoted consumes a quoted value. Inside, \q (q the quote) stands for q and
// \\ for \. An unterminated value ending in \q closes at that q, as the
// CLI's backtracking regular expression does.
func (p *shorthandParser) quoted(q rune) string {
	i := p.pos + 1
	lastEscape := -1
	end := -1
	for i < len(p.in) {
		if p.in[i] == '\\' && i+1 < len(p.in) && p.in[i+1] == q {
			lastEscape = i + 1
			i += 2
			continue
		}
		if p.in[i] == q {
			end = i
			break
		}
		i++
	}
	if end < 0 {
		end = lastEscape
	}
	if end < 0 {
		name := "singled quoted"
		if q == '"' {
			name = "double quoted"
		}
		p.fail("<" + name + ">")
	}
	s := string(p.in[p.pos+1 : end])
	p.pos = end + 1
	s = strings.ReplaceAll(s, `\`+string(q), string(q))
	s = strings.ReplaceAll(s, `\\`, `\`)
	return p.maybeLoad(s)
}

func (p *shorthandParser) maybeLoad(s string) string {
	if !p.loadFiles || p.fileLoader == nil {
		return s
	}
	data, ok, err := p.fileLoader(s)
	if err != nil {
		panic(&shorthandError{err.Error()})
	}
	if ok {
		return data
	}
	return s
}

// Character classes of bare words, by code point. Characters beyond U+FFFF
// are never part of a bare word (quote them).
func isStartWord(r rune) bool {
	return r == '!' || r >= '#' && r <= '&' || r >= '(' && r <= '+' || r >= '-' && r <= '<' ||
		r >= '>' && r <= 'Z' || r >= '\\' && r <= 'z' || r >= '|' && r <= 0xffff
}

func isFirstFollow(r rune) bool {
	return isPySpace(r) || r == '!' || r >= '#' && r <= '&' || r >= '(' && r <= '+' ||
		r >= '-' && r <= '\\' || r >= '^' && r <= '|' || r >= '~' && r <= 0xffff
}

func isSecondFollow(r rune) bool {
	return isPySpace(r) || r == '!' || r >= '#' && r <= '&' || r >= '(' && r <= '+' ||
		r >= '-' && r <= '<' || r >= '>' && r <= 0xffff
}

// isPySpace is Python's str.isspace for one character.
func isPySpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }

// isASCIISpace is Python's string.whitespace, which separates tokens.
func isASCIISpace(r rune) bool { return r == ' ' || r >= '\t' && r <= '\r' }

func (p *shorthandParser) eof() bool { return p.pos >= len(p.in) }

// cur returns the current rune, or -1 at the end.
func (p *shorthandParser) cur() rune {
	if p.eof() {
		return -1
	}
	return p.in[p.pos]
}

func (p *shorthandParser) skipSpace() {
	for !p.eof() && isASCIISpace(p.in[p.pos]) {
		p.pos++
	}
}

func (p *shorthandParser) expect(c rune, space bool) {
	if space {
		p.skipSpace()
	}
	if p.eof() || p.in[p.pos] != c {
		p.fail(string(c))
	}
	p.pos++
	if space {
		p.skipSpace()
	}
}

func (p *shorthandParser) fail(expected string) {
	actual := "EOF"
	if !p.eof() {
		actual = string(p.in[p.pos])
		if expected[0] == '<' {
			actual = "<none>"
		}
	} else if expected[0] == '<' {
		actual = "<none>"
	}
	panic(&shorthandError{fmt.Sprintf("Expected: '%s', received: '%s' for input:\n%s", expected, actual, p.location(p.pos))})
}

// location shows the input with a caret under index (on the line of the
// index when the input has several lines).
func (p *shorthandParser) location(index int) string {
	if index > len(p.in) {
		index = len(p.in)
	}
	consumed, remaining, spaces := string(p.in), "", index
	for i := index - 1; i >= 0; i-- {
		if p.in[i] == '\n' {
			spaces = index - i - 1
			break
		}
	}
	for i := index; i < len(p.in); i++ {
		if p.in[i] == '\n' {
			consumed, remaining = string(p.in[:i]), string(p.in[i:])
			break
		}
	}
	return consumed + "\n" + strings.Repeat(" ", spaces) + "^" + remaining
}
