package policy_test

import (
	"errors"
	"fmt"

	"github.com/iamsim/iamsim/policy"
)

func Example() {
	doc := []byte(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"},
    {"Effect": "Deny", "Action": "s3:*", "Resource": "*",
     "Condition": {"Bool": {"aws:SecureTransport": false}}}
  ]
}`)
	p, err := policy.Parse(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, s := range p.Statements {
		fmt.Printf("statement %d: %s %v, from %d:%d to %d:%d\n", i+1, s.Effect, s.Action,
			s.Span.Start.Line, s.Span.Start.Column, s.Span.End.Line, s.Span.End.Column)
	}
	c := p.Statements[1].Condition[0]
	fmt.Println(c.Operator, c.Key, c.Values)
	// Output:
	// statement 1: Allow [s3:GetObject], from 3:17 to 4:87
	// statement 2: Deny [s3:*], from 4:87 to 6:60
	// Bool aws:SecureTransport [false]
}

func ExampleParseKind_error() {
	trust := []byte(`{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}`)
	_, err := policy.ParseKind(trust, policy.KindTrust)
	var perr *policy.Error
	if errors.As(err, &perr) {
		fmt.Println(perr.Code)
		fmt.Println(perr.Pos.Line, perr.Pos.Column, perr.Message)
	}
	// Output:
	// MalformedPolicyDocument
	// 1 16 statement 1: missing required element "Principal"
}

func ExampleMarshal() {
	p, err := policy.Parse([]byte(`{"Statement":{"Resource":["*"],"Action":["ec2:Describe*"],"Effect":"Allow"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := policy.Marshal(p)
	fmt.Print(string(out))
	// Output:
	// {
	//   "Statement": {
	//     "Effect": "Allow",
	//     "Action": "ec2:Describe*",
	//     "Resource": "*"
	//   }
	// }
}
