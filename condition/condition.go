package condition

import (
	"net/netip"
	"strings"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/grammar"
	"github.com/iamsim/iamsim/internal/pattern"
	"github.com/iamsim/iamsim/internal/reqcore"
	"github.com/iamsim/iamsim/internal/reqview"
	"github.com/iamsim/iamsim/policy"
)

// Options control compilation.
type Options struct {
	// Variables turns on ${...} policy variables (Version 2012-10-17). Off,
	// ${...} is literal text (reference_policies_variables.md#policy-vars-using-variables).
	Variables bool
}

// Condition is one compiled key of one operator block: "operator": {"key":
// values}. It is immutable and safe for concurrent use.
type Condition struct {
	op  policy.Operator
	key string // as written
	// lookupKey is the key lower-cased and hashed, to look up in requests.
	lookupKey reqcore.Key
	values    []string // as written
	// contextKeys is ContextKeys' answer: the key, then variable keys,
	// deduplicated.
	contextKeys []string
	// requiredVars are the keys of the variables without a default.
	requiredVars []reqcore.Key
	negated      bool
	// matcher decides whether one context value matches at least one
	// policy value; nil for Null.
	matcher matcher
	// Null: which policy values were given.
	nullTrue, nullFalse bool
}

// Compile compiles "operator": {"key": values}. Every value is parsed once
// here, for its operator: numbers, dates (ISO 8601 or epoch seconds), IP
// addresses and CIDR ranges, base64, booleans, wildcard patterns and policy
// variables. A value that does not parse for its operator, an empty key, an
// empty values list or an unknown operator is an *Error.
func Compile(operator, key string, values []string, opts Options) (*Condition, error) {
	op, err := policy.ParseOperator(operator)
	if err != nil {
		return nil, &Error{Operator: operator, Key: key, Index: -1, Reason: "unknown operator", Err: err}
	}
	if key == "" {
		return nil, &Error{Operator: operator, Index: -1, Reason: "empty condition key"}
	}
	if len(values) == 0 {
		return nil, &Error{Operator: operator, Key: key, Index: -1, Reason: "no values"}
	}
	c := &Condition{
		op:          op,
		key:         key,
		values:      append([]string(nil), values...),
		contextKeys: []string{key},
		negated:     op.Base.Negated(),
	}
	c.lookupKey = reqcore.MakeKey(strings.ToLower(key))
	bad := func(i int, reason string, err error) (*Condition, error) {
		return nil, &Error{Operator: operator, Key: key, Value: values[i], Index: i, Reason: reason, Err: err}
	}
	switch b := op.Base; b {
	case policy.Null:
		// Null takes "true" (the key is absent) or "false" (it is present)
		// (reference_policies_elements_condition_operators.md#Conditions_Null).
		for i, s := range values {
			v, err := grammar.ParseBool(s)
			if err != nil {
				return bad(i, `Null takes "true" or "false"`, nil)
			}
			if v {
				c.nullTrue = true
			} else {
				c.nullFalse = true
			}
		}
	case policy.StringEquals, policy.StringNotEquals, policy.StringEqualsIgnoreCase, policy.StringNotEqualsIgnoreCase:
		fold := b == policy.StringEqualsIgnoreCase || b == policy.StringNotEqualsIgnoreCase
		mode := pattern.Equal
		if fold {
			mode = pattern.Fold
		}
		vals := pattern.CompileValues(values, mode, opts.Variables)
		switch {
		case vals.HasVariables():
			c.matcher = &templateMatcher{vals: vals}
			c.addVars(&vals)
		case fold:
			c.matcher = &stringEqualFold{vals: vals.Literals()}
		default:
			c.matcher = newStringEqual(vals.Literals())
		}
	case policy.StringLike, policy.StringNotLike:
		vals := pattern.CompileValues(values, pattern.Like, opts.Variables)
		c.matcher = &templateMatcher{vals: vals}
		c.addVars(&vals)
	case policy.ArnEquals, policy.ArnLike, policy.ArnNotEquals, policy.ArnNotLike:
		// ArnEquals and ArnLike "behave identically": both take wildcards
		// (reference_policies_elements_condition_operators.md#Conditions_ARN).
		vals := pattern.CompileValues(values, pattern.ARN, opts.Variables)
		c.matcher = &templateMatcher{vals: vals}
		c.addVars(&vals)
	case policy.NumericEquals, policy.NumericNotEquals, policy.NumericLessThan, policy.NumericLessThanEquals,
		policy.NumericGreaterThan, policy.NumericGreaterThanEquals:
		m := &numericMatcher{want: orderMask(b)}
		for i, s := range values {
			f, err := grammar.ParseNumber(s)
			if err != nil {
				return bad(i, "not a number", err)
			}
			m.vals = append(m.vals, f)
		}
		c.matcher = m
	case policy.DateEquals, policy.DateNotEquals, policy.DateLessThan, policy.DateLessThanEquals,
		policy.DateGreaterThan, policy.DateGreaterThanEquals:
		m := &dateMatcher{want: orderMask(b)}
		for i, s := range values {
			d, err := grammar.ParseDate(s)
			if err != nil {
				return bad(i, "not an ISO 8601 date or epoch seconds", err)
			}
			m.vals = append(m.vals, d)
		}
		c.matcher = m
	case policy.Bool:
		m := &boolMatcher{}
		var withVars []string
		for i, s := range values {
			// The operators page allows policy variables with Bool
			// (reference_policies_elements_condition_operators.md#Conditions_Boolean,
			// "You can use a policy variable with the Boolean condition
			// operator"), although the variables page lists Boolean among
			// the operators that take none; accepting a variable keeps such
			// a policy valid.
			if opts.Variables && grammar.HasVariable(s) {
				withVars = append(withVars, s)
				continue
			}
			v, err := grammar.ParseBool(s)
			if err != nil {
				return bad(i, `Bool takes "true" or "false"`, nil)
			}
			if v {
				m.hasTrue = true
			} else {
				m.hasFalse = true
			}
		}
		if withVars != nil {
			vals := pattern.CompileValues(withVars, pattern.Fold, true)
			m.vars = &vals
			c.addVars(m.vars)
		}
		c.matcher = m
	case policy.BinaryEquals:
		m := &binaryMatcher{}
		for i, s := range values {
			bs, err := grammar.ParseBinary(s)
			if err != nil {
				return bad(i, "not base64", err)
			}
			m.vals = append(m.vals, bs)
		}
		c.matcher = m
	case policy.IPAddress, policy.NotIPAddress:
		var prefixes []netip.Prefix
		for i, s := range values {
			p, err := grammar.ParseCIDR(s)
			if err != nil {
				return bad(i, "not an IPv4 or IPv6 address or CIDR range", err)
			}
			prefixes = append(prefixes, p)
		}
		c.matcher = newIPMatcher(prefixes)
	}
	return c, nil
}

// addVars adds the variables of vals to the condition's context keys.
func (c *Condition) addVars(vals *pattern.Values) {
	for _, v := range vals.Variables() {
		c.contextKeys = pattern.AppendKeyFold(c.contextKeys, v)
	}
	c.requiredVars = vals.RequiredKeys()
}

// Operator returns the parsed operator.
func (c *Condition) Operator() policy.Operator { return c.op }

// Key returns the condition key as written.
func (c *Condition) Key() string { return c.key }

// Values returns the policy values as written. The slice must not be
// modified.
func (c *Condition) Values() []string { return c.values }

// ContextKeys returns the condition key and the keys of policy variables in
// its values, in order, as written, without case-insensitive duplicates.
// The slice must not be modified.
func (c *Condition) ContextKeys() []string { return c.contextKeys }

// Eval reports whether the condition holds for r; missing reports that a
// context key it reads (its key, or a policy variable without a default in
// its values) was absent from r, whatever the result. It does not allocate.
//
// The rules, with their sources:
//
//   - Key absent: false; true for a negated operator (StringNotEquals,
//     NotIpAddress, ArnNotLike, ...), for ...IfExists, and for ForAllValues;
//     false for ForAnyValue (reference_policies_elements_condition_operators.md,
//     the "Important" note at the top and #Conditions_IfExists;
//     reference_policies_multi-value-conditions.md#reference_policies_multi-key-or-value-conditions).
//   - Null: true iff a value "true" was given and the key is absent (or
//     has an empty set of values), or "false" was given and it is present
//     (#Conditions_Null). Set qualifiers do not change a presence test.
//   - One context value and one operator: it matches if it matches any
//     policy value (values OR); a negated operator holds if it matches none
//     (reference_policies_multi-value-conditions.md#reference_policies_multiple-conditions-eval,
//     the Note on negated operators).
//   - ForAnyValue: some context value satisfies the operator as above;
//     ForAllValues: every context value does. For a negated operator
//     "satisfies" means "matches none of the policy values", so
//     ForAllValues:StringNotEquals holds when no request value is in the
//     list and ForAnyValue:StringNotEquals when at least one is not. An empty
//     set: ForAllValues true, ForAnyValue false
//     (reference_policies_multi-value-conditions.md#reference_policies_multi-value-conditions-eval,
//     and the Data Exchange example reference_policies_examples_resource_account_data_exch.md,
//     whose ForAllValues:StringNotEquals on aws:CalledVia must be false
//     exactly when dataexchange.amazonaws.com is in the chain).
//   - No qualifier and several context values: false, negated or not.
//     "To compare your condition against a request context with multiple key
//     values, you must use the ForAllValues or ForAnyValue set operators"
//     (reference_policies_multi-value-conditions.md#reference_policies_multi-key-or-value-conditions;
//     "Multivalued condition keys require condition set operators",
//     reference_policies_single-vs-multi-valued-condition-keys.md). Whether a
//     key is multivalued "depends on the number of values in the request
//     context" (same pages), so a list of one value is compared as a single
//     value, and a list of none is a null value: positive operators false,
//     negated true (reference_policies_variables.md#policy-vars-no-value:
//     inverted operators "do match against a null value").
func (c *Condition) Eval(r *iamctx.Request) (ok, missing bool) {
	var v *iamctx.Value
	present := false
	if r != nil {
		v, present = reqview.Of(r).LookupKey(c.lookupKey)
	}
	missing = !present || (c.requiredVars != nil && pattern.AnyMissing(r, c.requiredVars))
	if c.matcher == nil { // Null
		null := !present || v.Len() == 0
		return (null && c.nullTrue) || (!null && c.nullFalse), missing
	}
	if !present {
		switch {
		case c.op.IfExists:
			return true, missing
		case c.op.Set == policy.ForAllValues:
			return true, missing
		case c.op.Set == policy.ForAnyValue:
			return false, missing
		}
		return c.negated, missing
	}
	n := v.Len()
	switch c.op.Set {
	case policy.ForAllValues:
		for i := 0; i < n; i++ {
			if c.matcher.hit(r, v, i) == c.negated {
				return false, missing
			}
		}
		return true, missing
	case policy.ForAnyValue:
		for i := 0; i < n; i++ {
			if c.matcher.hit(r, v, i) != c.negated {
				return true, missing
			}
		}
		return false, missing
	}
	switch n {
	case 0:
		return c.negated, missing
	case 1:
		return c.matcher.hit(r, v, 0) != c.negated, missing
	}
	return false, missing
}

// String writes the condition back as JSON-ish text, for messages.
func (c *Condition) String() string {
	s := c.op.String() + ": {" + c.key + ": ["
	for i, v := range c.values {
		if i > 0 {
			s += ", "
		}
		s += v
	}
	return s + "]}"
}

// Ordering masks for Numeric and Date operators: which results of comparing
// the context value with the policy value make a match.
const (
	orderLess    = 1 << 0
	orderEqual   = 1 << 1
	orderGreater = 1 << 2
)

func orderMask(b policy.BaseOperator) uint8 {
	switch b {
	case policy.NumericEquals, policy.NumericNotEquals, policy.DateEquals, policy.DateNotEquals:
		return orderEqual
	case policy.NumericLessThan, policy.DateLessThan:
		return orderLess
	case policy.NumericLessThanEquals, policy.DateLessThanEquals:
		return orderLess | orderEqual
	case policy.NumericGreaterThan, policy.DateGreaterThan:
		return orderGreater
	case policy.NumericGreaterThanEquals, policy.DateGreaterThanEquals:
		return orderGreater | orderEqual
	}
	return 0
}

func orderBit(c int) uint8 {
	switch {
	case c < 0:
		return orderLess
	case c > 0:
		return orderGreater
	}
	return orderEqual
}
