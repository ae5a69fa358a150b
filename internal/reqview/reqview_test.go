package reqview_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/reqcore"
	"github.com/iamsim/iamsim/internal/reqview"
	"github.com/iamsim/iamsim/internal/resfilter"
)

// TestLayout: Of relies on the Core being field 0 of context.Request.
func TestLayout(t *testing.T) {
	f := reflect.TypeFor[iamctx.Request]().Field(0)
	require.Equal(t, reflect.TypeFor[reqview.Core](), f.Type)
	require.Zero(t, f.Offset)
	r, err := iamctx.New(iamctx.Input{Principal: "arn:aws:iam::111122223333:user/alice"})
	require.NoError(t, err)
	require.Equal(t, r.Principal(), reqview.Of(r).Principal)
	require.Nil(t, reqview.Of(nil))
}

// TestLookupKey: LookupKey finds exactly the keys Get finds, the same
// values, on requests built by New and retargeted by WithTarget, and none
// on a zero Request.
func TestLookupKey(t *testing.T) {
	var entries []iamctx.Entry
	for i := range 40 {
		entries = append(entries, iamctx.Entry{Key: fmt.Sprintf("k:Key%d", i), Type: iamctx.TypeString, Values: []string{fmt.Sprint(i)}})
	}
	for _, n := range []int{0, 1, 5, 40} {
		t.Run(fmt.Sprintf("keys=%d", n), func(t *testing.T) {
			t.Parallel()
			r, err := iamctx.New(iamctx.Input{Action: "s3:GetObject", Resource: "*", Principal: "arn:aws:iam::111122223333:user/alice", Context: entries[:n]})
			require.NoError(t, err)
			for _, req := range []*iamctx.Request{r, r.WithTarget("s3:PutObject", "arn:aws:s3:::b/k", "")} {
				names := append(req.Keys(), "absent", "k:key99", "")
				for _, name := range names {
					v1, ok1 := req.Get(name)
					v2, ok2 := reqview.Of(req).LookupKey(reqcore.MakeKey(strings.ToLower(name)))
					require.Equal(t, ok1, ok2, name)
					require.Same(t, v1, v2, name)
				}
			}
		})
	}
	var zero iamctx.Request
	_, ok := reqview.Of(&zero).LookupKey(reqcore.MakeKey("aws:username"))
	require.False(t, ok)
}

// TestTarget: the action key, service key and resource signature follow
// the action and resource, after New and after WithTarget.
func TestTarget(t *testing.T) {
	r, err := iamctx.New(iamctx.Input{Action: "S3:GetObject", Resource: "arn:aws:s3:::bucket/key"})
	require.NoError(t, err)
	c := reqview.Of(r)
	require.Equal(t, reqcore.MakeKey("s3:getobject"), c.ActionKey)
	require.Equal(t, reqcore.MakeKey("s3"), c.ServiceKey)
	require.Equal(t, resfilter.ResourceBits("arn:aws:s3:::bucket/key"), c.ResourceBits)

	r2 := r.WithTarget("noColon", "arn:aws:s3:::other/key", "")
	c2 := reqview.Of(r2)
	require.Equal(t, reqcore.MakeKey("nocolon"), c2.ActionKey)
	require.Equal(t, reqcore.MakeKey(""), c2.ServiceKey)
	require.Equal(t, resfilter.ResourceBits("arn:aws:s3:::other/key"), c2.ResourceBits)
	require.Equal(t, reqcore.MakeKey("s3:getobject"), c.ActionKey, "r unchanged")

	// A zero Request has none of them: evaluation computes them.
	var zero iamctx.Request
	require.Equal(t, reqcore.Key{}, reqview.Of(&zero).ActionKey)
	require.Zero(t, reqview.Of(&zero).ResourceBits)
}
