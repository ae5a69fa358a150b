package policy

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Marshal writes p as canonical JSON, indented with two spaces: elements in
// a fixed order (Version, Id, Statement; in a statement Sid, Effect,
// Principal or NotPrincipal, Action or NotAction, Resource or NotResource,
// Condition), absent or empty Version, Id and Sid left out, single-valued
// lists written as a plain string, condition values written as strings, and
// Statement written as an array unless p.SingleStatement.
//
// The output uses only the characters the IAM API accepts: characters
// above U+00FF and control characters are written as \u escapes. For a
// Policy returned by ParseKind, ParseKind(Marshal(p), p.Kind) succeeds and
// is Equal to p, provided the output stays within MaxDocumentChars
// (indentation can push a document written compactly near that limit over
// it).
//
// Marshal reports an error when p cannot be written as a policy document at
// all (no statements, an Effect that is neither Allow nor Deny, an empty
// Action list, an empty Principal, the same condition operator and key
// twice). It does not check values: an invalid ARN is written as it is.
func Marshal(p *Policy) ([]byte, error) {
	if p == nil {
		return nil, errors.New("policy: Marshal of nil *Policy")
	}
	w := writer{buf: make([]byte, 0, 256*len(p.Statements)+64)}
	if err := w.policy(p); err != nil {
		return nil, err
	}
	return w.buf, nil
}

// String returns Marshal's output, or a description of why p cannot be
// written.
func (p *Policy) String() string {
	b, err := Marshal(p)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}

type writer struct {
	buf    []byte
	indent int
}

func (w *writer) newline() {
	w.buf = append(w.buf, '\n')
	for i := 0; i < w.indent; i++ {
		w.buf = append(w.buf, ' ', ' ')
	}
}

// open starts an object or array.
func (w *writer) open(c byte) {
	w.buf = append(w.buf, c)
	w.indent++
}

// close ends an object or array on its own line.
func (w *writer) close(c byte) {
	w.indent--
	w.newline()
	w.buf = append(w.buf, c)
}

// key starts a member: a separator when not first, a new line, the key.
func (w *writer) key(first bool, k string) {
	if !first {
		w.buf = append(w.buf, ',')
	}
	w.newline()
	w.str(k)
	w.buf = append(w.buf, ':', ' ')
}

// str writes s as a JSON string whose characters are all in the IAM API's
// set: '"', '\\' and control characters escaped, U+0080 to U+00FF as
// UTF-8, anything above (and invalid UTF-8, as U+FFFD) as \u escapes.
func (w *writer) str(s string) {
	const hex = "0123456789abcdef"
	b := append(w.buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c >= 0x20:
				b = append(b, c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\b':
				b = append(b, '\\', 'b')
			case c == '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r <= 0xFF { // never RuneError: that is U+FFFD
			b = utf8.AppendRune(b, r)
			continue
		}
		if r > 0xFFFF {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			b = append(b, '\\', 'u', hex[hi>>12], hex[hi>>8&0xF], hex[hi>>4&0xF], hex[hi&0xF])
			r = lo
		}
		b = append(b, '\\', 'u', hex[r>>12], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
	}
	w.buf = append(b, '"')
}

// list writes one value as a string, several as an array.
func (w *writer) list(vs []string) {
	if len(vs) == 1 {
		w.str(vs[0])
		return
	}
	if len(vs) == 0 {
		w.buf = append(w.buf, '[', ']')
		return
	}
	w.open('[')
	for i, v := range vs {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.newline()
		w.str(v)
	}
	w.close(']')
}

func (w *writer) policy(p *Policy) error {
	if len(p.Statements) == 0 {
		return errors.New("policy: Marshal: no statements")
	}
	if p.SingleStatement && len(p.Statements) != 1 {
		return fmt.Errorf("policy: Marshal: SingleStatement with %d statements", len(p.Statements))
	}
	w.open('{')
	first := true
	if p.Version != "" {
		w.key(first, "Version")
		w.str(p.Version)
		first = false
	}
	if p.ID != "" {
		w.key(first, "Id")
		w.str(p.ID)
		first = false
	}
	w.key(first, "Statement")
	if p.SingleStatement {
		if err := w.statement(1, &p.Statements[0]); err != nil {
			return err
		}
	} else {
		w.open('[')
		for i := range p.Statements {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.newline()
			if err := w.statement(i+1, &p.Statements[i]); err != nil {
				return err
			}
		}
		w.close(']')
	}
	w.close('}')
	w.buf = append(w.buf, '\n')
	return nil
}

func (w *writer) statement(n int, s *Statement) error {
	if s.Effect != Allow && s.Effect != Deny {
		return fmt.Errorf("policy: Marshal: statement %d: invalid Effect %d", n, s.Effect)
	}
	if len(s.Action) == 0 {
		return fmt.Errorf("policy: Marshal: statement %d: no Action values", n)
	}
	w.open('{')
	first := true
	if s.Sid != "" {
		w.key(true, "Sid")
		w.str(s.Sid)
		first = false
	}
	w.key(first, "Effect")
	w.str(s.Effect.String())
	if s.Principal != nil {
		name := "Principal"
		if s.NotPrincipal {
			name = "NotPrincipal"
		}
		w.key(false, name)
		if err := w.principal(n, s.Principal); err != nil {
			return err
		}
	}
	if s.NotAction {
		w.key(false, "NotAction")
	} else {
		w.key(false, "Action")
	}
	w.list(s.Action)
	if s.NotResource || len(s.Resource) > 0 {
		if len(s.Resource) == 0 {
			return fmt.Errorf("policy: Marshal: statement %d: NotResource with no values", n)
		}
		if s.NotResource {
			w.key(false, "NotResource")
		} else {
			w.key(false, "Resource")
		}
		w.list(s.Resource)
	}
	if len(s.Condition) > 0 {
		w.key(false, "Condition")
		if err := w.condition(n, s.Condition); err != nil {
			return err
		}
	}
	w.close('}')
	return nil
}

func (w *writer) principal(n int, pr *Principal) error {
	entries := [...]struct {
		name   string
		values []string
	}{{"AWS", pr.AWS}, {"Service", pr.Service}, {"Federated", pr.Federated}, {"CanonicalUser", pr.CanonicalUser}}
	some := false
	for _, e := range entries {
		some = some || len(e.values) > 0
	}
	if pr.Wildcard {
		if some {
			return fmt.Errorf("policy: Marshal: statement %d: Principal is both \"*\" and a map", n)
		}
		w.str("*")
		return nil
	}
	if !some {
		return fmt.Errorf("policy: Marshal: statement %d: empty Principal", n)
	}
	w.open('{')
	first := true
	for _, e := range entries {
		if len(e.values) == 0 {
			continue
		}
		w.key(first, e.name)
		w.list(e.values)
		first = false
	}
	w.close('}')
	return nil
}

// condition writes the entries grouped by operator, operators in the order
// they first appear. Entries from ParseKind are already grouped that way.
func (w *writer) condition(n int, cs []Condition) error {
	type opKey struct{ op, key string }
	var ops []string
	byOp := map[string][]int{}
	seen := make(map[opKey]struct{}, len(cs))
	for i, c := range cs {
		if _, dup := seen[opKey{c.Operator, c.Key}]; dup {
			return fmt.Errorf("policy: Marshal: statement %d: condition %s key %s appears twice", n, strconv.Quote(c.Operator), strconv.Quote(c.Key))
		}
		seen[opKey{c.Operator, c.Key}] = struct{}{}
		idx, ok := byOp[c.Operator]
		if !ok {
			ops = append(ops, c.Operator)
		}
		byOp[c.Operator] = append(idx, i)
	}
	w.open('{')
	for i, op := range ops {
		w.key(i == 0, op)
		w.open('{')
		for k, j := range byOp[op] {
			w.key(k == 0, cs[j].Key)
			w.list(cs[j].Values)
		}
		w.close('}')
	}
	w.close('}')
	return nil
}

// Equal reports whether a and b are the same policy, ignoring positions
// (Statement.Span, Statement.Pos, Condition.Pos): same Kind, Version, ID,
// SingleStatement, and statements with the same elements and values in the
// same order. A nil slice equals an empty one. It is what "Marshal
// round-trips" means.
func Equal(a, b *Policy) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || a.Version != b.Version || a.ID != b.ID ||
		a.SingleStatement != b.SingleStatement || len(a.Statements) != len(b.Statements) {
		return false
	}
	for i := range a.Statements {
		if !statementEqual(&a.Statements[i], &b.Statements[i]) {
			return false
		}
	}
	return true
}

func statementEqual(a, b *Statement) bool {
	if a.Sid != b.Sid || a.Effect != b.Effect || a.NotAction != b.NotAction ||
		a.NotResource != b.NotResource || a.NotPrincipal != b.NotPrincipal ||
		!stringsEqual(a.Action, b.Action) || !stringsEqual(a.Resource, b.Resource) ||
		!principalEqual(a.Principal, b.Principal) || len(a.Condition) != len(b.Condition) {
		return false
	}
	for i := range a.Condition {
		x, y := &a.Condition[i], &b.Condition[i]
		if x.Operator != y.Operator || x.Key != y.Key || !stringsEqual(x.Values, y.Values) {
			return false
		}
	}
	return true
}

func principalEqual(a, b *Principal) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Wildcard == b.Wildcard && stringsEqual(a.AWS, b.AWS) &&
		stringsEqual(a.Service, b.Service) && stringsEqual(a.Federated, b.Federated) &&
		stringsEqual(a.CanonicalUser, b.CanonicalUser)
}

func stringsEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
