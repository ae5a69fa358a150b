package pattern

import (
	"strings"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/reqcore"
)

// Mode is how a condition's values match a context value.
type Mode uint8

// Modes, one per family of string-like condition operators
// (reference_policies_elements_condition_operators.md#Conditions_String,
// #Conditions_ARN).
const (
	// Equal is StringEquals: exact, case-sensitive; * and ? are literal.
	Equal Mode = iota
	// Fold is StringEqualsIgnoreCase: equal under Unicode case folding.
	Fold
	// Like is StringLike: * and ? are wildcards.
	Like
	// ARN is ArnEquals and ArnLike: wildcards, matched per ARN component.
	ARN
)

// Values is the compiled values of one condition key: each parsed once
// into literal text, wildcards and policy variables, matched in one Mode.
type Values struct {
	templates []template
	mode      Mode
}

// CompileValues parses values for mode; with variables (policy Version
// 2012-10-17), ${...} are policy variables, otherwise literal text
// (reference_policies_variables.md#policy-vars-using-variables). Every
// value compiles: a malformed ${...} is literal text.
func CompileValues(values []string, mode Mode, variables bool) Values {
	wildcards := mode == Like || mode == ARN
	v := Values{templates: make([]template, len(values)), mode: mode}
	for i, s := range values {
		v.templates[i] = parseTemplate(s, wildcards, variables)
	}
	if mode == ARN {
		planARNs(v.templates)
		// A template whose plan matches alone has no variable: it needs
		// its tokens no more.
		dropFastTokens(v.templates)
	}
	return v
}

// Match reports whether s matches at least one of the values (the values
// of one key OR,
// reference_policies_multi-value-conditions.md#reference_policies_multiple-conditions-eval),
// resolving variables from r. A value whose variable has no value in r
// matches nothing (reference_policies_variables.md#policy-vars-no-value).
// It does not allocate.
func (v *Values) Match(r *iamctx.Request, s string) bool {
	for k := range v.templates {
		if matchTemplate(&v.templates[k], v.mode, r, s) {
			return true
		}
	}
	return false
}

// HasVariables reports whether a value holds a policy variable.
func (v *Values) HasVariables() bool {
	for i := range v.templates {
		if v.templates[i].numVars > 0 {
			return true
		}
	}
	return false
}

// Literals returns the text of each value, for values without wildcards
// or variables ("" for the others); ${*} and the other escapes are already
// their characters.
func (v *Values) Literals() []string {
	out := make([]string, len(v.templates))
	for i, t := range v.templates {
		if len(t.toks) == 1 {
			out[i] = t.toks[0].text
		}
	}
	return out
}

// Variables returns the context keys of the values' policy variables as
// written, in order, duplicates included.
func (v *Values) Variables() []string {
	var out []string
	for i := range v.templates {
		out = append(out, v.templates[i].vars...)
	}
	return out
}

// RequiredKeys returns the keys of the variables without a default, without
// duplicates, or nil: when one is absent from a request, the condition
// reports it missing.
func (v *Values) RequiredKeys() []reqcore.Key { return requiredVars(v.templates) }

// matchTemplate matches s against one compiled value in the given mode,
// resolving its variables from r.
func matchTemplate(t *template, mode Mode, r *iamctx.Request, s string) bool {
	if t.isStatic && len(t.toks) <= 1 {
		switch mode {
		case Fold:
			return strings.EqualFold(t.literal, s)
		default: // for ARNs, equal strings are equal component by component
			return t.literal == s
		}
	}
	if mode == ARN && t.arn != nil && t.arn.fast() {
		return t.arn.matchFast(s)
	}
	var buf [maxStackVars]string
	e := expanded{toks: t.toks}
	if t.numVars > 0 {
		vals, ok := t.resolve(r, buf[:])
		if !ok {
			return false // a variable with no value matches nothing
		}
		e.vals = vals
	}
	switch mode {
	case ARN:
		if t.arn != nil {
			return t.arn.match(&e, s)
		}
		return arnMatch(&e, s, t.allStars)
	case Fold:
		return globMatch(&e, e.begin(), e.end(), s, true)
	}
	if t.allStars {
		return true
	}
	return globMatch(&e, e.begin(), e.end(), s, false)
}
