package simulator

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/account"
)

// A key is admitted at its second sighting; a slot keeps the newest key
// that maps to it; nil admits everything; the table is four slots per
// cache entry, a power of two.
func TestDoorkeeper(t *testing.T) {
	t.Parallel()
	d := newDoorkeeper(16)
	require.Len(t, d.seen, 64)
	require.Len(t, newDoorkeeper(1000).seen, 4096)
	require.Len(t, newDoorkeeper(1<<30).seen, 1<<20, "bounded")
	require.Nil(t, newDoorkeeper(0))
	require.True(t, (*doorkeeper)(nil).admit(7))

	require.False(t, d.admit(42))
	require.True(t, d.admit(42))
	require.False(t, d.admit(42), "admitted once: the next sighting starts over")
	require.True(t, d.admit(42))

	// Two keys of one slot (of 64, picked by the bits above the lowest):
	// the newer takes it.
	a, b := uint64(5), uint64(5+2*64)
	require.False(t, d.admit(a))
	require.False(t, d.admit(b), "same slot, other key: it takes the slot")
	require.False(t, d.admit(a), "a was pushed out")
	require.True(t, d.admit(a))
}

// The caches resist a scan: documents simulated once, however many, do not
// push out the sets and documents in repeated use, which a cache that took
// in everything would lose at this size.
func TestCachesResistScan(t *testing.T) {
	t.Parallel()
	s := New(WithCacheSize(4))
	doc := func(sid string) string {
		return `{"Version":"2012-10-17","Statement":{"Sid":"` + sid + `","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`
	}
	simulate := func(docs ...string) {
		t.Helper()
		out, err := s.SimulateCustomPolicy(context.Background(), &SimulateCustomPolicyInput{
			PolicyInputList: docs, ActionNames: []string{"s3:GetObject"}})
		require.NoError(t, err)
		require.Equal(t, DecisionAllowed, out.EvaluationResults[0].EvalDecision)
	}
	// Two hot documents that the document cache's doorkeeper remembers
	// in different slots (each document's first sighting must survive
	// the other's).
	slot := func(text string) int { return s.cache.door.slot(s.cache.sum(text, kindIdentity)) }
	var h1, h2 string
	for i := 0; h1 == "" || slot(h1) == slot(h2); i++ {
		h1, h2 = doc(fmt.Sprint("HotA", i)), doc(fmt.Sprint("HotB", i))
	}
	hot := [][]string{{h1}, {h2}, {h1, h2}}
	for _, set := range hot {
		simulate(set...)
		k := setKey{identity: set}
		require.Nil(t, s.sets.lru.items[s.sets.hash(&k)], "not cached at its first use")
		simulate(set...)
		require.NotNil(t, s.sets.lru.items[s.sets.hash(&k)], "cached at its second")
	}
	require.Equal(t, 3, s.sets.len())
	// Each document was parsed twice, for two sets: cached at the second.
	require.Equal(t, 2, s.cache.len())
	for i := range 100 {
		simulate(doc(fmt.Sprint("Cold", i)))
	}
	require.Equal(t, 3, s.sets.len(), "one-off sets are not cached")
	require.Equal(t, 2, s.cache.len(), "nor their documents")
	for _, set := range hot {
		k := setKey{identity: set}
		require.NotNil(t, s.sets.lru.items[s.sets.hash(&k)], "a set in repeated use is still cached")
	}
	// Principal sets likewise: a principal simulated once (each user of
	// an account, say) is not kept; one simulated again is.
	a := New(WithAccount(account.Example()), WithCacheSize(4))
	principal := func(arn string) {
		t.Helper()
		_, err := a.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{PolicySourceArn: arn, SimulateCustomPolicyInput: SimulateCustomPolicyInput{ActionNames: []string{"s3:GetObject"}}})
		require.NoError(t, err)
	}
	alice := "arn:aws:iam::111122223333:user/engineering/alice"
	principal(alice)
	require.Equal(t, 0, a.principals.len())
	principal(alice)
	require.Equal(t, 1, a.principals.len())
	principal("arn:aws:iam::111122223333:user/bob")
	principal("arn:aws:iam::111122223333:user/carol")
	require.Equal(t, 1, a.principals.len())
}
