package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func principalCacheAccount() *Account {
	return &Account{
		ID: "111122223333",
		Users: []*User{{
			UserName:                "dana",
			Groups:                  []string{"ops"},
			AttachedManagedPolicies: []string{"arn:aws:iam::111122223333:policy/Ops"},
			InlinePolicies:          []InlinePolicy{{PolicyName: "S3", PolicyDocument: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`}},
			PermissionsBoundary:     "arn:aws:iam::111122223333:policy/Bound",
			Tags:                    []Tag{{Key: "team", Value: "ops"}},
		}},
		Groups: []*Group{{GroupName: "ops", InlinePolicies: []InlinePolicy{{PolicyName: "Logs", PolicyDocument: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"logs:*","Resource":"*"}}`}}}},
		Roles:  []*Role{{RoleName: "app", InlinePolicies: []InlinePolicy{{PolicyName: "Q", PolicyDocument: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/x":"y"}}}}`}}}},
		Policies: []*ManagedPolicy{
			{PolicyName: "Ops", Arn: "arn:aws:iam::111122223333:policy/Ops",
				Versions: []PolicyVersion{{VersionId: "v1", IsDefaultVersion: true, Document: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ops"}}}}`}}},
			{PolicyName: "Bound", Arn: "arn:aws:iam::111122223333:policy/Bound",
				Versions: []PolicyVersion{{VersionId: "v1", IsDefaultVersion: true, Document: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","ec2:*","logs:*"],"Resource":"*"}}`}}},
		},
		SCPs: [][]OrganizationPolicy{{{Name: "FullAccess", Document: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`}}},
	}
}

// SimulatePrincipalPolicy caches compiled policy sets: a cached Simulator
// answers as one without caches, byte for byte, for users, groups and roles
// with the request's own documents, boundaries and resource policies; a
// policy that changed is seen at once, whichever document it is (the key
// holds every document's text), even by the same Simulator; the cache stays
// within its size under concurrent use (run with -race).
func TestPrincipalSetCache(t *testing.T) {
	acct := principalCacheAccount()
	actions := []string{"s3:GetObject", "ec2:RebootInstances", "logs:PutLogEvents", "sqs:SendMessage", "sts:AssumeRole"}
	inputs := map[string]*SimulatePrincipalPolicyInput{
		"user":  {PolicySourceArn: "arn:aws:iam::111122223333:user/dana", ActionNames: actions},
		"group": {PolicySourceArn: "arn:aws:iam::111122223333:group/ops", ActionNames: actions},
		"role":  {PolicySourceArn: "arn:aws:iam::111122223333:role/app", ActionNames: actions, ResourceArns: []string{"arn:aws:sqs:us-east-1:111122223333:q", "*"}},
		"user with inputs": {PolicySourceArn: "arn:aws:iam::111122223333:user/dana", ActionNames: actions,
			PolicyInputList:                    []string{`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"logs:*","Resource":"*"}}`},
			PermissionsBoundaryPolicyInputList: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`}},
		"user with resource policy": {PolicySourceArn: "arn:aws:iam::111122223333:user/dana", ActionNames: actions[:2],
			ResourceArns:   []string{"arn:aws:s3:::b/k"},
			ResourcePolicy: ptr(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}}`)},
		"role as trust": {PolicySourceArn: "arn:aws:iam::111122223333:user/dana", ActionNames: []string{"sts:AssumeRole"},
			ResourcePolicy: ptr(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}}`)},
		"unknown": {PolicySourceArn: "arn:aws:iam::111122223333:user/nobody", ActionNames: actions},
	}
	run := func(s *Simulator, name string) string {
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
	for range 2 {
		for name := range inputs {
			require.Equal(t, run(uncached, name), run(cached, name), name)
		}
	}
	require.Contains(t, run(cached, "role as trust"), `not allowed in a role trust policy`)
	// user, group, role, user with inputs, user with resource policy.
	require.Equal(t, 5, cached.principals.len())

	decisions := func(s *Simulator) []string {
		out, err := s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
			PolicySourceArn: "arn:aws:iam::111122223333:user/dana", ActionNames: actions[:3]})
		require.NoError(t, err)
		var ds []string
		for _, r := range out.EvaluationResults {
			ds = append(ds, r.EvalDecision)
		}
		return ds
	}
	require.Equal(t, []string{"allowed", "allowed", "allowed"}, decisions(cached))
	// Each kind of document changes under the same Simulator (which its
	// documentation forbids, and the endpoint never does: it builds a new
	// Simulator for every change). The cached set must not hide any.
	changes := []struct {
		name   string
		change func()
		want   []string
	}{
		{"inline policy", func() {
			acct.Users[0].InlinePolicies[0].PolicyDocument = `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}}`
		}, []string{"explicitDeny", "allowed", "allowed"}},
		{"managed policy version", func() {
			acct.Policies[0].Versions[0].Document = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}}`
		}, []string{"explicitDeny", "implicitDeny", "allowed"}},
		{"group policy", func() {
			acct.Groups[0].InlinePolicies[0].PolicyDocument = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"logs:Get*","Resource":"*"}}`
		}, []string{"explicitDeny", "implicitDeny", "implicitDeny"}},
		{"boundary", func() {
			acct.Users[0].InlinePolicies[0].PolicyDocument = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
			acct.Policies[1].Versions[0].Document = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"logs:*","Resource":"*"}}`
		}, []string{"implicitDeny", "implicitDeny", "allowed"}},
		{"SCP", func() {
			acct.SCPs[0][0].Document = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`
		}, []string{"implicitDeny", "implicitDeny", "implicitDeny"}},
	}
	for _, c := range changes {
		c.change()
		require.Equal(t, c.want, decisions(cached), c.name)
		require.Equal(t, c.want, decisions(New(WithAccount(acct), WithCacheSize(0))), c.name+", uncached")
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
	for err := range errs {
		t.Error(err)
	}
	require.LessOrEqual(t, small.principals.len(), 2)
}

// BenchmarkSimulatePrincipalPolicy times a user's simulation (five
// policies: inline, managed, group, boundary, SCP; five actions) with the
// compiled set cached, and with the set cache off (documents still come
// from the document cache, compiled every call as before).
func BenchmarkSimulatePrincipalPolicy(b *testing.B) {
	for _, setCache := range []bool{true, false} {
		b.Run(fmt.Sprintf("setcache=%v", setCache), func(b *testing.B) {
			s := New(WithAccount(principalCacheAccount()))
			if !setCache {
				s.principals = nil
			}
			in := &SimulatePrincipalPolicyInput{PolicySourceArn: "arn:aws:iam::111122223333:user/dana",
				ActionNames: []string{"s3:GetObject", "ec2:RebootInstances", "logs:PutLogEvents", "sqs:SendMessage", "sts:AssumeRole"}}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.SimulatePrincipalPolicy(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Simulators sharing Caches answer as Simulators without caches: across
// accounts that hold the same user with other policies, across an account
// change, and across the EvaluateTrustPolicies option (the Service
// principal check of a trust policy is not skipped because a lenient
// Simulator cached the set). WithCacheSize(0) turns shared caches off too.
func TestSharedCaches(t *testing.T) {
	shared := NewCaches(16)
	a1, a2 := principalCacheAccount(), principalCacheAccount()
	a2.Users[0].InlinePolicies[0].PolicyDocument = `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}}`
	in := &SimulatePrincipalPolicyInput{PolicySourceArn: "arn:aws:iam::111122223333:user/dana", ActionNames: []string{"s3:GetObject", "ec2:RebootInstances"}}
	svc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`
	trustIn := &SimulatePrincipalPolicyInput{PolicySourceArn: "arn:aws:iam::111122223333:user/dana", ActionNames: []string{"sts:AssumeRole"}, ResourcePolicy: &svc}
	customIn := &SimulateCustomPolicyInput{PolicyInputList: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}`},
		ActionNames: []string{"sts:AssumeRole"}, ResourcePolicy: &svc, CallerArn: ptr("arn:aws:iam::111122223333:user/dana")}
	answer := func(s *Simulator) string {
		var out []string
		for _, f := range []func() (any, error){
			func() (any, error) { return s.SimulatePrincipalPolicy(context.Background(), in) },
			func() (any, error) { return s.SimulatePrincipalPolicy(context.Background(), trustIn) },
			func() (any, error) { return s.SimulateCustomPolicy(context.Background(), customIn) },
		} {
			r, err := f()
			b, _ := json.Marshal(r)
			out = append(out, fmt.Sprint(string(b), err))
		}
		return fmt.Sprint(out)
	}
	for range 2 {
		for _, a := range []*Account{a1, a2} {
			for _, opts := range [][]Option{nil, {EvaluateTrustPolicies()}, {AllowAnyCaller()}} {
				want := answer(New(append([]Option{WithAccount(a), WithCacheSize(0)}, opts...)...))
				got := answer(New(append([]Option{WithAccount(a), WithCaches(shared)}, opts...)...))
				require.Equal(t, want, got)
			}
		}
	}
	require.NotEqual(t, answer(New(WithAccount(a1), WithCaches(shared))), answer(New(WithAccount(a2), WithCaches(shared))))
	require.Positive(t, shared.principals.len())
	off := New(WithAccount(a1), WithCaches(shared), WithCacheSize(0))
	require.Nil(t, off.principals)
	require.Nil(t, off.sets)
	require.Nil(t, off.cache)
}
