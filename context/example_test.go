package context_test

import (
	"fmt"

	iamctx "github.com/iamsim/iamsim/context"
)

func Example() {
	req, err := iamctx.New(iamctx.Input{
		Action:    "s3:GetObject",
		Resource:  "arn:aws:s3:::mybucket/key.txt",
		Principal: "arn:aws:iam::123456789012:user/alice",
		Context: []iamctx.Entry{
			{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{"10.0.0.5"}},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ip, _ := req.Get("AWS:SourceIP")   // key names are case-insensitive
	user, _ := req.Get("aws:username") // derived from the principal ARN
	fmt.Println(ip.String(0), user.String(0), req.Principal().Type())
	// Output: 10.0.0.5 alice User
}
