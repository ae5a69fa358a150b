package simulator

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzSimulateCustomPolicy feeds arbitrary documents, actions, resources and
// callers to SimulateCustomPolicy and GetContextKeysForCustomPolicy. Every
// outcome must be a response of the right size or an *Error, and never an
// internal error (which is what a recovered panic becomes).
//
// Seeds: the cases below and testdata/fuzz/FuzzSimulateCustomPolicy
// (inputs that fuzzing found).
func FuzzSimulateCustomPolicy(f *testing.F) {
	f.Add(allowAll, "s3:GetObject", "*", "", "")
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::${aws:username}/*","Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":["a*"]}}}]}`,
		"S3:PutObject", "arn:aws:s3:::alice/x", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`, "arn:aws:iam::111122223333:user/alice")
	f.Add(`{"Statement":{"Effect":"Allow","Action":"kms:*","Resource":"*"}}`, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k",
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}}`, "arn:aws:iam::111122223333:user/a")
	f.Add(allowAll, "sts:AssumeRole", "arn:aws:iam::111122223333:role/r",
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"x.amazonaws.com"},"Action":"sts:AssumeRole"}}`, "arn:aws:iam::111122223333:user/a")
	f.Add("{\"Version\":\"2012-10-17\",\"Statement\":[\n{}]}", "a:b", "", "{", "arn:aws:iam::1:role/x")
	f.Fuzz(func(t *testing.T, doc, action, resource, resourcePolicy, caller string) {
		ctx := context.Background()
		for _, s := range []*Simulator{New(), New(AllowAnyCaller(), EvaluateTrustPolicies(), WithCacheSize(0))} {
			in := &SimulateCustomPolicyInput{PolicyInputList: []string{doc}, ActionNames: []string{action, "s3:GetObject"}}
			if resource != "" {
				in.ResourceArns = []string{resource, "*"}
			}
			if resourcePolicy != "" {
				in.ResourcePolicy = &resourcePolicy
			}
			if caller != "" {
				in.CallerArn = &caller
			}
			out, err := s.SimulateCustomPolicy(ctx, in)
			check(t, err)
			if err == nil {
				require.Len(t, out.EvaluationResults, 2*max(1, len(in.ResourceArns)))
				for _, r := range out.EvaluationResults {
					require.NotNil(t, r.MatchedStatements, "MatchedStatements must always be present")
					require.NotNil(t, r.MissingContextValues, "MissingContextValues must always be present")
					require.NotEqual(t, r.EvalResourceName == "*", r.HasEvalDecisionDetails(), "EvalDecisionDetails must be absent exactly for *")
				}
			}
			keys, err := s.GetContextKeysForCustomPolicy(ctx, &GetContextKeysForCustomPolicyInput{PolicyInputList: []string{doc}})
			check(t, err)
			if err == nil {
				require.NotNil(t, keys.ContextKeyNames, "ContextKeyNames must be present")
			}
		}
	})
}

func check(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	require.ErrorAs(t, err, &e, "error %T %v is not a *simulator.Error", err, err)
	internal := e.Code == CodePolicyEvaluation && strings.Contains(e.Message, "internal error")
	require.False(t, internal, "internal error: %v", e.Err)
}
