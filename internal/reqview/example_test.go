package reqview_test

import (
	"fmt"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/reqcore"
	"github.com/iamsim/iamsim/internal/reqview"
)

// Of gives the engine the Core that context.New filled: the action and its
// service lower-cased and hashed, the resource, and the context keys, found
// by a Key made once.
func ExampleOf() {
	r, err := iamctx.New(iamctx.Input{
		Action:    "S3:GetObject",
		Resource:  "arn:aws:s3:::reports/q1.csv",
		Principal: "arn:aws:iam::111122223333:user/alice",
		Context:   []iamctx.Entry{{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{"10.0.0.5"}}},
	})
	if err != nil {
		panic(err)
	}
	c := reqview.Of(r)
	fmt.Println(c.ActionKey.Name(), c.ServiceKey.Name(), c.ActionKey == reqcore.MakeKey("s3:getobject"))
	fmt.Println(c.Resource)
	// aws:username is one of the keys New derives from the principal.
	for _, name := range []string{"aws:sourceip", "aws:username"} {
		if v, ok := c.LookupKey(reqcore.MakeKey(name)); ok {
			fmt.Println(name, v.Strings())
		}
	}
	// Output:
	// s3:getobject s3 true
	// arn:aws:s3:::reports/q1.csv
	// aws:sourceip [10.0.0.5]
	// aws:username [alice]
}
