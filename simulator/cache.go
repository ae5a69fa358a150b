package simulator

import (
	"container/list"
	"sync"

	"github.com/iamsim/iamsim/policy"
)

// DefaultCacheSize is how many parsed policy documents a Simulator keeps by
// default.
const DefaultCacheSize = 1024

// policyCache is a bounded LRU of parsed policy documents keyed by kind and
// document text. Parsed documents are immutable, so one *policy.Policy may be
// shared by concurrent simulations. Parse failures are not cached: they end
// the request, and a hostile caller could otherwise flush the cache with
// garbage cheaply.
type policyCache struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // front = most recently used; values are *cacheEntry
	items map[cacheKey]*list.Element
}

type cacheKey struct {
	kind policy.Kind
	text string
}

type cacheEntry struct {
	key cacheKey
	doc *policy.Policy
}

func newPolicyCache(max int) *policyCache {
	if max <= 0 {
		return nil
	}
	return &policyCache{max: max, ll: list.New(), items: make(map[cacheKey]*list.Element)}
}

// parse returns the parsed document, from the cache when it is there. A nil
// cache parses every time.
func (c *policyCache) parse(text string, kind policy.Kind) (*policy.Policy, error) {
	if c == nil {
		return policy.ParseKind([]byte(text), kind)
	}
	k := cacheKey{kind, text}
	c.mu.Lock()
	if el, ok := c.items[k]; ok {
		c.ll.MoveToFront(el)
		doc := el.Value.(*cacheEntry).doc
		c.mu.Unlock()
		return doc, nil
	}
	c.mu.Unlock()

	// Parse outside the lock: two goroutines may parse the same text at
	// once, which is harmless and keeps the lock short.
	doc, err := policy.ParseKind([]byte(text), kind)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(*cacheEntry).doc, nil
	}
	c.items[k] = c.ll.PushFront(&cacheEntry{key: k, doc: doc})
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
	return doc, nil
}

// len returns the number of cached documents.
func (c *policyCache) len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}
