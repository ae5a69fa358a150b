package simulator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/account"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/policy"
)

const allowAll = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`

func ptr[T any](v T) *T { return &v }

func decisions(out *SimulatePolicyResponse) []string {
	var d []string
	for _, r := range out.EvaluationResults {
		d = append(d, r.EvalActionName+" "+r.EvalResourceName+" "+r.EvalDecision)
	}
	return d
}

// API_SimulateCustomPolicy, MaxItems and Marker: results come in pages; the
// Marker of a truncated response continues the same request. Default page
// size is 100 (the IAM API's MaxItems default).
func TestPagination(t *testing.T) {
	t.Parallel()
	s := New()
	ctx := context.Background()
	in := &SimulateCustomPolicyInput{
		PolicyInputList: []string{allowAll},
		ActionNames:     []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"},
		ResourceArns:    []string{"arn:aws:s3:::b/1", "arn:aws:s3:::b/2"},
		MaxItems:        ptr(int32(4)),
	}
	all, err := s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: in.PolicyInputList, ActionNames: in.ActionNames, ResourceArns: in.ResourceArns})
	require.NoError(t, err)
	require.False(t, all.IsTruncated)
	require.Nil(t, all.Marker)
	require.Len(t, all.EvaluationResults, 6)

	p1, err := s.SimulateCustomPolicy(ctx, in)
	require.NoError(t, err)
	require.True(t, p1.IsTruncated)
	require.NotNil(t, p1.Marker)
	require.LessOrEqual(t, len(*p1.Marker), maxMarkerChars)
	require.Equal(t, decisions(all)[:4], decisions(p1))

	in.Marker = p1.Marker
	in.MaxItems = ptr(int32(100)) // the page size may change between pages
	p2, err := s.SimulateCustomPolicy(ctx, in)
	require.NoError(t, err)
	require.False(t, p2.IsTruncated)
	require.Nil(t, p2.Marker)
	require.Equal(t, decisions(all)[4:], decisions(p2))

	// JSON: IsTruncated and Marker appear only on a truncated page.
	b, _ := json.Marshal(p2)
	require.NotContains(t, string(b), "IsTruncated")
	b, _ = json.Marshal(p1)
	require.Contains(t, string(b), `"IsTruncated":true,"Marker":"`)

	// A Marker is bound to its request: another request, a tampered
	// marker, or one past the end is InvalidInput.
	other := *in
	other.ActionNames = []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket"}
	_, err = s.SimulateCustomPolicy(ctx, &other)
	requireCode(t, err, CodeInvalidInput, "Marker")
	m := []byte(*p1.Marker)
	m[3] ^= 1
	in.Marker = ptr(string(m))
	_, err = s.SimulateCustomPolicy(ctx, in)
	requireCode(t, err, CodeInvalidInput, "Marker")
	in.Marker = ptr(encodeMarker(6, requestHash(opSimulateCustomPolicy, "", &SimulateCustomPolicyInput{
		PolicyInputList: in.PolicyInputList, ActionNames: in.ActionNames, ResourceArns: in.ResourceArns,
	}, nil)))
	_, err = s.SimulateCustomPolicy(ctx, in)
	requireCode(t, err, CodeInvalidInput, "Marker")

	// The default page is 100 results.
	var actions []string
	for i := range 150 {
		actions = append(actions, fmt.Sprintf("svc:Action%d", i))
	}
	big, err := s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: actions})
	require.NoError(t, err)
	require.Len(t, big.EvaluationResults, 100)
	require.True(t, big.IsTruncated)
	rest, err := s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: actions, Marker: big.Marker})
	require.NoError(t, err)
	require.Len(t, rest.EvaluationResults, 50)
	require.Equal(t, "svc:Action100", rest.EvaluationResults[0].EvalActionName)
}

// Principal simulations page the same way; the marker is bound to the
// PolicySourceArn too.
func TestPaginationPrincipal(t *testing.T) {
	t.Parallel()
	s := New(WithAccount(account.Example()))
	ctx := context.Background()
	in := &SimulatePrincipalPolicyInput{
		PolicySourceArn: "arn:aws:iam::111122223333:user/bob",
		SimulateCustomPolicyInput: SimulateCustomPolicyInput{
			ActionNames: []string{"s3:GetObject", "s3:ListBucket", "s3:PutObject"},
			MaxItems:    ptr(int32(2)),
		},
	}
	p1, err := s.SimulatePrincipalPolicy(ctx, in)
	require.NoError(t, err)
	require.Equal(t, []string{"s3:GetObject * allowed", "s3:ListBucket * allowed"}, decisions(p1))
	in.Marker = p1.Marker
	p2, err := s.SimulatePrincipalPolicy(ctx, in)
	require.NoError(t, err)
	require.Equal(t, []string{"s3:PutObject * implicitDeny"}, decisions(p2))
	in.PolicySourceArn = "arn:aws:iam::111122223333:user/carol"
	_, err = s.SimulatePrincipalPolicy(ctx, in)
	requireCode(t, err, CodeInvalidInput, "Marker")
}

func requireCode(t *testing.T, err error, code, contains string) *Error {
	t.Helper()
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, code, e.Code, e.Message)
	require.Contains(t, e.Message, contains)
	switch code {
	case CodeInvalidInput:
		require.Equal(t, 400, e.HTTPStatus)
	case CodeNoSuchEntity:
		require.Equal(t, 404, e.HTTPStatus)
	case CodePolicyEvaluation:
		require.Equal(t, 500, e.HTTPStatus)
	}
	return e
}

// API_EvaluationResult: OrganizationsDecisionDetail {AllowedByOrganizations} appears when
// SCPs took part; reference_policies_evaluation-logic.md: every SCP level must
// allow, and an SCP Deny is final. SCP statements are not listed in
// MatchedStatements (their effect is reported as OrganizationsDecisionDetail).
func TestOrganizationsDecisionDetail(t *testing.T) {
	t.Parallel()
	acct := account.Example()
	acct.SetOrganizationPolicies([][]account.OrganizationPolicy{
		{{Name: "FullAWSAccess", Document: allowAll}},
		{{Name: "NoLambda", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"lambda:*","Resource":"*"}]}`}},
		{{Name: "OnlyS3AndLambda", Document: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","lambda:*"],"Resource":"*"}}`}},
	}, nil)
	s := New(WithAccount(acct))
	out, err := s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
		PolicySourceArn: "arn:aws:iam::111122223333:user/carol",
		SimulateCustomPolicyInput: SimulateCustomPolicyInput{
			ActionNames: []string{"s3:ListBucket", "lambda:InvokeFunction", "dynamodb:GetItem"},
		},
	})
	require.NoError(t, err)
	want := []struct {
		action    string
		decision  string
		orgs      bool
		nMatched  int
		matchedID string
	}{
		{"s3:ListBucket", "allowed", true, 1, "AmazonS3ReadOnlyAccess"},
		// The SCP's Deny is not listed; the Allow it overrode is, as the
		// live service lists an overridden Allow after the deny
		// statements (public boto3 capture, ScottLogic/blog#308).
		{"lambda:InvokeFunction", "explicitDeny", false, 1, "DeveloperAccess"},
		{"dynamodb:GetItem", "implicitDeny", false, 0, ""},
	}
	require.Len(t, out.EvaluationResults, len(want))
	for i, w := range want {
		r := out.EvaluationResults[i]
		t.Run(w.action, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, w.action, r.EvalActionName)
			require.Equal(t, w.decision, r.EvalDecision)
			require.NotNil(t, r.OrganizationsDecisionDetail)
			require.Equal(t, w.orgs, r.OrganizationsDecisionDetail.AllowedByOrganizations)
			require.Len(t, r.MatchedStatements, w.nMatched)
			if w.nMatched > 0 {
				require.Equal(t, w.matchedID, r.MatchedStatements[0].SourcePolicyId)
			}
		})
	}
	b, _ := json.Marshal(out.EvaluationResults[0])
	require.Contains(t, string(b), `"OrganizationsDecisionDetail":{"AllowedByOrganizations":true}`)

	// Without SCPs the detail is absent.
	out, err = New(WithAccount(account.Example())).SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
		PolicySourceArn: "arn:aws:iam::111122223333:user/carol",
		SimulateCustomPolicyInput: SimulateCustomPolicyInput{
			ActionNames: []string{"s3:ListBucket"},
		},
	})
	require.NoError(t, err)
	require.Nil(t, out.EvaluationResults[0].OrganizationsDecisionDetail)
}

// "SCPs apply to principals of the account where the SCPs are attached"
// (reference_policies_evaluation-logic.md, "Determining whether a request
// is allowed or denied within an account"): a CallerArn of another account
// borrows the entity's policies but not the account's SCPs.
func TestSCPsGovernTheAccountsCallers(t *testing.T) {
	t.Parallel()
	acct := account.Example()
	acct.SetOrganizationPolicies([][]account.OrganizationPolicy{
		{{Name: "NoS3", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`}},
	}, nil)
	s := New(WithAccount(acct))
	for _, c := range []struct {
		name, caller, decision string
		orgs                   bool // OrganizationsDecisionDetail present
	}{
		{"the user itself", "", "explicitDeny", true},
		{"a caller of the account", "arn:aws:iam::111122223333:user/dave", "explicitDeny", true},
		{"a caller of another account", "arn:aws:iam::444455556666:user/outsider", "allowed", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := &SimulatePrincipalPolicyInput{
				PolicySourceArn:           "arn:aws:iam::111122223333:user/carol",
				SimulateCustomPolicyInput: SimulateCustomPolicyInput{ActionNames: []string{"s3:ListBucket"}},
			}
			if c.caller != "" {
				in.CallerArn = &c.caller
			}
			out, err := s.SimulatePrincipalPolicy(context.Background(), in)
			require.NoError(t, err)
			r := out.EvaluationResults[0]
			require.Equal(t, c.decision, r.EvalDecision)
			require.Equal(t, c.orgs, r.OrganizationsDecisionDetail != nil)
		})
	}
}

// RCPs govern the account's own resources only
// (reference_policies_evaluation-logic.md, resource control policies).
func TestResourceControlPolicies(t *testing.T) {
	t.Parallel()
	acct := account.Example()
	acct.SetOrganizationPolicies(nil, [][]account.OrganizationPolicy{{{Name: "NoForeignWrites", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"dynamodb:PutItem","Resource":"*"}]}`}}})
	s := New(WithAccount(acct))
	out, err := s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
		PolicySourceArn: "arn:aws:iam::111122223333:role/app-lambda",
		SimulateCustomPolicyInput: SimulateCustomPolicyInput{
			ActionNames:  []string{"dynamodb:PutItem", "dynamodb:GetItem"},
			ResourceArns: []string{"arn:aws:dynamodb:eu-west-1:111122223333:table/app-orders"},
		},
	})
	require.NoError(t, err)
	require.Equal(t, "explicitDeny", out.EvaluationResults[0].EvalDecision)
	require.False(t, out.EvaluationResults[0].OrganizationsDecisionDetail.AllowedByOrganizations)
	require.Equal(t, "allowed", out.EvaluationResults[1].EvalDecision)
	require.True(t, out.EvaluationResults[1].OrganizationsDecisionDetail.AllowedByOrganizations)
}

// Errors are *Error values that unwrap to what caused them; nothing panics on
// nil or empty requests.
func TestErrorValues(t *testing.T) {
	t.Parallel()
	s := New()
	ctx := context.Background()
	_, err := s.SimulateCustomPolicy(ctx, nil)
	requireCode(t, err, CodeInvalidInput, "missing")
	_, err = s.SimulatePrincipalPolicy(ctx, nil)
	requireCode(t, err, CodeInvalidInput, "missing")
	_, err = s.GetContextKeysForCustomPolicy(ctx, nil)
	requireCode(t, err, CodeInvalidInput, "missing")
	_, err = s.GetContextKeysForPrincipalPolicy(ctx, nil)
	requireCode(t, err, CodeInvalidInput, "missing")
	_, err = s.GetContextKeysForPrincipalPolicy(ctx, &GetContextKeysForPrincipalPolicyInput{})
	requireCode(t, err, CodeInvalidInput, "PolicySourceArn is required")
	_, err = s.SimulatePrincipalPolicy(ctx, &SimulatePrincipalPolicyInput{})
	requireCode(t, err, CodeInvalidInput, "PolicySourceArn is required")

	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{`{"Statement": [}`}, ActionNames: []string{"s3:GetObject"}})
	e := requireCode(t, err, CodeInvalidInput, "PolicyInputList.1 is not a valid policy document: line 1, column 16")
	var pe *policy.Error
	require.ErrorAs(t, err, &pe, "unwraps to the parser's error")
	require.Equal(t, policy.CodeMalformedPolicyDocument, pe.Code)
	require.Equal(t, "InvalidInput: "+e.Message, err.Error())

	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{
		PolicyInputList: []string{allowAll}, ActionNames: []string{"s3:GetObject"},
		ContextEntries: []ContextEntry{{ContextKeyName: "aws:SourceIp", ContextKeyValues: []string{"nope"}, ContextKeyType: "ip"}},
	})
	requireCode(t, err, CodeInvalidInput, "ContextEntries.1 (aws:SourceIp)")
	var ce *iamctx.Error
	require.ErrorAs(t, err, &ce)

	// Service-model limits on sizes.
	long := `{"Version":"2012-10-17","Statement":{"Sid":"` + strings.Repeat("a", maxDocumentChars) + `","Effect":"Allow","Action":"*","Resource":"*"}}`
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll, long}, ActionNames: []string{"s3:GetObject"}})
	requireCode(t, err, CodeInvalidInput, "PolicyInputList.2 must be 1 to 131072 characters long")
	// 131072 Latin-1 characters are more bytes than that, and still fit.
	latin := `{"Version":"2012-10-17","Statement":{"Sid":"x","Effect":"Allow","Action":"*","Resource":"*"}}` + strings.Repeat(" ", 100)
	latin = strings.Replace(latin, `"Sid":"x"`, `"Sid":"`+strings.Repeat("é", 1000)+`"`, 1)
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{latin}, ActionNames: []string{"s3:GetObject"}})
	if err != nil {
		// The parser may reject a non-alphanumeric Sid; the length
		// check must not be what fails.
		require.NotContains(t, err.Error(), "characters long")
	}
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: []string{"s3:" + strings.Repeat("x", 126)}})
	requireCode(t, err, CodeInvalidInput, "ActionNames.1 must be 3 to 128 characters long, got 129")
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: []string{"s3:GetObject"}, ResourceArns: []string{""}})
	requireCode(t, err, CodeInvalidInput, "ResourceArns.1 must be 1 to 2048 characters long, got 0")
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: []string{"s3:GetObject"}, MaxItems: ptr(int32(0))})
	requireCode(t, err, CodeInvalidInput, "MaxItems must be between 1 and 1000, got 0")
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: []string{"s3:GetObject"}, Marker: ptr("a\x01")})
	requireCode(t, err, CodeInvalidInput, "Marker contains the character U+0001")
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: []string{"s3:GetObject"}, ResourceHandlingOption: ptr(strings.Repeat("E", 65))})
	requireCode(t, err, CodeInvalidInput, "ResourceHandlingOption must be 1 to 64 characters long")
}

// A canceled context ends the simulation with the context's error.
func TestContextCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := New().SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: []string{"s3:GetObject"}})
	require.True(t, errors.Is(err, context.Canceled))
	_, err = New().GetContextKeysForCustomPolicy(ctx, &GetContextKeysForCustomPolicyInput{PolicyInputList: []string{allowAll}})
	require.True(t, errors.Is(err, context.Canceled))
}

// The cache takes a document in at its second parse, keeps at most its
// size, most recently used last out, keyed by text and kind; a Simulator
// shared by goroutines gives every one the same answers (run with -race).
func TestPolicyCache(t *testing.T) {
	t.Parallel()
	c := newPolicyCache(2, nil)
	docs := []string{
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a:1","Resource":"*"}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a:2","Resource":"*"}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a:3","Resource":"*"}}`,
	}
	parse := func(doc string, kind policy.Kind) *policy.Policy {
		t.Helper()
		p, err := c.parse(doc, kind)
		require.NoError(t, err)
		return p
	}
	first := parse(docs[0], policy.KindIdentity)
	require.Equal(t, 0, c.len(), "a document parsed once is not kept")
	p0 := parse(docs[0], policy.KindIdentity)
	require.NotSame(t, first, p0, "parsed again at its second use")
	require.Equal(t, 1, c.len(), "and kept from then on")
	require.Same(t, p0, parse(docs[0], policy.KindIdentity), "a cached document is shared")
	parse(docs[0], policy.KindBoundary)
	b0 := parse(docs[0], policy.KindBoundary)
	require.NotSame(t, p0, b0, "the kind is part of the key")
	require.Equal(t, 2, c.len())
	parse(docs[0], policy.KindIdentity) // docs[0]/identity is now the most recent
	parse(docs[1], policy.KindIdentity)
	require.Equal(t, 2, c.len())
	parse(docs[1], policy.KindIdentity) // evicts docs[0]/boundary
	require.Equal(t, 2, c.len())
	require.Same(t, p0, parse(docs[0], policy.KindIdentity))
	require.NotSame(t, b0, parse(docs[0], policy.KindBoundary), "evicted")
	for range 2 {
		_, err := c.parse(`{`, policy.KindIdentity)
		require.Error(t, err)
	}
	require.Equal(t, 2, c.len(), "failures are not cached")

	var off *policyCache = newPolicyCache(0, nil)
	require.Nil(t, off)
	p, err := off.parse(docs[2], policy.KindIdentity)
	require.NoError(t, err)
	require.NotNil(t, p)
	require.Equal(t, 0, off.len())
	require.Nil(t, New(WithCacheSize(0)).cache)
	require.Equal(t, DefaultCacheSize, New().cache.max)
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	s := New(WithAccount(account.Example()), WithCacheSize(3))
	ctx := context.Background()
	want, err := s.SimulatePrincipalPolicy(ctx, &SimulatePrincipalPolicyInput{
		PolicySourceArn: "arn:aws:iam::111122223333:user/engineering/alice",
		SimulateCustomPolicyInput: SimulateCustomPolicyInput{
			ActionNames:  []string{"s3:GetObject", "codecommit:GitPull", "ec2:StartInstances"},
			ResourceArns: []string{"arn:aws:s3:::example-home/alice/a", "*"},
		},
	})
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				// Vary the documents so the small cache churns.
				extra := fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"x:%d","Resource":"*"}}`, (g+i)%7)
				out, err := s.SimulatePrincipalPolicy(ctx, &SimulatePrincipalPolicyInput{
					PolicySourceArn: "arn:aws:iam::111122223333:user/engineering/alice",
					SimulateCustomPolicyInput: SimulateCustomPolicyInput{
						PolicyInputList: []string{extra},
						ActionNames:     []string{"s3:GetObject", "codecommit:GitPull", "ec2:StartInstances"},
						ResourceArns:    []string{"arn:aws:s3:::example-home/alice/a", "*"},
					},
				})
				if err != nil {
					errs <- err
					return
				}
				if fmt.Sprint(decisions(out)) != fmt.Sprint(decisions(want)) {
					errs <- fmt.Errorf("goroutine %d: %v != %v", g, decisions(out), decisions(want))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	require.NoError(t, joined(errs))
}

// joined returns the errors sent on errs, which is closed, as one.
func joined(errs <-chan error) error {
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// Options do what they say, and a nil Option is ignored.
func TestOptions(t *testing.T) {
	t.Parallel()
	s := New(nil, AllowAnyCaller(), EvaluateTrustPolicies(), WithCacheSize(5))
	require.True(t, s.allowAnyCaller)
	require.True(t, s.evaluateTrust)
	require.Equal(t, 5, s.cache.max)
	require.Nil(t, s.Account())

	// With AllowAnyCaller a federated user may call. A federated user
	// session is always limited by the session policy it was created with
	// (reference_policies_evaluation-logic.md, session policies), which the
	// API has no parameter for: identity-based grants alone are implicitly
	// denied, and a resource policy naming the federated user grants.
	fed := "arn:aws:sts::111122223333:federated-user/bob"
	out, err := s.SimulateCustomPolicy(context.Background(), &SimulateCustomPolicyInput{
		PolicyInputList: []string{allowAll}, ActionNames: []string{"sqs:SendMessage"},
		ResourceArns:   []string{"arn:aws:sqs:us-east-1:111122223333:q1", "arn:aws:sqs:us-east-1:111122223333:q2"},
		ResourcePolicy: ptr(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"` + fed + `"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:q1"}}`),
		CallerArn:      ptr(fed),
	})
	require.NoError(t, err)
	require.Equal(t, []string{
		"sqs:SendMessage arn:aws:sqs:us-east-1:111122223333:q1 allowed",
		"sqs:SendMessage arn:aws:sqs:us-east-1:111122223333:q2 implicitDeny",
	}, decisions(out))
}

// With EvaluateTrustPolicies a Service principal in a trust policy is
// accepted (it cannot match an IAM caller, but it is not an error).
func TestEvaluateTrustAcceptsServicePrincipal(t *testing.T) {
	t.Parallel()
	s := New(EvaluateTrustPolicies())
	out, err := s.SimulateCustomPolicy(context.Background(), &SimulateCustomPolicyInput{
		PolicyInputList: []string{allowAll},
		ActionNames:     []string{"sts:AssumeRole"},
		ResourceArns:    []string{"arn:aws:iam::111122223333:role/app"},
		ResourcePolicy:  ptr(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}}`),
		CallerArn:       ptr("arn:aws:iam::111122223333:user/alice"),
	})
	require.NoError(t, err)
	require.Equal(t, "implicitDeny", out.EvaluationResults[0].EvalDecision)
}

// EvalDecisionDetails is present ({} when not cross-account) for a concrete
// resource and absent for "*" (public captures of the live service's responses);
// the Go value is nil when empty, and MarshalJSON and
// HasEvalDecisionDetails restore the member.
func TestEvalDecisionDetailsPresence(t *testing.T) {
	t.Parallel()
	doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`
	out, err := New().SimulateCustomPolicy(context.Background(), &SimulateCustomPolicyInput{
		PolicyInputList: []string{doc}, ActionNames: []string{"s3:GetObject"},
		ResourceArns: []string{"*", "arn:aws:s3:::b/k"},
	})
	require.NoError(t, err)
	star, concrete := out.EvaluationResults[0], out.EvaluationResults[1]
	require.False(t, star.HasEvalDecisionDetails())
	require.True(t, concrete.HasEvalDecisionDetails())
	require.Nil(t, concrete.EvalDecisionDetails, "empty details are not allocated")
	b, err := json.Marshal(star)
	require.NoError(t, err)
	require.NotContains(t, string(b), "EvalDecisionDetails")
	b, err = json.Marshal(concrete)
	require.NoError(t, err)
	require.Contains(t, string(b), `"EvalDecisionDetails":{}`)
	require.Contains(t, string(b), `"ResourceSpecificResults":[{`)
	// A JSON round trip keeps the member.
	var back EvaluationResult
	require.NoError(t, json.Unmarshal(b, &back))
	require.True(t, back.HasEvalDecisionDetails())
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	require.JSONEq(t, string(b), string(b2))
}
