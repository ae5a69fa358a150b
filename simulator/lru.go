package simulator

import (
	"container/list"
	"sync"
)

// lru is a bounded least-recently-used cache of values of type V under keys
// of type K, safe for concurrent use. Each value carries its own key
// (keyOf), so that an entry costs one list element. The caches that key
// their values by a hash pass a match function to tell a value of the key
// they look for from another one under the same hash.
type lru[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	keyOf func(V) K
	ll    *list.List // front = most recently used; values are V
	items map[K]*list.Element
}

// newLRU returns an lru of at most max values, or nil when max is 0 or
// less.
func newLRU[K comparable, V any](max int, keyOf func(V) K) *lru[K, V] {
	if max <= 0 {
		return nil
	}
	return &lru[K, V]{max: max, keyOf: keyOf, ll: list.New(), items: make(map[K]*list.Element)}
}

// get returns the value under k and makes it the most recently used, if
// there is one and match (when not nil) accepts it.
func (c *lru[K, V]) get(k K, match func(V) bool) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		if v := el.Value.(V); match == nil || match(v) {
			c.ll.MoveToFront(el)
			return v, true
		}
	}
	var zero V
	return zero, false
}

// add caches the value newV returns under k, unless a value under k that
// match (when not nil) accepts got there first: then it returns that one,
// now the most recently used. A value under k that match rejects is
// replaced. The least recently used values beyond the bound are dropped.
func (c *lru[K, V]) add(k K, match func(V) bool, newV func() V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		if old := el.Value.(V); match == nil || match(old) {
			c.ll.MoveToFront(el)
			return old
		}
		c.ll.Remove(el)
	}
	v := newV()
	c.items[k] = c.ll.PushFront(v)
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.items, c.keyOf(last.Value.(V)))
	}
	return v
}

// len returns the number of cached values; 0 for a nil lru.
func (c *lru[K, V]) len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}
