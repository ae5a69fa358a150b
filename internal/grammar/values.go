package grammar

import (
	"encoding/base64"
	"errors"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors: Value's typed accessors in package context parse on the
// evaluation hot path, where a failed parse must not allocate.
var (
	errNotNumber = errors.New("not a finite decimal number")
	errNotBool   = errors.New(`not "true" or "false"`)
	errIPRange   = errors.New("a context IP value is a single address, not a range")
	errNotIP     = errors.New("not an IPv4 or IPv6 address")
	errNotBase64 = errors.New("not base64")
	errEmptyDate = errors.New("empty date")
	errEpoch     = errors.New("epoch seconds out of range")
	errNotDate   = errors.New("not an ISO 8601 date or epoch seconds")
	errIPZone    = errors.New("an IPv6 zone is not allowed")
)

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

// ParseCIDR reads an IpAddress condition value: a CIDR range, or a single
// address taken as /32 or /128 ("If you specify an IP address without the
// associated routing prefix, IAM uses the default prefix value of /32",
// reference_policies_elements_condition_operators.md#Conditions_IPAddress).
// IPv4-mapped IPv6 ranges are returned as IPv4, so that they and plain IPv4
// addresses compare alike.
func ParseCIDR(s string) (netip.Prefix, error) {
	var p netip.Prefix
	if strings.IndexByte(s, '/') >= 0 {
		var err error
		if p, err = netip.ParsePrefix(s); err != nil {
			return p, err
		}
	} else {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return p, err
		}
		if a.Zone() != "" {
			return p, errIPZone
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
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
	if IsDigits(s) && len(s) != 4 { // "2019" is a year; other digit strings are epoch seconds
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, errEpoch
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if len(s) > 1 && s[0] == '-' && IsDigits(s[1:]) {
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

// IsDigits reports whether s is one or more ASCII digits.
func IsDigits(s string) bool {
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

// IsAccountID reports whether s is a 12-digit AWS account ID.
func IsAccountID(s string) bool { return len(s) == 12 && IsDigits(s) }
