package context

import "hash/maphash"

// keySeed seeds the hashes of Key and of a Request's key table.
var keySeed = maphash.MakeSeed()

// Key is a lower-cased context key name with its hash computed once, for
// Request.LookupKey: a compiled policy makes its keys once and looks them
// up in every request without hashing them again.
type Key struct {
	name string
	hash uint64
}

// MakeKey returns the Key of a context key name that is already in lower
// case (as for Lookup). It also makes the keys of lower-cased actions and
// service prefixes, for tables that Request.ActionKey and
// Request.ServiceKey are looked up in.
func MakeKey(lowerKey string) Key {
	return Key{name: lowerKey, hash: maphash.String(keySeed, lowerKey)}
}

// Name returns the lower-cased key name.
func (k Key) Name() string { return k.name }

// Hash returns the name's hash (the same for equal names within one
// process; not stable across processes).
func (k Key) Hash() uint64 { return k.hash }

// keySlot is one entry of a Request's open-addressing key table.
type keySlot struct {
	hash uint64
	name string
	v    *Value
}

// buildTable fills r.tab from r.keys: a power-of-two table at most half
// full, probed linearly.
func (r *Request) buildTable() {
	n := 8
	for n < 2*len(r.keys) {
		n *= 2
	}
	r.tab = make([]keySlot, n)
	mask := uint64(n - 1)
	for name, v := range r.keys {
		h := maphash.String(keySeed, name)
		i := h & mask
		for r.tab[i].v != nil {
			i = (i + 1) & mask
		}
		r.tab[i] = keySlot{hash: h, name: name, v: v}
	}
}

// LookupKey is Lookup for a Key made with MakeKey; it does not hash the
// name again and does not allocate.
func (r *Request) LookupKey(k Key) (*Value, bool) {
	tab := r.tab
	if len(tab) == 0 {
		return r.Lookup(k.name)
	}
	mask := uint64(len(tab) - 1)
	for i := k.hash & mask; ; i = (i + 1) & mask {
		s := &tab[i]
		if s.v == nil {
			return nil, false
		}
		if s.hash == k.hash && s.name == k.name {
			return s.v, true
		}
	}
}
