package context

import (
	"encoding/base64"
	"errors"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
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
			if f, err = ParseNumber(s); err == nil {
				v.nums = append(v.nums, f)
			}
		case TypeBoolean:
			var b bool
			if b, err = ParseBool(s); err == nil {
				v.bools = append(v.bools, b)
			}
		case TypeIP:
			var a netip.Addr
			if a, err = ParseIP(s); err == nil {
				v.ips = append(v.ips, a)
			}
		case TypeDate:
			var d time.Time
			if d, err = ParseDate(s); err == nil {
				v.dates = append(v.dates, d)
			}
		case TypeBinary:
			var b []byte
			if b, err = ParseBinary(s); err == nil {
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
	f, err := ParseNumber(v.raw[i])
	return f, err == nil
}

// Bool returns value i as a boolean; ok is false if it is not one.
func (v *Value) Bool(i int) (b bool, ok bool) {
	if v.bools != nil {
		return v.bools[i], true
	}
	b, err := ParseBool(v.raw[i])
	return b, err == nil
}

// IP returns value i as an IP address; ok is false if it is not one.
func (v *Value) IP(i int) (a netip.Addr, ok bool) {
	if v.ips != nil {
		return v.ips[i], true
	}
	a, err := ParseIP(v.raw[i])
	return a, err == nil
}

// Date returns value i as a time; ok is false if it is not a date.
func (v *Value) Date(i int) (t time.Time, ok bool) {
	if v.dates != nil {
		return v.dates[i], true
	}
	t, err := ParseDate(v.raw[i])
	return t, err == nil
}

// Binary returns value i decoded from base64; ok is false if it is not base64.
func (v *Value) Binary(i int) (b []byte, ok bool) {
	if v.bins != nil {
		return v.bins[i], true
	}
	b, err := ParseBinary(v.raw[i])
	return b, err == nil
}

// ParseNumber reads an integer or decimal number, as the Numeric condition
// operators take them (reference_policies_elements_condition_operators.md,
// "Numeric condition operators"). NaN and infinities are not numbers here.
func ParseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	// ParseFloat also reads hex floats, "Inf", "NaN" and underscores: IAM
	// numbers are plain decimal. Checking first also spares the error
	// ParseFloat would allocate for text that is plainly not a number.
	if s == "" {
		return 0, errNotNumber
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, errNotNumber
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, errNotNumber
	}
	return f, nil
}

// Sentinel errors: the typed accessors of Value parse on the hot path, where
// a failed parse must not allocate.
var (
	errNotNumber = errors.New("not a finite decimal number")
	errNotBool   = errors.New(`not "true" or "false"`)
	errIPRange   = errors.New("a context IP value is a single address, not a range")
	errNotIP     = errors.New("not an IPv4 or IPv6 address")
	errNotBase64 = errors.New("not base64")
	errEmptyDate = errors.New("empty date")
	errEpoch     = errors.New("epoch seconds out of range")
	errNotDate   = errors.New("not an ISO 8601 date or epoch seconds")
)

// mayBeIP reports whether s holds only characters an IP address or prefix
// can have, so that plain words skip the parser (and its error allocation).
func mayBeIP(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':' || c == '/' || c == '%') {
			return false
		}
	}
	return true
}

// ParseBool reads "true" or "false" in any case
// (reference_policies_elements_condition_operators.md, "Boolean condition operators").
func ParseBool(s string) (bool, error) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, nil
	case strings.EqualFold(s, "false"):
		return false, nil
	}
	return false, errNotBool
}

// ParseIP reads an IPv4 or IPv6 address. A context value is one address; a
// /32 or /128 suffix is accepted and dropped.
func ParseIP(s string) (netip.Addr, error) {
	if !mayBeIP(s) {
		return netip.Addr{}, errNotIP
	}
	if p, err := netip.ParsePrefix(s); err == nil {
		if p.IsSingleIP() {
			return p.Addr(), nil
		}
		return netip.Addr{}, errIPRange
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, errNotIP
	}
	return a.WithZone(""), nil
}

// ParseBinary decodes standard base64, padded or not
// (reference_policies_elements_condition_operators.md, "Binary condition operators").
func ParseBinary(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return nil, errNotBase64
	}
	return b, nil
}

// dateLayouts are the W3C profile of ISO 8601 that IAM documents for date
// conditions (reference_policies_elements_condition_operators.md, "Date
// condition operators"), with and without seconds, fractions and zone.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
	"2006-01",
	"2006",
}

// ParseDate reads a date in the ISO 8601 forms IAM accepts (a date, or a date
// and time with an optional zone; times without a zone are UTC) or as epoch
// seconds (reference_policies_elements_condition_operators.md, "Date
// condition operators": "You must specify dates with one of the W3C
// implementations of the ISO 8601 date formats or in epoch (UNIX) time").
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errEmptyDate
	}
	if isDigits(s) && len(s) != 4 { // "2019" is a year; other digit strings are epoch seconds
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, errEpoch
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if len(s) > 1 && s[0] == '-' && isDigits(s[1:]) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, errEpoch
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if s[0] < '0' || s[0] > '9' {
		return time.Time{}, errNotDate // spare time.Parse's error allocations for words
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errNotDate
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
