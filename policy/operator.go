package policy

import (
	"fmt"
	"strings"
)

// BaseOperator is a condition operator without its qualifiers: the
// ForAllValues: or ForAnyValue: prefix and the IfExists suffix
// (reference_policies_elements_condition_operators.md).
type BaseOperator uint8

// Base operators.
const (
	StringEquals BaseOperator = iota + 1
	StringNotEquals
	StringEqualsIgnoreCase
	StringNotEqualsIgnoreCase
	StringLike
	StringNotLike
	NumericEquals
	NumericNotEquals
	NumericLessThan
	NumericLessThanEquals
	NumericGreaterThan
	NumericGreaterThanEquals
	DateEquals
	DateNotEquals
	DateLessThan
	DateLessThanEquals
	DateGreaterThan
	DateGreaterThanEquals
	Bool
	BinaryEquals
	IPAddress
	NotIPAddress
	ArnEquals
	ArnLike
	ArnNotEquals
	ArnNotLike
	Null
)

var baseOperatorNames = [...]string{
	StringEquals:              "StringEquals",
	StringNotEquals:           "StringNotEquals",
	StringEqualsIgnoreCase:    "StringEqualsIgnoreCase",
	StringNotEqualsIgnoreCase: "StringNotEqualsIgnoreCase",
	StringLike:                "StringLike",
	StringNotLike:             "StringNotLike",
	NumericEquals:             "NumericEquals",
	NumericNotEquals:          "NumericNotEquals",
	NumericLessThan:           "NumericLessThan",
	NumericLessThanEquals:     "NumericLessThanEquals",
	NumericGreaterThan:        "NumericGreaterThan",
	NumericGreaterThanEquals:  "NumericGreaterThanEquals",
	DateEquals:                "DateEquals",
	DateNotEquals:             "DateNotEquals",
	DateLessThan:              "DateLessThan",
	DateLessThanEquals:        "DateLessThanEquals",
	DateGreaterThan:           "DateGreaterThan",
	DateGreaterThanEquals:     "DateGreaterThanEquals",
	Bool:                      "Bool",
	BinaryEquals:              "BinaryEquals",
	IPAddress:                 "IpAddress",
	NotIPAddress:              "NotIpAddress",
	ArnEquals:                 "ArnEquals",
	ArnLike:                   "ArnLike",
	ArnNotEquals:              "ArnNotEquals",
	ArnNotLike:                "ArnNotLike",
	Null:                      "Null",
}

// String returns the operator's name as IAM spells it ("IpAddress").
func (b BaseOperator) String() string {
	if int(b) < len(baseOperatorNames) && b != 0 {
		return baseOperatorNames[b]
	}
	return "BaseOperator(?)"
}

// Negated reports whether the operator is a negated one (StringNotEquals,
// NotIpAddress, ArnNotLike, ...): with several values it holds only if none
// matches, and it is true when the key is missing
// (reference_policies_elements_condition_operators.md, first section;
// reference_policies_multi-value-conditions.md).
func (b BaseOperator) Negated() bool {
	switch b {
	case StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike, NumericNotEquals,
		DateNotEquals, NotIPAddress, ArnNotEquals, ArnNotLike:
		return true
	}
	return false
}

// SetQualifier is the ForAllValues: / ForAnyValue: prefix
// (reference_policies_multi-value-conditions.md).
type SetQualifier uint8

// Set qualifiers.
const (
	NoQualifier SetQualifier = iota
	ForAllValues
	ForAnyValue
)

// String returns "ForAllValues", "ForAnyValue" or "".
func (q SetQualifier) String() string {
	switch q {
	case ForAllValues:
		return "ForAllValues"
	case ForAnyValue:
		return "ForAnyValue"
	}
	return ""
}

// Operator is a parsed condition operator name, such as
// "ForAnyValue:StringLikeIfExists".
type Operator struct {
	Base     BaseOperator
	Set      SetQualifier
	IfExists bool
}

// String writes the operator back in IAM's spelling.
func (o Operator) String() string {
	s := o.Base.String()
	if o.IfExists {
		s += "IfExists"
	}
	if o.Set != NoQualifier {
		s = o.Set.String() + ":" + s
	}
	return s
}

// ParseOperator reads an operator name such as
// "ForAnyValue:StringLikeIfExists". Operator names are matched exactly as
// AWS spells them; IfExists is not allowed on Null
// (reference_policies_elements_condition_operators.md, "...IfExists
// condition operators").
func ParseOperator(s string) (Operator, error) {
	var o Operator
	name := s
	if q, rest, ok := strings.Cut(s, ":"); ok {
		switch q {
		case "ForAllValues":
			o.Set = ForAllValues
		case "ForAnyValue":
			o.Set = ForAnyValue
		default:
			return o, fmt.Errorf("unknown condition set operator %q in %q (want ForAllValues or ForAnyValue)", shorten(q), shorten(s))
		}
		name = rest
	}
	if n, ok := strings.CutSuffix(name, "IfExists"); ok {
		o.IfExists, name = true, n
	}
	for b := StringEquals; b <= Null; b++ {
		if baseOperatorNames[b] == name {
			o.Base = b
			break
		}
	}
	if o.Base == 0 {
		return o, fmt.Errorf("unknown condition operator %q", shorten(s))
	}
	if o.Base == Null && o.IfExists {
		return o, fmt.Errorf("condition operator %q: Null takes no IfExists suffix", shorten(s))
	}
	return o, nil
}
