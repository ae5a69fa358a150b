package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/account"
)

func principalCacheAccount() *account.Account {
	return loadAccount(`{
	"AccountId": "111122223333",
	"UserDetailList": [{"UserName": "dana", "GroupList": ["ops"],
		"AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::111122223333:policy/Ops"}],
		"UserPolicyList": [{"PolicyName": "S3", "PolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}"}],
		"PermissionsBoundary": {"PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/Bound"},
		"Tags": [{"Key": "team", "Value": "ops"}]}],
	"GroupDetailList": [{"GroupName": "ops", "GroupPolicyList": [{"PolicyName": "Logs", "PolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\"}}"}]}],
	"RoleDetailList": [{"RoleName": "app", "RolePolicyList": [{"PolicyName": "Q", "PolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/x\":\"y\"}}}}"}]}],
	"Policies": [
		{"PolicyName": "Ops", "Arn": "arn:aws:iam::111122223333:policy/Ops", "DefaultVersionId": "v1",
			"PolicyVersionList": [{"VersionId": "v1", "Document": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ec2:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"ops\"}}}}"}]},
		{"PolicyName": "Bound", "Arn": "arn:aws:iam::111122223333:policy/Bound", "DefaultVersionId": "v1",
			"PolicyVersionList": [{"VersionId": "v1", "Document": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:*\",\"ec2:*\",\"logs:*\"],\"Resource\":\"*\"}}"}]}],
	"ServiceControlPolicies": [[{"Name": "FullAccess", "Document": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"}]]
}`)
}

// principalInput is a SimulatePrincipalPolicy request for source with the
// members of in.
func principalInput(source string, in SimulateCustomPolicyInput) *SimulatePrincipalPolicyInput {
	return &SimulatePrincipalPolicyInput{PolicySourceArn: source, SimulateCustomPolicyInput: in}
}

// loadAccount loads an account from the JSON of
// get-account-authorization-details, or panics.
func loadAccount(js string) *account.Account {
	a, err := account.Load(strings.NewReader(js))
	if err != nil {
		panic(err)
	}
	return a
}

// SimulatePrincipalPolicy caches compiled policy sets: a cached Simulator
// answers as one without caches, byte for byte, for users, groups and roles
// with the request's own documents, boundaries and resource policies; a
// policy that changed is seen at once, whichever document it is (the key
// holds every document's text), even by the same Simulator; the cache stays
// within its size under concurrent use (run with -race).
func TestPrincipalSetCache(t *testing.T) {
	t.Parallel()
	acct := principalCacheAccount()
	actions := []string{"s3:GetObject", "ec2:RebootInstances", "logs:PutLogEvents", "sqs:SendMessage", "sts:AssumeRole"}
	const dana = "arn:aws:iam::111122223333:user/dana"
	inputs := map[string]*SimulatePrincipalPolicyInput{
		"user":  principalInput(dana, SimulateCustomPolicyInput{ActionNames: actions}),
		"group": principalInput("arn:aws:iam::111122223333:group/ops", SimulateCustomPolicyInput{ActionNames: actions}),
		"role": principalInput("arn:aws:iam::111122223333:role/app", SimulateCustomPolicyInput{ActionNames: actions,
			ResourceArns: []string{"arn:aws:sqs:us-east-1:111122223333:q", "*"}}),
		"user with inputs": principalInput(dana, SimulateCustomPolicyInput{ActionNames: actions,
			PolicyInputList:                    []string{`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"logs:*","Resource":"*"}}`},
			PermissionsBoundaryPolicyInputList: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`}}),
		"user with resource policy": principalInput(dana, SimulateCustomPolicyInput{ActionNames: actions[:2],
			ResourceArns:   []string{"arn:aws:s3:::b/k"},
			ResourcePolicy: ptr(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}}`)}),
		"role as trust": principalInput(dana, SimulateCustomPolicyInput{ActionNames: []string{"sts:AssumeRole"},
			ResourcePolicy: ptr(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}}`)}),
		"unknown": principalInput("arn:aws:iam::111122223333:user/nobody", SimulateCustomPolicyInput{ActionNames: actions}),
	}
	run := func(t *testing.T, s *Simulator, name string) string {
		in := *inputs[name]
		out, err := s.SimulatePrincipalPolicy(context.Background(), &in)
		if err != nil {
			return "error: " + err.Error()
		}
		b, err := json.Marshal(out)
		require.NoError(t, err)
		return string(b)
	}
	uncached := New(WithAccount(acct), WithCacheSize(0))
	require.Nil(t, uncached.principals)
	cached := New(WithAccount(acct))
	// Each input three times in a row: the second use of a set puts it in
	// the cache, the third finds it there. (In a row, because the
	// doorkeeper remembers a first use in a slot that another set's first
	// use may take.)
	for _, name := range slices.Sorted(maps.Keys(inputs)) {
		for _, use := range []string{"first use", "second use", "cached"} {
			t.Run(use+"/"+name, func(t *testing.T) {
				require.Equal(t, run(t, uncached, name), run(t, cached, name))
			})
		}
	}
	require.Contains(t, run(t, cached, "role as trust"), `not allowed in a role trust policy`)
	// user, group, role, user with inputs, user with resource policy.
	require.Equal(t, 5, cached.principals.len())

	decisions := func(t *testing.T, s *Simulator) []string {
		out, err := s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
			PolicySourceArn: "arn:aws:iam::111122223333:user/dana",
			SimulateCustomPolicyInput: SimulateCustomPolicyInput{
				ActionNames: actions[:3],
			},
		})
		require.NoError(t, err)
		var ds []string
		for _, r := range out.EvaluationResults {
			ds = append(ds, r.EvalDecision)
		}
		return ds
	}
	require.Equal(t, []string{"allowed", "allowed", "allowed"}, decisions(t, cached))
	// Each kind of document changes in the account under the same
	// Simulator, which reads the account at every call. The cached set
	// must not hide any change.
	newDefault := func(t *testing.T, arn, doc string) {
		old := acct.Policy(arn).DefaultVersionId
		_, _, err := acct.CreatePolicyVersion(arn, doc, true)
		require.NoError(t, err)
		require.NoError(t, acct.DeletePolicyVersion(arn, old))
	}
	changes := []struct {
		name   string
		change func(t *testing.T)
		want   []string
	}{
		{"inline policy", func(t *testing.T) {
			require.NoError(t, acct.PutUserPolicy("dana", "S3", `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}}`))
		}, []string{"explicitDeny", "allowed", "allowed"}},
		{"managed policy version", func(t *testing.T) {
			newDefault(t, "arn:aws:iam::111122223333:policy/Ops", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}}`)
		}, []string{"explicitDeny", "implicitDeny", "allowed"}},
		{"group policy", func(t *testing.T) {
			require.NoError(t, acct.PutGroupPolicy("ops", "Logs", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"logs:Get*","Resource":"*"}}`))
		}, []string{"explicitDeny", "implicitDeny", "implicitDeny"}},
		{"boundary", func(t *testing.T) {
			require.NoError(t, acct.PutUserPolicy("dana", "S3", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`))
			newDefault(t, "arn:aws:iam::111122223333:policy/Bound", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"logs:*","Resource":"*"}}`)
		}, []string{"implicitDeny", "implicitDeny", "allowed"}},
		{"SCP", func(t *testing.T) {
			acct.SetOrganizationPolicies([][]account.OrganizationPolicy{{{Name: "FullAccess", Document: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`}}}, nil)
		}, []string{"implicitDeny", "implicitDeny", "implicitDeny"}},
	}
	for _, c := range changes { // in order: each change adds to the last
		t.Run(c.name, func(t *testing.T) {
			c.change(t)
			require.Equal(t, c.want, decisions(t, cached), "cached")
			require.Equal(t, c.want, decisions(t, New(WithAccount(acct), WithCacheSize(0))), "uncached")
		})
	}

	small := New(WithAccount(principalCacheAccount()), WithCacheSize(2))
	ref := New(WithAccount(principalCacheAccount()), WithCacheSize(0))
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				in := *inputs["user with inputs"]
				in.PolicyInputList = []string{fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Sid":"S%d","Effect":"Deny","Action":"logs:*","Resource":"*"}}`, (g+i)%4)}
				a, err := small.SimulatePrincipalPolicy(context.Background(), &in)
				if err != nil {
					errs <- err
					return
				}
				b, _ := ref.SimulatePrincipalPolicy(context.Background(), &in)
				ja, _ := json.Marshal(a)
				jb, _ := json.Marshal(b)
				if string(ja) != string(jb) {
					errs <- fmt.Errorf("goroutine %d: %s != %s", g, ja, jb)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	require.NoError(t, joined(errs))
	require.LessOrEqual(t, small.principals.len(), 2)
}

// BenchmarkSimulatePrincipalPolicy times a user's simulation (five
// policies: inline, managed, group, boundary, SCP; five actions) with the
// compiled set cached, and with the set cache off (documents still come
// from the document cache and are compiled every call).
func BenchmarkSimulatePrincipalPolicy(b *testing.B) {
	for _, setCache := range []bool{true, false} {
		b.Run(fmt.Sprintf("setcache=%v", setCache), func(b *testing.B) {
			s := New(WithAccount(principalCacheAccount()))
			if !setCache {
				s.principals = nil
			}
			in := &SimulatePrincipalPolicyInput{PolicySourceArn: "arn:aws:iam::111122223333:user/dana",
				SimulateCustomPolicyInput: SimulateCustomPolicyInput{
					ActionNames: []string{"s3:GetObject", "ec2:RebootInstances", "logs:PutLogEvents", "sqs:SendMessage", "sts:AssumeRole"},
				},
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.SimulatePrincipalPolicy(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A custom simulation's caller found in the account brings its tags as
// aws:PrincipalTag keys. The Simulator caches callers and the request
// contexts built for them; a change to the account (here, the caller's
// tags) must show in the next call all the same.
func TestCallerTagsFollowTheAccount(t *testing.T) {
	t.Parallel()
	acct := principalCacheAccount()
	s := New(WithAccount(acct))
	in := &SimulateCustomPolicyInput{
		PolicyInputList: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ops"}}}}`},
		ActionNames:     []string{"s3:GetObject"},
		CallerArn:       ptr("arn:aws:iam::111122223333:user/dana"),
		ContextEntries:  []ContextEntry{{ContextKeyName: "aws:SourceIp", ContextKeyValues: []string{"10.0.0.1"}, ContextKeyType: "ip"}},
	}
	decision := func() string {
		out, err := s.SimulateCustomPolicy(context.Background(), in)
		require.NoError(t, err)
		return out.EvaluationResults[0].EvalDecision
	}
	for range 3 { // the caller and its request context are cached from the second call
		require.Equal(t, "allowed", decision())
	}
	require.NoError(t, acct.TagUser("dana", []account.Tag{{Key: "team", Value: "dev"}}))
	require.Equal(t, "implicitDeny", decision())
	require.NoError(t, acct.UntagUser("dana", []string{"TEAM"}))
	require.Equal(t, "implicitDeny", decision())
	require.NoError(t, acct.TagUser("dana", []account.Tag{{Key: "team", Value: "ops"}}))
	require.Equal(t, "allowed", decision())
}
