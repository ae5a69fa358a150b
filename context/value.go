package context

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/iamsim/iamsim/internal/grammar"
)

// Type is the type of a context value, as the IAM API's ContextKeyType names
// it (SimulateCustomPolicy, ContextEntry.ContextKeyType).
type Type uint8

// The twelve ContextKeyType values of the IAM API.
const (
	TypeString Type = iota + 1
	TypeStringList
	TypeNumeric
	TypeNumericList
	TypeBoolean
	TypeBooleanList
	TypeIP
	TypeIPList
	TypeBinary
	TypeBinaryList
	TypeDate
	TypeDateList
)

var typeNames = [...]string{
	TypeString:      "string",
	TypeStringList:  "stringList",
	TypeNumeric:     "numeric",
	TypeNumericList: "numericList",
	TypeBoolean:     "boolean",
	TypeBooleanList: "booleanList",
	TypeIP:          "ip",
	TypeIPList:      "ipList",
	TypeBinary:      "binary",
	TypeBinaryList:  "binaryList",
	TypeDate:        "date",
	TypeDateList:    "dateList",
}

// String returns the API name of the type ("stringList", "ip", ...).
func (t Type) String() string {
	if int(t) < len(typeNames) && t != 0 {
		return typeNames[t]
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// IsList reports whether the type holds several values (the *List types).
func (t Type) IsList() bool { return t != 0 && t%2 == 0 }

// Scalar returns the single-valued type of a list type (stringList → string);
// a scalar type is returned unchanged.
func (t Type) Scalar() Type {
	if t.IsList() {
		return t - 1
	}
	return t
}

// ParseType reads a ContextKeyType name. The API's enum is case-sensitive;
// ParseType accepts any case, as the AWS CLI's shorthand users type it.
func ParseType(s string) (Type, error) {
	for t := TypeString; t <= TypeDateList; t++ {
		if strings.EqualFold(typeNames[t], s) {
			return t, nil
		}
	}
	return 0, invalid("", "unknown ContextKeyType %q (want one of string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList)", s)
}

// Value is the value of one context key: its declared type, the values as
// given, and each value parsed for its type once, at construction.
//
// Condition operators of another family than the declared type (a
// StringEquals on a numeric key, a NumericLessThan on a string key) read the
// raw text and parse it on the spot, as AWS compares the text it was given.
type Value struct {
	typ   Type
	raw   []string
	nums  []float64
	bools []bool
	ips   []netip.Addr
	dates []time.Time
	bins  [][]byte
}

// NewValue parses values as typ. A scalar type takes exactly one value.
func NewValue(typ Type, values ...string) (*Value, error) {
	if typ < TypeString || typ > TypeDateList {
		return nil, invalid("", "unknown context value type %d", typ)
	}
	if !typ.IsList() && len(values) != 1 {
		return nil, invalid("", "type %s takes exactly one value, got %d", typ, len(values))
	}
	v := &Value{typ: typ, raw: append([]string(nil), values...)}
	var err error
	for i, s := range values {
		switch typ.Scalar() {
		case TypeNumeric:
			var f float64
			if f, err = grammar.ParseNumber(s); err == nil {
				v.nums = append(v.nums, f)
			}
		case TypeBoolean:
			var b bool
			if b, err = grammar.ParseBool(s); err == nil {
				v.bools = append(v.bools, b)
			}
		case TypeIP:
			var a netip.Addr
			if a, err = grammar.ParseIP(s); err == nil {
				v.ips = append(v.ips, a)
			}
		case TypeDate:
			var d time.Time
			if d, err = grammar.ParseDate(s); err == nil {
				v.dates = append(v.dates, d)
			}
		case TypeBinary:
			var b []byte
			if b, err = grammar.ParseBinary(s); err == nil {
				v.bins = append(v.bins, b)
			}
		}
		if err != nil {
			return nil, invalid("", "value %d (%q) is not a valid %s: %v", i+1, s, typ.Scalar(), err)
		}
	}
	return v, nil
}

// Type returns the declared type.
func (v *Value) Type() Type { return v.typ }

// Len returns the number of values.
func (v *Value) Len() int { return len(v.raw) }

// Strings returns the values as given. The slice must not be modified.
func (v *Value) Strings() []string { return v.raw }

// String returns value i as given.
func (v *Value) String(i int) string { return v.raw[i] }

// Number returns value i as a number; ok is false if it is not one.
func (v *Value) Number(i int) (f float64, ok bool) {
	if v.nums != nil {
		return v.nums[i], true
	}
	f, err := grammar.ParseNumber(v.raw[i])
	return f, err == nil
}

// Bool returns value i as a boolean; ok is false if it is not one.
func (v *Value) Bool(i int) (b bool, ok bool) {
	if v.bools != nil {
		return v.bools[i], true
	}
	b, err := grammar.ParseBool(v.raw[i])
	return b, err == nil
}

// IP returns value i as an IP address; ok is false if it is not one.
func (v *Value) IP(i int) (a netip.Addr, ok bool) {
	if v.ips != nil {
		return v.ips[i], true
	}
	a, err := grammar.ParseIP(v.raw[i])
	return a, err == nil
}

// Date returns value i as a time; ok is false if it is not a date.
func (v *Value) Date(i int) (t time.Time, ok bool) {
	if v.dates != nil {
		return v.dates[i], true
	}
	t, err := grammar.ParseDate(v.raw[i])
	return t, err == nil
}

// Binary returns value i decoded from base64; ok is false if it is not base64.
func (v *Value) Binary(i int) (b []byte, ok bool) {
	if v.bins != nil {
		return v.bins[i], true
	}
	b, err := grammar.ParseBinary(v.raw[i])
	return b, err == nil
}

// ParseNumber reads an integer or decimal number, as the Numeric condition
// operators take them (reference_policies_elements_condition_operators.md,
// "Numeric condition operators"). NaN and infinities are not numbers here.
func ParseNumber(s string) (float64, error) { return grammar.ParseNumber(s) }

// ParseBool reads "true" or "false" in any case
// (reference_policies_elements_condition_operators.md, "Boolean condition operators").
func ParseBool(s string) (bool, error) { return grammar.ParseBool(s) }

// ParseIP reads an IPv4 or IPv6 address. A context value is one address; a
// /32 or /128 suffix is accepted and dropped.
func ParseIP(s string) (netip.Addr, error) { return grammar.ParseIP(s) }

// ParseBinary decodes standard base64, padded or not
// (reference_policies_elements_condition_operators.md, "Binary condition operators").
func ParseBinary(s string) ([]byte, error) { return grammar.ParseBinary(s) }

// ParseDate reads a date in the ISO 8601 forms IAM accepts (a date, or a date
// and time with an optional zone; times without a zone are UTC) or as epoch
// seconds (reference_policies_elements_condition_operators.md, "Date
// condition operators").
func ParseDate(s string) (time.Time, error) { return grammar.ParseDate(s) }
