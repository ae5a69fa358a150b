package eval_test

import (
	"fmt"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/policy"
)

func Example() {
	doc, err := policy.Parse([]byte(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::mybucket/*",
     "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
    {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::mybucket/secret/*"}
  ]
}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	engine, err := eval.Compile(eval.PolicySet{Identity: []eval.Policy{{ID: "inline", Document: doc}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, key := range []string{"key.txt", "secret/key.txt"} {
		req, err := iamctx.New(iamctx.Input{
			Action:    "s3:GetObject",
			Resource:  "arn:aws:s3:::mybucket/" + key,
			Principal: "arn:aws:iam::123456789012:user/alice",
			Context:   []iamctx.Entry{{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{"10.0.0.5"}}},
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		res := engine.Evaluate(req)
		m := res.Matched[0]
		fmt.Printf("%s: %s by %s statement %d (line %d)\n", key, res.Decision, m.PolicyID, m.Index+1, m.Span.Start.Line)
	}
	// Output:
	// key.txt: allowed by inline statement 1 (line 3)
	// secret/key.txt: explicitDeny by inline statement 2 (line 5)
}
