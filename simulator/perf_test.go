package simulator

import (
	"context"
	"fmt"
	"strings"
	"testing"

	iamctx "github.com/iamsim/iamsim/context"
)

// TestArnFields checks that arnFields splits as strings.SplitN(arn, ":", 6).
func TestArnFields(t *testing.T) {
	for _, arn := range []string{
		"", "*", "arn", "arn:aws", "arn:aws:s3:::", "arn:aws:s3:::bucket/key:with:colons",
		"arn:aws:kms:us-east-1:123456789012:key/abc", ":::::", "::::", "a:b:c:d:e:f:g",
		"arn:aws:ec2:us-east-1:123456789012:instance/i-1",
	} {
		want := strings.SplitN(arn, ":", 6)
		got, ok := arnFields(arn)
		if ok != (len(want) == 6) {
			t.Errorf("arnFields(%q) ok = %v, SplitN gives %d fields", arn, ok, len(want))
			continue
		}
		if ok && [6]string(want) != got {
			t.Errorf("arnFields(%q) = %q, want %q", arn, got, want)
		}
	}
}

// TestIsS3Operation checks the case-insensitive match of the S3 operation
// names.
func TestIsS3Operation(t *testing.T) {
	for a, want := range map[string]bool{
		"s3:PutBucketReplication": true, "S3:PUTBUCKETREPLICATION": true,
		"s3:putobjectlockconfiguration": true, "s3:PutBucketIntelligentTieringConfiguration": true,
		"s3:PutBucketReplicationX": false, "s3:GetObject": false, "": false,
	} {
		if got := isS3Operation(a); got != want {
			t.Errorf("isS3Operation(%q) = %v, want %v", a, got, want)
		}
	}
}

// TestCallerCache checks that a cached CallerArn gives the same answer as a
// fresh one, that an invalid one is refused every time, and that the cache
// stays bounded.
func TestCallerCache(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}}`
	run := func(s *Simulator, caller string) (string, error) {
		out, err := s.SimulateCustomPolicy(context.Background(), &SimulateCustomPolicyInput{
			PolicyInputList: []string{doc}, ActionNames: []string{"s3:GetObject"}, CallerArn: &caller,
		})
		if err != nil {
			return "", err
		}
		return out.EvaluationResults[0].EvalDecision, nil
	}
	s := New(WithCacheSize(2))
	for i := 0; i < 3; i++ {
		for _, c := range []struct{ arn, want string }{
			{"arn:aws:iam::123456789012:user/alice", DecisionAllowed},
			{"arn:aws:iam::123456789012:user/bob", DecisionImplicitDeny},
			{"arn:aws:iam::123456789012:user/carol", DecisionImplicitDeny},
		} {
			got, err := run(s, c.arn)
			if err != nil || got != c.want {
				t.Fatalf("round %d, %s: %s, %v; want %s", i, c.arn, got, err, c.want)
			}
		}
		if _, err := run(s, "arn:aws:iam::123456789012:role/r"); err == nil {
			t.Fatalf("round %d: a role ARN is accepted as CallerArn", i)
		}
		if n := len(s.callers.m); n > 2 {
			t.Fatalf("caller cache holds %d callers, bound 2", n)
		}
	}
}

// TestArnAccount checks arnAccount against its definition with
// strings.SplitN.
func TestArnAccount(t *testing.T) {
	ref := func(arn string) string {
		parts := strings.SplitN(arn, ":", 6)
		if len(parts) != 6 || parts[0] != "arn" {
			return ""
		}
		if len(parts[4]) == 12 && strings.Trim(parts[4], "0123456789") == "" {
			return parts[4]
		}
		return ""
	}
	for _, arn := range []string{
		"", "*", "arn:aws:s3:::b/k", "arn:aws:iam::123456789012:user/a", "arn:aws:iam::123456789012",
		"arn:aws:iam::12345678901a:user/a", "arn:aws:iam::1234567890123:user/a", "ARN:aws:iam::123456789012:user/a",
		"arn:aws:dynamodb:us-east-1:123456789012:table/t:x", "arn::::123456789012:", "xarn:aws:iam::123456789012:user/a",
	} {
		if got, want := arnAccount(arn), ref(arn); got != want {
			t.Errorf("arnAccount(%q) = %q, want %q", arn, got, want)
		}
	}
}

// TestPolicyKeysMatchContextKeys checks that the key list behind
// MissingContextValues is GetContextKeys' list, with few keys and with
// more than its linear search handles, case-insensitive repeats included.
func TestPolicyKeysMatchContextKeys(t *testing.T) {
	for _, n := range []int{3, 15, 16, 17, 40} {
		var conds []string
		for i := 0; i < n; i++ {
			conds = append(conds, fmt.Sprintf(`"k:Key%d":"v","K:KEY%d":"w"`, i, (i*7)%n))
		}
		doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/t}","Condition":{"StringEquals":{` +
			strings.Join(conds, ",") + `},"StringLike":{"s:x":"${aws:userName}-${s:Y}"}}}]}`
		s := New()
		p, e := s.parseInput("PolicyInputList.1", doc, kindIdentity)
		if e != nil {
			t.Fatal(e)
		}
		want, e := contextKeys([]parsedPolicy{p})
		if e != nil {
			t.Fatal(e)
		}
		es := &engines{set: &compiledSet{}}
		keys, e := es.policyKeys(&request{identity: []parsedPolicy{p}})
		if e != nil {
			t.Fatal(e)
		}
		var got []string
		for _, k := range keys {
			got = append(got, k.name)
			if k.lower != iamctx.MakeKey(strings.ToLower(k.name)) {
				t.Fatalf("key %q lower %q", k.name, k.lower.Name())
			}
		}
		if strings.Join(got, " ") != strings.Join(want.ContextKeyNames, " ") {
			t.Fatalf("n=%d: policyKeys %q, contextKeys %q", n, got, want.ContextKeyNames)
		}
	}
}
