package main

import (
	"context"
	"slices"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
	"github.com/iamsim/iamsim/simulator"
)

// `iamsim simulate-principal-policy` is `aws iam simulate-principal-policy`
// (SimulatePrincipalPolicy), on the account of --account-snapshot.

var simulatePrincipalPolicyOptions = slices.Concat(
	[]awscli.Option{required(optPolicySourceArn), optPolicyInputList, optBoundaryList, required(optActionNames),
		optResourceArns, optResourcePolicy, optResourceOwner, optCallerArn, optContextEntries, optResourceHandling, optMarker},
	awscli.PagingOptions(),
	[]awscli.Option{optAccountSnapshot, optEvaluateTrust, optAllowAnyCaller, optPreciseMissing, optRequireKeyPolicies, optNoInputLimits,
		optStrictActions, optExpandActions},
)

var simulatePrincipalPolicyCommand = &command{
	name:    "simulate-principal-policy",
	summary: "Simulate the policies of a user, group or role of an account snapshot.",
	options: simulatePrincipalPolicyOptions,
	op: &operation{
		Operation: awscli.Operation{
			Name: "SimulatePrincipalPolicy",
			Input: inputShape(simulatePrincipalPolicyOptions, "PolicySourceArn", "PolicyInputList", "PermissionsBoundaryPolicyInputList",
				"ActionNames", "ResourceArns", "ResourcePolicy", "ResourceOwner", "CallerArn", "ContextEntries",
				"ResourceHandlingOption", "MaxItems", "Marker"),
			Paginator: &simulatePaginator,
		},
		call: func(ctx context.Context, sim api, p *awscli.Object) (*awscli.Object, error) {
			r, err := sim.SimulatePrincipalPolicy(ctx, principalInput(stringParam(p, "PolicySourceArn"), simulateInput(p)))
			if err != nil {
				return nil, err
			}
			return simulateResponse(r), nil
		},
	},
	run:  (*cli).runOperation,
	help: (*cli).printCommandHelp,
}

// principalInput is the SimulatePrincipalPolicy request for the principal
// arn: the members it shares with SimulateCustomPolicy, and PolicySourceArn.
func principalInput(arn string, shared simulator.SimulateCustomPolicyInput) *simulator.SimulatePrincipalPolicyInput {
	return &simulator.SimulatePrincipalPolicyInput{PolicySourceArn: arn, SimulateCustomPolicyInput: shared}
}
