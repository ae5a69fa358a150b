package eval_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/policy"
)

func mustParse(t testing.TB, kind policy.Kind, doc string) *policy.Policy {
	t.Helper()
	p, err := policy.ParseKind([]byte(doc), kind)
	require.NoError(t, err)
	return p
}

func mustRequest(t testing.TB, in iamctx.Input) *iamctx.Request {
	t.Helper()
	if in.Principal == "" {
		in.Principal = "arn:aws:iam::111122223333:user/alice"
	}
	r, err := iamctx.New(in)
	require.NoError(t, err)
	return r
}

const s3Policy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadFromOffice",
      "Effect": "Allow",
      "Action": ["s3:Get*", "s3:List*"],
      "Resource": "arn:aws:s3:::mybucket/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}
    },
    {
      "Sid": "NoSecrets",
      "Effect": "Deny",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::mybucket/secret/*"
    }
  ]
}`

func s3Engine(t testing.TB) *eval.Engine {
	e, err := eval.Compile(eval.PolicySet{Identity: []eval.Policy{{ID: "p1", Document: mustParse(t, policy.KindIdentity, s3Policy)}}})
	require.NoError(t, err)
	return e
}

func ipEntry(ip string) []iamctx.Entry {
	return []iamctx.Entry{{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: []string{ip}}}
}

// Matched statements carry the policy ID and AWS's statement span; the
// decision follows reference_policies_evaluation-logic.md.
func TestEvaluateReportsDecidingStatements(t *testing.T) {
	e := s3Engine(t)

	res := e.Evaluate(mustRequest(t, iamctx.Input{Action: "s3:GetObject", Resource: "arn:aws:s3:::mybucket/a.txt", Context: ipEntry("10.1.2.3")}))
	require.Equal(t, eval.Allowed, res.Decision)
	require.Len(t, res.Matched, 1)
	m := res.Matched[0]
	require.Equal(t, "p1", m.PolicyID)
	require.Equal(t, "ReadFromOffice", m.Sid)
	require.Equal(t, 0, m.Index)
	require.Equal(t, eval.Identity, m.Type)
	// The first statement of an array starts right after '[' (API_Statement,
	// StartPosition, as the simulator reports it).
	require.Equal(t, policy.Position{Line: 3, Column: 17, Offset: strings.Index(s3Policy, "[") + 1}, m.Span.Start)
	require.Empty(t, res.Missing)
	require.Equal(t, eval.TypeDecision{Present: true, Decision: eval.Allowed}, res.Type(eval.Identity))
	require.False(t, res.Type(eval.Resource).Present)

	res = e.Evaluate(mustRequest(t, iamctx.Input{Action: "s3:GetObject", Resource: "arn:aws:s3:::mybucket/secret/k", Context: ipEntry("10.1.2.3")}))
	require.Equal(t, eval.ExplicitDeny, res.Decision)
	require.Len(t, res.Matched, 1)
	require.Equal(t, "NoSecrets", res.Matched[0].Sid)
	// The Allow that the deny overrode is kept apart, for the simulator's
	// MatchedStatements (public boto3 capture, ScottLogic/blog#308).
	require.Len(t, res.Overridden, 1)
	require.Equal(t, "ReadFromOffice", res.Overridden[0].Sid)
	require.Equal(t, policy.Allow, res.Overridden[0].Effect)

	// Outside the CIDR: no statement applies.
	res = e.Evaluate(mustRequest(t, iamctx.Input{Action: "s3:GetObject", Resource: "arn:aws:s3:::mybucket/a.txt", Context: ipEntry("192.168.0.1")}))
	require.Equal(t, eval.ImplicitDeny, res.Decision)
	require.Empty(t, res.Matched)
	require.Empty(t, res.Overridden)

	// Without aws:SourceIp the key is reported missing.
	res = e.Evaluate(mustRequest(t, iamctx.Input{Action: "s3:ListBucket", Resource: "arn:aws:s3:::mybucket/a"}))
	require.Equal(t, eval.ImplicitDeny, res.Decision)
	require.Equal(t, []string{"aws:SourceIp"}, res.Missing)

	// An action no statement names is implicitly denied.
	require.Equal(t, eval.ImplicitDeny, e.Decide(mustRequest(t, iamctx.Input{Action: "s3:PutObject", Resource: "arn:aws:s3:::mybucket/a.txt", Context: ipEntry("10.1.2.3")})))
}

// "Every KMS key must have exactly one key policy" (AWS KMS Developer
// Guide, key-policies.md), and "KMS key policies ... must explicitly allow
// access" (reference_policies_evaluation-logic.md, "Determining whether a
// request is allowed or denied within an account"): with the KMS rules and
// no key policy the identity-based Allow does not decide, and the Result
// says that the key policy is missing.
func TestKMSKeyWithoutKeyPolicy(t *testing.T) {
	t.Parallel()
	identity := []eval.Policy{{ID: "p1", Document: mustParse(t, policy.KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}}`)}}
	keyPolicy := &eval.Policy{ID: "key", Document: mustParse(t, policy.KindResource, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}}`)}
	r := mustRequest(t, iamctx.Input{Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"})
	for _, c := range []struct {
		name    string
		set     eval.PolicySet
		want    eval.Decision
		missing bool
	}{
		{"KMS rules without the key policy", eval.PolicySet{Identity: identity, ResourceKind: eval.ResourceKMSKey}, eval.ImplicitDeny, true},
		{"KMS rules with the key policy", eval.PolicySet{Identity: identity, Resource: keyPolicy, ResourceKind: eval.ResourceKMSKey}, eval.Allowed, false},
		{"generic rules", eval.PolicySet{Identity: identity}, eval.Allowed, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e, err := eval.Compile(c.set)
			require.NoError(t, err)
			res := e.Evaluate(r)
			require.Equal(t, c.want, res.Decision)
			require.Equal(t, c.want, e.Decide(r))
			require.Equal(t, c.missing, res.MissingKeyPolicy)
			if c.missing {
				require.Empty(t, res.Matched, "an implicit deny lists no statement")
			}
		})
	}
}

func TestEvaluateIntoDoesNotAllocate(t *testing.T) {
	e := s3Engine(t)
	reqs := []*iamctx.Request{
		mustRequest(t, iamctx.Input{Action: "s3:GetObject", Resource: "arn:aws:s3:::mybucket/a.txt", Context: ipEntry("10.1.2.3")}),
		mustRequest(t, iamctx.Input{Action: "s3:GetObject", Resource: "arn:aws:s3:::mybucket/secret/a", Context: ipEntry("10.1.2.3")}),
		mustRequest(t, iamctx.Input{Action: "s3:ListBucket", Resource: "arn:aws:s3:::mybucket/a"}),
	}
	var res eval.Result
	for _, r := range reqs {
		e.EvaluateInto(r, &res) // grow the slices once
	}
	allocs := testing.AllocsPerRun(200, func() {
		for _, r := range reqs {
			e.EvaluateInto(r, &res)
			_ = e.Decide(r)
		}
	})
	require.Zero(t, allocs)
}

// One engine, many goroutines: results equal the sequential ones (and the
// race detector watches).
func TestConcurrentEvaluate(t *testing.T) {
	e := s3Engine(t)
	var reqs []*iamctx.Request
	var want []eval.Decision
	for i := 0; i < 64; i++ {
		ip := fmt.Sprintf("10.0.0.%d", i)
		if i%3 == 0 {
			ip = fmt.Sprintf("172.16.0.%d", i)
		}
		key := fmt.Sprintf("obj%d", i)
		if i%5 == 0 {
			key = "secret/" + key
		}
		r := mustRequest(t, iamctx.Input{Action: "s3:GetObject", Resource: "arn:aws:s3:::mybucket/" + key, Context: ipEntry(ip)})
		reqs = append(reqs, r)
		want = append(want, e.Evaluate(r).Decision)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var res eval.Result
			for n := 0; n < 200; n++ {
				i := (n*7 + g) % len(reqs)
				e.EvaluateInto(reqs[i], &res)
				if res.Decision != want[i] || e.Decide(reqs[i]) != want[i] {
					errs <- fmt.Sprintf("goroutine %d request %d: got %v want %v", g, i, res.Decision, want[i])
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	var failures []string
	for msg := range errs {
		failures = append(failures, msg)
	}
	require.Empty(t, failures)
}

// The action index must not lose statements: with many policies naming
// many actions, exact names, service wildcards, global wildcards and
// NotAction all still apply.
func TestActionIndex(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, `{"Effect":"Allow","Action":["svc%d:Act%d","svc%d:Other"],"Resource":"*"},`, i, i, i)
	}
	b.WriteString(`{"Effect":"Allow","Action":"logs:Put*","Resource":"*"},`)
	b.WriteString(`{"Effect":"Allow","Action":"*:Describe?","Resource":"*"},`)
	b.WriteString(`{"Effect":"Deny","NotAction":["svc1:*","logs:*","ec2:*"],"Resource":"*"}]}`)
	e, err := eval.Compile(eval.PolicySet{Identity: []eval.Policy{{ID: "big", Document: mustParse(t, policy.KindIdentity, b.String())}}})
	require.NoError(t, err)
	cases := map[string]eval.Decision{
		"svc1:act1":           eval.Allowed,      // exact, case-insensitive
		"SVC1:OTHER":          eval.Allowed,      // exact
		"svc1:Act2":           eval.ImplicitDeny, // named only for svc2, and NotAction spares svc1
		"svc2:Act2":           eval.ExplicitDeny, // allowed, but the NotAction deny covers svc2
		"logs:PutLogEvents":   eval.Allowed,      // service wildcard
		"logs:GetLogEvents":   eval.ImplicitDeny,
		"ec2:DescribeX":       eval.Allowed, // wildcard in the service part
		"ec2:DescribeXY":      eval.ImplicitDeny,
		"iam:CreateUser":      eval.ExplicitDeny, // NotAction deny
		"svc299:Act299":       eval.ExplicitDeny,
		"nocolon":             eval.ExplicitDeny,
		"svc1:act1:extra":     eval.ImplicitDeny,
		"logs:PutLogEvents2?": eval.Allowed,
	}
	for action, want := range cases {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			r := mustRequest(t, iamctx.Input{Action: action, Resource: "*"})
			require.Equal(t, want, e.Decide(r))
			require.Equal(t, want, e.Evaluate(r).Decision)
		})
	}
}

func TestCompileRejectsNilDocument(t *testing.T) {
	_, err := eval.Compile(eval.PolicySet{Identity: []eval.Policy{{ID: "x"}}})
	var ce *eval.CompileError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "x", ce.PolicyID)
}

// Missing keys are de-duplicated case-insensitively in the order first met,
// with few distinct keys (a scan of Missing) and with many (the sparse set),
// also when a Result is reused across Engines.
func TestMissingDedupManyKeys(t *testing.T) {
	build := func(n int) (*eval.Engine, []string) {
		var conds, want []string
		for i := 0; i < n; i++ {
			k := fmt.Sprintf("aws:RequestTag/K%d", i)
			want = append(want, k)
			conds = append(conds, fmt.Sprintf(`"StringEqualsIfExists": {%q: "v"}`, k))
		}
		var stmts []string
		for i, c := range conds {
			// Each key twice, the second time in another case.
			up := strings.ToUpper(want[i])
			stmts = append(stmts,
				fmt.Sprintf(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{%s}}`, c),
				fmt.Sprintf(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLikeIfExists":{%q:"v*"}}}`, up))
		}
		doc := `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
		e, err := eval.Compile(eval.PolicySet{Identity: []eval.Policy{{ID: "p", Document: mustParse(t, policy.KindIdentity, doc)}}})
		require.NoError(t, err)
		return e, want
	}
	r := mustRequest(t, iamctx.Input{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"})
	// One Result for every engine, in order: not in parallel.
	var res eval.Result
	for _, n := range []int{3, 40, 5, 100} {
		t.Run(fmt.Sprintf("keys=%d", n), func(t *testing.T) {
			e, want := build(n)
			for range 2 {
				e.EvaluateInto(r, &res)
				require.Equal(t, eval.Allowed, res.Decision)
				require.Equal(t, want, res.Missing)
			}
			require.Equal(t, want, e.Evaluate(r).Missing)
		})
	}
}

// AWS Organizations nests up to five OUs between the root and an account
// (seven SCP levels with root and account, and as many RCP levels): a full
// policy set at that depth must still evaluate without allocating, and every
// level must allow (reference_policies_evaluation-logic.md, "Organizations
// SCPs").
func TestDeepOrganizationsDoNotAllocate(t *testing.T) {
	allowAll := mustParse(t, policy.KindSCP, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	rcpAllow := mustParse(t, policy.KindRCP, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`)
	noS3 := mustParse(t, policy.KindSCP, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}`)
	identity := mustParse(t, policy.KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	build := func(last *policy.Policy) *eval.Engine {
		set := eval.PolicySet{
			Identity:            []eval.Policy{{ID: "id", Document: identity}},
			PermissionsBoundary: []eval.Policy{{ID: "pb", Document: identity}},
			Session:             []eval.Policy{{ID: "sp", Document: identity}},
		}
		for l := 0; l < 7; l++ {
			doc := allowAll
			if l == 6 {
				doc = last
			}
			set.SCPs = append(set.SCPs, []eval.Policy{{ID: fmt.Sprintf("scp%d", l), Document: doc}})
			set.RCPs = append(set.RCPs, []eval.Policy{{ID: fmt.Sprintf("rcp%d", l), Document: rcpAllow}})
		}
		e, err := eval.Compile(set)
		require.NoError(t, err)
		return e
	}
	r := mustRequest(t, iamctx.Input{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
		Principal: "arn:aws:sts::111122223333:assumed-role/R/s"})
	open, closed := build(allowAll), build(noS3)
	var res eval.Result
	open.EvaluateInto(r, &res)
	require.Equal(t, eval.Allowed, res.Decision)
	closed.EvaluateInto(r, &res)
	require.Equal(t, eval.ImplicitDeny, res.Decision, "the account-level SCP allows only ec2:*")
	require.Equal(t, eval.ImplicitDeny, res.Type(eval.SCP).Decision)
	require.Equal(t, eval.Allowed, res.Type(eval.RCP).Decision)
	allocs := testing.AllocsPerRun(100, func() {
		open.EvaluateInto(r, &res)
		closed.EvaluateInto(r, &res)
		_ = open.Decide(r)
	})
	require.Zero(t, allocs)
}

// The index built for one Engine is its own: compiling reuses the
// scaffolding of earlier compilations (pooled), never their entries. An
// action named twice in one statement, in two spellings, is one candidate
// and matches once; statements keep their order across keys.
func TestActionIndexIsPerEngine(t *testing.T) {
	compile := func(doc string) *eval.Engine {
		e, err := eval.Compile(eval.PolicySet{Identity: []eval.Policy{{ID: "p", Document: mustParse(t, policy.KindIdentity, doc)}}})
		require.NoError(t, err)
		return e
	}
	a := compile(`{"Version":"2012-10-17","Statement":[
		{"Sid":"A1","Effect":"Allow","Action":["sqs:SendMessage","SQS:sendmessage","sqs:Get*","sqs:get*"],"Resource":"*"},
		{"Sid":"A2","Effect":"Allow","Action":["sqs:SendMessage","sns:Publish"],"Resource":"*"}]}`)
	b := compile(`{"Version":"2012-10-17","Statement":[{"Sid":"B1","Effect":"Allow","Action":["sns:Publish","sns:List*"],"Resource":"*"}]}`)
	sids := func(e *eval.Engine, action string) []string {
		var out []string
		for _, m := range e.Evaluate(mustRequest(t, iamctx.Input{Action: action, Resource: "*"})).Matched {
			out = append(out, m.Sid)
		}
		return out
	}
	require.Equal(t, []string{"A1", "A2"}, sids(a, "sqs:SendMessage"))
	require.Equal(t, []string{"A1"}, sids(a, "sqs:GetQueueUrl"))
	require.Equal(t, []string{"A2"}, sids(a, "sns:Publish"))
	require.Nil(t, sids(b, "sqs:SendMessage"), "nothing of the earlier Engine")
	require.Nil(t, sids(b, "sqs:GetQueueUrl"))
	require.Equal(t, []string{"B1"}, sids(b, "sns:Publish"))
	require.Equal(t, []string{"B1"}, sids(b, "sns:ListTopics"))
	// The first Engine is unchanged by the second compilation.
	require.Equal(t, []string{"A1", "A2"}, sids(a, "sqs:SendMessage"))
}
