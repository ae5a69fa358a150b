package pattern

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/iamsim/iamsim/internal/pattern/patterntest"
)

func staticMatch(pattern, s string, mode Mode) bool {
	t := parseTemplate(pattern, mode == Like || mode == ARN, false)
	if mode == ARN {
		t.arn = planARN(&t)
	}
	return matchTemplate(&t, mode, nil, s)
}

func allStrings(alphabet string, maxLen int) []string {
	out := []string{""}
	prev := []string{""}
	for n := 1; n <= maxLen; n++ {
		var next []string
		for _, p := range prev {
			for _, c := range alphabet {
				next = append(next, p+string(c))
			}
		}
		out = append(out, next...)
		prev = next
	}
	return out
}

// TestGlobExhaustive checks the engine against the reference on every
// pattern over {a, b, *, ?} up to 5 characters and every string over {a, b}
// up to 6.
func TestGlobExhaustive(t *testing.T) {
	pats := allStrings("ab*?", 5)
	strs := allStrings("ab", 6)
	n := 0
	for _, p := range pats {
		items := patterntest.Items(p, true)
		for _, s := range strs {
			if got, want := staticMatch(p, s, Like), patterntest.Glob(items, s, false); got != want {
				t.Fatalf("glob %q on %q = %v, reference %v", p, s, got, want)
			}
			n++
		}
	}
	t.Logf("%d pattern/string pairs agree", n)
}

// TestGlobRandom compares engine and reference on random patterns and
// strings with multibyte characters, colons and the characters other glob
// libraries treat specially ([ ] { } \), in every mode.
func TestGlobRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alpha := []string{"a", "b", "A", "é", "É", ":", "/", "[", "]", "{", "}", "\\", "K", "k", "\u212a"} // U+212A KELVIN SIGN folds to k
	word := func(n int, wild bool) string {
		var b strings.Builder
		for range rng.IntN(n + 1) {
			if wild && rng.IntN(4) == 0 {
				b.WriteByte("*?"[rng.IntN(2)])
				continue
			}
			b.WriteString(alpha[rng.IntN(len(alpha))])
		}
		return b.String()
	}
	for range 200000 {
		p, s := word(8, true), word(10, false)
		if got, want := staticMatch(p, s, Like), patterntest.Glob(patterntest.Items(p, true), s, false); got != want {
			t.Fatalf("StringLike %q on %q = %v, reference %v", p, s, got, want)
		}
		q := word(6, false)
		if got, want := staticMatch(q, s, Fold), strings.EqualFold(q, s); got != want {
			t.Fatalf("fold %q vs %q = %v, EqualFold %v", q, s, got, want)
		}
		// Exercise the fold path of the engine too (equality templates with
		// several tokens go through globMatch).
		e := expanded{toks: []token{{kind: tokText, text: q}, {kind: tokText, text: ""}}}
		if got, want := globMatch(&e, e.begin(), e.end(), s, true), strings.EqualFold(q, s); got != want {
			t.Fatalf("globMatch fold %q vs %q = %v, EqualFold %v", q, s, got, want)
		}
	}
}

// TestARNRandom compares the ARN matcher with split-and-compare on random
// ARN-shaped patterns and values.
func TestARNRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	part := func(wild bool) string {
		alpha := "ab:/"
		if !wild {
			alpha = "ab/"
		}
		var b strings.Builder
		if rng.IntN(40) == 0 {
			// A long segment: ? and a, more than a machine word.
			for range 60 + rng.IntN(40) {
				b.WriteString([]string{"?", "a", "é"}[rng.IntN(3)])
			}
			if wild {
				return "*" + strings.ReplaceAll(b.String(), "é", "?") + "*"
			}
			return b.String()
		}
		for range rng.IntN(4) {
			if wild && rng.IntN(3) == 0 {
				b.WriteByte("*?"[rng.IntN(2)])
				continue
			}
			b.WriteByte(alpha[rng.IntN(len(alpha))])
		}
		return b.String()
	}
	arnish := func(wild bool) string {
		n := 3 + rng.IntN(5) // 3..7 components: some are not ARNs
		parts := make([]string, n)
		for i := range parts {
			parts[i] = part(wild && (i > 0 || rng.IntN(2) == 0))
		}
		if rng.IntN(3) > 0 {
			parts[0] = "arn"
		}
		return strings.Join(parts, ":")
	}
	for range 200000 {
		p, s := arnish(true), arnish(false)
		if rng.IntN(50) == 0 {
			p = "*"
		}
		if got, want := staticMatch(p, s, ARN), patterntest.ARN(p, s); got != want {
			t.Fatalf("ARN %q on %q = %v, reference %v", p, s, got, want)
		}
	}
}

// TestTemplateVariablesRandom builds random templates with variables, then
// checks the engine (which never builds the substituted string) against the
// reference run on the substituted pattern with substituted text literal.
func TestTemplateVariablesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	tagVals := []string{"", "a", "*", "?", "a:b", "ab", "é"}
	for iter := range 20000 {
		tags := map[string]string{}
		for i := range 3 {
			if rng.IntN(4) > 0 {
				tags["t"+string(rune('0'+i))] = tagVals[rng.IntN(len(tagVals))]
			}
		}
		r := newRequest(t, "", tags)
		// Pattern pieces: text, wildcard, variable, special.
		var pat strings.Builder
		var ref []rune
		resolvable := true
		for range rng.IntN(7) {
			switch rng.IntN(5) {
			case 0:
				w := []string{"a", "b", ":", "é", "ab"}[rng.IntN(5)]
				pat.WriteString(w)
				ref = append(ref, []rune(w)...)
			case 1:
				c := "*?"[rng.IntN(2)]
				pat.WriteByte(c)
				ref = append(ref, patterntest.Items(string(c), true)...)
			case 2, 3:
				k := "t" + string(rune('0'+rng.IntN(3)))
				def, hasDef := "", rng.IntN(2) == 0
				if hasDef {
					def = []string{"", "d", "*"}[rng.IntN(3)]
					pat.WriteString("${aws:PrincipalTag/" + k + ", '" + def + "'}")
				} else {
					pat.WriteString("${aws:PrincipalTag/" + k + "}")
				}
				v, ok := tags[k]
				switch {
				case ok:
					ref = append(ref, []rune(v)...)
				case hasDef:
					ref = append(ref, []rune(def)...)
				default:
					resolvable = false
				}
			case 4:
				c := []string{"*", "?", "$"}[rng.IntN(3)]
				pat.WriteString("${" + c + "}")
				ref = append(ref, []rune(c)...)
			}
		}
		s := []string{"", "a", "ab", "a:b", "*", "?", "aé", "d", "a*b", "ba"}[rng.IntN(10)]
		if rng.IntN(2) == 0 {
			s += []string{"a", "b", "*", ":"}[rng.IntN(4)]
		}
		tpl := parseTemplate(pat.String(), true, true)
		got := matchTemplate(&tpl, Like, r, s)
		want := resolvable && patterntest.Glob(ref, s, false)
		if got != want {
			t.Fatalf("iter %d: %q with tags %v on %q = %v, reference %v", iter, pat.String(), tags, s, got, want)
		}
	}
}

// TestPathologicalPatterns: patterns that make backtracking matchers
// super-linear match here in time linear in the input (TestGlobLinearWork
// counts the work); the assertions are on results.
func TestPathologicalPatterns(t *testing.T) {
	const n = 100000
	as := strings.Repeat("a", n)
	cases := []struct {
		pattern, input string
		want           bool
	}{
		{"*a*a*a*a*a*a*b", as, false},
		{"*a*a*a*a*a*a*b", as + "b", true},
		{strings.Repeat("*a", 40) + "*b", as, false},
		{"x*a?a*a?a*a?a*a?a*a?a*a?a*b*y", "x" + as + "y", false},
		{"x*a?a*a?a*a?a*a?a*a?a*a?a*b*y", "x" + as + "by", true},
		{"*" + strings.Repeat("a", 60) + "b", as, false},
		{strings.Repeat("?", 50) + "*" + strings.Repeat("?*", 50) + "c", as, false},
		{strings.Repeat("*?", 200), as, true},
		{"*" + strings.Repeat("?a", 200) + "b", as, false},
		{"*" + strings.Repeat("?a", 200) + "b*", as, false},
		{"*" + strings.Repeat("?a", 200) + "b*", as + "b", true},
		{"*" + strings.Repeat("?a", n/4) + "b", as, false},
		{"*" + strings.Repeat("?a", n/4) + "b", as + "b", true},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%.40q on %d bytes", tc.pattern, len(tc.input)), func(t *testing.T) {
			t.Parallel()
			if got := staticMatch(tc.pattern, tc.input, Like); got != tc.want {
				t.Errorf("StringLike = %v, want %v", got, tc.want)
			}
		})
	}
	// The same through ARN and Resource matching, and with a variable.
	p, err := CompileResource("arn:aws:s3:::"+strings.Repeat("*a", 30)+"*${aws:PrincipalTag/x}", true)
	if err != nil {
		t.Fatal(err)
	}
	r := newRequest(t, testUser, map[string]string{"x": "b"})
	if ok, _ := p.Match(r, "arn:aws:s3:::"+as); ok {
		t.Error("pathological resource matched")
	}
	if ok, _ := p.Match(r, "arn:aws:s3:::"+as+"b"); !ok {
		t.Error("pathological resource did not match")
	}
	a, _ := CompileAction("s3:" + strings.Repeat("*a", 30) + "*b")
	if a.Match("s3:" + as) {
		t.Error("pathological action matched")
	}
}

func TestEqualFoldRune(t *testing.T) {
	for a := rune(0); a < 0x600; a++ {
		for _, b := range []rune{a, a + 1, a - 1, a + 32, a - 32, 'k', 'K', '\u212a', 's', 'S', '\u017f'} {
			if b < 0 || !utf8.ValidRune(b) {
				continue
			}
			if got, want := equalFoldRune(a, b), strings.EqualFold(string(a), string(b)); got != want {
				t.Fatalf("equalFoldRune(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

func TestParseTemplate(t *testing.T) {
	// reference_policies_variables.md: syntax of ${key}, defaults, specials.
	cases := []struct {
		in   string
		vars []string
		toks int
	}{
		{"${aws:username}", []string{"aws:username"}, 1},
		{"a${aws:username}b", []string{"aws:username"}, 3},
		{"${aws:PrincipalTag/team, 'company-wide'}", []string{"aws:PrincipalTag/team"}, 1},
		{"${aws:PrincipalTag/my tag}", []string{"aws:PrincipalTag/my tag"}, 1},
		{"${*}${?}${$}", nil, 1},
		{"${", nil, 1},
		{"${a", nil, 1},
		{"${a${b}}", []string{"b"}, 3}, // the outer ${ is malformed, literal; the inner one is a variable
		{"${a,'x'", nil, 1},
		{"${a, 'x' y}", nil, 1},
		{"${ }", nil, 1},
		{"", nil, 0},
		{"**a**", nil, 3},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			t.Parallel()
			tpl := parseTemplate(tc.in, true, true)
			if !slices.Equal(tpl.vars, tc.vars) || len(tpl.toks) != tc.toks {
				t.Errorf("vars %q toks %d, want %q %d", tpl.vars, len(tpl.toks), tc.vars, tc.toks)
			}
		})
	}
	// Without variables, everything is text.
	if tpl := parseTemplate("${aws:username}", false, false); tpl.literal != "${aws:username}" || !tpl.isStatic {
		t.Errorf("no-variables template = %+v", tpl)
	}
}

// TestARNPlanRandom checks the compiled ARN plan (planARN) against the
// general matcher (arnMatch) on random ARN-shaped patterns, with wildcards
// and policy variables (whose values may hold colons), and values.
func TestARNPlanRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	tagVals := []string{"", "a", "a:b", "*", "b/a"}
	long := strings.Repeat("?a", 40) // a segment longer than a machine word
	pieces := []string{"a", "b", ":", "/", "*", "?", "ab", "${aws:PrincipalTag/t0}", "${aws:PrincipalTag/t1, 'a:'}", "${*}", long}
	values := []string{"a", "b", ":", "/", "ab", "é", "*"}
	planned, plannedTrue := 0, 0
	for iter := range 100000 {
		tags := map[string]string{}
		for i := range 2 {
			if rng.IntN(3) > 0 {
				tags["t"+string(rune('0'+i))] = tagVals[rng.IntN(len(tagVals))]
			}
		}
		// The value is either random or built along the pattern (wildcards
		// replaced by text, variables by their values), so that many match.
		var pat, val strings.Builder
		along := rng.IntN(2) == 0
		if rng.IntN(2) == 0 {
			pre := []string{"arn:aws:s3:::", "arn:aws:ec2:*:1:", "arn:aws:iam::1:", "a:b:c:d:e:"}[rng.IntN(4)]
			pat.WriteString(pre)
			if along {
				val.WriteString(strings.ReplaceAll(pre, "*", "x"))
			}
		}
		for range rng.IntN(8) {
			pc := pieces[rng.IntN(len(pieces))]
			pat.WriteString(pc)
			if !along {
				continue
			}
			switch pc {
			case "*":
				for range rng.IntN(3) {
					val.WriteString(values[rng.IntN(len(values))])
				}
			case "?":
				val.WriteString("b")
			case "${aws:PrincipalTag/t0}":
				val.WriteString(tags["t0"])
			case "${aws:PrincipalTag/t1, 'a:'}":
				if v, ok := tags["t1"]; ok {
					val.WriteString(v)
				} else {
					val.WriteString("a:")
				}
			case "${*}":
				val.WriteString("*")
			case long:
				val.WriteString(strings.Repeat("éa", 40))
			default:
				val.WriteString(pc)
			}
		}
		if !along {
			if rng.IntN(2) == 0 {
				val.WriteString([]string{"arn:aws:s3:::", "arn:aws:ec2:x:1:", "arn:aws:iam::1:", "a:b:c:d:e:"}[rng.IntN(4)])
			}
			for range rng.IntN(8) {
				val.WriteString(values[rng.IntN(len(values))])
			}
		}
		r := newRequest(t, "", tags)
		vars := rng.IntN(4) > 0
		tpl := parseTemplate(pat.String(), true, vars)
		want := matchTemplate(&tpl, ARN, r, val.String())
		if pat.Len() > 0 {
			rp, err := CompileResource(pat.String(), vars)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := rp.Match(r, val.String()); got != want {
				t.Fatalf("iter %d: Resource %q with tags %v on %q = %v, general %v", iter, pat.String(), tags, val.String(), got, want)
			}
		}
		if tpl.arn = planARN(&tpl); tpl.arn != nil {
			planned++
		}
		if want && tpl.arn != nil {
			plannedTrue++
		}
		if got := matchTemplate(&tpl, ARN, r, val.String()); got != want {
			t.Fatalf("iter %d: %q with tags %v on %q: planned %v, general %v", iter, pat.String(), tags, val.String(), got, want)
		}
	}
	t.Logf("%d planned, %d matching", planned, plannedTrue)
	if planned < 10000 || plannedTrue < 500 {
		t.Fatalf("only %d planned patterns, %d matching", planned, plannedTrue)
	}
}

// refChars cuts s into characters as the engine reads them: a valid UTF-8
// sequence, or a single byte that is not one.
func refChars(s string) []string {
	var out []string
	for len(s) > 0 {
		_, w := utf8.DecodeRuneInString(s)
		out = append(out, s[:w])
		s = s[w:]
	}
	return out
}

// refTokGlob is the reference for a token list with its variables'
// values: each piece of literal text is cut into characters on its own
// (refChars), a character without fold equals only the same bytes, and with
// fold compares as strings.EqualFold does (a byte that is not UTF-8 reads as
// U+FFFD). It fills a one-row table: cur[j] says items[:i] match the input's
// first j characters.
func refTokGlob(toks []token, vals []string, s string, fold bool) bool {
	type item struct {
		kind tokKind // tokText for a literal character
		c    string
	}
	var items []item
	for _, tk := range toks {
		switch tk.kind {
		case tokStar, tokQuest:
			items = append(items, item{kind: tk.kind})
		default:
			text := tk.text
			if tk.kind == tokVar {
				text = vals[tk.variable.index]
			}
			for _, c := range refChars(text) {
				items = append(items, item{kind: tokText, c: c})
			}
		}
	}
	cs := refChars(s)
	cur := make([]bool, len(cs)+1)
	next := make([]bool, len(cs)+1)
	cur[0] = true
	for _, it := range items {
		for j := range next {
			switch {
			case it.kind == tokStar:
				next[j] = cur[j] || (j > 0 && next[j-1])
			case j == 0:
				next[j] = false
			case it.kind == tokQuest:
				next[j] = cur[j-1]
			case fold:
				next[j] = cur[j-1] && strings.EqualFold(it.c, cs[j-1])
			default:
				next[j] = cur[j-1] && it.c == cs[j-1]
			}
		}
		cur, next = next, cur
	}
	return cur[len(cs)]
}

// globChars are the characters of the random token patterns: case pairs
// (K, k and the Kelvin sign fold together; s, S and long s), multibyte
// characters, U+FFFD, and bytes that are not UTF-8, including the first
// bytes of "€" on their own.
var globChars = []string{"a", "a", "a", "b", "A", "K", "k", "\u212a", "s", "\u017f", "é", "É", "€", "\ufffd", "\xff", "\xe2", "\x82", "\xe2\x82", ":", "*", "?"}

// randGlobCase builds a random pattern as tokens (text, ?, *, and variables
// with values), the variables' values, and an input: built along the
// pattern (so that many match) and then sometimes mutated, or random.
// Segments are short or long runs of ? and literal text, up to a few
// hundred characters, so that both one-word and multi-word shift-and run;
// with big, stars take up to a thousand characters, so that a long segment
// is searched over several windows.
func randGlobCase(rng *rand.Rand, fold, big bool) (toks []token, vals []string, s string) {
	var in strings.Builder
	char := func() string { return globChars[rng.IntN(len(globChars))] }
	variant := func(c string) string { // another character equal under fold
		if !fold {
			return c
		}
		switch c {
		case "k", "K", "\u212a":
			return []string{"k", "K", "\u212a"}[rng.IntN(3)]
		case "s", "\u017f":
			return []string{"s", "S", "\u017f"}[rng.IntN(3)]
		case "a", "A":
			return []string{"a", "A"}[rng.IntN(2)]
		case "é", "É":
			return []string{"é", "É"}[rng.IntN(2)]
		case "\xff", "\ufffd":
			return []string{"\xff", "\ufffd", "\xfe"}[rng.IntN(3)]
		}
		return c
	}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			c := char()
			b.WriteString(c)
			in.WriteString(variant(c))
		}
		return b.String()
	}
	quest := func() {
		toks = append(toks, token{kind: tokQuest})
		in.WriteString(char())
	}
	long := big || rng.IntN(3) == 0
	for seg := range 1 + rng.IntN(4) {
		if seg > 0 || rng.IntN(2) == 0 {
			toks = append(toks, token{kind: tokStar})
			gap := rng.IntN(4)
			if big {
				gap = rng.IntN(1000)
			}
			for range gap {
				in.WriteString(char())
			}
		}
		n := rng.IntN(4)
		if long && rng.IntN(2) == 0 {
			n = 20 + rng.IntN(120)
		}
		for range n {
			switch rng.IntN(6) {
			case 0, 1, 2:
				quest()
			case 3, 4:
				toks = append(toks, token{kind: tokText, text: text(1 + rng.IntN(3))})
			case 5:
				v := text(rng.IntN(3))
				toks = append(toks, token{kind: tokVar, variable: &varInfo{index: len(vals)}})
				vals = append(vals, v)
			}
		}
	}
	if rng.IntN(3) == 0 {
		toks = append(toks, token{kind: tokStar})
		for range rng.IntN(3) {
			in.WriteString(char())
		}
	}
	s = in.String()
	cs := refChars(s)
	switch rng.IntN(4) {
	case 0: // random input
		var b strings.Builder
		for range rng.IntN(2 * (len(cs) + 2)) {
			b.WriteString(char())
		}
		s = b.String()
	case 1: // one character changed, inserted or removed
		k := rng.IntN(len(cs) + 1)
		switch {
		case rng.IntN(3) == 0:
			cs = slices.Insert(cs, k, char())
		case k < len(cs) && rng.IntN(2) == 0:
			cs[k] = char()
		case k < len(cs):
			cs = slices.Delete(cs, k, k+1)
		}
		s = strings.Join(cs, "")
	}
	return toks, vals, s
}

// globWork runs the engine on the pattern [from, to) and returns its
// answer and the work it counted.
func globWork(e *expanded, from, to pos, s string, fold bool) (bool, int) {
	g := globber{pattern: e, from: from, to: to, fold: fold}
	ok := g.match(s)
	return ok, g.work
}

// globShiftAnd is globMatch with the middle segments that are not plain
// text searched by shift-and only (no direct tries).
func globShiftAnd(e *expanded, from, to pos, s string, fold bool) bool {
	g := globber{pattern: e, from: from, to: to, fold: fold, noTries: true}
	return g.match(s)
}

// longestSegment is the length in characters of the longest run of
// pattern characters between stars, and the pattern's length in bytes.
func longestSegment(toks []token, vals []string) (m, size int) {
	n := 0
	for _, tk := range toks {
		switch tk.kind {
		case tokStar:
			n = 0
			size++
		case tokQuest:
			n++
			size++
		default:
			t := tk.text
			if tk.kind == tokVar {
				t = vals[tk.variable.index]
			}
			n += utf8.RuneCountInString(t)
			size += len(t)
		}
		m = max(m, n)
	}
	return m, size
}

// workBound is the work a match may count: a few passes over the input
// and the pattern per 64 characters of the longest segment. A matcher that
// retried each start place of a segment would exceed it on long inputs.
func workBound(toks []token, vals []string, s string) int {
	m, size := longestSegment(toks, vals)
	return 4 * (len(s) + size + 1) * ((m + 63) / 64)
}

// TestGlobTokensRandom checks the engine against refTokGlob on random
// token patterns with variables, long ? segments, multibyte characters and
// bytes that are not UTF-8, with and without fold, on the whole pattern and
// on a random part of it (as arnMatch uses it), also with shift-and alone
// for the middle segments, and bounds the work each match counts. One case
// in fifty has inputs of thousands of characters.
func TestGlobTokensRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	iters := 60000
	if testing.Short() {
		iters = 10000
	}
	matched := 0
	for iter := range iters {
		fold := rng.IntN(3) == 0
		big := iter%50 == 0
		toks, vals, s := randGlobCase(rng, fold, big)
		e := expanded{toks: toks, vals: vals}
		from, to := e.begin(), e.end()
		sub := toks
		if rng.IntN(4) == 0 && len(toks) > 0 {
			// A part of the pattern: from the start of a token to a
			// character boundary inside a later literal token, or to
			// the start of a token.
			a := rng.IntN(len(toks))
			b := a + rng.IntN(len(toks)-a)
			from = e.norm(pos{a, 0})
			sub = slices.Clone(toks[a : b+1])
			to = pos{b + 1, 0}
			if k := toks[b].kind; k == tokText || k == tokVar {
				txt := e.text(b)
				cut := 0
				if cs := refChars(txt); len(cs) > 0 {
					cut = len(strings.Join(cs[:rng.IntN(len(cs))], ""))
				}
				to = pos{b, cut}
				last := toks[b]
				if k == tokVar {
					last = token{kind: tokText}
				}
				last.text = txt[:cut]
				sub[len(sub)-1] = last
			}
			to = e.norm(to)
			if to.tok < from.tok || (to.tok == from.tok && to.off < from.off) {
				continue
			}
		}
		got, work := globWork(&e, from, to, s, fold)
		if want := refTokGlob(sub, vals, s, fold); got != want {
			t.Fatalf("iter %d: %s fold=%v on %q = %v, reference %v", iter, showToks(sub, vals), fold, s, got, want)
		}
		if got {
			matched++
		}
		if bound := workBound(sub, vals, s); work > bound {
			t.Fatalf("iter %d: %s on %d bytes: work %d, bound %d", iter, showToks(sub, vals), len(s), work, bound)
		}
		if globMatch(&e, from, to, s, fold) != got {
			t.Fatalf("iter %d: globMatch and globWork disagree", iter)
		}
		if globShiftAnd(&e, from, to, s, fold) != got {
			t.Fatalf("iter %d: %s fold=%v on %q: %v, but %v by shift-and alone", iter, showToks(sub, vals), fold, s, got, !got)
		}
	}
	t.Logf("%d of %d matched", matched, iters)
	if matched < iters/10 {
		t.Fatalf("only %d of %d matched: the generator should build more matching inputs", matched, iters)
	}
}

func showToks(toks []token, vals []string) string {
	var b strings.Builder
	for _, tk := range toks {
		switch tk.kind {
		case tokStar:
			b.WriteString("*")
		case tokQuest:
			b.WriteString("?")
		case tokVar:
			fmt.Fprintf(&b, "${%q}", vals[tk.variable.index])
		default:
			fmt.Fprintf(&b, "%q", tk.text)
		}
	}
	return b.String()
}

// TestGlobLinearWork counts the engine's work (characters and bytes
// examined) on adversarial patterns at doubling input sizes: it must grow
// linearly, also on ? segments that grow with the input, where a matcher
// that re-scans a segment from every start place is quadratic.
func TestGlobLinearWork(t *testing.T) {
	qa := func(k int) string { return strings.Repeat("?a", k) }
	cases := []struct {
		name    string
		pattern func(n int) string
		input   func(n int) string
		fold    bool
		want    bool
	}{
		{"star-a-b", func(int) string { return "*a*a*a*a*a*a*b" }, nil, false, false},
		{"star-a-b-open", func(int) string { return "*a*a*a*a*a*a*b*" }, nil, false, false},
		{"question-end, pattern grows", func(n int) string { return "*" + qa(n/4) + "b" }, nil, false, false},
		{"question-open-32", func(int) string { return "*" + qa(32) + "b*" }, nil, false, false},
		{"question-open-20", func(int) string { return "*" + qa(20) + "b*" }, nil, false, false},
		{"question-open-200", func(int) string { return "*" + strings.Repeat("?", 200) + "b*" }, nil, false, false},
		{"question-open-fold", func(int) string { return "*" + qa(40) + "B*" }, nil, true, false},
		{"question-middle-match", func(int) string { return "x*" + qa(50) + "b*y" }, func(n int) string { return "x" + strings.Repeat("a", n) + "by" }, false, true},
		{"question-end-match", func(n int) string { return "*" + qa(n/4) + "b" }, func(n int) string { return strings.Repeat("a", n) + "b" }, false, true},
		{"question-start-match", func(n int) string { return qa(n/2) + "*b" }, func(n int) string { return strings.Repeat("a", n) + "b" }, false, true},
		{"many-segments", func(n int) string { return "*" + strings.Repeat(qa(8)+"b*", n/201) }, func(n int) string { return strings.Repeat(strings.Repeat("a", 200)+"b", n/201) }, false, true},
		{"interleaved", func(int) string { return "x*a?a*a?a*a?a*a?a*a?a*a?a*b*y" }, func(n int) string { return "x" + strings.Repeat("a", n) + "y" }, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := tc.input
			if in == nil {
				in = func(n int) string { return strings.Repeat("a", n) }
			}
			var prev int
			for n := 1000; n <= 64000; n *= 2 {
				tpl := parseTemplate(tc.pattern(n), true, false)
				e := expanded{toks: tpl.toks}
				s := in(n)
				got, work := globWork(&e, e.begin(), e.end(), s, tc.fold)
				if got != tc.want {
					t.Fatalf("n=%d: %v, want %v", n, got, tc.want)
				}
				if bound := workBound(tpl.toks, nil, s); work > bound {
					t.Errorf("n=%d: work %d, bound %d", n, work, bound)
				}
				if prev > 0 && float64(work) > 2.2*float64(prev) {
					t.Errorf("work %d at n=%d, %d at n=%d: more than linear", prev, n/2, work, n)
				}
				if n == 64000 {
					t.Logf("n=%d: work %d (%.2f per input byte)", n, work, float64(work)/float64(len(s)))
				}
				prev = work
			}
		})
	}
}

// TestGlobLongSegmentsRandom: one long middle segment of ? and a, b (65 to
// 300 characters) in inputs of up to 3,000 characters over a, b and é,
// often holding the segment at a random place: the search window by window
// (searchLong) against the reference.
func TestGlobLongSegmentsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	iters := 2000
	if testing.Short() {
		iters = 200
	}
	found := 0
	for iter := range iters {
		var seg, inst strings.Builder
		for range 65 + rng.IntN(236) {
			switch rng.IntN(5) {
			case 0, 1:
				seg.WriteByte('?')
				inst.WriteString([]string{"a", "b", "é"}[rng.IntN(3)])
			default:
				c := "ab"[rng.IntN(2)]
				seg.WriteByte(c)
				inst.WriteByte(c)
			}
		}
		var in strings.Builder
		n := 600 + rng.IntN(2400)
		at := -1
		if rng.IntN(2) == 0 {
			at = rng.IntN(n)
		}
		for k := range n {
			if k == at {
				w := inst.String()
				if rng.IntN(3) == 0 { // spoil it somewhere
					cs := refChars(w)
					cs[rng.IntN(len(cs))] = "é"
					w = strings.Join(cs, "")
				}
				in.WriteString(w)
			}
			in.WriteString([]string{"a", "b", "é"}[rng.IntN(3)])
		}
		pattern := "x*" + seg.String() + "*"
		s := "x" + in.String()
		tpl := parseTemplate(pattern, true, false)
		e := expanded{toks: tpl.toks}
		got, work := globWork(&e, e.begin(), e.end(), s, false)
		if want := refTokGlob(tpl.toks, nil, s, false); got != want {
			t.Fatalf("iter %d: %q on %q = %v, reference %v", iter, pattern, s, got, want)
		}
		if got {
			found++
		}
		if globShiftAnd(&e, e.begin(), e.end(), s, false) != got {
			t.Fatalf("iter %d: %q on %q: %v, but %v by shift-and alone", iter, pattern, s, got, !got)
		}
		if bound := workBound(tpl.toks, nil, s); work > bound {
			t.Fatalf("iter %d: %q on %d bytes: work %d, bound %d", iter, pattern, len(s), work, bound)
		}
	}
	t.Logf("%d of %d matched", found, iters)
}

// TestGlobAllocs: every path of the matcher (literal search, direct tries,
// one-word and multi-word shift-and, fold, backwards matching) allocates
// nothing.
func TestGlobAllocs(t *testing.T) {
	as := strings.Repeat("aé", 2000)
	cases := []struct {
		pattern, s string
		fold       bool
	}{
		{"*a*a*b", as, false},
		{"*" + strings.Repeat("?a", 20) + "b*", as, false},
		{"*" + strings.Repeat("?a", 20) + "é*", as, true},
		{"*" + strings.Repeat("?é", 100) + "b*", as, false},
		{"*" + strings.Repeat("?É", 100) + "b*", as, true},
		{"*" + strings.Repeat("?a", 100) + "b", as, true},
		{"a?" + strings.Repeat("?a", 100) + "*", as, false},
	}
	// Not in parallel: AllocsPerRun counts the whole process's allocations.
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%.30q fold=%v", tc.pattern, tc.fold), func(t *testing.T) {
			tpl := parseTemplate(tc.pattern, true, false)
			e := expanded{toks: tpl.toks}
			if n := testing.AllocsPerRun(20, func() { globMatch(&e, e.begin(), e.end(), tc.s, tc.fold) }); n != 0 {
				t.Errorf("%v allocations", n)
			}
		})
	}
}

// TestResourceShortcutsInvalidUTF8: the literal and literal* shortcuts of
// Resource patterns answer as the general matcher does, which counts an
// invalid byte as one character: "\xe2*" does not match "€" (E2 82 AC).
func TestResourceShortcutsInvalidUTF8(t *testing.T) {
	for _, tc := range []struct {
		pattern, resource string
		want              bool
	}{
		{"arn:aws:s3:::\xe2*", "arn:aws:s3:::€", false},
		{"arn:aws:s3:::\xe2*", "arn:aws:s3:::\xe2x", true},
		{"arn:aws:s3:::b/\xe2*", "arn:aws:s3:::b/€", false},
		{"arn:aws:s3:::b/€*", "arn:aws:s3:::b/€x", true},
		{"arn:aws:s3:::\xe2?", "arn:aws:s3:::€", false},
		{"arn:aws:s3:::\xe2??", "arn:aws:s3:::€", false},
	} {
		t.Run(fmt.Sprintf("%q on %q", tc.pattern, tc.resource), func(t *testing.T) {
			t.Parallel()
			p, err := CompileResource(tc.pattern, false)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := p.Match(nil, tc.resource)
			if got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if ok, fast := p.MatchFast(tc.resource); fast && ok != tc.want {
				t.Errorf("MatchFast says %v, want %v", ok, tc.want)
			}
		})
	}
}
