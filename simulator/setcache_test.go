package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// A request whose documents are cached as a set gets the response it would
// get from a Simulator without caches, byte for byte; the key tells a
// resource policy from the same text read as a trust policy; the members
// other than the documents are still validated on a hit; the cache keeps at
// most its size; concurrent simulations share sets (run with -race).
func TestSetCache(t *testing.T) {
	t.Parallel()
	const trust = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole","Resource":"*"}}`
	base := func() *SimulateCustomPolicyInput {
		return &SimulateCustomPolicyInput{
			PolicyInputList: []string{
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","sts:AssumeRole"],"Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret/*"}]}`,
				`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"StringEquals":{"s3:prefix":"x"}}}}`,
			},
			PermissionsBoundaryPolicyInputList: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`},
			ActionNames:                        []string{"s3:GetObject", "s3:PutObject"},
			ResourceArns:                       []string{"arn:aws:s3:::b/alice/k", "arn:aws:s3:::b/secret/k"},
			ResourcePolicy:                     ptr(trust),
			CallerArn:                          ptr("arn:aws:iam::111122223333:user/alice"),
			ContextEntries:                     []ContextEntry{{ContextKeyName: "aws:SourceIp", ContextKeyValues: []string{"10.1.2.3"}, ContextKeyType: "ip"}},
		}
	}
	variants := map[string]func(*SimulateCustomPolicyInput){
		"plain":        func(*SimulateCustomPolicyInput) {},
		"trust":        func(in *SimulateCustomPolicyInput) { in.ActionNames = []string{"sts:AssumeRole"} },
		"paged":        func(in *SimulateCustomPolicyInput) { in.MaxItems = ptr(int32(3)) },
		"bad action":   func(in *SimulateCustomPolicyInput) { in.ActionNames = []string{"s3"} },
		"bad context":  func(in *SimulateCustomPolicyInput) { in.ContextEntries[0].ContextKeyValues = []string{"x"} },
		"bad caller":   func(in *SimulateCustomPolicyInput) { in.CallerArn = ptr("arn:aws:iam::111122223333:role/r") },
		"bad marker":   func(in *SimulateCustomPolicyInput) { in.Marker = ptr("AAAA") },
		"no resources": func(in *SimulateCustomPolicyInput) { in.ResourceArns = nil },
		"no caller": func(in *SimulateCustomPolicyInput) {
			in.CallerArn, in.ResourcePolicy = nil, nil
			in.ActionNames = []string{"s3:GetObject", "dynamodb:GetItem"}
			in.ResourceArns = []string{"arn:aws:s3:::b/k", "arn:aws:dynamodb:us-east-1:111122223333:table/t", "arn:aws:dynamodb:us-east-1:444455556666:table/t"}
		},
		"other context": func(in *SimulateCustomPolicyInput) {
			in.ContextEntries = append(in.ContextEntries, ContextEntry{ContextKeyName: "aws:username", ContextKeyValues: []string{"bob"}, ContextKeyType: "string"})
		},
		"no context": func(in *SimulateCustomPolicyInput) { in.ContextEntries = nil },
	}
	run := func(t *testing.T, s *Simulator, name string) string {
		in := base()
		variants[name](in)
		out, err := s.SimulateCustomPolicy(context.Background(), in)
		if err != nil {
			return "error: " + err.Error()
		}
		b, err := json.Marshal(out)
		require.NoError(t, err)
		return string(b)
	}
	uncached := New(WithCacheSize(0))
	require.Nil(t, uncached.sets)
	cached := New()
	// Each variant three times in a row: the second use of a set puts it
	// in the cache, the third finds it there. (In a row, because the
	// doorkeeper remembers a first use in a slot that another set's first
	// use may take.)
	for _, name := range slices.Sorted(maps.Keys(variants)) {
		for _, use := range []string{"first use", "second use", "cached"} {
			t.Run(use+"/"+name, func(t *testing.T) {
				require.Equal(t, run(t, uncached, name), run(t, cached, name))
			})
		}
	}
	// ResourcePolicy is valid as a resource policy and not as a trust
	// policy (it has a Resource element): the cached set of the one does
	// not hide the error of the other.
	require.Contains(t, run(t, cached, "trust"), `element "Resource" is not allowed in a role trust policy`)
	require.Equal(t, 2, cached.sets.len(), "with and without the ResourcePolicy")
	require.Equal(t, 3, cached.contexts.len(), "the base entries, with aws:username, and none")

	// A trust policy naming a Service principal, which the live service
	// rejects, is refused every time: its set is not cached.
	svc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`
	for range 2 {
		in := base()
		in.ResourcePolicy = ptr(svc)
		in.ActionNames = []string{"sts:AssumeRole"}
		_, err := cached.SimulateCustomPolicy(context.Background(), in)
		require.ErrorContains(t, err, "Principal of type Service is not supported")
	}
	require.Equal(t, 2, cached.sets.len())
	// A document that breaks policyDocumentType is refused, whatever is
	// cached.
	in := base()
	in.PolicyInputList = append(in.PolicyInputList, "{\x01}")
	_, err := cached.SimulateCustomPolicy(context.Background(), in)
	require.ErrorContains(t, err, "PolicyInputList.3 contains the character")

	small := New(WithCacheSize(2))
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	want := run(t, uncached, "plain")
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 30 {
				in := base()
				in.PolicyInputList[1] = fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Sid":"S%d","Effect":"Deny","Action":"x:y","Resource":"*"}}`, (g+i)%3)
				if _, err := small.SimulateCustomPolicy(context.Background(), in); err != nil {
					errs <- err
					return
				}
				if got := run(t, small, "plain"); got != want {
					errs <- fmt.Errorf("goroutine %d: %s != %s", g, got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	require.NoError(t, joined(errs))
	require.LessOrEqual(t, small.sets.len(), 2)
}

// Concurrent simulations that share ContextEntries but name different
// callers each get the request context of their own caller, from a
// contextSet that more goroutines fill than it keeps (maxContextBases),
// while others read it (run with -race). The policy grants each user its
// own home folder through ${aws:username}
// (reference_policies_variables.md), so a context built for another
// caller would decide wrongly.
func TestContextSetConcurrentCallers(t *testing.T) {
	t.Parallel()
	sim := New()
	const callers = 2*maxContextBases + 3
	in := func(user, folder string) *SimulateCustomPolicyInput {
		return &SimulateCustomPolicyInput{
			PolicyInputList: []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`},
			ActionNames:     []string{"s3:GetObject"},
			ResourceArns:    []string{"arn:aws:s3:::b/" + folder + "/k"},
			CallerArn:       ptr("arn:aws:iam::111122223333:user/" + user),
			ContextEntries:  []ContextEntry{{ContextKeyName: "aws:SourceIp", ContextKeyValues: []string{"10.1.2.3"}, ContextKeyType: "ip"}},
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for g := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user, other := fmt.Sprintf("u%d", g), fmt.Sprintf("u%d", (g+1)%callers)
			for range 50 {
				for folder, want := range map[string]string{user: DecisionAllowed, other: DecisionImplicitDeny} {
					out, err := sim.SimulateCustomPolicy(context.Background(), in(user, folder))
					if err != nil {
						errs <- err
						return
					}
					if got := out.EvaluationResults[0].EvalDecision; got != want {
						errs <- fmt.Errorf("%s on %s's folder: %s, want %s", user, folder, got, want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	require.NoError(t, joined(errs))
	require.Equal(t, 1, sim.contexts.len(), "one entry list for every caller")
	cs := sim.contexts.last.Load()
	require.NotNil(t, cs)
	require.Len(t, *cs.bases.Load(), maxContextBases)
}
