package pattern

import (
	"math/bits"
	"slices"
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
// The matcher is hand-written rather than a glob library, for three
// reasons. Policy variables are substituted at match time, and a library
// would need the substituted pattern built (and compiled) as a string per
// request. A tree of matchers is super-linear on patterns such as
// x*a?a*a?a*b*y, where this matcher is linear (TestGlobLinearWork). And one
// engine gives the same meaning to ? (one character, not one byte)
// everywhere.
//
// The pattern is cut at its stars into segments of literal characters and
// ? (a pattern without * is one segment). Greedy placement is exact for
// such patterns: the first segment must match at the start of the input,
// the last one at its end, and each middle one may take its leftmost
// occurrence after the previous one, since a segment spans a fixed number
// of characters and a later placement only leaves less room for the rest.
// No placement is revisited, so matching takes O(len(input)·⌈m/64⌉) time
// and O(1) space, m being the length in characters of the longest middle
// segment: linear for the patterns people write, and for adversarial ones
// such as *?a?a?a...?ab* too, which a matcher that backtracks re-scans from
// every start. The two anchored segments are compared in place, the last
// one backwards from the end. A middle segment of literal text is found with strings.Index;
// one holding ? (or any, with case folding) is tried in place at each
// start on a budget of work linear in the input, then found by shift-and
// over characters (see search). It allocates nothing.
//
// A character is a valid UTF-8 sequence or a single byte that is not one
// (utf8.DecodeRuneInString's reading), in the input and in each piece of
// pattern text alike, so a ? always takes one character. Literal text is
// compared byte-wise where it can be, checking that a match ends on a
// character boundary of the input: only then are the characters equal
// (pattern text that is not valid UTF-8 must not match the first bytes of
// an input character).

// expanded is a template with its variables resolved: the pattern is the
// concatenation of the tokens, a tokVar standing for vals[variable.index]. Substituted
// text is always literal.
type expanded struct {
	toks []token
	vals []string
}

// pos is a place in the expanded pattern: byte off of the text of token tok.
// Positions are kept normalized: never at the end of a text token (except
// the end of the whole pattern, {len(toks), 0}).
type pos struct{ tok, off int }

func (e *expanded) text(j int) string {
	t := &e.toks[j]
	if t.kind == tokVar {
		return e.vals[t.variable.index]
	}
	return t.text
}

// norm moves p past the ends of text tokens (and past empty ones).
func (e *expanded) norm(p pos) pos {
	for p.tok < len(e.toks) {
		k := e.toks[p.tok].kind
		if (k == tokText || k == tokVar) && p.off >= len(e.text(p.tok)) {
			p.tok++
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
//
// It is kept out of line: inlined, it slows callers that seldom reach it
// (BenchmarkEvaluate/typical, which matches no wildcard).
//
//go:noinline
func globMatch(e *expanded, from, to pos, s string, fold bool) bool {
	// Set field by field: a composite literal is built aside and copied,
	// and the copy stalls on store forwarding (BenchmarkEvaluate).
	var g globber
	g.pattern, g.from, g.to, g.fold = e, from, to, fold
	return g.match(s)
}

// globber is one match: the pattern [from, to), the mode, and a count of
// the work done (characters and bytes examined, an upper bound), which the
// tests use to check that it grows linearly. Segments are token ranges
// [a, b) within the pattern; lit gives a literal token's text, cut to it.
type globber struct {
	pattern  *expanded
	from, to pos
	fold     bool
	work     int
	budget   int  // work past which search makes no direct tries
	noTries  bool // tests: no direct tries, shift-and only
}

// lit is the text of token j (literal text or a variable's value), cut to
// the pattern's bounds.
func (g *globber) lit(j int) string {
	t := g.pattern.text(j)
	if j == g.to.tok {
		t = t[:g.to.off]
	}
	if j == g.from.tok {
		t = t[g.from.off:]
	}
	return t
}

func (g *globber) match(s string) bool {
	toks := g.pattern.toks
	a, z := g.from.tok, g.to.tok
	if g.to.off > 0 {
		z++
	}
	first := a
	for first < z && toks[first].kind != tokStar {
		first++
	}
	i, ok := g.matchAt(a, first, s, 0)
	if !ok || first == z {
		return ok && i == len(s)
	}
	// The rest of the pattern: the least input length it can match
	// (literal bytes, or characters with fold, where a character may match
	// a shorter one, plus one byte per ?), and its last *.
	need, last := 0, first
	for j := first + 1; j < z; j++ {
		switch toks[j].kind {
		case tokStar:
			last = j
		case tokQuest:
			need++
		default:
			if g.fold {
				need += utf8.RuneCountInString(g.lit(j))
			} else {
				need += len(g.lit(j))
			}
		}
	}
	if need > len(s)-i {
		return false // cheap reject: the pattern cannot fit
	}
	hi := len(s)
	if last+1 < z {
		if hi, ok = g.matchBack(last+1, z, s, i); !ok {
			return false
		}
	}
	// The middle segments, each at its leftmost place in s[i:hi]. The
	// budget for direct tries is for them all: per segment, it would allow
	// work proportional to the input for each of many segments.
	g.budget = g.work + len(s)/4 + 64
	if g.noTries {
		g.budget = -1
	}
	for j := first + 1; j < last; {
		k := j
		for toks[k].kind != tokStar {
			k++
		}
		if i, ok = g.search(j, k, s[:hi], i); !ok {
			return false
		}
		j = k + 1
	}
	return true
}

// matchAt matches the segment [a, b) at s[i:], returning where the match
// ends.
func (g *globber) matchAt(a, b int, s string, i int) (int, bool) {
	for j := a; j < b; j++ {
		if g.pattern.toks[j].kind == tokQuest {
			if i >= len(s) {
				return 0, false
			}
			i += runeLen(s, i)
			g.work++
			continue
		}
		lit := g.lit(j)
		g.work += len(lit)
		if !g.fold {
			if !strings.HasPrefix(s[i:], lit) || !boundary(s, i+len(lit)) {
				return 0, false
			}
			i += len(lit)
			continue
		}
		for _, pr := range lit {
			if i >= len(s) {
				return 0, false
			}
			sr, sw := utf8.DecodeRuneInString(s[i:])
			if !equalFoldRune(pr, sr) {
				return 0, false
			}
			i += sw
		}
	}
	return i, true
}

// matchBack matches the segment [a, b) against the end of s, starting no
// further left than lo, and returns where the match starts. Reading
// backwards gives the same characters as reading forwards:
// utf8.DecodeLastRuneInString mirrors DecodeRuneInString.
func (g *globber) matchBack(a, b int, s string, lo int) (int, bool) {
	i := len(s)
	for j := b - 1; j >= a; j-- {
		if g.pattern.toks[j].kind == tokQuest {
			if i <= lo {
				return 0, false
			}
			_, w := utf8.DecodeLastRuneInString(s[:i])
			i -= w
			g.work++
			continue
		}
		lit := g.lit(j)
		g.work += len(lit)
		if !g.fold {
			x := i - len(lit)
			if x < lo || s[x:i] != lit || !boundary(s, x) {
				return 0, false
			}
			i = x
			continue
		}
		for lit != "" {
			if i <= lo {
				return 0, false
			}
			pr, pw := utf8.DecodeLastRuneInString(lit)
			sr, sw := utf8.DecodeLastRuneInString(s[:i])
			if !equalFoldRune(pr, sr) {
				return 0, false
			}
			lit, i = lit[:len(lit)-pw], i-sw
		}
	}
	return i, true
}

// boundary reports whether a character of s starts at x (or x is len(s)),
// reading s from its start.
func boundary(s string, x int) bool {
	return x >= len(s) || utf8.RuneStart(s[x]) || continuationBoundary(s, x)
}

// continuationBoundary is boundary for a continuation byte: it is a
// character of its own unless a valid sequence begun in the three bytes
// before covers it.
func continuationBoundary(s string, x int) bool {
	for k := x - 1; k >= 0 && k >= x-3; k-- {
		if utf8.RuneStart(s[k]) {
			_, w := utf8.DecodeRuneInString(s[k:])
			return k+w <= x
		}
	}
	return true
}

// search finds the leftmost match of the middle segment [a, b) in s at or
// after i and returns where it ends.
//
// A segment of literal text only is found with strings.Index (without fold;
// a first byte that is not utf8.RuneStart, or a match ending inside a
// character, both possible only for text that is not valid UTF-8, go the
// general way). Otherwise the segment is first tried directly at each
// place (skipping to its first byte when it starts with literal text),
// which is fastest when few places come close to matching, on a budget of
// work linear in the input shared by all the middle segments; past it,
// shift-and (bitap) takes over from where the tries stopped: bit k of its state says the segment's first k+1
// characters match the input's last k+1, and each input character shifts it
// and masks it with the positions holding that character or ?. One machine
// word holds 64 characters, so a segment of up to 64 is found in one pass
// (searchWord); a longer one is cut into words and searched window by
// window (searchLong).
func (g *globber) search(a, b int, s string, i int) (int, bool) {
	var first byte // the segment's first byte, when it starts a literal character
	if k := g.pattern.toks[a].kind; !g.fold && k != tokQuest {
		lit := g.lit(a)
		if lit != "" && utf8.RuneStart(lit[0]) {
			first = lit[0]
		}
		if first != 0 && b == a+1 {
			k := strings.Index(s[i:], lit)
			if k < 0 {
				g.work += len(s) - i
				return 0, false
			}
			g.work += k + len(lit)
			if end := i + k + len(lit); boundary(s, end) {
				return end, true
			}
		}
	}
	for x := i; g.work <= g.budget; x += runeLen(s, x) {
		if first != 0 {
			k := strings.IndexByte(s[x:], first)
			if k < 0 {
				g.work += len(s) - x
				return 0, false
			}
			g.work += k
			x += k
		}
		if end, ok := g.matchAt(a, b, s, x); ok {
			return end, true
		}
		if x >= len(s) {
			return 0, false
		}
		i = x + runeLen(s, x)
	}
	m, need := 0, 0
	for j := a; j < b; j++ {
		if g.pattern.toks[j].kind == tokQuest {
			m++
			need++
			continue
		}
		lit := g.lit(j)
		n := utf8.RuneCountInString(lit)
		m += n
		if g.fold {
			need += n
		} else {
			need += len(lit)
		}
	}
	switch {
	case len(s)-i < need:
		return 0, false
	case m == 0: // empty variables only
		return i, true
	case m <= 64:
		return g.searchWord(a, b, s, i, m)
	}
	return g.searchLong(a, b, s, i, m, need)
}

// searchWord is the shift-and search for a segment of 1 to 64 characters:
// one pass over s[i:].
func (g *globber) searchWord(a, b int, s string, i, m int) (int, bool) {
	var t masks
	r := segReader{tok: a}
	g.build(&t, &r, m)
	hit := uint64(1) << (m - 1)
	var d uint64
	start := i
	for i < len(s) {
		var mask uint64
		if c := s[i]; c < utf8.RuneSelf && !g.fold {
			mask = t.ascii[c] | t.quest
			i++
		} else {
			c, w := charKey(s[i:], g.fold)
			mask = t.get(c)
			i += w
		}
		d = (d<<1 | 1) & mask
		if d&hit != 0 {
			g.work += i - start
			return i, true
		}
	}
	g.work += len(s) - start
	return 0, false
}

// window is how many consecutive start places searchLong decides at once
// (a multiple of 64).
const window = 512

// searchLong is the shift-and search for a segment of m > 64 characters,
// need bytes at least. For each window of 512 start places, it runs
// shift-and for the segment's first 64 characters over the input from the
// window, for the next 64 over the input 64 characters further on, and so
// on, keeping the set of start places every word matched; the window's
// leftmost survivor, if any, is the match. Each word costs a pass over
// 512+63 characters, so the time is O(len(s)·⌈m/64⌉), in O(1) space: the
// masks of one word and two 512-bit sets.
func (g *globber) searchLong(a, b int, s string, i, m, need int) (int, bool) {
	var t masks
	for x0 := i; len(s)-x0 >= need; {
		var alive [window / 64]uint64
		for k := range alive {
			alive[k] = ^uint64(0)
		}
		r := segReader{tok: a}
		y, nextX0, live := x0, -1, true
		for left := m; left > 0; {
			n := g.build(&t, &r, min(left, 64))
			left -= n
			hit := uint64(1) << (n - 1)
			var hits [window / 64]uint64
			var d uint64
			z, nextY, read := y, -1, 0
			for read < window+n-1 && z < len(s) {
				// The step is searchWord's, written out again: as a
				// function it is too large to inline, and a call per
				// character would cost more than the step.
				var mask uint64
				if c := s[z]; c < utf8.RuneSelf && !g.fold {
					mask = t.ascii[c] | t.quest
					z++
				} else {
					c, w := charKey(s[z:], g.fold)
					mask = t.get(c)
					z += w
				}
				d = (d<<1 | 1) & mask
				read++
				if d&hit != 0 && read >= n { // this word matches n characters from y+read-n
					k := read - n
					hits[k>>6] |= 1 << (k & 63)
				}
				if read == 64 {
					nextY = z
				}
				if read == window && y == x0 {
					nextX0 = z
				}
			}
			g.work += read
			live = false
			for k := range alive {
				alive[k] &= hits[k]
				live = live || alive[k] != 0
			}
			if !live || (nextY < 0 && left > 0) {
				live = false
				break
			}
			y = nextY
		}
		if live {
			k := 0
			for alive[k] == 0 {
				k++
			}
			x := x0
			for k = k<<6 + bits.TrailingZeros64(alive[k]); k > 0; k-- {
				x += runeLen(s, x)
			}
			return g.matchAt(a, b, s, x)
		}
		if nextX0 < 0 {
			return 0, false
		}
		x0 = nextX0
	}
	return 0, false
}

// masks are the shift-and masks of up to 64 segment characters: bit k of
// a character's mask is set when the k-th character is that one or ?.
type masks struct {
	ascii [128]uint64 // by key below 128
	quest uint64      // the ? positions, in every mask
	n     int         // keys[:n], sorted, are the other keys
	keys  [64]rune
	vals  [64]uint64
}

func (t *masks) get(c rune) uint64 {
	if c < 128 {
		return t.ascii[c] | t.quest
	}
	lo, hi := 0, t.n
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if t.keys[h] < c {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < t.n && t.keys[lo] == c {
		return t.vals[lo] | t.quest
	}
	return t.quest
}

// build sets t to the masks of the next n (1 to 64) characters of r.
func (g *globber) build(t *masks, r *segReader, n int) int {
	*t = masks{}
	var other [64]uint64 // key<<6 | position, for the keys from 128 on
	no := 0
	for k := range n {
		c, quest := g.read(r)
		switch {
		case quest:
			t.quest |= 1 << k
		case c < 128:
			t.ascii[c] |= 1 << k
		default:
			other[no] = uint64(c)<<6 | uint64(k)
			no++
		}
	}
	slices.Sort(other[:no])
	for _, o := range other[:no] {
		c := rune(o >> 6)
		if t.n == 0 || t.keys[t.n-1] != c {
			t.keys[t.n] = c
			t.n++
		}
		t.vals[t.n-1] |= 1 << (o & 63)
	}
	return n
}

// segReader walks the characters of a segment: ? tokens, and the
// characters of each piece of literal text.
type segReader struct {
	tok int    // the next token
	lit string // the rest of the current piece
}

// read returns the next character's key (see charKey), or quest for a ?.
// The caller knows there is one.
func (g *globber) read(r *segReader) (c rune, quest bool) {
	for r.lit == "" {
		r.tok++
		if g.pattern.toks[r.tok-1].kind == tokQuest {
			return 0, true
		}
		r.lit = g.lit(r.tok - 1)
	}
	c, w := charKey(r.lit, g.fold)
	r.lit = r.lit[w:]
	return c, false
}

// charKey returns a number identifying the character at the start of s
// (not empty), and its width. Without fold it is the rune, or for a byte
// that is not valid UTF-8 a number above utf8.MaxRune of its own (the byte
// equals only itself). With fold it is the least rune of the rune's case
// folding orbit (unicode.SimpleFold), so that keys are equal exactly when
// equalFoldRune holds; an invalid byte reads as U+FFFD, as in
// strings.EqualFold.
func charKey(s string, fold bool) (rune, int) {
	if c := s[0]; c < utf8.RuneSelf {
		if fold && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		return rune(c), 1
	}
	r, w := utf8.DecodeRuneInString(s)
	switch {
	case r == utf8.RuneError && w == 1 && !fold:
		return utf8.MaxRune + 1 + rune(s[0]), 1
	case fold:
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least, w
	}
	return r, w
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
// pattern equal to it in that sense matches: a simulation without a
// resource uses "*" (API_SimulateCustomPolicy, ResourceArns), which a
// specific ARN pattern does not match. An ARN value against a pattern with
// fewer than five colons does not match: the component counts differ.
func arnMatch(e *expanded, s string, allStars bool) bool {
	if allStars {
		return true
	}
	var valColons [5]int
	n := 0
	for i := 0; i < len(s) && n < 5; i++ {
		if s[i] == ':' {
			valColons[n] = i
			n++
		}
	}
	if n < 5 {
		return globMatch(e, e.begin(), e.end(), s, false)
	}
	var patColons [5]pos
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
			patColons[m] = pos{j, off + c}
			m++
			off += c + 1
		}
	}
	if m < 5 {
		return false
	}
	from, sFrom := e.begin(), 0
	for k := 0; k < 5; k++ {
		if !globMatch(e, from, patColons[k], s[sFrom:valColons[k]], false) {
			return false
		}
		from, sFrom = e.norm(pos{patColons[k].tok, patColons[k].off + 1}), valColons[k]+1
	}
	return globMatch(e, from, e.end(), s[sFrom:], false)
}
