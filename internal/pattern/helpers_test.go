package pattern

import (
	"testing"

	iamctx "github.com/iamsim/iamsim/context"
)

const testUser = "arn:aws:iam::111122223333:user/alice"

func newRequest(t testing.TB, principal string, tags map[string]string) *iamctx.Request {
	t.Helper()
	r, err := iamctx.New(iamctx.Input{
		Action:        "s3:GetObject",
		Resource:      "*",
		Principal:     principal,
		PrincipalTags: tags,
	})
	if err != nil {
		t.Fatalf("iamctx.New: %v", err)
	}
	return r
}
