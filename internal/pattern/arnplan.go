package pattern

import (
	"strings"
	"unicode/utf8"
)

// arnPlan is the shape of an ARN pattern (a Resource value or an ARN
// condition value), worked out once at compile time so that matching does
// not re-scan the pattern for its colons on every call. It gives the same
// answers as arnMatch, which remains the path for patterns without a plan.
type arnPlan struct {
	// pc are the token positions of the pattern's first five colons.
	colons [5]pos
	// restFrom is the position right after the fifth colon (not
	// normalized: a variable token's length is known only at match time).
	restFrom pos
	// litPrefix: the first five components are literal text, and prefix
	// is the pattern through its fifth colon.
	litPrefix bool
	prefix    string
	// lead is the pattern's leading literal text (before its first
	// wildcard or variable): every match starts with it.
	lead string
	// rest is the resource part's shape when it is static (restGlob
	// otherwise), restText its literal text.
	rest     restKind
	restText string
}

type restKind uint8

const (
	restGlob   restKind = iota // anything else: globMatch from restFrom
	restLit                    // literal text: equality
	restPrefix                 // literal text then a final *: strings.HasPrefix
)

// planARN returns t's plan, or nil when t is better left to the general
// path: "*" and plain strings (matchTemplate's own fast paths), patterns
// with fewer than five colons, and patterns with a variable before the
// fifth colon (a substituted value may hold colons, which count).
func planARN(t *template) *arnPlan {
	if t.allStars || (t.isStatic && len(t.toks) <= 1) {
		return nil
	}
	var p arnPlan
	m := 0
	for j := 0; j < len(t.toks) && m < 5; j++ {
		tk := &t.toks[j]
		switch tk.kind {
		case tokVar:
			return nil
		case tokText:
			for off := 0; m < 5; {
				c := strings.IndexByte(tk.text[off:], ':')
				if c < 0 {
					break
				}
				p.colons[m] = pos{j, off + c}
				m++
				off += c + 1
			}
		}
	}
	if m < 5 {
		return nil
	}
	if t.toks[0].kind == tokText {
		p.lead = t.toks[0].text
	}
	j, off := p.colons[4].tok, p.colons[4].off+1
	p.restFrom = pos{j, off}
	if j == 0 {
		// Text tokens are never adjacent, so the first five components
		// are all in the first token: literal.
		p.litPrefix = true
		p.prefix = t.toks[0].text[:off]
	}
	remText, after := t.toks[j].text[off:], t.toks[j+1:]
	switch {
	case len(after) == 0:
		p.rest, p.restText = restLit, remText
	case len(after) == 1 && after[0].kind == tokStar && utf8.ValidString(remText):
		// (An invalid byte is one character to the matcher, which
		// strings.HasPrefix would let match the start of a longer one.)
		p.rest, p.restText = restPrefix, remText
	}
	return &p
}

// planARNs plans each template of ts for ARN matching.
func planARNs(ts []template) {
	for i := range ts {
		ts[i].arn = planARN(&ts[i])
	}
}

// dropFastTokens releases the tokens of templates whose plan matches
// without them (fast). A fast plan's pattern is literal through its fifth
// colon and static after it, so the tokens dropped hold no variable.
func dropFastTokens(ts []template) {
	for i := range ts {
		if p := ts[i].arn; p != nil && p.fast() {
			ts[i].toks = nil
		}
	}
}

// fast reports whether match needs no expanded pattern: the pattern is
// static after its literal first five components.
func (p *arnPlan) fast() bool { return p.litPrefix && p.rest != restGlob }

// matchFast is match for a plan with fast() true.
func (p *arnPlan) matchFast(s string) bool {
	if !strings.HasPrefix(s, p.prefix) {
		// The prefix holds five colons: a value that does not start
		// with it differs in a component, or has fewer than five colons
		// and cannot match the pattern as a whole string either.
		return false
	}
	if p.rest == restLit {
		return s[len(p.prefix):] == p.restText
	}
	return strings.HasPrefix(s[len(p.prefix):], p.restText)
}

// match is arnMatch for a planned pattern (e is the pattern with its
// variables resolved).
func (p *arnPlan) match(e *expanded, s string) bool {
	if p.litPrefix {
		if !strings.HasPrefix(s, p.prefix) {
			return false
		}
		rest := s[len(p.prefix):]
		switch p.rest {
		case restLit:
			return rest == p.restText
		case restPrefix:
			return strings.HasPrefix(rest, p.restText)
		}
		return globMatch(e, e.norm(p.restFrom), e.end(), rest, false)
	}
	if !strings.HasPrefix(s, p.lead) {
		// Literal text matches itself only, component by component as
		// well as in the whole-string comparison of a non-ARN value.
		return false
	}
	var valColons [5]int
	n := 0
	for i := 0; n < 5; {
		c := strings.IndexByte(s[i:], ':')
		if c < 0 {
			break
		}
		valColons[n] = i + c
		n++
		i += c + 1
	}
	if n < 5 {
		return globMatch(e, e.begin(), e.end(), s, false)
	}
	from, sFrom := e.begin(), 0
	for k := 0; k < 5; k++ {
		if !globMatch(e, from, p.colons[k], s[sFrom:valColons[k]], false) {
			return false
		}
		from, sFrom = e.norm(pos{p.colons[k].tok, p.colons[k].off + 1}), valColons[k]+1
	}
	return globMatch(e, e.norm(p.restFrom), e.end(), s[sFrom:], false)
}
