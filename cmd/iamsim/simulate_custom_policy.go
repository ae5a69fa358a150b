package main

import (
	"context"
	"slices"
	"sort"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
	"github.com/iamsim/iamsim/simulator"
)

// `iamsim simulate-custom-policy` is `aws iam simulate-custom-policy`
// (SimulateCustomPolicy).

var simulateCustomPolicyOptions = slices.Concat(
	[]awscli.Option{required(optPolicyInputList), optBoundaryList, required(optActionNames), optResourceArns,
		optResourcePolicy, optResourceOwner, optCallerArn, optContextEntries, optResourceHandling, optMarker},
	awscli.PagingOptions(),
	[]awscli.Option{optEvaluateTrust, optAllowAnyCaller, optPreciseMissing, optRequireKeyPolicies, optNoInputLimits, optStrictActions, optExpandActions},
)

var simulateCustomPolicyCommand = &command{
	name:    "simulate-custom-policy",
	summary: "Simulate policy documents given as strings against actions and resources.",
	options: simulateCustomPolicyOptions,
	op: &operation{
		Operation: awscli.Operation{
			Name: "SimulateCustomPolicy",
			Input: inputShape(simulateCustomPolicyOptions, "PolicyInputList", "PermissionsBoundaryPolicyInputList", "ActionNames",
				"ResourceArns", "ResourcePolicy", "ResourceOwner", "CallerArn", "ContextEntries", "ResourceHandlingOption",
				"MaxItems", "Marker"),
			Paginator: &simulatePaginator,
		},
		call: func(ctx context.Context, sim api, p *awscli.Object) (*awscli.Object, error) {
			in := simulateInput(p)
			r, err := sim.SimulateCustomPolicy(ctx, &in)
			if err != nil {
				return nil, err
			}
			return simulateResponse(r), nil
		},
	},
	run:  (*cli).runOperation,
	help: (*cli).printCommandHelp,
}

// simulateInput reads the members that SimulateCustomPolicy and
// SimulatePrincipalPolicy share from request parameters.
func simulateInput(p *awscli.Object) simulator.SimulateCustomPolicyInput {
	return simulator.SimulateCustomPolicyInput{
		PolicyInputList:                    stringsParam(p, "PolicyInputList"),
		PermissionsBoundaryPolicyInputList: stringsParam(p, "PermissionsBoundaryPolicyInputList"),
		ActionNames:                        stringsParam(p, "ActionNames"),
		ResourceArns:                       stringsParam(p, "ResourceArns"),
		ResourcePolicy:                     stringPtrParam(p, "ResourcePolicy"),
		ResourceOwner:                      stringPtrParam(p, "ResourceOwner"),
		CallerArn:                          stringPtrParam(p, "CallerArn"),
		ContextEntries:                     contextEntries(p),
		ResourceHandlingOption:             stringPtrParam(p, "ResourceHandlingOption"),
		MaxItems:                           int32PtrParam(p, "MaxItems"),
		Marker:                             stringPtrParam(p, "Marker"),
	}
}

func contextEntries(p *awscli.Object) []simulator.ContextEntry {
	v, ok := p.Get("ContextEntries")
	if !ok {
		return nil
	}
	l, _ := v.([]any)
	out := make([]simulator.ContextEntry, len(l))
	for i, e := range l {
		o, _ := e.(*awscli.Object)
		out[i] = simulator.ContextEntry{
			ContextKeyName:   stringParam(o, "ContextKeyName"),
			ContextKeyValues: stringsParam(o, "ContextKeyValues"),
			ContextKeyType:   stringParam(o, "ContextKeyType"),
		}
	}
	return out
}

// simulateResponse is SimulatePolicyResponse as botocore parses the
// service's XML: EvaluationResults, IsTruncated (always sent) and Marker
// (when truncated).
func simulateResponse(r *simulator.SimulatePolicyResponse) *awscli.Object {
	o := awscli.NewObject()
	results := make([]any, len(r.EvaluationResults))
	for i := range r.EvaluationResults {
		results[i] = evaluationResult(&r.EvaluationResults[i])
	}
	o.Set("EvaluationResults", results)
	o.Set("IsTruncated", r.IsTruncated)
	if r.Marker != nil && *r.Marker != "" {
		o.Set("Marker", *r.Marker)
	}
	return o
}

func evaluationResult(e *simulator.EvaluationResult) *awscli.Object {
	o := awscli.NewObject()
	o.Set("EvalActionName", e.EvalActionName)
	if e.EvalResourceName != "" {
		o.Set("EvalResourceName", e.EvalResourceName)
	}
	o.Set("EvalDecision", e.EvalDecision)
	o.Set("MatchedStatements", statements(e.MatchedStatements))
	o.Set("MissingContextValues", stringValues(e.MissingContextValues))
	if d := e.OrganizationsDecisionDetail; d != nil {
		od := awscli.NewObject()
		od.Set("AllowedByOrganizations", d.AllowedByOrganizations)
		o.Set("OrganizationsDecisionDetail", od)
	}
	if d := e.PermissionsBoundaryDecisionDetail; d != nil {
		o.Set("PermissionsBoundaryDecisionDetail", boundaryDetail(d))
	}
	if e.HasEvalDecisionDetails() {
		o.Set("EvalDecisionDetails", decisionDetails(e.EvalDecisionDetails))
	}
	if e.ResourceSpecificResults != nil {
		rs := make([]any, len(e.ResourceSpecificResults))
		for i := range e.ResourceSpecificResults {
			rs[i] = resourceSpecificResult(&e.ResourceSpecificResults[i])
		}
		o.Set("ResourceSpecificResults", rs)
	}
	return o
}

func resourceSpecificResult(r *simulator.ResourceSpecificResult) *awscli.Object {
	o := awscli.NewObject()
	o.Set("EvalResourceName", r.EvalResourceName)
	o.Set("EvalResourceDecision", r.EvalResourceDecision)
	o.Set("MatchedStatements", statements(r.MatchedStatements))
	o.Set("MissingContextValues", stringValues(r.MissingContextValues))
	if r.EvalDecisionDetails != nil {
		o.Set("EvalDecisionDetails", decisionDetails(r.EvalDecisionDetails))
	}
	if d := r.PermissionsBoundaryDecisionDetail; d != nil {
		o.Set("PermissionsBoundaryDecisionDetail", boundaryDetail(d))
	}
	return o
}

func boundaryDetail(d *simulator.PermissionsBoundaryDecisionDetail) *awscli.Object {
	o := awscli.NewObject()
	o.Set("AllowedByPermissionsBoundary", d.AllowedByPermissionsBoundary)
	return o
}

// decisionDetails prints the map sorted by policy type, so that output is
// stable.
func decisionDetails(m map[string]string) *awscli.Object {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := awscli.NewObject()
	for _, k := range keys {
		o.Set(k, m[k])
	}
	return o
}

func statements(ss []simulator.Statement) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		o := awscli.NewObject()
		o.Set("SourcePolicyId", s.SourcePolicyId)
		o.Set("SourcePolicyType", s.SourcePolicyType)
		if s.StartPosition != nil {
			o.Set("StartPosition", position(s.StartPosition))
		}
		if s.EndPosition != nil {
			o.Set("EndPosition", position(s.EndPosition))
		}
		out[i] = o
	}
	return out
}

func position(p *simulator.Position) *awscli.Object {
	o := awscli.NewObject()
	o.Set("Line", int64(p.Line))
	o.Set("Column", int64(p.Column))
	return o
}
