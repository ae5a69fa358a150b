package policy

import "github.com/iamsim/iamsim/internal/grammar"

// checkCondition reports what makes "operator": {key: values} malformed, as
// a *ConditionError, or nil: an unknown operator, an empty key or values
// list, or a value that does not parse for its operator family
// (reference_policies_elements_condition_operators.md, each family's
// section). condition.Compile rejects exactly these, with equal errors, so
// a policy that parses also compiles. variables says whether ${...} are
// policy variables (Version 2012-10-17). A valid condition costs no
// allocation, except BinaryEquals, whose values are decoded.
func checkCondition(operator, key string, values []string, variables bool) error {
	op, err := ParseOperator(operator)
	if err != nil {
		return &ConditionError{Operator: operator, Key: key, Index: -1, Reason: "unknown operator", Err: err}
	}
	if key == "" {
		return &ConditionError{Operator: operator, Index: -1, Reason: "empty condition key"}
	}
	if len(values) == 0 {
		return &ConditionError{Operator: operator, Key: key, Index: -1, Reason: "no values"}
	}
	bad := func(i int, reason string, err error) error {
		return &ConditionError{Operator: operator, Key: key, Value: values[i], Index: i, Reason: reason, Err: err}
	}
	switch op.Base {
	case Null:
		// Null takes "true" (the key is absent) or "false" (it is present)
		// (reference_policies_elements_condition_operators.md#Conditions_Null).
		for i, s := range values {
			if _, err := grammar.ParseBool(s); err != nil {
				return bad(i, `Null takes "true" or "false"`, nil)
			}
		}
	case NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals,
		NumericGreaterThan, NumericGreaterThanEquals:
		for i, s := range values {
			if _, err := grammar.ParseNumber(s); err != nil {
				return bad(i, "not a number", err)
			}
		}
	case DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals,
		DateGreaterThan, DateGreaterThanEquals:
		for i, s := range values {
			if _, err := grammar.ParseDate(s); err != nil {
				return bad(i, "not an ISO 8601 date or epoch seconds", err)
			}
		}
	case Bool:
		for i, s := range values {
			// The operators page allows policy variables with Bool
			// (reference_policies_elements_condition_operators.md#Conditions_Boolean).
			if variables && grammar.HasVariable(s) {
				continue
			}
			if _, err := grammar.ParseBool(s); err != nil {
				return bad(i, `Bool takes "true" or "false"`, nil)
			}
		}
	case BinaryEquals:
		for i, s := range values {
			if _, err := grammar.ParseBinary(s); err != nil {
				return bad(i, "not base64", err)
			}
		}
	case IPAddress, NotIPAddress:
		for i, s := range values {
			if _, err := grammar.ParseCIDR(s); err != nil {
				return bad(i, "not an IPv4 or IPv6 address or CIDR range", err)
			}
		}
	}
	// String and ARN values always compile: a malformed ${...} is literal
	// text.
	return nil
}
