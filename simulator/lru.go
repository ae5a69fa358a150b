package simulator

import "sync"

// lru is a bounded least-recently-used cache of values of type V under keys
// of type K, safe for concurrent use. Each value carries its own key
// (keyOf), so that an entry costs one list node. The caches that key
// their values by a hash pass a match function to tell a value of the key
// they look for from another one under the same hash.
//
// The list is its own (not container/list): once the cache is full, the
// node of the value dropped carries the value added, so a cache that
// turns over (a CI run of distinct documents) allocates no nodes.
type lru[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	keyOf func(V) K
	head  lruNode[V] // sentinel: head.next is the most recently used
	n     int
	items map[K]*lruNode[V]
}

type lruNode[V any] struct {
	v          V
	prev, next *lruNode[V]
}

// newLRU returns an lru of at most max values, or nil when max is 0 or
// less.
func newLRU[K comparable, V any](max int, keyOf func(V) K) *lru[K, V] {
	if max <= 0 {
		return nil
	}
	c := &lru[K, V]{max: max, keyOf: keyOf, items: make(map[K]*lruNode[V])}
	c.head.prev, c.head.next = &c.head, &c.head
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
// replaced. The least recently used value beyond the bound is dropped.
func (c *lru[K, V]) add(k K, match func(V) bool, newV func() V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.items[k]
	if ok && (match == nil || match(n.v)) {
		c.unlink(n)
		c.pushFront(n)
		return n.v
	}
	v := newV()
	switch {
	case ok: // a value under the same key that match rejected
		c.unlink(n)
	case c.n >= c.max: // full: the least recently used node carries v
		n = c.head.prev
		c.unlink(n)
		delete(c.items, c.keyOf(n.v))
	default:
		n = new(lruNode[V])
		c.n++
	}
	n.v = v
	c.pushFront(n)
	c.items[k] = n
	return v
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
