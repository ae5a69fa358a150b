package simulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/iamsim/iamsim/account"
	"os"

	"github.com/iamsim/iamsim/simulator"
)

func ptr(s string) *string { return &s }

// Simulate an identity-based policy with a date condition, as in the AWS CLI
// documentation of simulate-custom-policy.
func ExampleSimulator_SimulateCustomPolicy() {
	s := simulator.New()
	out, err := s.SimulateCustomPolicy(context.Background(), &simulator.SimulateCustomPolicyInput{
		PolicyInputList: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}`},
		ActionNames:     []string{"dynamodb:CreateBackup"},
		ContextEntries: []simulator.ContextEntry{{
			ContextKeyName: "aws:CurrentTime", ContextKeyValues: []string{"2019-04-25T11:00:00Z"}, ContextKeyType: "date",
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(out)
	// Output:
	// {
	//   "EvaluationResults": [
	//     {
	//       "EvalActionName": "dynamodb:CreateBackup",
	//       "EvalResourceName": "*",
	//       "EvalDecision": "allowed",
	//       "MatchedStatements": [
	//         {
	//           "SourcePolicyId": "PolicyInputList.1",
	//           "SourcePolicyType": "IAM Policy",
	//           "StartPosition": {
	//             "Line": 1,
	//             "Column": 38
	//           },
	//           "EndPosition": {
	//             "Line": 1,
	//             "Column": 167
	//           }
	//         }
	//       ],
	//       "MissingContextValues": []
	//     }
	//   ]
	// }
}

// Simulate the policies of a user of the example account: its inline policy,
// its group's policies and its permissions boundary all take part.
func ExampleSimulator_SimulatePrincipalPolicy() {
	s := simulator.New(simulator.WithAccount(account.Example()))
	out, err := s.SimulatePrincipalPolicy(context.Background(), &simulator.SimulatePrincipalPolicyInput{
		PolicySourceArn: "arn:aws:iam::111122223333:user/engineering/alice",
		SimulateCustomPolicyInput: simulator.SimulateCustomPolicyInput{
			ActionNames:  []string{"s3:GetObject", "codecommit:GitPull", "dynamodb:DeleteTable"},
			ResourceArns: []string{"arn:aws:s3:::example-home/alice/notes.txt"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range out.EvaluationResults {
		fmt.Printf("%-21s %-13s", r.EvalActionName, r.EvalDecision)
		for _, m := range r.MatchedStatements {
			fmt.Printf(" %s (%s)", m.SourcePolicyId, m.SourcePolicyType)
		}
		if b := r.PermissionsBoundaryDecisionDetail; b != nil {
			fmt.Printf(" boundary allows: %v", b.AllowedByPermissionsBoundary)
		}
		fmt.Println()
	}
	// Output:
	// s3:GetObject          allowed       user_alice_HomeFolder (IAM Policy) DeveloperBoundary (Permissions Boundary Policy) boundary allows: true
	// codecommit:GitPull    implicitDeny  boundary allows: false
	// dynamodb:DeleteTable  explicitDeny  DeveloperAccess (IAM Policy) DeveloperBoundary (Permissions Boundary Policy) boundary allows: true
}

// List the context keys a policy needs values for.
func ExampleSimulator_GetContextKeysForCustomPolicy() {
	out, err := simulator.New().GetContextKeysForCustomPolicy(context.Background(), &simulator.GetContextKeysForCustomPolicyInput{
		PolicyInputList: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}}`},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.ContextKeyNames)
	// Output: [aws:username aws:SourceIp]
}

// A resource-based policy needs a caller for its Principal element.
func ExampleError() {
	_, err := simulator.New().SimulateCustomPolicy(context.Background(), &simulator.SimulateCustomPolicyInput{
		PolicyInputList: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`},
		ActionNames:     []string{"s3:GetObject"},
		ResourcePolicy:  ptr(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}`),
	})
	var e *simulator.Error
	if errors.As(err, &e) {
		fmt.Println(e.HTTPStatus, e.Code)
		fmt.Println(e.Message)
	}
	// Output:
	// 400 InvalidInput
	// CallerArn is required when ResourcePolicy is given, so that the resource policy's Principal element has a caller to match
}
