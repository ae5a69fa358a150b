package main

import (
	"context"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
	"github.com/iamsim/iamsim/simulator"
)

// `iamsim get-context-keys-for-principal-policy` is `aws iam
// get-context-keys-for-principal-policy` (GetContextKeysForPrincipalPolicy),
// on the account of --account-snapshot.

var getContextKeysForPrincipalPolicyOptions = []awscli.Option{required(optPolicySourceArn), optPolicyInputList, optAccountSnapshot, optNoInputLimits}

var getContextKeysForPrincipalPolicyCommand = &command{
	name:    "get-context-keys-for-principal-policy",
	summary: "List the context keys that the policies of a user, group or role use.",
	options: getContextKeysForPrincipalPolicyOptions,
	op: &operation{
		Operation: awscli.Operation{
			Name:  "GetContextKeysForPrincipalPolicy",
			Input: inputShape(getContextKeysForPrincipalPolicyOptions, "PolicySourceArn", "PolicyInputList"),
		},
		call: func(ctx context.Context, sim api, p *awscli.Object) (*awscli.Object, error) {
			r, err := sim.GetContextKeysForPrincipalPolicy(ctx, &simulator.GetContextKeysForPrincipalPolicyInput{
				PolicySourceArn: stringParam(p, "PolicySourceArn"),
				PolicyInputList: stringsParam(p, "PolicyInputList"),
			})
			if err != nil {
				return nil, err
			}
			return contextKeysResponse(r), nil
		},
	},
	run:  (*cli).runOperation,
	help: (*cli).printCommandHelp,
}
