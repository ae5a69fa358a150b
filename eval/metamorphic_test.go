package eval_test

// Metamorphic tests: random policy sets and requests from gen_test.go, a
// transformation that the AWS documentation says cannot change (or can
// change only in one direction) the decision, and a check that the engine
// agrees. Each property names the User Guide page (awsdocs doc_source/) that
// implies it. A failure prints the policies and the request as JSON text.

import (
	"flag"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/policy"
)

// Sizes: sets per property × requests per set = generated cases per property.
// -metascale multiplies them for a longer search (go test ./eval -run
// Metamorphic -metascale 50).
const (
	metaSets    = 400
	metaReqs    = 8
	metaSetsRT  = 250 // round trip parses every policy twice more
	metaSeedMix = 0x5eed
)

var metaScale = flag.Int("metascale", 1, "multiply the number of generated cases of the metamorphic tests")

// metaCase is one generated policy set with the requests run against it.
type metaCase struct {
	seed uint64
	g    *gen
	set  genSet
	reqs []genReq
}

func newMetaCase(prop string, i int) *metaCase {
	var h uint64 = metaSeedMix
	for _, c := range prop {
		h = h*131 + uint64(c)
	}
	seed := h + uint64(i)
	g := newGen(seed)
	c := &metaCase{seed: seed, g: g, set: g.set()}
	for j := 0; j < metaReqs; j++ {
		c.reqs = append(c.reqs, g.req())
	}
	return c
}

// decisions compiles s and decides every request of c, checking on the way
// that Decide, Evaluate and EvaluateInto agree.
func decisions(t *testing.T, c *metaCase, s genSet, reqs []genReq) []eval.Decision {
	t.Helper()
	e, err := s.compile()
	require.NoErrorf(t, err, "seed %d: generated set does not compile\n%s", c.seed, s)
	out := make([]eval.Decision, len(reqs))
	for i := range reqs {
		r, err := reqs[i].build()
		require.NoErrorf(t, err, "seed %d: generated request rejected\n%s", c.seed, reqs[i])
		out[i] = e.Decide(r)
	}
	return out
}

// fail reports a property violation with everything needed to reproduce it.
func fail(t *testing.T, c *metaCase, what string, before, after genSet, q genReq, d0, d1 eval.Decision) {
	t.Helper()
	require.Failf(t, what, "seed %d: %s -> %s\nrequest: %s\n--- before:\n%s--- after:\n%s",
		c.seed, d0, d1, q, before, after)
}

// forCases runs n generated cases of a property.
func forCases(t *testing.T, prop string, n int, f func(c *metaCase)) {
	n *= *metaScale
	if testing.Short() {
		n /= 10
	}
	for i := 0; i < n; i++ {
		f(newMetaCase(prop, i))
	}
}

// randomPolicy picks an existing policy of s to change, or nil for a new
// identity policy.
func randomPolicy(g *gen, s *genSet) *genPolicy {
	var all []*genPolicy
	s.each(func(_ string, p *genPolicy) { all = append(all, p) })
	k := g.n(len(all) + 1)
	if k == len(all) {
		return nil
	}
	return all[k]
}

// addStatement adds a statement with the given effect to a random policy of
// s (or as a new identity policy) and returns the new set.
func addStatement(c *metaCase, effect string) genSet {
	s := c.set.clone()
	p := randomPolicy(c.g, &s)
	if p == nil {
		s.Identity = append(s.Identity, genPolicy{Kind: policy.KindIdentity, Version: policy.Version2012})
		p = &s.Identity[len(s.Identity)-1]
	}
	st := c.g.stmt(p.Kind, effect)
	at := c.g.n(len(p.Stmts) + 1)
	p.Stmts = slices.Insert(p.Stmts, at, st)
	p.Single = false
	return s
}

// Adding an Allow statement never turns "allowed" into a deny: a Deny is
// the only thing that overrides an Allow, and an allow decision needs only
// some applicable Allow where one is required.
// reference_policies_evaluation-logic.md ("Determining whether a request is
// allowed or denied within an account": explicit deny, then each policy type
// "must allow"); reference_policies_evaluation-logic-cross-account.md.
func TestMetamorphicAddAllow(t *testing.T) {
	forCases(t, "add-allow", metaSets, func(c *metaCase) {
		d0 := decisions(t, c, c.set, c.reqs)
		s1 := addStatement(c, "Allow")
		d1 := decisions(t, c, s1, c.reqs)
		for i := range c.reqs {
			if d0[i] == eval.Allowed && d1[i] != eval.Allowed {
				fail(t, c, "adding an Allow statement denied", c.set, s1, c.reqs[i], d0[i], d1[i])
			}
			if d0[i] == eval.ExplicitDeny && d1[i] != eval.ExplicitDeny {
				fail(t, c, "adding an Allow statement lifted an explicit deny", c.set, s1, c.reqs[i], d0[i], d1[i])
			}
		}
	})
}

// Adding a Deny statement never turns a deny into "allowed", and never lifts
// an explicit deny: "An explicit deny in any of these policies overrides the
// allow." reference_policies_evaluation-logic.md (and
// reference_policies_elements_effect.md: explicit deny is final).
func TestMetamorphicAddDeny(t *testing.T) {
	forCases(t, "add-deny", metaSets, func(c *metaCase) {
		d0 := decisions(t, c, c.set, c.reqs)
		s1 := addStatement(c, "Deny")
		d1 := decisions(t, c, s1, c.reqs)
		for i := range c.reqs {
			if d0[i] != eval.Allowed && d1[i] == eval.Allowed {
				fail(t, c, "adding a Deny statement allowed", c.set, s1, c.reqs[i], d0[i], d1[i])
			}
			if d0[i] == eval.ExplicitDeny && d1[i] != eval.ExplicitDeny {
				fail(t, c, "adding a Deny statement lifted an explicit deny", c.set, s1, c.reqs[i], d0[i], d1[i])
			}
		}
	})
}

func shuffle[T any](g *gen, s []T) {
	g.r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
}

// reorder shuffles the statements of every policy, the policies of every
// group, the SCP and RCP levels, and the values of every Action, Resource,
// Principal and condition list, and the conditions of every statement.
func reorder(g *gen, s genSet) genSet {
	s = s.clone()
	s.each(func(_ string, p *genPolicy) {
		shuffle(g, p.Stmts)
		for i := range p.Stmts {
			st := &p.Stmts[i]
			shuffle(g, st.Actions)
			shuffle(g, st.Resources)
			if st.Principal != nil {
				shuffle(g, st.Principal.AWS)
			}
			shuffle(g, st.Conds)
			for j := range st.Conds {
				shuffle(g, st.Conds[j].Values)
			}
		}
	})
	shuffle(g, s.Identity)
	shuffle(g, s.Boundary)
	shuffle(g, s.Session)
	shuffle(g, s.SCPs)
	shuffle(g, s.RCPs)
	for _, l := range s.SCPs {
		shuffle(g, l)
	}
	for _, l := range s.RCPs {
		shuffle(g, l)
	}
	return s
}

// Order never matters: "The order of the statements, policies and their
// evaluation does not matter" in the sense that every applicable statement is
// considered (reference_policies_evaluation-logic.md: "the enforcement code
// evaluates all policies"; "deny overrides allow regardless of order");
// multiple values of Action and Resource are ORed
// (reference_policies_elements_action.md, reference_policies_elements_resource.md);
// values of one condition key are ORed and condition blocks ANDed
// (reference_policies_elements_condition.md, "The Condition element";
// reference_policies_multi-value-conditions.md); SCP levels must each allow
// (access_policies_scps or reference_policies_evaluation-logic.md, "AWS
// Organizations service control policies").
func TestMetamorphicReorder(t *testing.T) {
	forCases(t, "reorder", metaSets, func(c *metaCase) {
		d0 := decisions(t, c, c.set, c.reqs)
		s1 := reorder(c.g, c.set)
		d1 := decisions(t, c, s1, c.reqs)
		for i := range c.reqs {
			if d0[i] != d1[i] {
				fail(t, c, "reordering changed the decision", c.set, s1, c.reqs[i], d0[i], d1[i])
			}
		}
	})
}

// splitLists replaces every statement whose Action, Resource or Principal
// (AWS) lists several values with one statement per value, otherwise
// identical. Negated lists (NotAction, NotResource, NotPrincipal) are kept:
// they mean the complement of the union.
func splitLists(s genSet) genSet {
	s = s.clone()
	split := func(stmts []genStmt, list func(*genStmt) *[]string) []genStmt {
		var out []genStmt
		for _, st := range stmts {
			l := list(&st)
			if l == nil || len(*l) < 2 {
				out = append(out, st)
				continue
			}
			for _, v := range *l {
				cp := st.clone()
				*list(&cp) = []string{v}
				out = append(out, cp)
			}
		}
		return out
	}
	s.each(func(_ string, p *genPolicy) {
		n := len(p.Stmts)
		p.Stmts = split(p.Stmts, func(st *genStmt) *[]string {
			if st.NotAction {
				return nil
			}
			return &st.Actions
		})
		p.Stmts = split(p.Stmts, func(st *genStmt) *[]string {
			if st.NotResource || st.Resources == nil {
				return nil
			}
			return &st.Resources
		})
		p.Stmts = split(p.Stmts, func(st *genStmt) *[]string {
			if st.Principal == nil || st.NotPrincipal || st.Principal.Star || len(st.Principal.Service) > 0 {
				return nil
			}
			return &st.Principal.AWS
		})
		if len(p.Stmts) != n {
			p.Single = false
		}
	})
	return s
}

// A list is a disjunction: "Action": ["a", "b"] applies exactly when a
// statement with "a" or one with "b" applies, and likewise for Resource and
// Principal (reference_policies_elements_action.md: "You can specify multiple
// actions"; reference_policies_elements_resource.md: "You can specify
// multiple resources"; reference_policies_elements_principal.md;
// reference_policies_evaluation-logic.md: every applicable statement counts).
func TestMetamorphicSplitLists(t *testing.T) {
	forCases(t, "split", metaSets, func(c *metaCase) {
		d0 := decisions(t, c, c.set, c.reqs)
		s1 := splitLists(c.set)
		d1 := decisions(t, c, s1, c.reqs)
		for i := range c.reqs {
			if d0[i] != d1[i] {
				fail(t, c, "splitting Action, Resource or Principal changed the decision", c.set, s1, c.reqs[i], d0[i], d1[i])
			}
		}
	})
}

// Stating a statement twice changes nothing
// (reference_policies_evaluation-logic.md: the decision depends on whether
// some applicable statement allows or denies, not on how many).
func TestMetamorphicDuplicate(t *testing.T) {
	forCases(t, "dup", metaSets, func(c *metaCase) {
		d0 := decisions(t, c, c.set, c.reqs)
		s1 := c.set.clone()
		s1.each(func(_ string, p *genPolicy) {
			i := c.g.n(len(p.Stmts))
			p.Stmts = slices.Insert(p.Stmts, c.g.n(len(p.Stmts)+1), p.Stmts[i].clone())
			p.Single = false
		})
		d1 := decisions(t, c, s1, c.reqs)
		for i := range c.reqs {
			if d0[i] != d1[i] {
				fail(t, c, "duplicating a statement changed the decision", c.set, s1, c.reqs[i], d0[i], d1[i])
			}
		}
	})
}

// recase changes the case of action names in every policy, and of condition
// key names (the key as written, not the values).
func recase(g *gen, s genSet) genSet {
	s = s.clone()
	s.each(func(_ string, p *genPolicy) {
		for i := range p.Stmts {
			st := &p.Stmts[i]
			for j := range st.Actions {
				st.Actions[j] = randomCase(g, st.Actions[j])
			}
			for j := range st.Conds {
				st.Conds[j].Key = randomCase(g, st.Conds[j].Key)
			}
			if p.Version != policy.Version2012 {
				continue // ${...} is literal text
			}
			for j := range st.Resources {
				st.Resources[j] = recaseVars(g, st.Resources[j])
			}
			for j := range st.Conds {
				for k := range st.Conds[j].Values {
					st.Conds[j].Values[k] = recaseVars(g, st.Conds[j].Values[k])
				}
			}
		}
	})
	return s
}

// recaseVars changes the case of the key names of the policy variables in v
// (${key} and ${key, 'default'}; not the default).
func recaseVars(g *gen, v string) string {
	var b strings.Builder
	for {
		i := strings.Index(v, "${")
		if i < 0 {
			break
		}
		end := strings.IndexAny(v[i:], ",}")
		if end < 0 {
			break
		}
		b.WriteString(v[:i+2])
		b.WriteString(randomCase(g, v[i+2:i+end]))
		v = v[i+end:]
	}
	b.WriteString(v)
	return b.String()
}

// Action names, condition key names (in the policy and in the request
// context) and the key names of policy variables are case-insensitive:
// "The prefix and the action name are case insensitive"
// (reference_policies_elements_action.md); "Condition key names are not case
// sensitive" (reference_policies_elements_condition.md); for policy
// variables, "Key names are case-insensitive. For example, aws:CurrentTime is
// equivalent to AWS:currenttime" (reference_policies_variables.md).
func TestMetamorphicCase(t *testing.T) {
	forCases(t, "case", metaSets, func(c *metaCase) {
		d0 := decisions(t, c, c.set, c.reqs)
		s1 := recase(c.g, c.set)
		reqs := slices.Clone(c.reqs)
		for i := range reqs {
			reqs[i].Action = randomCase(c.g, reqs[i].Action)
			reqs[i].Context = slices.Clone(reqs[i].Context)
			for j := range reqs[i].Context {
				reqs[i].Context[j].Key = randomCase(c.g, reqs[i].Context[j].Key)
			}
		}
		d1 := decisions(t, c, s1, reqs)
		for i := range c.reqs {
			if d0[i] != d1[i] {
				fail(t, c, "changing the case of action or key names changed the decision", c.set, s1, reqs[i], d0[i], d1[i])
			}
		}
	})
}

// sameAccountUser makes q a request by an IAM user of acctA for a resource
// in acctA (or with no account).
func sameAccountUser(g *gen, q *genReq) {
	q.Principal = g.pick([]string{
		"arn:aws:iam::" + acctA + ":user/alice",
		"arn:aws:iam::" + acctA + ":user/Bob",
		"arn:aws:iam::" + acctA + ":user/team/carol",
	})
	q.ResourceAccount = ""
	if strings.Contains(q.Resource, acctB) {
		q.Resource = "arn:aws:s3:::bucket-b/data"
	}
}

// A permissions boundary never widens permissions: "The effective
// permissions are the intersection of both policy types [identity-based
// policy and permissions boundary]" (access_policies_boundaries.md,
// "Evaluating effective permissions with boundaries"). Checked for a
// same-account IAM user caller and no resource-based policy, where the
// intersection is exact.
func TestMetamorphicBoundary(t *testing.T) {
	forCases(t, "boundary", metaSets, func(c *metaCase) {
		with := c.set.clone()
		with.Resource = nil
		with.ResKind = eval.ResourceGeneric
		if len(with.Boundary) == 0 {
			with.Boundary = []genPolicy{c.g.policy(policy.KindBoundary, 1+c.g.n(3))}
		}
		without := with.clone()
		without.Boundary = nil
		reqs := slices.Clone(c.reqs)
		for i := range reqs {
			sameAccountUser(c.g, &reqs[i])
		}
		dw := decisions(t, c, with, reqs)
		dn := decisions(t, c, without, reqs)
		for i := range reqs {
			if dw[i] == eval.Allowed && dn[i] != eval.Allowed {
				fail(t, c, "allowed with a boundary but not without", without, with, reqs[i], dn[i], dw[i])
			}
		}
	})
}

// roundTrip parses every policy of s, writes it with policy.Marshal and
// parses the output again.
func roundTrip(t *testing.T, c *metaCase, s genSet) eval.PolicySet {
	t.Helper()
	set, err := s.build()
	require.NoErrorf(t, err, "seed %d", c.seed)
	rt := func(p eval.Policy) eval.Policy {
		out, err := policy.Marshal(p.Document)
		require.NoErrorf(t, err, "seed %d: Marshal %s\n%s", c.seed, p.ID, s)
		q, err := policy.ParseKind(out, p.Document.Kind)
		require.NoErrorf(t, err, "seed %d: re-parse %s\n%s", c.seed, p.ID, out)
		require.Truef(t, policy.Equal(p.Document, q), "seed %d: %s: Parse(Marshal(p)) != p\n%s", c.seed, p.ID, out)
		return eval.Policy{ID: p.ID, Document: q}
	}
	all := func(ps []eval.Policy) []eval.Policy {
		var out []eval.Policy
		for _, p := range ps {
			out = append(out, rt(p))
		}
		return out
	}
	var out eval.PolicySet
	out.ResourceKind = set.ResourceKind
	out.Identity = all(set.Identity)
	if set.Resource != nil {
		p := rt(*set.Resource)
		out.Resource = &p
	}
	out.PermissionsBoundary = all(set.PermissionsBoundary)
	out.Session = all(set.Session)
	for _, l := range set.SCPs {
		out.SCPs = append(out.SCPs, all(l))
	}
	for _, l := range set.RCPs {
		out.RCPs = append(out.RCPs, all(l))
	}
	return out
}

// Marshal writes the same policy: Parse(Marshal(p)) decides every request
// as p does. The policy grammar (reference_policies_grammar.md) makes a
// one-value list and a plain string the same thing, and JSON numbers and
// booleans in conditions the same as their text
// (reference_policies_elements_condition.md, "condition values").
func TestMetamorphicMarshalRoundTrip(t *testing.T) {
	forCases(t, "roundtrip", metaSetsRT, func(c *metaCase) {
		d0 := decisions(t, c, c.set, c.reqs)
		e, err := eval.Compile(roundTrip(t, c, c.set))
		require.NoErrorf(t, err, "seed %d: compile after round trip\n%s", c.seed, c.set)
		for i := range c.reqs {
			r, _ := c.reqs[i].build()
			if d := e.Decide(r); d != d0[i] {
				fail(t, c, "Parse(Marshal(p)) decides differently", c.set, c.set, c.reqs[i], d0[i], d)
			}
		}
	})
}

// publicResult is what a Result tells its caller: its exported fields.
type publicResult struct {
	Decision         eval.Decision
	Matched          []eval.MatchedStatement
	Overridden       []eval.MatchedStatement
	Missing          []string
	Types            [len(eval.Result{}.Types)]eval.TypeDecision
	MissingKeyPolicy bool
}

// normResult returns r's exported fields with empty slices made nil, so
// that a reused Result compares equal to a fresh one. The unexported
// scratch space a reused Result carries from earlier evaluations (the
// missing-key index) is left out: it is documented to hold stale entries.
func normResult(r eval.Result) publicResult {
	out := publicResult{Decision: r.Decision, Matched: r.Matched, Overridden: r.Overridden, Missing: r.Missing, Types: r.Types,
		MissingKeyPolicy: r.MissingKeyPolicy}
	if len(out.Matched) == 0 {
		out.Matched = nil
	}
	if len(out.Overridden) == 0 {
		out.Overridden = nil
	}
	if len(out.Missing) == 0 {
		out.Missing = nil
	}
	return out
}

// checkResult checks the invariants of one Result against Decide. An allow
// may have no matched statement: the account root user "has full access"
// without one (reference_policies_evaluation-logic.md).
func checkResult(e *eval.Engine, res eval.Result, d eval.Decision) error {
	if res.Decision != d {
		return fmt.Errorf("Decide = %s, Evaluate = %s", d, res.Decision)
	}
	switch res.Decision {
	case eval.ImplicitDeny:
		if len(res.Matched) != 0 {
			return fmt.Errorf("implicitDeny with matched statements %+v", res.Matched)
		}
	case eval.Allowed, eval.ExplicitDeny:
		want := policy.Allow
		if res.Decision == eval.ExplicitDeny {
			want = policy.Deny
		}
		for _, m := range res.Matched {
			if m.Effect != want {
				return fmt.Errorf("%s with a matched %s statement %+v", res.Decision, m.Effect, m)
			}
		}
	}
	// Only an explicit deny overrides, and what it overrides are Allows.
	if res.Decision != eval.ExplicitDeny && len(res.Overridden) != 0 {
		return fmt.Errorf("%s with overridden statements %+v", res.Decision, res.Overridden)
	}
	for _, m := range res.Overridden {
		if m.Effect != policy.Allow {
			return fmt.Errorf("overridden %s statement %+v", m.Effect, m)
		}
	}
	return nil
}

// The three entry points decide alike: Decide returns Evaluate's Decision
// and EvaluateInto with a reused Result returns what Evaluate returns
// (their documented contracts, eval package documentation). The Matched
// statements agree with the decision: "Matched lists the statements that
// decided" (reference_policies_evaluation-logic.md: an explicit deny is
// decided by Deny statements, an allow by Allow statements, an implicit
// deny by none).
func TestMetamorphicEntryPoints(t *testing.T) {
	// publicResult must hold every exported field of Result.
	var exported []string
	for f := range reflect.TypeFor[eval.Result]().Fields() {
		if f.IsExported() {
			exported = append(exported, f.Name)
		}
	}
	require.Equal(t, "[Decision Matched Overridden Missing Types MissingKeyPolicy]", fmt.Sprint(exported), "Result's exported fields changed: update publicResult")
	var reused eval.Result
	forCases(t, "entry", metaSets, func(c *metaCase) {
		e, err := c.set.compile()
		require.NoErrorf(t, err, "seed %d\n%s", c.seed, c.set)
		for i := range c.reqs {
			r, err := c.reqs[i].build()
			require.NoErrorf(t, err, "seed %d", c.seed)
			res := e.Evaluate(r)
			d := e.Decide(r)
			require.NoErrorf(t, checkResult(e, res, d), "seed %d\nrequest: %s\n%s", c.seed, c.reqs[i], c.set)
			e.EvaluateInto(r, &reused)
			require.Equalf(t, normResult(res), normResult(reused), "seed %d: EvaluateInto with a reused Result (actual) differs from Evaluate (expected)\nrequest: %s\n%s",
				c.seed, c.reqs[i], c.set)
		}
	})
}

// A VPC endpoint policy only narrows: it "does not override or replace
// identity-based policies or resource-based policies" (AWS PrivateLink
// Guide, vpc-endpoints-access.md), its Deny is an explicit deny and
// without its Allow the request is denied (troubleshoot_access-denied.md,
// "Access denied due to a VPC endpoint policy"). So adding one never
// allows what was not allowed nor lifts an explicit deny, and the default
// endpoint policy, which allows full access ("If you don't attach an
// endpoint policy, we attach the default endpoint policy"), changes no
// decision.
func TestMetamorphicVPCEndpoint(t *testing.T) {
	forCases(t, "vpc-endpoint", metaSets, func(c *metaCase) {
		d0 := decisions(t, c, c.set, c.reqs)
		with := c.set.clone()
		p := c.g.policy(policy.KindResource, 1+c.g.n(3))
		with.VPCEndpoint = &p
		d1 := decisions(t, c, with, c.reqs)
		full := c.set.clone()
		all := allowAll(policy.KindResource)
		full.VPCEndpoint = &all
		d2 := decisions(t, c, full, c.reqs)
		for i := range c.reqs {
			if d0[i] != eval.Allowed && d1[i] == eval.Allowed {
				fail(t, c, "an endpoint policy allowed", c.set, with, c.reqs[i], d0[i], d1[i])
			}
			if d0[i] == eval.ExplicitDeny && d1[i] != eval.ExplicitDeny {
				fail(t, c, "an endpoint policy lifted an explicit deny", c.set, with, c.reqs[i], d0[i], d1[i])
			}
			if d0[i] != d2[i] {
				fail(t, c, "the full-access endpoint policy changed the decision", c.set, full, c.reqs[i], d0[i], d2[i])
			}
		}
	})
}

// swapAccountForms writes every account principal the other way: a 12-digit
// ID as its root ARN and a root ARN as its ID.
func swapAccountForms(s genSet) genSet {
	s = s.clone()
	s.each(func(_ string, p *genPolicy) {
		for i := range p.Stmts {
			pr := p.Stmts[i].Principal
			if pr == nil {
				continue
			}
			for j, v := range pr.AWS {
				switch {
				case len(v) == 12 && strings.Trim(v, "0123456789") == "":
					pr.AWS[j] = "arn:aws:iam::" + v + ":root"
				case strings.HasPrefix(v, "arn:aws:iam::") && strings.HasSuffix(v, ":root"):
					pr.AWS[j] = strings.TrimSuffix(strings.TrimPrefix(v, "arn:aws:iam::"), ":root")
				}
			}
		}
	})
	return s
}

// An account ID and the account's root ARN are the same principal: "The
// account ARN and the shortened account ID behave the same way. Both delegate
// permissions to the account. Using the account ARN in the Principal element
// does not limit permissions to only the root user of the account."
// (reference_policies_elements_principal.md, "AWS account principals").
func TestMetamorphicAccountPrincipalForm(t *testing.T) {
	forCases(t, "account-form", metaSets, func(c *metaCase) {
		d0 := decisions(t, c, c.set, c.reqs)
		s1 := swapAccountForms(c.set)
		d1 := decisions(t, c, s1, c.reqs)
		for i := range c.reqs {
			if d0[i] != d1[i] {
				fail(t, c, "writing an account principal the other way changed the decision", c.set, s1, c.reqs[i], d0[i], d1[i])
			}
		}
	})
}
