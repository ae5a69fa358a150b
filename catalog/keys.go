package catalog

import (
	"fmt"
	"strings"

	"github.com/iamsim/iamsim/catalog/internal/catdata"
)

// ConditionKey is a condition key: a global key (aws:SourceIp) or one a
// service defines (s3:prefix), with the type of its values. A key whose
// name has a placeholder (aws:RequestTag/${TagKey},
// s3:ExistingObjectTag/<key>) is a template that stands for every key with
// text in its place (aws:RequestTag/team).
type ConditionKey struct {
	Name        string // as the reference writes it
	Type        KeyType
	Description string
	// Service is the service whose page lists the key; nil for the
	// global keys of reference_policies_condition-keys.md.
	Service *Service

	template template
}

// IsTemplate reports whether the key's name has a placeholder.
func (k *ConditionKey) IsTemplate() bool { return !k.template.literal() }

// Match reports whether the key called name, in any case, is this key or,
// for a template, one of the keys it stands for: a placeholder stands for
// one or more characters.
func (k *ConditionKey) Match(name string) bool { return k.template.match(name) }

// KeyType is the type of a condition key's values, as the reference names
// it (the Type column of a service's condition keys table).
type KeyType uint8

// The condition key types. The ArrayOf types are multivalued keys
// (reference_policies_condition-single-vs-multi-valued-context-keys.md).
const (
	String KeyType = iota + 1
	ArrayOfString
	ARN
	ArrayOfARN
	Numeric
	ArrayOfNumeric
	Date
	ArrayOfDate
	Bool
	ArrayOfBool
	IPAddress
	ArrayOfIPAddress
	Binary
	ArrayOfBinary
)

// String returns the type's name: "ArrayOfString".
func (t KeyType) String() string {
	if int(t) < len(catdata.KeyTypes) && t > 0 {
		return catdata.KeyTypes[t]
	}
	return fmt.Sprintf("KeyType(%d)", uint8(t))
}

// IsArray reports whether the key is multivalued.
func (t KeyType) IsArray() bool { return strings.HasPrefix(t.String(), "ArrayOf") }

// ConditionKey returns the condition key called name, in any case
// ("Condition key names are not case-sensitive",
// reference_policies_elements_condition.md): a global key
// (reference_policies_condition-keys.md) for the aws: prefix, else a key of
// the service whose prefix the name has, else of a service that defines
// keys with that prefix (sts for token.actions.githubusercontent.com:sub).
// A name matches a template with text in its placeholder
// (aws:RequestTag/team is aws:RequestTag/${TagKey}); a key that matches
// exactly is preferred to a template.
func (c *Catalog) ConditionKey(name string) (*ConditionKey, bool) {
	prefix, _, ok := strings.Cut(name, ":")
	if !ok {
		return nil, false
	}
	if strings.EqualFold(prefix, "aws") {
		return findKey(globalIndex(), name)
	}
	if s, ok := c.Service(prefix); ok {
		if k, ok := findKey(s.data().keys(), name); ok {
			return k, true
		}
	}
	for _, fk := range c.foreignKeys {
		if !fk.prefix.match(prefix) {
			continue
		}
		for _, s := range fk.services {
			if k, ok := findKey(s.data().keys(), name); ok {
				return k, true
			}
		}
	}
	return nil, false
}

// keySet is a list of keys indexed for lookup.
type keySet struct {
	byName    map[string]*ConditionKey // lower-case names of the literal keys
	templates []*ConditionKey
}

func (d *serviceData) keys() keySet { return keySet{d.keyByName, d.templates} }

func findKey(ks keySet, name string) (*ConditionKey, bool) {
	if k, ok := ks.byName[strings.ToLower(name)]; ok {
		return k, true
	}
	for _, k := range ks.templates {
		if k.template.match(name) {
			return k, true
		}
	}
	return nil, false
}

// GlobalConditionKeys returns the global condition keys
// (reference_policies_condition-keys.md), by name.
func (c *Catalog) GlobalConditionKeys() []*ConditionKey {
	globalIndex() // sets the keys' templates
	out := make([]*ConditionKey, len(globalKeys))
	for i := range globalKeys {
		out[i] = &globalKeys[i]
	}
	return out
}

// template is a name with placeholders: its literal parts in lower case,
// a placeholder between each two.
type template struct {
	lits []string
}

// parseTemplate reads a name in which ${...} and <...> are placeholders.
func parseTemplate(name string) template {
	var t template
	lit := ""
	for name != "" {
		var end int
		switch {
		case strings.HasPrefix(name, "${"):
			end = strings.IndexByte(name, '}')
		case name[0] == '<':
			end = strings.IndexByte(name, '>')
		default:
			end = -1
		}
		if end < 0 {
			lit += name[:1]
			name = name[1:]
			continue
		}
		t.lits = append(t.lits, strings.ToLower(lit))
		lit, name = "", name[end+1:]
	}
	t.lits = append(t.lits, strings.ToLower(lit))
	return t
}

// literal reports whether the template has no placeholder.
func (t template) literal() bool { return len(t.lits) == 1 }

// match reports whether name, in any case, fits the template, each
// placeholder taking one or more characters.
func (t template) match(name string) bool {
	name = strings.ToLower(name)
	first, last := t.lits[0], t.lits[len(t.lits)-1]
	if t.literal() {
		return name == first
	}
	if !strings.HasPrefix(name, first) || !strings.HasSuffix(name, last) || len(name) < len(first)+len(last)+len(t.lits)-1 {
		return false
	}
	// The middle literals, each as early as it can be: leaving the most
	// room for the rest is never worse.
	mid := name[len(first) : len(name)-len(last)]
	for _, lit := range t.lits[1 : len(t.lits)-1] {
		if mid == "" {
			return false
		}
		i := strings.Index(mid[1:], lit)
		if i < 0 {
			return false
		}
		mid = mid[1+i+len(lit):]
	}
	return mid != ""
}
