package awscli_test

import (
	"fmt"
	"os"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
)

// A command line read as `aws iam simulate-custom-policy` reads it: a list
// option taking several arguments, a structure given in shorthand syntax
// whose single value becomes a list, as the model's shape says. The call
// here echoes its parameters, which print as `aws --output json` prints.
func Example() {
	entries := &awscli.Shape{Type: "list", Elem: &awscli.Shape{Type: "structure", Members: []awscli.Member{
		{Name: "ContextKeyName", Shape: &awscli.Shape{Type: "string", Min: 5}},
		{Name: "ContextKeyValues", Shape: &awscli.Shape{Type: "list", Elem: &awscli.Shape{Type: "string"}}},
		{Name: "ContextKeyType", Shape: &awscli.Shape{Type: "string"}},
	}}}
	op := &awscli.Operation{Name: "Echo", Input: &awscli.Shape{Type: "structure", Required: []string{"ActionNames"}, Members: []awscli.Member{
		{Name: "ActionNames", Shape: &awscli.Shape{Type: "list", Elem: &awscli.Shape{Type: "string", Min: 3}}},
		{Name: "ContextEntries", Shape: entries},
	}}}
	options := []awscli.Option{
		{Name: "--action-names", Member: "ActionNames", Kind: awscli.StringList, Required: true},
		{Name: "--context-entries", Member: "ContextEntries", Kind: awscli.StructList},
	}

	args, err := awscli.Parse([]string{
		"--action-names", "s3:GetObject", "s3:PutObject",
		"--context-entries", "ContextKeyName=aws:username,ContextKeyValues=alice,ContextKeyType=string",
	}, options)
	if err == nil {
		err = args.Check()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	req, err := awscli.NewRequest(op, args)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := req.Send(func(params *awscli.Object) (*awscli.Object, error) { return params, nil })
	if err != nil {
		fmt.Println(err)
		return
	}
	awscli.PrintJSON(os.Stdout, resp)
	// Output:
	// {
	//     "ActionNames": [
	//         "s3:GetObject",
	//         "s3:PutObject"
	//     ],
	//     "ContextEntries": [
	//         {
	//             "ContextKeyName": "aws:username",
	//             "ContextKeyValues": [
	//                 "alice"
	//             ],
	//             "ContextKeyType": "string"
	//         }
	//     ]
	// }
}

// Requests are checked as botocore checks them before a call, and every
// problem is reported at once.
func ExampleValidate() {
	input := &awscli.Shape{Type: "structure", Required: []string{"ActionNames"}, Members: []awscli.Member{
		{Name: "ActionNames", Shape: &awscli.Shape{Type: "list", Elem: &awscli.Shape{Type: "string", Min: 3}}},
		{Name: "MaxItems", Shape: &awscli.Shape{Type: "integer", Min: 1}},
	}}
	params, _ := awscli.DecodeJSON(`{"MaxItems": 0, "Marker": "x"}`)
	fmt.Println(awscli.Validate(params.(*awscli.Object), input))
	// Output:
	// Parameter validation failed:
	// Missing required parameter in input: "ActionNames"
	// Unknown parameter in input: "Marker", must be one of: ActionNames, MaxItems
	// Invalid value for parameter MaxItems, value: 0, valid min value: 1
}
