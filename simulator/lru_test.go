package simulator

import (
	"fmt"
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
	c := newLRU(3, func(v *lruItem) string { return v.key })
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

	require.Nil(t, newLRU(0, func(v *lruItem) string { return v.key }))
	var none *lru[string, *lruItem]
	require.Zero(t, none.len())
}
