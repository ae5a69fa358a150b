package condition

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// The reference matcher: a deliberately naive dynamic program over
// characters, written for clarity, against which the engine is checked.
// An item is a literal rune, or -1 for * and -2 for ?.
const (
	refStar  = -1
	refQuest = -2
)

func refItems(pattern string, wildcards bool) []rune {
	var out []rune
	for _, r := range pattern {
		switch {
		case wildcards && r == '*':
			out = append(out, refStar)
		case wildcards && r == '?':
			out = append(out, refQuest)
		default:
			out = append(out, r)
		}
	}
	return out
}

func refGlob(items []rune, s string, fold bool) bool {
	rs := []rune(s)
	// m[i][j]: items[i:] matches rs[j:].
	m := make([][]bool, len(items)+1)
	for i := range m {
		m[i] = make([]bool, len(rs)+1)
	}
	m[len(items)][len(rs)] = true
	for i := len(items) - 1; i >= 0; i-- {
		for j := len(rs); j >= 0; j-- {
			switch it := items[i]; {
			case it == refStar:
				m[i][j] = m[i+1][j] || (j < len(rs) && m[i][j+1])
			case j == len(rs):
				m[i][j] = false
			case it == refQuest:
				m[i][j] = m[i+1][j+1]
			case fold:
				m[i][j] = strings.EqualFold(string(it), string(rs[j])) && m[i+1][j+1]
			default:
				m[i][j] = it == rs[j] && m[i+1][j+1]
			}
		}
	}
	return m[0][0]
}

// refARN is component-wise matching by the book: split both at their first
// five colons and compare each component on its own.
func refARN(pattern, s string) bool {
	items := refItems(pattern, true)
	allStars := len(items) > 0
	for _, it := range items {
		if it != refStar {
			allStars = false
		}
	}
	if allStars {
		return true
	}
	sp := strings.SplitN(s, ":", 6)
	if len(sp) < 6 {
		return refGlob(items, s, false)
	}
	pp := strings.SplitN(pattern, ":", 6)
	if len(pp) < 6 {
		return false
	}
	for k := range 6 {
		if !refGlob(refItems(pp[k], true), sp[k], false) {
			return false
		}
	}
	return true
}

func staticMatch(pattern, s string, mode matchMode) bool {
	t := parseTemplate(pattern, mode == modeLike || mode == modeARN, false)
	if mode == modeARN {
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
		items := refItems(p, true)
		for _, s := range strs {
			if got, want := staticMatch(p, s, modeLike), refGlob(items, s, false); got != want {
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
		if got, want := staticMatch(p, s, modeLike), refGlob(refItems(p, true), s, false); got != want {
			t.Fatalf("StringLike %q on %q = %v, reference %v", p, s, got, want)
		}
		q := word(6, false)
		if got, want := staticMatch(q, s, modeFold), strings.EqualFold(q, s); got != want {
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
		if got, want := staticMatch(p, s, modeARN), refARN(p, s); got != want {
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
				ref = append(ref, refItems(string(c), true)...)
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
		got := matchTemplate(&tpl, modeLike, r, s)
		want := resolvable && refGlob(ref, s, false)
		if got != want {
			t.Fatalf("iter %d: %q with tags %v on %q = %v, reference %v", iter, pat.String(), tags, s, got, want)
		}
	}
}

// TestPathologicalPatterns: patterns that make backtracking matchers
// exponential (and gobwas/glob super-linear) stay polynomial here. Each
// call walks at most len(pattern)·len(input) steps; the assertions are on
// results, and the test would time out long before an exponential search
// finished.
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
	}
	for _, tc := range cases {
		if got := staticMatch(tc.pattern, tc.input, modeLike); got != tc.want {
			t.Errorf("StringLike %.40q… on %d bytes = %v, want %v", tc.pattern, len(tc.input), got, tc.want)
		}
	}
	// The same through ARN and Resource matching, and with a variable.
	p, err := CompileResource("arn:aws:s3:::"+strings.Repeat("*a", 30)+"*${aws:PrincipalTag/x}", Options{Variables: true})
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
		tpl := parseTemplate(tc.in, true, true)
		if len(tpl.vars) != len(tc.vars) || len(tpl.toks) != tc.toks {
			t.Errorf("parseTemplate(%q): vars %q toks %d, want %q %d", tc.in, tpl.vars, len(tpl.toks), tc.vars, tc.toks)
			continue
		}
		for i := range tc.vars {
			if tpl.vars[i] != tc.vars[i] {
				t.Errorf("parseTemplate(%q): vars %q, want %q", tc.in, tpl.vars, tc.vars)
			}
		}
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
	pieces := []string{"a", "b", ":", "/", "*", "?", "ab", "${aws:PrincipalTag/t0}", "${aws:PrincipalTag/t1, 'a:'}", "${*}"}
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
		want := matchTemplate(&tpl, modeARN, r, val.String())
		if pat.Len() > 0 {
			rp, err := CompileResource(pat.String(), Options{Variables: vars})
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
		if got := matchTemplate(&tpl, modeARN, r, val.String()); got != want {
			t.Fatalf("iter %d: %q with tags %v on %q: planned %v, general %v", iter, pat.String(), tags, val.String(), got, want)
		}
	}
	t.Logf("%d planned, %d matching", planned, plannedTrue)
	if planned < 10000 || plannedTrue < 500 {
		t.Fatalf("only %d planned patterns, %d matching", planned, plannedTrue)
	}
}
