package main

import (
	"context"
	"math"
	"sort"

	"github.com/iamsim/iamsim/simulator"
)

// api is the part of *simulator.Simulator the CLI calls. Tests substitute
// fakes to check what the CLI sends and how it prints canned answers.
type api interface {
	SimulateCustomPolicy(context.Context, *simulator.SimulateCustomPolicyInput) (*simulator.SimulatePolicyResponse, error)
	SimulatePrincipalPolicy(context.Context, *simulator.SimulatePrincipalPolicyInput) (*simulator.SimulatePolicyResponse, error)
	GetContextKeysForCustomPolicy(context.Context, *simulator.GetContextKeysForCustomPolicyInput) (*simulator.GetContextKeysForPolicyResponse, error)
	GetContextKeysForPrincipalPolicy(context.Context, *simulator.GetContextKeysForPrincipalPolicyInput) (*simulator.GetContextKeysForPolicyResponse, error)
}

var _ api = (*simulator.Simulator)(nil)

// callOperation turns validated request parameters into c's input type,
// calls the simulator and returns the response in the value model, members
// in the service model's order.
func callOperation(ctx context.Context, sim api, c *command, p *object) (*object, error) {
	switch c.operation {
	case "SimulateCustomPolicy":
		r, err := sim.SimulateCustomPolicy(ctx, &simulator.SimulateCustomPolicyInput{
			PolicyInputList:                    strList(p, "PolicyInputList"),
			PermissionsBoundaryPolicyInputList: strList(p, "PermissionsBoundaryPolicyInputList"),
			ActionNames:                        strList(p, "ActionNames"),
			ResourceArns:                       strList(p, "ResourceArns"),
			ResourcePolicy:                     strPtr(p, "ResourcePolicy"),
			ResourceOwner:                      strPtr(p, "ResourceOwner"),
			CallerArn:                          strPtr(p, "CallerArn"),
			ContextEntries:                     contextEntries(p),
			ResourceHandlingOption:             strPtr(p, "ResourceHandlingOption"),
			MaxItems:                           int32Ptr(p, "MaxItems"),
			Marker:                             strPtr(p, "Marker"),
		})
		if err != nil {
			return nil, err
		}
		return simulateResponse(r), nil
	case "SimulatePrincipalPolicy":
		r, err := sim.SimulatePrincipalPolicy(ctx, &simulator.SimulatePrincipalPolicyInput{
			PolicySourceArn: strVal(p, "PolicySourceArn"),
			SimulateCustomPolicyInput: simulator.SimulateCustomPolicyInput{
				PolicyInputList:                    strList(p, "PolicyInputList"),
				PermissionsBoundaryPolicyInputList: strList(p, "PermissionsBoundaryPolicyInputList"),
				ActionNames:                        strList(p, "ActionNames"),
				ResourceArns:                       strList(p, "ResourceArns"),
				ResourcePolicy:                     strPtr(p, "ResourcePolicy"),
				ResourceOwner:                      strPtr(p, "ResourceOwner"),
				CallerArn:                          strPtr(p, "CallerArn"),
				ContextEntries:                     contextEntries(p),
				ResourceHandlingOption:             strPtr(p, "ResourceHandlingOption"),
				MaxItems:                           int32Ptr(p, "MaxItems"),
				Marker:                             strPtr(p, "Marker"),
			},
		})
		if err != nil {
			return nil, err
		}
		return simulateResponse(r), nil
	case "GetContextKeysForCustomPolicy":
		r, err := sim.GetContextKeysForCustomPolicy(ctx, &simulator.GetContextKeysForCustomPolicyInput{
			PolicyInputList: strList(p, "PolicyInputList"),
		})
		if err != nil {
			return nil, err
		}
		return contextKeysResponse(r), nil
	case "GetContextKeysForPrincipalPolicy":
		r, err := sim.GetContextKeysForPrincipalPolicy(ctx, &simulator.GetContextKeysForPrincipalPolicyInput{
			PolicySourceArn: strVal(p, "PolicySourceArn"),
			PolicyInputList: strList(p, "PolicyInputList"),
		})
		if err != nil {
			return nil, err
		}
		return contextKeysResponse(r), nil
	}
	panic("callOperation: unknown operation " + c.operation)
}

// The getters below read parameters that validateParams has accepted, so
// the types are known.

func strVal(p *object, k string) string {
	v, _ := p.get(k)
	s, _ := v.(string)
	return s
}

func strPtr(p *object, k string) *string {
	v, ok := p.get(k)
	if !ok {
		return nil
	}
	s, _ := v.(string)
	return &s
}

func strList(p *object, k string) []string {
	v, ok := p.get(k)
	if !ok {
		return nil
	}
	return toStrings(v)
}

func toStrings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, len(l))
	for i, e := range l {
		out[i], _ = e.(string)
	}
	return out
}

func int32Ptr(p *object, k string) *int32 {
	v, ok := p.get(k)
	if !ok {
		return nil
	}
	var n int64
	switch t := v.(type) {
	case int64:
		n = t
	case bool:
		if t {
			n = 1
		}
	}
	// The model has no upper bound the client checks; keep out-of-range
	// values out of range for the simulator to reject.
	n = max(min(n, math.MaxInt32), math.MinInt32)
	i := int32(n)
	return &i
}

func contextEntries(p *object) []simulator.ContextEntry {
	v, ok := p.get("ContextEntries")
	if !ok {
		return nil
	}
	l, _ := v.([]any)
	out := make([]simulator.ContextEntry, len(l))
	for i, e := range l {
		o, _ := e.(*object)
		out[i] = simulator.ContextEntry{
			ContextKeyName:   strVal(o, "ContextKeyName"),
			ContextKeyValues: strList(o, "ContextKeyValues"),
			ContextKeyType:   strVal(o, "ContextKeyType"),
		}
	}
	return out
}

// simulateResponse is SimulatePolicyResponse as botocore parses the
// service's XML: EvaluationResults, IsTruncated (always sent) and Marker
// (when truncated).
func simulateResponse(r *simulator.SimulatePolicyResponse) *object {
	o := newObject()
	results := make([]any, len(r.EvaluationResults))
	for i := range r.EvaluationResults {
		results[i] = evaluationResult(&r.EvaluationResults[i])
	}
	o.set("EvaluationResults", results)
	o.set("IsTruncated", r.IsTruncated)
	if r.Marker != nil && *r.Marker != "" {
		o.set("Marker", *r.Marker)
	}
	return o
}

func evaluationResult(e *simulator.EvaluationResult) *object {
	o := newObject()
	o.set("EvalActionName", e.EvalActionName)
	if e.EvalResourceName != "" {
		o.set("EvalResourceName", e.EvalResourceName)
	}
	o.set("EvalDecision", e.EvalDecision)
	o.set("MatchedStatements", statements(e.MatchedStatements))
	o.set("MissingContextValues", stringValues(e.MissingContextValues))
	if d := e.OrganizationsDecisionDetail; d != nil {
		od := newObject()
		od.set("AllowedByOrganizations", d.AllowedByOrganizations)
		o.set("OrganizationsDecisionDetail", od)
	}
	if d := e.PermissionsBoundaryDecisionDetail; d != nil {
		o.set("PermissionsBoundaryDecisionDetail", boundaryDetail(d))
	}
	if e.HasEvalDecisionDetails() {
		o.set("EvalDecisionDetails", decisionDetails(e.EvalDecisionDetails))
	}
	if e.ResourceSpecificResults != nil {
		rs := make([]any, len(e.ResourceSpecificResults))
		for i := range e.ResourceSpecificResults {
			rs[i] = resourceSpecificResult(&e.ResourceSpecificResults[i])
		}
		o.set("ResourceSpecificResults", rs)
	}
	return o
}

func resourceSpecificResult(r *simulator.ResourceSpecificResult) *object {
	o := newObject()
	o.set("EvalResourceName", r.EvalResourceName)
	o.set("EvalResourceDecision", r.EvalResourceDecision)
	o.set("MatchedStatements", statements(r.MatchedStatements))
	o.set("MissingContextValues", stringValues(r.MissingContextValues))
	if r.EvalDecisionDetails != nil {
		o.set("EvalDecisionDetails", decisionDetails(r.EvalDecisionDetails))
	}
	if d := r.PermissionsBoundaryDecisionDetail; d != nil {
		o.set("PermissionsBoundaryDecisionDetail", boundaryDetail(d))
	}
	return o
}

func boundaryDetail(d *simulator.PermissionsBoundaryDecisionDetail) *object {
	o := newObject()
	o.set("AllowedByPermissionsBoundary", d.AllowedByPermissionsBoundary)
	return o
}

// decisionDetails prints the map sorted by policy type, so that output is
// stable.
func decisionDetails(m map[string]string) *object {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := newObject()
	for _, k := range keys {
		o.set(k, m[k])
	}
	return o
}

func statements(ss []simulator.Statement) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		o := newObject()
		o.set("SourcePolicyId", s.SourcePolicyId)
		o.set("SourcePolicyType", s.SourcePolicyType)
		if s.StartPosition != nil {
			o.set("StartPosition", position(s.StartPosition))
		}
		if s.EndPosition != nil {
			o.set("EndPosition", position(s.EndPosition))
		}
		out[i] = o
	}
	return out
}

func position(p *simulator.Position) *object {
	o := newObject()
	o.set("Line", int64(p.Line))
	o.set("Column", int64(p.Column))
	return o
}

func stringValues(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func contextKeysResponse(r *simulator.GetContextKeysForPolicyResponse) *object {
	o := newObject()
	o.set("ContextKeyNames", stringValues(r.ContextKeyNames))
	return o
}
