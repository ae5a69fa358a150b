package main

import (
	"context"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
	"github.com/iamsim/iamsim/simulator"
)

// `iamsim get-context-keys-for-custom-policy` is `aws iam
// get-context-keys-for-custom-policy` (GetContextKeysForCustomPolicy).

var getContextKeysForCustomPolicyOptions = []awscli.Option{required(optPolicyInputList), optNoInputLimits}

var getContextKeysForCustomPolicyCommand = &command{
	name:    "get-context-keys-for-custom-policy",
	summary: "List the context keys that policy documents given as strings use.",
	options: getContextKeysForCustomPolicyOptions,
	op: &operation{
		Operation: awscli.Operation{
			Name:  "GetContextKeysForCustomPolicy",
			Input: inputShape(getContextKeysForCustomPolicyOptions, "PolicyInputList"),
		},
		call: func(ctx context.Context, sim api, p *awscli.Object) (*awscli.Object, error) {
			r, err := sim.GetContextKeysForCustomPolicy(ctx, &simulator.GetContextKeysForCustomPolicyInput{
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

// contextKeysResponse is GetContextKeysForPolicyResponse as botocore parses
// the service's XML.
func contextKeysResponse(r *simulator.GetContextKeysForPolicyResponse) *awscli.Object {
	o := awscli.NewObject()
	o.Set("ContextKeyNames", stringValues(r.ContextKeyNames))
	return o
}
