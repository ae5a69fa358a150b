package eval_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/policy"
)

// resolveActions are request actions beyond the generator's own: one
// listed nowhere in a known service, one in an unknown service, and
// actions without a colon or with an empty service, whose service key is "".
var resolveActions = []string{
	"s3:GetObjectAcl", "ec2:RunInstances", "nocolon", ":GetObject", "S3:GETOBJECT",
}

// compileBoth compiles set with and without what resolve and globals
// precompute.
func compileBoth(t *testing.T, set eval.PolicySet) (resolved, plain *eval.Engine) {
	t.Helper()
	resolved, err := eval.Compile(set)
	require.NoError(t, err)
	plain, err = eval.CompileUnresolved(set)
	require.NoError(t, err)
	return resolved, plain
}

// identitySet is a PolicySet of one identity policy.
func identitySet(t *testing.T, doc string) eval.PolicySet {
	t.Helper()
	return eval.PolicySet{Identity: []eval.Policy{{ID: "p", Document: mustParse(t, policy.KindIdentity, doc)}}}
}

// TestActionResolution checks on generated policy sets and requests that
// what Compile works out per listed action (the pattern statements of its
// service that match it) and per service (which global statements apply to
// its actions) changes nothing in a Result: the engine without them
// decides, reports and misses alike.
func TestActionResolution(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	own := 0
	for i := 0; i < n; i++ {
		g := newGen(uint64(i) + 0x7e5017e)
		s := g.set()
		set, err := s.build()
		require.NoError(t, err)
		e, plain := compileBoth(t, set)
		_, _, o := eval.Resolution(e)
		own += o
		for j := 0; j < 12; j++ {
			q := g.req()
			if j%3 == 2 {
				q.Action = resolveActions[(i+j)%len(resolveActions)]
			}
			r, err := q.build()
			require.NoError(t, err)
			want := plain.Evaluate(r)
			require.Equalf(t, want, e.Evaluate(r), "case %d: resolved (actual) and unresolved (expected)\nrequest: %s\n%s", i, q, s)
			require.Equalf(t, want.Decision, e.Decide(r), "case %d: Decide (actual), unresolved Evaluate (expected)\nrequest: %s\n%s", i, q, s)
		}
	}
	require.Positive(t, own, "no generated set had a per-service global list: the test would not test them")
}

// TestResolveBudget builds a group whose listed actions would take resolve
// past its compile-time budget (each of 300 s3 actions against 400
// single-pattern statements): the first actions, as many as the budget
// covers, are resolved, the rest keep the service list, and all decide as
// the unresolved engine does.
func TestResolveBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[`)
	const actions, patterns = 300, 400
	for i := 0; i < actions; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"s3:Get%d"`, i)
	}
	b.WriteString(`],"Resource":"arn:aws:s3:::listed/*"}`)
	for i := 0; i < patterns; i++ {
		// Every 7th pattern statement denies its own bucket, so that
		// the deciding statements differ from action to action.
		effect := "Allow"
		if i%7 == 0 {
			effect = "Deny"
		}
		fmt.Fprintf(&b, `,{"Sid":"P%d","Effect":%q,"Action":"s3:Get%d*","Resource":"arn:aws:s3:::b%d/*"}`, i, effect, i%60, i%5)
	}
	b.WriteString(`]}`)
	e, plain := compileBoth(t, identitySet(t, b.String()))
	res, unres, _ := eval.Resolution(e)
	covered := eval.ResolveScan * (patterns + 1) / patterns // actions the budget covers
	require.Equal(t, covered, res)
	require.Equal(t, actions-covered, unres)
	for i := 0; i < actions; i++ {
		for _, bucket := range []string{"listed", "b0", "b3"} {
			r := mustRequest(t, iamctx.Input{Action: fmt.Sprintf("s3:get%d", i), Resource: "arn:aws:s3:::" + bucket + "/k"})
			got, want := e.Evaluate(r), plain.Evaluate(r)
			require.Equal(t, want, got, "s3:get%d on %s", i, bucket)
		}
	}
}

// TestGlobalsPerService checks the per-service global lists on the
// statements they serve: NotAction applies to every action except the
// ones it lists (reference_policies_elements_notaction.md: "matches
// everything except the specified list of actions"), and a pattern such as
// "iam:*" lists every action of its service
// (reference_policies_elements_action.md: wildcards in action names).
func TestGlobalsPerService(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[
	  {"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"},
	  {"Sid":"GuardIAM","Effect":"Deny","NotAction":["iam:*","sts:Get*","kms:Decrypt","*:List*"],"Resource":"*"},
	  {"Sid":"NotS3","Effect":"Deny","NotAction":"s3:*","Resource":"arn:aws:s3:::x/*"},
	  {"Sid":"Wild","Effect":"Deny","Action":"*:Delete*","Resource":"*"},
	  {"Sid":"S3Get","Effect":"Allow","Action":["s3:GetObject","s3:Get*"],"Resource":"*"},
	  {"Sid":"IAMList","Effect":"Allow","Action":["iam:ListUsers"],"Resource":"*"}
	]}`
	e, plain := compileBoth(t, identitySet(t, doc))
	_, _, own := eval.Resolution(e)
	require.Positive(t, own, "no service got a global list of its own")
	cases := []struct {
		action, resource string
		want             eval.Decision
		sids             []string
	}{
		// iam:* is excepted: only the allows apply.
		{"iam:ListUsers", "*", eval.Allowed, []string{"All", "IAMList"}},
		{"IAM:CreateUser", "*", eval.Allowed, []string{"All"}},
		// sts:Get* is excepted, other sts actions are not.
		{"sts:GetCallerIdentity", "*", eval.Allowed, []string{"All"}},
		{"sts:AssumeRole", "*", eval.ExplicitDeny, []string{"GuardIAM"}},
		// A literal excepts one action of kms.
		{"kms:Decrypt", "*", eval.Allowed, []string{"All"}},
		{"kms:Encrypt", "*", eval.ExplicitDeny, []string{"GuardIAM"}},
		// A wildcard service part excepts across services.
		{"ec2:ListThings", "*", eval.Allowed, []string{"All"}},
		{"ec2:RunInstances", "*", eval.ExplicitDeny, []string{"GuardIAM"}},
		{"ec2:DeleteVolume", "*", eval.ExplicitDeny, []string{"GuardIAM", "Wild"}},
		// s3:* excepts all of s3 from NotS3; GuardIAM covers s3.
		{"s3:GetObject", "arn:aws:s3:::x/k", eval.ExplicitDeny, []string{"GuardIAM"}},
		{"sqs:SendMessage", "arn:aws:s3:::x/k", eval.ExplicitDeny, []string{"GuardIAM", "NotS3"}},
		// A request action without a colon is no action of s3.
		{"nocolon", "arn:aws:s3:::x/k", eval.ExplicitDeny, []string{"GuardIAM", "NotS3"}},
	}
	for _, c := range cases {
		t.Run(c.action+" on "+c.resource, func(t *testing.T) {
			t.Parallel()
			r := mustRequest(t, iamctx.Input{Action: c.action, Resource: c.resource})
			got := e.Evaluate(r)
			require.Equal(t, plain.Evaluate(r), got)
			require.Equal(t, c.want, got.Decision)
			var sids []string
			for _, m := range got.Matched {
				sids = append(sids, m.Sid)
			}
			require.Equal(t, c.sids, sids)
		})
	}
}

// TestGlobalsBudget gives a group more global statements times services
// than the per-service lists may cost: every service then shares the one
// list, and the engine decides as the unresolved one.
func TestGlobalsBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, `{"Effect":"Allow","Action":"svc%d:Get*","Resource":"*"},`, i)
	}
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&b, `{"Effect":"Deny","NotAction":["svc%d:*","svc%d:Get*"],"Resource":"*"},`, i, i+1)
	}
	b.WriteString(`{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	e, plain := compileBoth(t, identitySet(t, b.String()))
	_, _, own := eval.Resolution(e)
	require.Zero(t, own, "per-service lists built past their budget")
	for _, a := range []string{"svc0:GetX", "svc1:GetX", "svc1:PutX", "svc150:GetX", "svc299:Put", "other:Get"} {
		t.Run(a, func(t *testing.T) {
			t.Parallel()
			r := mustRequest(t, iamctx.Input{Action: a, Resource: "*"})
			require.Equal(t, plain.Evaluate(r), e.Evaluate(r))
		})
	}
}

// TestWideSpan: a hand-built document's statement span that does not fit
// the compact form Compile keeps is reported whole.
func TestWideSpan(t *testing.T) {
	p := mustParse(t, policy.KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`)
	wide := policy.Span{
		Start: policy.Position{Line: 1 << 40, Column: 7, Offset: 1<<40 + 3},
		End:   policy.Position{Line: 2, Column: -1 << 35, Offset: 9},
	}
	p.Statements[0].Span = wide
	e, err := eval.Compile(eval.PolicySet{Identity: []eval.Policy{{ID: "p", Document: p}}})
	require.NoError(t, err)
	res := e.Evaluate(mustRequest(t, iamctx.Input{Action: "s3:GetObject", Resource: "*"}))
	require.Len(t, res.Matched, 1)
	require.Equal(t, wide, res.Matched[0].Span)
}

// TestGlobalsEmptyService: policy.Parse refuses an action without a
// colon or with an empty service part, but a hand-built document may hold
// them. A request
// action without a colon has the service "" too, and ":*" does not match
// it, so a NotAction ":*" still applies to that action.
func TestGlobalsEmptyService(t *testing.T) {
	p := mustParse(t, policy.KindIdentity, `{"Version":"2012-10-17","Statement":[
	  {"Sid":"Guard","Effect":"Deny","NotAction":"x:*","Resource":"*"},
	  {"Sid":"Any","Effect":"Allow","Action":"*:*","Resource":"*"},
	  {"Sid":"Listed","Effect":"Allow","Action":"x:y","Resource":"*"}]}`)
	p.Statements[0].Action = []string{":*"}
	p.Statements[2].Action = []string{"other"} // the service "" gets an entry
	set := eval.PolicySet{Identity: []eval.Policy{{ID: "p", Document: p}}}
	e, err := eval.Compile(set)
	require.NoError(t, err)
	for action, want := range map[string]eval.Decision{
		"nocolon":   eval.ExplicitDeny, // ":*" needs a colon
		":GetThing": eval.Allowed,      // ":*" matches it: NotAction spares it
		"s3:Get":    eval.ExplicitDeny,
	} {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			r := mustRequest(t, iamctx.Input{Action: action, Resource: "*"})
			require.Equal(t, want, e.Evaluate(r).Decision)
		})
	}
}

// TestResolveBudgetCountsPatterns: the budget counts pattern tests, not
// statements. One statement with 3,000 s3 patterns and one listing 3,000
// s3 actions would cost resolve 9 million tests; the group's budget
// (ResolveScan per statement, for at least 64 statements) covers a few
// actions' 3,000 and no more, so compiling such a group stays cheap.
func TestResolveBudgetCountsPatterns(t *testing.T) {
	var pats, acts []string
	for i := 0; i < 3000; i++ {
		pats = append(pats, fmt.Sprintf(`"s3:P%d*"`, i))
		acts = append(acts, fmt.Sprintf(`"s3:P%dx"`, 2999-i))
	}
	doc := `{"Version":"2012-10-17","Statement":[
	  {"Effect":"Allow","Action":[` + strings.Join(pats, ",") + `],"Resource":"arn:aws:s3:::a/*"},
	  {"Effect":"Deny","Action":[` + strings.Join(acts, ",") + `],"Resource":"arn:aws:s3:::a/secret/*"}]}`
	e, plain := compileBoth(t, identitySet(t, doc))
	res, unres, _ := eval.Resolution(e)
	covered := eval.ResolveScan * 64 / 3000
	require.Equal(t, covered, res)
	require.Equal(t, 3000-covered, unres)
	for _, a := range []string{"s3:P0x", "s3:P2999x", "s3:P17y", "s3:Q"} {
		for _, resource := range []string{"arn:aws:s3:::a/k", "arn:aws:s3:::a/secret/k"} {
			t.Run(a+" on "+resource, func(t *testing.T) {
				t.Parallel()
				r := mustRequest(t, iamctx.Input{Action: a, Resource: resource})
				require.Equal(t, plain.Evaluate(r), e.Evaluate(r))
			})
		}
	}
}
