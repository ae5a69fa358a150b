package main

import (
	"os"
	"strings"
)

// The CLI takes the AWS CLI's options and prints what
// `aws iam get-context-keys-for-custom-policy --output json` prints.
func Example() {
	run([]string{
		"get-context-keys-for-custom-policy",
		"--policy-input-list",
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*",` +
			`"Resource":"arn:aws:s3:::b/${aws:username}/*",` +
			`"Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`,
	}, strings.NewReader(""), os.Stdout, os.Stderr)
	// Output:
	// {
	//     "ContextKeyNames": [
	//         "aws:username",
	//         "aws:SourceIp"
	//     ]
	// }
}
