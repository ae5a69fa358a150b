package pattern

import (
	"slices"
	"strings"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/grammar"
	"github.com/iamsim/iamsim/internal/reqcore"
	"github.com/iamsim/iamsim/internal/reqview"
)

// A template is one compiled policy value or pattern: literal text, the
// wildcards * and ?, and policy variables, in order. It is parsed once, at
// compile time; matching resolves its variables against the request without
// building strings (see expanded and glob.go).
type template struct {
	toks []token
	// vars are the variable tokens' keys as written, in order (with
	// duplicates); ContextKeys and Variables report them.
	vars []string
	// numVars is the number of tokVar tokens.
	numVars int
	// hasWildcard reports a * or ? token.
	hasWildcard bool
	// allStars reports a pattern made only of * tokens ("*", "**").
	allStars bool
	// literal is the whole value when the template is plain text: no
	// wildcard and no variable.
	literal  string
	isStatic bool
	// arn is the ARN plan of a Resource or ARN condition value (nil for
	// other values, and for ARN patterns left to arnMatch).
	arn *arnPlan
}

type tokKind uint8

const (
	tokText  tokKind = iota // literal text
	tokStar                 // * : any sequence of characters
	tokQuest                // ? : exactly one character
	tokVar                  // ${key} or ${key, 'default'}
)

type token struct {
	kind tokKind
	// text is the literal text of a tokText token, or the default value of
	// a tokVar token.
	text string
	// variable describes a tokVar token (nil for the others, which are
	// most).
	variable *varInfo
}

// varInfo is the rest of a tokVar token.
type varInfo struct {
	// key is the context key lower-cased and hashed, to look up in
	// requests; name is the key as written.
	key        reqcore.Key
	name       string
	hasDefault bool
	// index numbers the tokVar tokens of a template from 0.
	index int
}

// parseTemplate reads s. With wildcards, * and ? are wildcards (StringLike,
// ArnLike, Resource, Action); otherwise they are ordinary characters. With
// variables (policy Version 2012-10-17), ${...} is a policy variable
// (reference_policies_variables.md); without, it is literal text, as the
// Version 2008-10-17 language has no variables ("variables like
// ${aws:username} are treated as literal strings in the policy",
// reference_policies_variables.md#policy-vars-using-variables).
//
// Variable syntax, from reference_policies_variables.md:
//   - ${key}: the value of a context key; key names are case-insensitive.
//   - ${key, 'default'}: the default when the key has no value
//     (#policy-vars-default-values; the page writes ", " between the key and
//     the quoted default; any spaces around the comma are accepted).
//   - ${*}, ${?}, ${$}: a literal *, ? or $ (#policy-vars-specialchars); a
//     star or question mark so produced is never a wildcard.
//
// A "${" that does not open a well-formed variable (no closing brace, an
// empty key, an unquoted default, a key with one of $ { ' * ?) is literal
// text: the docs give no error for it, and reading it literally keeps such a
// value matching exactly what is written.
func parseTemplate(s string, wildcards, variables bool) template {
	if !variables || !strings.Contains(s, "${") {
		return parsePlain(s, wildcards)
	}
	var t template
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.toks = append(t.toks, token{kind: tokText, text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case wildcards && c == '*':
			flush()
			if n := len(t.toks); n == 0 || t.toks[n-1].kind != tokStar { // ** is *
				t.toks = append(t.toks, token{kind: tokStar})
			}
			i++
			continue
		case wildcards && c == '?':
			flush()
			t.toks = append(t.toks, token{kind: tokQuest})
			i++
			continue
		case variables && c == '$' && i+1 < len(s) && s[i+1] == '{':
			if v, n, ok := parseVariable(s[i+2:]); ok {
				if v.kind == tokText { // ${*} ${?} ${$}
					lit.WriteString(v.text)
				} else {
					flush()
					v.variable.index = t.numVars
					t.numVars++
					t.vars = append(t.vars, v.variable.name)
					t.toks = append(t.toks, v)
				}
				i += 2 + n
				continue
			}
		}
		lit.WriteByte(c)
		i++
	}
	flush()
	t.finish()
	return t
}

// parsePlain is parseTemplate for a value without variables: its text
// tokens are slices of s (no copy), in a token slice of the exact size.
func parsePlain(s string, wildcards bool) template {
	var t template
	if !wildcards || !strings.ContainsAny(s, "*?") {
		if s != "" {
			t.toks = []token{{kind: tokText, text: s}}
		}
		t.finish()
		return t
	}
	n, prevStar := 0, false
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '*':
			if !prevStar {
				n++
			}
			prevStar = true
			i++
		case c == '?':
			n++
			prevStar = false
			i++
		default:
			j := i + 1
			for j < len(s) && s[j] != '*' && s[j] != '?' {
				j++
			}
			n++
			prevStar = false
			i = j
		}
	}
	t.toks = make([]token, 0, n)
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '*':
			if k := len(t.toks); k == 0 || t.toks[k-1].kind != tokStar { // ** is *
				t.toks = append(t.toks, token{kind: tokStar})
			}
			i++
		case c == '?':
			t.toks = append(t.toks, token{kind: tokQuest})
			i++
		default:
			j := i + 1
			for j < len(s) && s[j] != '*' && s[j] != '?' {
				j++
			}
			t.toks = append(t.toks, token{kind: tokText, text: s[i:j]})
			i = j
		}
	}
	t.finish()
	return t
}

// finish sets the summary fields of a parsed template.
func (t *template) finish() {
	t.allStars = len(t.toks) > 0
	for _, tk := range t.toks {
		if tk.kind == tokStar || tk.kind == tokQuest {
			t.hasWildcard = true
		}
		if tk.kind != tokStar {
			t.allStars = false
		}
	}
	if !t.hasWildcard && t.numVars == 0 {
		t.isStatic = true
		if len(t.toks) == 1 {
			t.literal = t.toks[0].text
		}
	}
}

// parseVariable reads the inside of a ${...} (rest starts right after "${").
// It returns the token (a tokText for ${*} ${?} ${$}), how many bytes of rest
// it used (through the closing brace) and whether the syntax was well formed.
func parseVariable(rest string) (token, int, bool) {
	v, n, ok := grammar.ScanVariable(rest)
	switch {
	case !ok:
		return token{}, 0, false
	case v.Escape:
		return token{kind: tokText, text: v.Name}, n, true
	}
	return token{kind: tokVar, text: v.Default, variable: &varInfo{key: reqcore.MakeKey(strings.ToLower(v.Name)), name: v.Name, hasDefault: v.HasDefault}}, n, true
}

// maxStackVars is how many variables per template are resolved into a
// stack buffer; a template with more (none seen in practice) still matches
// correctly but allocates.
const maxStackVars = 8

// resolve returns the text of each variable of t, from r or from its
// default, appended to buf. ok is false when a variable has no usable value:
// its key is absent (or has no values) and there is no default, or the key is
// multivalued ("You can't use a multivalued condition key as a variable",
// reference_policies_variables.md#policy-vars-using-variables); such a policy
// value matches nothing (#policy-vars-no-value).
func (t *template) resolve(r *iamctx.Request, buf []string) (vals []string, ok bool) {
	vals = buf[:0]
	for i := range t.toks {
		tk := &t.toks[i]
		if tk.kind != tokVar {
			continue
		}
		var v *iamctx.Value
		present := false
		if r != nil {
			v, present = reqview.Of(r).LookupKey(tk.variable.key)
		}
		switch {
		case present && v.Len() == 1:
			vals = append(vals, v.String(0))
		case present && v.Len() > 1:
			return nil, false
		case tk.variable.hasDefault:
			vals = append(vals, tk.text)
		default:
			return nil, false
		}
	}
	return vals, true
}

// requiredVars returns the keys of the variables without a default: when
// one is absent from the request the condition reports it missing.
func requiredVars(ts []template) []reqcore.Key {
	var out []reqcore.Key
	for _, t := range ts {
		for _, tk := range t.toks {
			if tk.kind == tokVar && !tk.variable.hasDefault && !slices.Contains(out, tk.variable.key) {
				out = append(out, tk.variable.key)
			}
		}
	}
	return out
}

// AppendKeyFold appends the context key key to list unless list holds it
// in any case (key names are case-insensitive,
// reference_policies_elements_condition.md).
func AppendKeyFold(list []string, key string) []string {
	for _, x := range list {
		if strings.EqualFold(x, key) {
			return list
		}
	}
	return append(list, key)
}

// AnyMissing reports whether one of keys is absent from r (a nil r has no
// keys).
func AnyMissing(r *iamctx.Request, keys []reqcore.Key) bool {
	for _, k := range keys {
		if r == nil {
			return true
		}
		if _, ok := reqview.Of(r).LookupKey(k); !ok {
			return true
		}
	}
	return false
}
