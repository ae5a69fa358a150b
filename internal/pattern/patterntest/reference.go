package patterntest

import "strings"

// An item is a literal rune, or Star for * and Quest for ?.
const (
	Star  = -1
	Quest = -2
)

// Items returns the items of pattern: with wildcards, * and ? are Star and
// Quest; without, every character is literal.
func Items(pattern string, wildcards bool) []rune {
	var out []rune
	for _, r := range pattern {
		switch {
		case wildcards && r == '*':
			out = append(out, Star)
		case wildcards && r == '?':
			out = append(out, Quest)
		default:
			out = append(out, r)
		}
	}
	return out
}

// Glob reports whether items match all of s; with fold, literal characters
// compare under Unicode case folding.
func Glob(items []rune, s string, fold bool) bool {
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
			case it == Star:
				m[i][j] = m[i+1][j] || (j < len(rs) && m[i][j+1])
			case j == len(rs):
				m[i][j] = false
			case it == Quest:
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

// ARN is component-wise matching by the book
// (reference_policies_elements_condition_operators.md#Conditions_ARN): split
// both at their first five colons and compare each component on its own. A
// pattern of stars matches everything; a value with fewer than five colons
// is matched as a whole string.
func ARN(pattern, s string) bool {
	items := Items(pattern, true)
	allStars := len(items) > 0
	for _, it := range items {
		if it != Star {
			allStars = false
		}
	}
	if allStars {
		return true
	}
	sp := strings.SplitN(s, ":", 6)
	if len(sp) < 6 {
		return Glob(items, s, false)
	}
	pp := strings.SplitN(pattern, ":", 6)
	if len(pp) < 6 {
		return false
	}
	for k := range 6 {
		if !Glob(Items(pp[k], true), sp[k], false) {
			return false
		}
	}
	return true
}

// Small bounds the inputs given to the reference, whose table is
// len(pattern)·len(s) cells.
func Small(pattern, s string) bool { return len(pattern)*len(s) <= 1<<16 }
