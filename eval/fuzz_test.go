package eval_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/policy"
)

// FuzzEvaluate runs a policy document and a request through the whole
// pipeline (policy.ParseKind → eval.Compile → Evaluate / Decide /
// EvaluateInto) and checks, for any input:
//
//   - nothing panics;
//   - a parse failure is a *policy.Error with code MalformedPolicyDocument
//     and a 1-based line and column; a request failure an *iamctx.Error
//     with code InvalidInput;
//   - a document that parses compiles ("a policy that parses also compiles",
//     package policy);
//   - Decide returns Evaluate's Decision, Evaluate is deterministic, and
//     EvaluateInto with a reused Result returns what Evaluate does;
//   - Matched is empty for implicitDeny, holds only Allow statements for
//     allowed and only Deny statements for explicitDeny.
//
// The document is read as an identity-based policy, and when that fails as
// a resource-based policy (so documents with a Principal are evaluated too);
// it is also evaluated as an SCP over an allow-all identity policy.
//
// Seeds: every policy and request of testdata/conformance/*.json, a few
// hand-written cases, and testdata/fuzz/FuzzEvaluate.
func FuzzEvaluate(f *testing.F) {
	for _, s := range handSeeds {
		f.Add([]byte(s.policy), s.action, s.resource, s.principal, s.key, s.value)
	}
	for _, cf := range loadConformance(f) {
		for i := range cf.Cases {
			c := &cf.Cases[i]
			action, resource, principal, key, value := c.Request.Action, "*", "arn:aws:iam::111122223333:user/alice", "", ""
			if c.Request.Resource != nil {
				resource = *c.Request.Resource
			}
			if c.Request.Principal != nil {
				principal = *c.Request.Principal
			}
			if len(c.Request.Context) > 0 && len(c.Request.Context[0].Values) > 0 {
				key, value = c.Request.Context[0].Key, c.Request.Context[0].Values[0]
			}
			var docs [][]byte
			for _, raw := range c.Identity {
				docs = append(docs, policyText(raw))
			}
			if len(c.Resource) > 0 && string(c.Resource) != "null" {
				docs = append(docs, policyText(c.Resource))
			}
			for _, raw := range append(append([]json.RawMessage(nil), c.Boundary...), c.Session...) {
				docs = append(docs, policyText(raw))
			}
			for _, lvl := range append(append([][]json.RawMessage(nil), c.SCPs...), c.RCPs...) {
				for _, raw := range lvl {
					docs = append(docs, policyText(raw))
				}
			}
			for _, d := range docs {
				f.Add(d, action, resource, principal, key, value)
			}
		}
	}
	// Generated documents and requests (gen_test.go), resource-based ones
	// included.
	for i := uint64(0); i < 40; i++ {
		g := newGen(i)
		kind := policy.KindIdentity
		if i%4 == 3 {
			kind = policy.KindResource
		}
		p := g.policy(kind, 1+g.n(3))
		q := g.req()
		key, value := "", ""
		if len(q.Context) > 0 && len(q.Context[0].Values) > 0 {
			key, value = q.Context[0].Key, q.Context[0].Values[0]
		}
		f.Add(p.JSON(), q.Action, q.Resource, q.Principal, key, value)
	}
	var reused eval.Result
	f.Fuzz(func(t *testing.T, doc []byte, action, resource, principal, key, value string) {
		p, err := policy.Parse(doc)
		if err != nil {
			checkParseError(t, err)
			p, err = policy.ParseKind(doc, policy.KindResource)
			if err != nil {
				checkParseError(t, err)
				return
			}
		}
		in := iamctx.Input{Action: action, Resource: resource, Principal: principal}
		if key != "" {
			in.Context = []iamctx.Entry{{Key: key, Type: inferType(value), Values: []string{value}}}
		}
		r, err := iamctx.New(in)
		if err != nil {
			var ce *iamctx.Error
			require.ErrorAs(t, err, &ce, "request error %T is not a *context.Error", err)
			require.Equal(t, iamctx.CodeInvalidInput, ce.Code)
			return
		}
		var sets []eval.PolicySet
		pol := eval.Policy{ID: "fuzz", Document: p}
		if p.Kind == policy.KindResource {
			sets = append(sets, eval.PolicySet{Resource: &pol}, eval.PolicySet{Resource: &pol, ResourceKind: eval.ResourceKMSKey},
				eval.PolicySet{Identity: []eval.Policy{{ID: "all", Document: allowAllDoc(t)}}, VPCEndpoint: &pol})
		} else {
			sets = append(sets, eval.PolicySet{Identity: []eval.Policy{pol}})
			if scp, err := policy.ParseKind(doc, policy.KindSCP); err == nil {
				sets = append(sets, eval.PolicySet{
					Identity: []eval.Policy{{ID: "all", Document: allowAllDoc(t)}},
					SCPs:     [][]eval.Policy{{{ID: "scp", Document: scp}}},
				})
			}
		}
		for _, set := range sets {
			e, err := eval.Compile(set)
			require.NoErrorf(t, err, "a parsed policy does not compile\n%s", doc)
			res := e.Evaluate(r)
			require.Equal(t, res, e.Evaluate(r), "Evaluate is not deterministic")
			require.NoErrorf(t, checkResult(e, res, e.Decide(r)), "request %q %q %q %q=%q\n%s", action, resource, principal, key, value, doc)
			e.EvaluateInto(r, &reused)
			require.Equal(t, normResult(res), normResult(reused), "EvaluateInto with a reused Result differs")
		}
	})
}

func checkParseError(t *testing.T, err error) {
	t.Helper()
	var pe *policy.Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, policy.CodeMalformedPolicyDocument, pe.Code)
	require.Positive(t, pe.Pos.Line, "line of %+v", pe)
	require.Positive(t, pe.Pos.Column, "column of %+v", pe)
}

// inferType gives the fuzzed context value the most specific type it
// parses as, so that every kind of matcher meets request values.
func inferType(v string) iamctx.Type {
	if _, err := iamctx.ParseBool(v); err == nil {
		return iamctx.TypeBoolean
	}
	if _, err := iamctx.ParseNumber(v); err == nil {
		return iamctx.TypeNumeric
	}
	if _, err := iamctx.ParseIP(v); err == nil {
		return iamctx.TypeIP
	}
	if _, err := iamctx.ParseDate(v); err == nil {
		return iamctx.TypeDate
	}
	return iamctx.TypeString
}

func allowAllDoc(t *testing.T) *policy.Policy {
	p, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`))
	require.NoError(t, err)
	return p
}

type handSeed struct {
	policy, action, resource, principal, key, value string
}

var handSeeds = []handSeed{
	{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::bucket/home/${aws:username}/*"}]}`,
		"s3:GetObject", "arn:aws:s3:::bucket/home/alice/x", "arn:aws:iam::111122223333:user/alice", "", ""},
	{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret/*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":false}}}]}`,
		"S3:PUTOBJECT", "arn:aws:s3:::bucket/x", "arn:aws:sts::111122223333:assumed-role/dev/s", "aws:MultiFactorAuthPresent", "false"},
	{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["sqs:*","s3:ListBucket"],"Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}}`,
		"sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:iam::111122223333:user/bob", "aws:SourceIp", "10.1.2.3"},
	{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"ForAllValues:StringLike":{"aws:TagKeys":["team","env*"]},"NumericLessThanEquals":{"s3:max-keys":"100"}}}]}`,
		"s3:ListBucket", "arn:aws:s3:::b", "arn:aws:iam::111122223333:user/alice", "s3:max-keys", "10"},
	{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:role/r"]},"Action":"kms:*","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"}}}]}`,
		"kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k", "arn:aws:sts::444455556666:assumed-role/r/s", "", ""},
	{`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"*","Condition":{"Null":{"aws:SourceVpce":"true"}}}]}`,
		"s3:GetObject", "arn:aws:s3:::b/k", "anonymous", "aws:SourceVpce", "vpce-1"},
	{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*"}]}`,
		"s3:GetObject", "arn:aws:s3:::b/none/x", "s3.amazonaws.com", "aws:SourceArn", "arn:aws:s3:::b"},
	{`{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}]}`,
		"s3:GetObject", "arn:aws:s3:::b/${aws:username}", "arn:aws:iam::111122223333:user/alice", "", ""},
	{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualsIgnoreCaseIfExists":{"aws:RequestTag/env":["PROD"]},"ForAnyValue:StringNotEquals":{"aws:CalledVia":"athena.amazonaws.com"}}}]}`,
		"s3:GetObject", "*", "arn:aws:iam::111122223333:root", "aws:RequestTag/env", "prod"},
	{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}`, // truncated
		"s3:GetObject", "*", "", "", ""},
	{"{\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": []\n}", "s3:GetObject", "*", "", "", ""},
}
