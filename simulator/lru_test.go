package simulator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type lruItem struct {
	key, val string
}

// TestLRU checks the cache's contract: at most max values, the least
// recently used (by get or add) dropped first, a value that match rejects
// replaced under the same key, and a turning-over cache allocating no
// nodes.
func TestLRU(t *testing.T) {
	c := newLRU(3, nil, func(v *lruItem) string { return v.key }, nil)
	add := func(k, v string) *lruItem {
		return c.add(k, func(old *lruItem) bool { return old.val == v }, func() *lruItem { return &lruItem{k, v} })
	}
	has := func(k string) bool { _, ok := c.get(k, nil); return ok }
	a := add("a", "1")
	add("b", "1")
	add("c", "1")
	require.Same(t, a, add("a", "1"), "a value match accepts is returned, not replaced")
	require.Equal(t, 3, c.len())
	add("d", "1") // drops b, the least recently used (a was used by add)
	require.False(t, has("b"))
	require.True(t, has("c")) // c is now the most recent; a the least
	add("e", "1")
	require.False(t, has("a"))
	require.True(t, has("c") && has("d") && has("e"))
	require.Equal(t, 3, c.len())

	// Under the same key, a value match rejects is replaced.
	d2 := add("d", "2")
	require.Equal(t, "2", d2.val)
	got, ok := c.get("d", nil)
	require.True(t, ok)
	require.Same(t, d2, got)
	_, ok = c.get("d", func(v *lruItem) bool { return v.val == "1" })
	require.False(t, ok, "get's match rejects")
	require.Equal(t, 3, c.len())

	// Turning over a full cache allocates only the values.
	i := 0
	vals := make([]*lruItem, 1000)
	for j := range vals {
		vals[j] = &lruItem{fmt.Sprint("k", j), "v"}
	}
	allocs := testing.AllocsPerRun(100, func() {
		v := vals[i%len(vals)]
		i++
		c.add(v.key, nil, func() *lruItem { return v })
	})
	require.Zero(t, allocs)
	require.Equal(t, 3, c.len())

	require.Nil(t, newLRU(0, nil, func(v *lruItem) string { return v.key }, nil))
	var none *lru[string, *lruItem]
	require.Zero(t, none.len())
}

// A budget shared by two caches keeps their bytes under it: the cache
// holding the most gives up its least recently used values, and a value
// over the whole budget is returned but not kept.
func TestLRUBudget(t *testing.T) {
	b := newCacheBudget(100)
	cost := func(v *lruItem) int64 { return int64(len(v.val)) }
	small := newLRU(1000, b, func(v *lruItem) string { return v.key }, cost)
	large := newLRU(1000, b, func(v *lruItem) string { return v.key }, cost)
	add := func(c *lru[string, *lruItem], k string, n int) *lruItem {
		return c.add(k, nil, func() *lruItem { return &lruItem{k, strings.Repeat("x", n)} })
	}
	for i := range 10 {
		add(small, fmt.Sprint("s", i), 5) // 50 bytes
	}
	require.Equal(t, int64(50), b.used.Load())
	add(large, "l0", 40)
	add(large, "l1", 40) // 130: the large cache holds the most and drops l0
	require.Equal(t, 1, large.len())
	require.Equal(t, 10, small.len())
	require.Equal(t, int64(90), b.used.Load())
	add(small, "s10", 30) // 120: now small holds the most and drops s0 to s3
	require.Equal(t, 1, large.len())
	require.Equal(t, 7, small.len())
	_, ok := small.get("s3", nil)
	require.False(t, ok)
	require.Equal(t, int64(100), b.used.Load())
	v := add(large, "huge", 500)
	require.Equal(t, "huge", v.key, "returned")
	_, ok = large.get("huge", nil)
	require.False(t, ok, "not kept")
	require.LessOrEqual(t, b.used.Load(), int64(100))
	require.Equal(t, b.used.Load(), small.cachedBytes()+large.cachedBytes())
	// Replacing a value under its key accounts for the one it replaces.
	small.add("s4", func(*lruItem) bool { return false }, func() *lruItem { return &lruItem{"s4", "yy"} })
	require.Equal(t, b.used.Load(), small.cachedBytes()+large.cachedBytes())
	require.Nil(t, newCacheBudget(-1), "no bound")
}
