package condition_test

import (
	"fmt"

	"github.com/iamsim/iamsim/condition"
	iamctx "github.com/iamsim/iamsim/context"
)

// A condition is compiled once from its policy text and evaluated against
// requests; here the home-directory condition of
// reference_policies_elements_condition_operators.md#Conditions_String.
func ExampleCompile() {
	c, err := condition.Compile("StringLike", "s3:prefix",
		[]string{"", "home/", "home/${aws:username}/*"},
		condition.Options{Variables: true}) // "Version": "2012-10-17"
	if err != nil {
		panic(err)
	}
	for _, prefix := range []string{"home/alice/photos/", "home/bob/"} {
		r, err := iamctx.New(iamctx.Input{
			Action:    "s3:ListBucket",
			Resource:  "arn:aws:s3:::amzn-s3-demo-bucket",
			Principal: "arn:aws:iam::111122223333:user/alice",
			Context:   []iamctx.Entry{{Key: "s3:prefix", Type: iamctx.TypeString, Values: []string{prefix}}},
		})
		if err != nil {
			panic(err)
		}
		ok, missing := c.Eval(r)
		fmt.Printf("%-20q allowed by condition: %v (missing keys: %v)\n", prefix, ok, missing)
	}
	fmt.Println("context keys:", c.ContextKeys())

	// A value that does not parse for its operator is an error naming it.
	_, err = condition.Compile("IpAddress", "aws:SourceIp", []string{"10.0.0.300"}, condition.Options{})
	fmt.Println(err != nil)
	// Output:
	// "home/alice/photos/" allowed by condition: true (missing keys: false)
	// "home/bob/"          allowed by condition: false (missing keys: false)
	// context keys: [s3:prefix aws:username]
	// true
}

// Resource patterns match per ARN component; Action patterns ignore case.
func ExampleCompileResource() {
	p, _ := condition.CompileResource("arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*", condition.Options{Variables: true})
	r, _ := iamctx.New(iamctx.Input{Principal: "arn:aws:iam::111122223333:user/alice"})
	for _, res := range []string{
		"arn:aws:s3:::amzn-s3-demo-bucket/alice/notes.txt",
		"arn:aws:s3:::amzn-s3-demo-bucket/bob/notes.txt",
		"*",
	} {
		ok, _ := p.Match(r, res)
		fmt.Println(ok, res)
	}
	a, _ := condition.CompileAction("iam:*AccessKey*")
	fmt.Println(a.Match("iam:createaccesskey"), a.Match("iam:listusers"))
	// Output:
	// true arn:aws:s3:::amzn-s3-demo-bucket/alice/notes.txt
	// false arn:aws:s3:::amzn-s3-demo-bucket/bob/notes.txt
	// false *
	// true false
}
