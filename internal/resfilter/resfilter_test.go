package resfilter

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPrefixOfResource: a resource's signature shares a bit with the
// signature of each of its prefixes, and is never 0.
func TestPrefixOfResource(t *testing.T) {
	for _, res := range []string{"", "*", "a:b", "arn:aws:s3:", "arn:aws:s3:::b", "arn:aws:s3:::bucket/key"} {
		t.Run(res, func(t *testing.T) {
			t.Parallel()
			require.NotZero(t, ResourceBits(res))
			for n := 0; n <= len(res); n++ {
				require.NotZero(t, ResourceBits(res)&PrefixBits(res[:n]), "prefix %q", res[:n])
			}
		})
	}
}

// TestShortPrefix: a prefix without three colons may start any resource.
func TestShortPrefix(t *testing.T) {
	require.Equal(t, ^uint64(0), PrefixBits("arn:aws"))
}
