package condition

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"net/netip"
	"strings"
	"time"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/pattern"
)

// A matcher is one operator family with its policy values pre-parsed,
// chosen once by Compile. hit reports whether context value i of v matches
// at least one policy value (values of one key OR,
// reference_policies_multi-value-conditions.md#reference_policies_multiple-conditions-eval);
// Condition.Eval applies negation, qualifiers and missing keys. A context
// value that cannot be read as the operator's type matches no policy value.
type matcher interface {
	hit(r *iamctx.Request, v *iamctx.Value, i int) bool
}

// stringEqual is StringEquals without variables: exact, case-sensitive
// (reference_policies_elements_condition_operators.md#Conditions_String).
type stringEqual struct {
	vals []string
	set  map[string]struct{} // for long lists
}

const stringSetMin = 9

func newStringEqual(vals []string) *stringEqual {
	m := &stringEqual{vals: vals}
	if len(vals) >= stringSetMin {
		m.set = make(map[string]struct{}, len(vals))
		for _, s := range vals {
			m.set[s] = struct{}{}
		}
	}
	return m
}

func (m *stringEqual) hit(_ *iamctx.Request, v *iamctx.Value, i int) bool {
	s := v.String(i)
	if m.set != nil {
		_, ok := m.set[s]
		return ok
	}
	for _, p := range m.vals {
		if p == s {
			return true
		}
	}
	return false
}

// stringEqualFold is StringEqualsIgnoreCase without variables.
type stringEqualFold struct{ vals []string }

func (m *stringEqualFold) hit(_ *iamctx.Request, v *iamctx.Value, i int) bool {
	s := v.String(i)
	for _, p := range m.vals {
		if strings.EqualFold(p, s) {
			return true
		}
	}
	return false
}

// templateMatcher is the String and ARN operators whose values hold
// wildcards or policy variables (all of StringLike and the ARN operators).
type templateMatcher struct {
	vals pattern.Values
}

func (m *templateMatcher) hit(r *iamctx.Request, v *iamctx.Value, i int) bool {
	return m.vals.Match(r, v.String(i))
}

// numericMatcher is the Numeric operators: the context value compared with
// each policy value as float64
// (reference_policies_elements_condition_operators.md#Conditions_Numeric).
type numericMatcher struct {
	vals []float64
	want uint8 // orderLess|orderEqual|orderGreater
}

func (m *numericMatcher) hit(_ *iamctx.Request, v *iamctx.Value, i int) bool {
	x, ok := v.Number(i)
	if !ok {
		return false
	}
	for _, p := range m.vals {
		if m.want&orderBit(cmp.Compare(x, p)) != 0 {
			return true
		}
	}
	return false
}

// dateMatcher is the Date operators, comparing instants
// (reference_policies_elements_condition_operators.md#Conditions_Date).
type dateMatcher struct {
	vals []time.Time
	want uint8
}

func (m *dateMatcher) hit(_ *iamctx.Request, v *iamctx.Value, i int) bool {
	t, ok := v.Date(i)
	if !ok {
		return false
	}
	for _, p := range m.vals {
		if m.want&orderBit(t.Compare(p)) != 0 {
			return true
		}
	}
	return false
}

// boolMatcher is Bool
// (reference_policies_elements_condition_operators.md#Conditions_Boolean).
type boolMatcher struct {
	hasTrue, hasFalse bool
	// vars are the values with policy variables (nil when none): each
	// stands for true or false according to what it resolves to
	// ("true"/"false" in any case).
	vars *pattern.Values
}

var (
	trueText  = "true"
	falseText = "false"
)

func (m *boolMatcher) hit(r *iamctx.Request, v *iamctx.Value, i int) bool {
	b, ok := v.Bool(i)
	if !ok {
		return false
	}
	if (b && m.hasTrue) || (!b && m.hasFalse) {
		return true
	}
	want := falseText
	if b {
		want = trueText
	}
	if m.vars == nil {
		return false
	}
	return m.vars.Match(r, want)
}

// binaryMatcher is BinaryEquals: byte-for-byte comparison of the decoded
// values (reference_policies_elements_condition_operators.md#Conditions_BinaryEquals).
type binaryMatcher struct{ vals [][]byte }

func (m *binaryMatcher) hit(_ *iamctx.Request, v *iamctx.Value, i int) bool {
	b, ok := v.Binary(i)
	if !ok {
		return false
	}
	for _, p := range m.vals {
		if bytes.Equal(b, p) {
			return true
		}
	}
	return false
}

// ipMatcher is IpAddress and NotIpAddress: the address lies in a range
// (reference_policies_elements_condition_operators.md#Conditions_IPAddress).
type ipMatcher struct {
	prefixes []netip.Prefix
	// v4Ranges holds the IPv4 ranges of prefixes as (network, mask)
	// pairs, for IPv4 addresses: one AND and compare each.
	v4Ranges []v4Range
}

type v4Range struct{ net, mask uint32 }

func newIPMatcher(prefixes []netip.Prefix) *ipMatcher {
	m := &ipMatcher{prefixes: prefixes}
	for _, p := range prefixes {
		if p.Addr().Is4() {
			b := p.Addr().As4()
			mask := uint32(0)
			if p.Bits() > 0 {
				mask = ^uint32(0) << (32 - p.Bits())
			}
			m.v4Ranges = append(m.v4Ranges, v4Range{net: binary.BigEndian.Uint32(b[:]) & mask, mask: mask})
		}
	}
	return m
}

func (m *ipMatcher) hit(_ *iamctx.Request, v *iamctx.Value, i int) bool {
	a, ok := v.IP(i)
	if !ok {
		return false
	}
	a = a.Unmap()
	if a.Is4() {
		// An IPv4 address lies only in IPv4 ranges (grammar.ParseCIDR stores
		// IPv4-mapped ranges as IPv4).
		b := a.As4()
		x := binary.BigEndian.Uint32(b[:])
		for _, r := range m.v4Ranges {
			if x&r.mask == r.net {
				return true
			}
		}
		return false
	}
	for _, p := range m.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
