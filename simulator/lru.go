package simulator

import (
	"sync"
	"sync/atomic"
)

// lru is a bounded least-recently-used cache of values of type V under keys
// of type K, safe for concurrent use. Each value carries its own key
// (keyOf), so that an entry costs one list node. The caches that key
// their values by a hash pass a match function to tell a value of the key
// they look for from another one under the same hash.
//
// It holds at most max values and, with a cacheBudget, its share of the
// budget's bytes: each value's cost is estimated once, when it is added
// (costOf).
//
// The list is its own (not container/list): once the cache is full, the
// node of the value dropped carries the value added, so a cache that
// turns over (a CI run of distinct documents) allocates no nodes.
type lru[K comparable, V any] struct {
	mu     sync.Mutex
	max    int
	keyOf  func(V) K
	costOf func(V) int64 // nil: values cost nothing
	budget *cacheBudget  // nil: no bound on bytes
	head   lruNode[V]    // sentinel: head.next is the most recently used
	n      int
	items  map[K]*lruNode[V]
	// bytes is the cost of the values held, written under mu and read
	// without it by the budget.
	bytes atomic.Int64
}

type lruNode[V any] struct {
	v          V
	cost       int64
	prev, next *lruNode[V]
}

// newLRU returns an lru of at most max values, or nil when max is 0 or
// less. With a budget b, the lru is one of the caches that share it, and
// costOf estimates what a value holds in memory.
func newLRU[K comparable, V any](max int, b *cacheBudget, keyOf func(V) K, costOf func(V) int64) *lru[K, V] {
	if max <= 0 {
		return nil
	}
	c := &lru[K, V]{max: max, keyOf: keyOf, costOf: costOf, budget: b, items: make(map[K]*lruNode[V])}
	c.head.prev, c.head.next = &c.head, &c.head
	b.register(c)
	return c
}

func (c *lru[K, V]) unlink(n *lruNode[V]) {
	n.prev.next, n.next.prev = n.next, n.prev
}

func (c *lru[K, V]) pushFront(n *lruNode[V]) {
	n.prev, n.next = &c.head, c.head.next
	c.head.next.prev = n
	c.head.next = n
}

// get returns the value under k and makes it the most recently used, if
// there is one and match (when not nil) accepts it.
func (c *lru[K, V]) get(k K, match func(V) bool) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.items[k]; ok && (match == nil || match(n.v)) {
		c.unlink(n)
		c.pushFront(n)
		return n.v, true
	}
	var zero V
	return zero, false
}

// add caches the value newV returns under k, unless a value under k that
// match (when not nil) accepts got there first: then it returns that one,
// now the most recently used. A value under k that match rejects is
// replaced. The least recently used value beyond the bound is dropped, and
// values of the caches sharing the budget while it is exceeded (the value
// added too, if it alone is over the budget: it is returned, not kept).
func (c *lru[K, V]) add(k K, match func(V) bool, newV func() V) V {
	v, added := c.insert(k, match, newV)
	if added {
		c.budget.enforce()
	}
	return v
}

func (c *lru[K, V]) insert(k K, match func(V) bool, newV func() V) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.items[k]
	if ok && (match == nil || match(n.v)) {
		c.unlink(n)
		c.pushFront(n)
		return n.v, false
	}
	v := newV()
	switch {
	case ok: // a value under the same key that match rejected
		c.unlink(n)
		c.account(-n.cost)
	case c.n >= c.max: // full: the least recently used node carries v
		n = c.head.prev
		c.unlink(n)
		delete(c.items, c.keyOf(n.v))
		c.account(-n.cost)
	default:
		n = new(lruNode[V])
		c.n++
	}
	n.v, n.cost = v, 0
	if c.costOf != nil {
		n.cost = c.costOf(v)
	}
	c.account(n.cost)
	c.pushFront(n)
	c.items[k] = n
	return v, true
}

// account adds d to the bytes held, here and in the budget. c.mu is held.
func (c *lru[K, V]) account(d int64) {
	c.bytes.Add(d)
	if c.budget != nil {
		c.budget.used.Add(d)
	}
}

// cachedBytes returns the estimated bytes the values hold.
func (c *lru[K, V]) cachedBytes() int64 { return c.bytes.Load() }

// evictOldest drops the least recently used value; false if there is none.
func (c *lru[K, V]) evictOldest() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.head.prev
	if n == &c.head {
		return false
	}
	c.unlink(n)
	delete(c.items, c.keyOf(n.v))
	c.account(-n.cost)
	c.n--
	return true
}

// len returns the number of cached values; 0 for a nil lru.
func (c *lru[K, V]) len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// cacheBudget bounds the bytes that a Simulator's caches of documents, sets
// and contexts hold together, by the estimates of their lrus. When an
// addition takes it over, the cache holding the most gives up its least
// recently used values until it is under again: an account simulated
// through one operation may use the whole budget, and a cache of small
// entries is not emptied for another's large ones. Concurrent additions
// may take it over by a few entries for a moment.
type cacheBudget struct {
	max    int64
	used   atomic.Int64
	caches []evicter // set up by New, read-only afterwards
}

// evicter is an lru as the budget sees it.
type evicter interface {
	cachedBytes() int64
	evictOldest() bool
}

// newCacheBudget returns a budget of max bytes, or nil (no bound) when max
// is negative.
func newCacheBudget(max int64) *cacheBudget {
	if max < 0 {
		return nil
	}
	return &cacheBudget{max: max}
}

func (b *cacheBudget) register(c evicter) {
	if b != nil {
		b.caches = append(b.caches, c)
	}
}

// enforce evicts until the caches hold no more than the budget.
func (b *cacheBudget) enforce() {
	if b == nil {
		return
	}
	for b.used.Load() > b.max {
		var most evicter
		var mostBytes int64
		for _, c := range b.caches {
			if n := c.cachedBytes(); n > mostBytes {
				most, mostBytes = c, n
			}
		}
		if most == nil || !most.evictOldest() {
			return
		}
	}
}
