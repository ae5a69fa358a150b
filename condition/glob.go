package condition

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Wildcard matching.
//
// IAM patterns have two wildcards, * (any sequence, possibly empty) and ?
// (exactly one character); every other character, [ ] { } \ included, is
// literal (reference_policies_elements_resource.md#reference_policies_elements_resource_wildcards,
// reference_policies_elements_condition_operators.md#Conditions_String).
//
// The matcher is hand-written rather than github.com/gobwas/glob, for three
// reasons. Policy variables are substituted at match time, and gobwas would
// need the substituted pattern built (and compiled) as a string per request.
// Its tree of matchers is super-linear on some patterns (measured: 134 ms for
// x*a?a*a?a*a?a*a?a*a?a*a?a*b*y against a 6.4 kB string). And one engine
// gives the same meaning to ? (one character, not one byte) everywhere.
//
// The algorithm is the classic two-pointer glob with a single backtrack
// point, the last * seen: when a later * is reached, the choices made for
// earlier stars can never need revisiting, so there is no recursion and the
// worst case is O(len(pattern)·len(input)) time and O(1) space. A * followed
// by literal text jumps to the text's next occurrence (strings.Index), so
// typical patterns run in near-linear time. It allocates nothing.

// expanded is a template with its variables resolved: the pattern is the
// concatenation of the tokens, a tokVar standing for vals[ord]. Substituted
// text is always literal.
type expanded struct {
	toks []token
	vals []string
}

// pos is a place in the expanded pattern: token j, byte off of its text.
// Positions are kept normalized: never at the end of a text token (except
// the end of the whole pattern, {len(toks), 0}).
type pos struct{ j, off int }

func (e *expanded) text(j int) string {
	t := &e.toks[j]
	if t.kind == tokVar {
		return e.vals[t.v.ord]
	}
	return t.text
}

// norm moves p past the ends of text tokens (and past empty ones).
func (e *expanded) norm(p pos) pos {
	for p.j < len(e.toks) {
		k := e.toks[p.j].kind
		if (k == tokText || k == tokVar) && p.off >= len(e.text(p.j)) {
			p.j++
			p.off = 0
			continue
		}
		break
	}
	return p
}

func (e *expanded) begin() pos { return e.norm(pos{}) }
func (e *expanded) end() pos   { return pos{len(e.toks), 0} }

// globMatch reports whether the pattern between from and to (normalized
// positions, from before to) matches all of s. With fold, literal characters
// compare under Unicode simple case folding, as strings.EqualFold does.
func globMatch(e *expanded, from, to pos, s string, fold bool) bool {
	p, si := from, 0
	star, starS := pos{-1, 0}, 0 // last * seen, and where its match ends in s
	for si < len(s) {
		if p != to {
			switch e.toks[p.j].kind {
			case tokStar:
				star = p
				p = e.norm(pos{p.j + 1, 0})
				if p == to {
					return true // a final * takes the rest
				}
				if si = e.skipTo(p, to, s, si, fold); si < 0 {
					return false
				}
				starS = si
				continue
			case tokQuest:
				si += runeLen(s, si)
				p = e.norm(pos{p.j + 1, 0})
				continue
			default:
				t := e.text(p.j)
				if !fold {
					// Compare the literal run at once: a partial match fails
					// the same way a character-by-character one would.
					end := len(t)
					if to.j == p.j {
						end = to.off
					}
					if strings.HasPrefix(s[si:], t[p.off:end]) {
						si += end - p.off
						p = e.norm(pos{p.j, end})
						continue
					}
				} else {
					pr, pw := utf8.DecodeRuneInString(t[p.off:])
					sr, sw := utf8.DecodeRuneInString(s[si:])
					if equalFoldRune(pr, sr) {
						si += sw
						p = e.norm(pos{p.j, p.off + pw})
						continue
					}
				}
			}
		}
		if star.j < 0 {
			return false
		}
		// Let the last * take one more character and retry from there.
		p = e.norm(pos{star.j + 1, 0})
		if starS = e.skipTo(p, to, s, starS+runeLen(s, starS), fold); starS < 0 {
			return false
		}
		si = starS
	}
	for p != to && e.toks[p.j].kind == tokStar {
		p = e.norm(pos{p.j + 1, 0})
	}
	return p == to
}

// skipTo returns the first place at or after si where the pattern at p (just
// after a *) can start matching, or -1 if there is none. When p begins a
// literal run, places where that run does not occur are skipped at once
// (strings.Index); the character-by-character algorithm would try each and
// fail on the run's first character. The run starts a valid character
// (utf8.RuneStart), so the place found is a character boundary of s.
func (e *expanded) skipTo(p, to pos, s string, si int, fold bool) int {
	if fold || p == to || si > len(s) {
		return si
	}
	if k := e.toks[p.j].kind; k != tokText && k != tokVar {
		return si
	}
	t := e.text(p.j)
	end := len(t)
	if to.j == p.j {
		end = to.off
	}
	lit := t[p.off:end]
	if !utf8.RuneStart(lit[0]) {
		return si
	}
	k := strings.Index(s[si:], lit)
	if k < 0 {
		return -1
	}
	return si + k
}

// runeLen is the byte length of the character at s[i:] (1 for a byte that
// is not valid UTF-8).
func runeLen(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return w
}

// equalFoldRune reports whether a and b are equal under Unicode simple case
// folding (the relation strings.EqualFold uses).
func equalFoldRune(a, b rune) bool {
	if a == b {
		return true
	}
	if a > b {
		a, b = b, a
	}
	if b < utf8.RuneSelf {
		return 'A' <= a && a <= 'Z' && b == a+'a'-'A'
	}
	r := unicode.SimpleFold(a)
	for r != a && r < b {
		r = unicode.SimpleFold(r)
	}
	return r == b
}

// arnMatch matches an ARN pattern against s component by component
// (reference_policies_elements_condition_operators.md#Conditions_ARN: "Each
// of the six colon-delimited components of the ARN is checked separately";
// reference_policies_elements_resource.md; reference-arns.md#arns-syntax).
//
// The first five colons of s delimit partition, service, region and account
// (after "arn"); everything after the fifth colon is the resource, which may
// itself hold colons and slashes. The pattern is cut the same way at its
// first five literal colons (colons inside substituted variable values count:
// the variable is substituted, then the ARN is read), and each component is
// matched on its own, so a wildcard in the first five components never
// crosses a colon while one in the resource part may.
//
// A pattern made only of * matches everything (Resource "*"). A value with
// fewer than five colons is not an ARN (a request resource of "*", say): it
// is matched against the pattern as a whole string, so that only "*" or a
// pattern equal to it in that sense matches (SPEC §5: a request resource of *
// does not match a specific ARN pattern). An ARN value against a pattern with
// fewer than five colons does not match: the component counts differ.
func arnMatch(e *expanded, s string, allStars bool) bool {
	if allStars {
		return true
	}
	var sc [5]int
	n := 0
	for i := 0; i < len(s) && n < 5; i++ {
		if s[i] == ':' {
			sc[n] = i
			n++
		}
	}
	if n < 5 {
		return globMatch(e, e.begin(), e.end(), s, false)
	}
	var pc [5]pos
	m := 0
	for j := 0; j < len(e.toks) && m < 5; j++ {
		if k := e.toks[j].kind; k != tokText && k != tokVar {
			continue
		}
		t := e.text(j)
		for off := 0; m < 5; {
			c := strings.IndexByte(t[off:], ':')
			if c < 0 {
				break
			}
			pc[m] = pos{j, off + c}
			m++
			off += c + 1
		}
	}
	if m < 5 {
		return false
	}
	from, sFrom := e.begin(), 0
	for k := 0; k < 5; k++ {
		if !globMatch(e, from, pc[k], s[sFrom:sc[k]], false) {
			return false
		}
		from, sFrom = e.norm(pos{pc[k].j, pc[k].off + 1}), sc[k]+1
	}
	return globMatch(e, from, e.end(), s[sFrom:], false)
}
