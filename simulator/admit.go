package simulator

import "sync/atomic"

// doorkeeper decides which entries the document and policy-set caches take
// in: an entry is cached the second time its key is seen, not the first. A
// document simulated only once (a fuzzing run, a CI suite of distinct
// policies, a sweep over an account's principals) is then parsed and
// compiled for its own simulation and dropped with it, instead of pushing a
// reused entry out of the cache and being kept, marked by every garbage
// collection, until it is pushed out in turn. A key used again is cached at
// its second use. (A set used twice in a row is found the second time as
// setCache.last, which goes into the cache then.)
//
// It remembers the hashes of keys seen and not yet admitted in a table
// indexed by the hash, a slot per hash, the newest winning: four slots per
// cache entry, so a key is admitted when its second use comes within about
// that many other new keys. The table holds no pointers, so the collector
// does not scan it. Two goroutines racing on a slot only make a key wait
// for one use more; a collision of hashes only admits a key a use early.
type doorkeeper struct {
	seen []atomic.Uint64 // 0: empty
}

// newDoorkeeper returns a doorkeeper for a cache of max entries, or nil
// (which admits everything) when max is 0 or less.
func newDoorkeeper(max int) *doorkeeper {
	if max <= 0 {
		return nil
	}
	n := 64
	for n < 4*max && n < 1<<20 {
		n *= 2
	}
	return &doorkeeper{seen: make([]atomic.Uint64, n)}
}

// admit reports whether the key of hash h is to be cached: whether h was
// seen before (and not yet admitted). Otherwise it remembers h.
func (d *doorkeeper) admit(h uint64) bool {
	if d == nil {
		return true
	}
	h |= 1 // never 0, which marks an empty slot
	slot := &d.seen[d.slot(h)]
	if slot.Load() == h {
		slot.Store(0) // the cache has it now: the slot is free for another
		return true
	}
	slot.Store(h)
	return false
}

// slot returns the index of the slot that remembers hash h.
func (d *doorkeeper) slot(h uint64) int { return int((h | 1) >> 1 & uint64(len(d.seen)-1)) }
