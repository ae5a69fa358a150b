package simulator

import (
	"strings"

	"github.com/iamsim/iamsim/condition"
)

// contextKeys lists the context keys the policies use
// (API_GetContextKeysForCustomPolicy): policy by policy, statement by
// statement, first the keys of policy variables in Resource or NotResource,
// then each condition's key followed by the keys of the variables in its
// values. Keys keep the case they are first written in and appear once,
// compared case-insensitively (condition key names are case-insensitive,
// reference_policies_elements_condition.md). Variables count only in
// policies of Version 2012-10-17, where they are variables at all.
func contextKeys(ps []parsedPolicy) (*GetContextKeysForPolicyResponse, *Error) {
	out := &GetContextKeysForPolicyResponse{ContextKeyNames: []string{}}
	seen := map[string]bool{}
	add := func(k string) {
		lk := strings.ToLower(k)
		if !seen[lk] {
			seen[lk] = true
			out.ContextKeyNames = append(out.ContextKeyNames, k)
		}
	}
	for _, p := range ps {
		if e := policyContextKeys(p, add); e != nil {
			return nil, e
		}
	}
	return out, nil
}

// policyContextKeys calls add with each context key of p, in contextKeys'
// order, repeats included.
func policyContextKeys(p parsedPolicy, add func(string)) *Error {
	opts := condition.Options{Variables: p.doc.VariablesEnabled()}
	for si := range p.doc.Statements {
		st := &p.doc.Statements[si]
		if opts.Variables {
			for _, r := range st.Resource {
				if r == "*" || !strings.Contains(r, "${") {
					continue
				}
				rp, err := condition.CompileResource(r, opts)
				if err != nil {
					return keyError(p.id, si, "resource "+r, err)
				}
				for _, k := range rp.Variables() {
					add(k)
				}
			}
		}
		for _, c := range st.Condition {
			if !anyVariable(c.Values) {
				// No value holds a variable: the key is the
				// condition's only one. (The parser validated the
				// condition with these options, so compiling it
				// cannot fail.)
				add(c.Key)
				continue
			}
			cc, err := condition.Compile(c.Operator, c.Key, c.Values, opts)
			if err != nil {
				return keyError(p.id, si, "condition "+shortForMessage(c.Operator)+" "+shortForMessage(c.Key), err)
			}
			for _, k := range cc.ContextKeys() {
				add(k)
			}
		}
	}
	return nil
}

// keyError reports a Resource or Condition value the condition package
// rejects: InvalidInput for the request's own documents, PolicyEvaluation for
// stored ones.
func keyError(id string, stmt int, what string, err error) *Error {
	if isInputID(id) {
		e := invalidInput("%s is not a valid policy document: statement %d: %s: %v", id, stmt+1, what, err)
		e.Err = err
		return e
	}
	return policyEvaluation(err, "policy %s cannot be evaluated: statement %d: %s: %v", id, stmt+1, what, err)
}

// anyVariable reports whether a value may hold a policy variable, ${...}.
func anyVariable(values []string) bool {
	for _, v := range values {
		if strings.Contains(v, "${") {
			return true
		}
	}
	return false
}
