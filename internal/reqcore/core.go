package reqcore

import "hash/maphash"

// seed seeds the hashes of every Key and of every Core's key table.
var seed = maphash.MakeSeed()

// Key is a lower-cased name (a context key, an action, a service prefix)
// with its hash computed once.
type Key struct {
	name string
	hash uint64
}

// MakeKey returns the Key of a name that is already in lower case: condition
// key names, action names and service prefixes all match case-insensitively
// (reference_policies_elements_condition.md,
// reference_policies_elements_action.md).
func MakeKey(lower string) Key {
	return Key{name: lower, hash: maphash.String(seed, lower)}
}

// Name returns the lower-cased name.
func (k Key) Name() string { return k.name }

// Hash returns the name's hash (equal for equal names within one process;
// not stable across processes).
func (k Key) Hash() uint64 { return k.hash }

// Core is what evaluation reads of a request, many times per evaluation.
// V and P are the context package's Value and Principal; package context
// cannot be imported here, as it imports this package.
type Core[V, P any] struct {
	// ActionKey is the lower-cased action; ServiceKey is its service
	// prefix (the text before its first colon, "" without one).
	ActionKey, ServiceKey Key
	// ResourceBits is resfilter.ResourceBits of Resource; 0 in a request
	// that was not built by context.New.
	ResourceBits uint64
	// Resource is the resource ARN, or "*"; ResourceAccount is the
	// account that owns it, or "" when unknown.
	Resource, ResourceAccount string
	// slots is the open-addressing table of the context keys: a power of
	// two in size, at most half full, probed linearly.
	slots []slot[V]
	// Principal is the caller.
	Principal P
}

type slot[V any] struct {
	hash  uint64
	name  string
	value *V
}

// SetKeys builds the key table from the lower-cased context keys and their
// values.
func (c *Core[V, P]) SetKeys(keys map[string]*V) {
	n := 8
	for n < 2*len(keys) {
		n *= 2
	}
	c.slots = make([]slot[V], n)
	mask := uint64(n - 1)
	for name, v := range keys {
		h := maphash.String(seed, name)
		i := h & mask
		for c.slots[i].value != nil {
			i = (i + 1) & mask
		}
		c.slots[i] = slot[V]{hash: h, name: name, value: v}
	}
}

// LookupKey returns the value of the context key k. It does not hash the
// name again and does not allocate.
func (c *Core[V, P]) LookupKey(k Key) (*V, bool) {
	slots := c.slots
	if len(slots) == 0 { // a request not built by context.New has no keys
		return nil, false
	}
	mask := uint64(len(slots) - 1)
	for i := k.hash & mask; ; i = (i + 1) & mask {
		s := &slots[i]
		if s.value == nil {
			return nil, false
		}
		if s.hash == k.hash && s.name == k.name {
			return s.value, true
		}
	}
}
