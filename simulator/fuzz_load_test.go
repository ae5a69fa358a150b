package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/account"
)

// FuzzLoadAuthorizationDetails feeds arbitrary bytes to account.Load.
// Invariants: no panic; on success, a Simulator over the account simulates one action for every user, group and role
// (SimulatePrincipalPolicy) and lists their context keys
// (GetContextKeysForPrincipalPolicy), each answering one result or failing
// with a *Error whose code is one of the three the service model declares,
// never an internal error (a recovered panic).
//
// Seeds: the example accounts of ../account/testdata/ (as printed and
// compacted), small snapshots that reach the loader's extensions and error
// paths, and testdata/fuzz/FuzzLoadAuthorizationDetails (inputs that
// fuzzing found).
func FuzzLoadAuthorizationDetails(f *testing.F) {
	for _, name := range []string{"../account/testdata/example-account.json", "../account/testdata/example-account-urlencoded.json"} {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		var compact bytes.Buffer
		require.NoError(f, json.Compact(&compact, data))
		f.Add(compact.Bytes())
	}
	f.Add(account.ExampleJSON())
	for _, s := range []string{
		`{"UserDetailList":[{"UserName":"u","Arn":"arn:aws:iam::111122223333:user/u","UserPolicyList":[{"PolicyName":"p","PolicyDocument":"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D"}],"GroupList":["g"],"Tags":[{"Key":"team","Value":"x"}]}],` +
			`"GroupDetailList":[{"GroupName":"g","GroupPolicyList":[{"PolicyName":"gp","PolicyDocument":{"Statement":{"Effect":"Deny","Action":"s3:Delete*","Resource":"*"}}}],"AttachedManagedPolicies":[{"PolicyName":"m","PolicyArn":"arn:aws:iam::111122223333:policy/m"}]}],` +
			`"Policies":[{"PolicyName":"m","Arn":"arn:aws:iam::111122223333:policy/m","DefaultVersionId":"v2","PolicyVersionList":[{"VersionId":"v1","Document":"{}"},{"VersionId":"v2","Document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"x"}}}]}}]}]}`,
		`{"RoleDetailList":[{"RoleName":"r","Path":"/service-role/","AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}},` +
			`"RolePolicyList":[{"PolicyName":"rp","PolicyDocument":"{\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}}"}],"PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":"arn:aws:iam::aws:policy/PowerUserAccess"}}],"AccountId":"111122223333"}`,
		`{"AccountId":"111122223333","UserDetailList":[{"UserName":"a"}],` +
			`"ServiceControlPolicies":[[{"Name":"FullAWSAccess","Document":{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}}],[{"Name":"DenyS3","Document":"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"}]],` +
			`"ResourceControlPolicies":[[{"Name":"RCPFullAWSAccess","Document":{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}}]]}`,
		`{"UserDetailList":[{"UserName":"a","Arn":"arn:aws:iam::111122223333:user/a","AttachedManagedPolicies":[{"PolicyArn":"arn:aws:iam::111122223333:policy/missing"}]}]}` + "\n" +
			`{"GroupDetailList":[{"GroupName":"g","Arn":"arn:aws:iam::111122223333:group/g"}]}`,
		`{"UserDetailList":[{"UserName":"a","Arn":"arn:aws-cn:iam::111122223333:user/a"}],"RoleDetailList":[{"RoleName":"r","Arn":"arn:aws:iam::444455556666:role/r"}]}`,
		`{"UserDetailList":[{"UserName":"a/b","Path":"/x/"}],"GroupDetailList":[{"GroupName":"g"}],"RoleDetailList":[{"RoleName":"r","AssumeRolePolicyDocument":null}]}`,
		`{"Policies":[{"PolicyName":"p","Arn":"arn:aws:iam::111122223333:policy/p","PolicyVersionList":[{"VersionId":"v1","Document":"%ZZ","IsDefaultVersion":true}]}]}`,
		`{}`,
		``,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := account.Load(bytes.NewReader(data))
		if err != nil {
			require.Nil(t, a, "an account and an error: %v", err)
			return
		}
		require.NotNil(t, a, "no account and no error")
		s := New(WithAccount(a), WithCacheSize(16))
		// Entities are found by name; an account with no ID (no ARN and no
		// AccountId) matches any, so a placeholder ID reaches them too.
		arn := func(have string) string {
			if a.ID() == "" {
				return strings.Replace(have, ":iam:::", ":iam::123456789012:", 1)
			}
			return have
		}
		const limit = 64 // entities simulated per kind, to keep each input quick
		var arns []string
		users, groups, roles := a.Users(), a.Groups(), a.Roles()
		for _, u := range users[:min(limit, len(users))] {
			arns = append(arns, arn(u.Arn))
		}
		for _, g := range groups[:min(limit, len(groups))] {
			arns = append(arns, arn(g.Arn))
		}
		for _, r := range roles[:min(limit, len(roles))] {
			arns = append(arns, arn(r.Arn))
		}
		for _, arn := range arns {
			out, err := s.SimulatePrincipalPolicy(ctx, &SimulatePrincipalPolicyInput{
				PolicySourceArn: arn,
				SimulateCustomPolicyInput: SimulateCustomPolicyInput{
					ActionNames: []string{"s3:GetObject"},
				},
			})
			checkDeclared(t, arn, err)
			if err == nil {
				require.Len(t, out.EvaluationResults, 1, arn)
			}
			keys, err := s.GetContextKeysForPrincipalPolicy(ctx, &GetContextKeysForPrincipalPolicyInput{PolicySourceArn: arn})
			checkDeclared(t, arn, err)
			if err == nil {
				require.NotNil(t, keys.ContextKeyNames, "%s: ContextKeyNames must be present", arn)
			}
		}
	})
}

// checkDeclared fails unless err is nil or a *Error with one of the three
// declared codes and its HTTP status, and not a recovered panic.
func checkDeclared(t *testing.T, arn string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	require.ErrorAs(t, err, &e, "%s: error %T %v is not a *simulator.Error", arn, err, err)
	status := map[string]int{CodeInvalidInput: 400, CodeNoSuchEntity: 404, CodePolicyEvaluation: 500}[e.Code]
	declared := status != 0 && e.HTTPStatus == status
	require.True(t, declared, "%s: error code %q (HTTP %d) is not a declared one: %v", arn, e.Code, e.HTTPStatus, err)
	internal := e.Code == CodePolicyEvaluation && strings.Contains(e.Message, "internal error")
	require.False(t, internal, "%s: internal error: %v", arn, e.Err)
}
