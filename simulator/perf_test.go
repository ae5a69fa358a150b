package simulator

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/internal/reqcore"
)

// TestArnFields checks that arnFields splits as strings.SplitN(arn, ":", 6).
func TestArnFields(t *testing.T) {
	t.Parallel()
	for _, arn := range []string{
		"", "*", "arn", "arn:aws", "arn:aws:s3:::", "arn:aws:s3:::bucket/key:with:colons",
		"arn:aws:kms:us-east-1:123456789012:key/abc", ":::::", "::::", "a:b:c:d:e:f:g",
		"arn:aws:ec2:us-east-1:123456789012:instance/i-1",
	} {
		t.Run(fmt.Sprintf("%q", arn), func(t *testing.T) {
			t.Parallel()
			want := strings.SplitN(arn, ":", 6)
			got, ok := arnFields(arn)
			require.Equal(t, len(want) == 6, ok, "ok, with SplitN giving %d fields", len(want))
			if ok {
				require.Equal(t, [6]string(want), got)
			}
		})
	}
}

// TestIsS3Operation checks the case-insensitive match of the S3 operation
// names.
func TestIsS3Operation(t *testing.T) {
	t.Parallel()
	for a, want := range map[string]bool{
		"s3:PutBucketReplication": true, "S3:PUTBUCKETREPLICATION": true,
		"s3:putobjectlockconfiguration": true, "s3:PutBucketIntelligentTieringConfiguration": true,
		"s3:PutBucketReplicationX": false, "s3:GetObject": false, "": false,
	} {
		t.Run(fmt.Sprintf("%q", a), func(t *testing.T) {
			t.Parallel()
			require.Equal(t, want, isS3Operation(a))
		})
	}
}

// TestCallerCache checks that a cached CallerArn gives the same answer as a
// fresh one, that an invalid one is refused every time, and that the cache
// stays bounded.
func TestCallerCache(t *testing.T) {
	t.Parallel()
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
	// The rounds and their cases run in order: they share s's cache.
	s := New(WithCacheSize(2))
	for i := range 3 {
		t.Run(fmt.Sprintf("round=%d", i), func(t *testing.T) {
			for _, c := range []struct{ name, arn, want string }{
				{"alice", "arn:aws:iam::123456789012:user/alice", DecisionAllowed},
				{"bob", "arn:aws:iam::123456789012:user/bob", DecisionImplicitDeny},
				{"carol", "arn:aws:iam::123456789012:user/carol", DecisionImplicitDeny},
			} {
				t.Run(c.name, func(t *testing.T) {
					got, err := run(s, c.arn)
					require.NoError(t, err)
					require.Equal(t, c.want, got)
				})
			}
			t.Run("role", func(t *testing.T) {
				_, err := run(s, "arn:aws:iam::123456789012:role/r")
				require.Error(t, err, "a role ARN is accepted as CallerArn")
			})
			require.LessOrEqual(t, len(s.callers.m), 2, "callers in the cache")
		})
	}
}

// TestArnAccount checks arnAccount against its definition with
// strings.SplitN.
func TestArnAccount(t *testing.T) {
	t.Parallel()
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
		t.Run(fmt.Sprintf("%q", arn), func(t *testing.T) {
			t.Parallel()
			require.Equal(t, ref(arn), arnAccount(arn))
		})
	}
}

// TestPolicyKeysMatchContextKeys checks that the key list behind
// MissingContextValues is GetContextKeys' list, with few keys and with
// more than its linear search handles, case-insensitive repeats included.
func TestPolicyKeysMatchContextKeys(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, 15, 16, 17, 40} {
		t.Run(fmt.Sprintf("keys=%d", n), func(t *testing.T) {
			t.Parallel()
			var conds []string
			for i := 0; i < n; i++ {
				conds = append(conds, fmt.Sprintf(`"k:Key%d":"v","K:KEY%d":"w"`, i, (i*7)%n))
			}
			doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/t}","Condition":{"StringEquals":{` +
				strings.Join(conds, ",") + `},"StringLike":{"s:x":"${aws:userName}-${s:Y}"}}}]}`
			s := New()
			p, e := s.parseInput("PolicyInputList.1", doc, kindIdentity)
			require.Nil(t, e)
			want, e := contextKeys([]parsedPolicy{p})
			require.Nil(t, e)
			es := &engines{set: &compiledSet{}}
			keys, e := es.policyKeys(&request{identity: []parsedPolicy{p}})
			require.Nil(t, e)
			var got []string
			for _, k := range keys {
				got = append(got, k.name)
				require.Equal(t, reqcore.MakeKey(strings.ToLower(k.name)), k.lower, "key %q lower %q", k.name, k.lower.Name())
			}
			require.Equal(t, want.ContextKeyNames, got, "policyKeys, contextKeys")
		})
	}
}
