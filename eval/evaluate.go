package eval

import (
	"strings"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/reqcore"
	"github.com/iamsim/iamsim/internal/reqview"
	"github.com/iamsim/iamsim/internal/resfilter"
	"github.com/iamsim/iamsim/policy"
)

// groupOutcome is what one group's applicable statements said.
type groupOutcome struct {
	allow bool
	deny  bool
	grant grant // strongest Principal class among applicable Allows (resource policies)
}

// Evaluate decides r. It returns the decision with the deciding statements
// and the missing context keys; see EvaluateInto to reuse a Result.
func (e *Engine) Evaluate(r *iamctx.Request) Result {
	var res Result
	e.EvaluateInto(r, &res)
	return res
}

// EvaluateInto decides r into res, reusing res's slices: with a Result
// reused across calls, evaluation does not allocate.
func (e *Engine) EvaluateInto(r *iamctx.Request, res *Result) {
	res.reset()
	e.decide(r, res)
}

// Decide returns only the decision. It skips the bookkeeping of Evaluate and
// stops at the first explicit deny.
func (e *Engine) Decide(r *iamctx.Request) Decision {
	return e.decide(r, nil)
}

func (e *Engine) decide(r *iamctx.Request, res *Result) Decision {
	// Fold each group's outcome in as it comes: SCP and RCP levels reduce
	// to "every level allows" and "some level denies", so any depth of
	// organization units evaluates without allocating.
	o := outcomes{scpAllow: true, rcpAllow: true}
	for gi := range e.groups {
		g := &e.groups[gi]
		out := g.eval(r, res, e.nkeys)
		if out.deny && res == nil {
			return ExplicitDeny
		}
		switch g.typ {
		case Identity:
			o.id = out
		case Resource:
			o.rp = out
		case PermissionsBoundary:
			o.pb = out
		case Session:
			o.sp = out
		case SCP:
			o.scpAllow = o.scpAllow && out.allow
			o.scpDeny = o.scpDeny || out.deny
		case RCP:
			o.rcpAllow = o.rcpAllow && out.allow
			o.rcpDeny = o.rcpDeny || out.deny
		}
	}
	d := e.combine(r, &o, res)
	if res != nil {
		res.Decision = d
		res.Matched = keepMatched(res.Matched, d)
	}
	return d
}

// outcomes is what each policy type's applicable statements said; a type
// without policies reads as the zero groupOutcome (no allow, no deny), and
// with no SCP or RCP levels every level trivially allows.
type outcomes struct {
	id, rp, pb, sp    groupOutcome
	scpAllow, scpDeny bool
	rcpAllow, rcpDeny bool
}

// keepMatched keeps the statements that decided d, in place.
func keepMatched(m []MatchedStatement, d Decision) []MatchedStatement {
	switch d {
	case ImplicitDeny:
		return m[:0]
	case Allowed:
		// Every applicable Deny makes the decision ExplicitDeny (combine,
		// step 1), so an Allowed decision recorded only Allows.
		return m
	}
	n := 0
	for _, s := range m {
		if s.Effect == policy.Deny {
			m[n] = s
			n++
		}
	}
	return m[:n]
}

// combine applies the evaluation logic of reference_policies_evaluation-logic.md
// ("Determining whether a request is allowed or denied within an account")
// and reference_policies_evaluation-logic-cross-account.md to the groups'
// outcomes.
func (e *Engine) combine(r *iamctx.Request, o *outcomes, res *Result) Decision {
	id, rp, pb, sp := o.id, o.rp, o.pb, o.sp
	scpAllow, scpDeny, rcpAllow, rcpDeny := o.scpAllow, o.scpDeny, o.rcpAllow, o.rcpDeny

	if res != nil {
		note := func(t PolicyType, present bool, o groupOutcome) {
			td := TypeDecision{Present: present}
			switch {
			case o.deny:
				td.Decision = ExplicitDeny
			case o.allow:
				td.Decision = Allowed
			}
			res.Types[t] = td
		}
		note(Identity, e.identity >= 0, id)
		note(Resource, e.resource >= 0, rp)
		note(PermissionsBoundary, e.boundary >= 0, pb)
		note(Session, e.session >= 0, sp)
		note(SCP, len(e.scps) > 0, groupOutcome{allow: scpAllow, deny: scpDeny})
		note(RCP, len(e.rcps) > 0, groupOutcome{allow: rcpAllow, deny: rcpDeny})
	}

	// 1. Deny evaluation: an applicable Deny in any policy is final.
	if id.deny || rp.deny || pb.deny || sp.deny || scpDeny || rcpDeny {
		return ExplicitDeny
	}
	// 2. Organizations: every SCP level (principal's account) and every RCP
	// level (resource's account) must allow.
	if !scpAllow || !rcpAllow {
		return ImplicitDeny
	}

	p := &reqview.Of(r).Principal
	switch p.Kind {
	case iamctx.PrincipalAnonymous, iamctx.PrincipalService, iamctx.PrincipalNone:
		// No identity-based policies exist for these callers: only a
		// resource-based policy can grant.
		if rp.allow && rp.grant == grantDirect {
			return Allowed
		}
		return ImplicitDeny
	}

	boundaryOK := e.boundary < 0 || pb.allow
	// Session policies: "If there is no session policy, the code checks
	// whether the principal is a role session. If the principal is a role
	// session, then the request is Allowed. Otherwise, the request is
	// implicitly denied" (a federated user session always has one).
	sessionOK := sp.allow
	if e.session < 0 {
		sessionOK = p.Kind != iamctx.PrincipalFederatedUser
	}
	identityOK := id.allow
	if p.Kind == iamctx.PrincipalAccount {
		// "all requests are implicitly denied with the exception of the
		// AWS account root user, which has full access"; boundaries and
		// session policies do not apply to the root user.
		identityOK, boundaryOK, sessionOK = true, true, true
	}
	identityPath := identityOK && boundaryOK && sessionOK

	if r.CrossAccount() {
		// Cross-account: the identity side and the resource-based policy
		// must both allow (reference_policies_evaluation-logic-cross-account.md).
		if identityPath && rp.allow {
			return Allowed
		}
		return ImplicitDeny
	}

	var resourceGrants bool
	if rp.allow {
		switch rp.grant {
		case grantDirect:
			resourceGrants = true
		case grantRole:
			resourceGrants = boundaryOK && sessionOK
		}
	}
	switch e.resourceKind {
	case ResourceKMSKey, ResourceRoleTrust:
		// Key policies and trust policies "must explicitly allow access for
		// principals": identity-based policies take effect only where the
		// resource policy allows the account.
		if resourceGrants || (rp.allow && rp.grant == grantAccount && identityPath) {
			return Allowed
		}
		return ImplicitDeny
	}
	if resourceGrants || identityPath {
		return Allowed
	}
	return ImplicitDeny
}

// eval runs the group's candidate statements against r. With res nil it
// stops at the first applicable Deny and skips the bookkeeping.
func (g *group) eval(r *iamctx.Request, res *Result, nkeys int) groupOutcome {
	var o groupOutcome
	core := reqview.Of(r)
	ak, sk := core.ActionKey, core.ServiceKey
	if ak == (reqcore.Key{}) { // a Request not built by New
		ak, sk = reqcore.MakeKey(""), reqcore.MakeKey("")
	}
	action := ak.Name()
	ex, sv, gl := g.lists(ak, sk)
	rb := core.ResourceBits
	if rb == 0 { // a Request not built by New
		rb = resfilter.ResourceBits(r.Resource())
	}
	if sv[0].stmt == done {
		return g.evalTwo(r, res, nkeys, action, ex, gl, rb)
	}
	c := len(sk.Name()) + 1 // after the service's colon
	rbits := g.rbits
	// Each list ends with a sentinel statement number, done.
	i, j, k := 0, 0, 0
	for {
		next := min(ex[i], sv[j].stmt, gl[k].stmt)
		if next == done {
			return o
		}
		hit := ex[i] == next
		if hit {
			i++
		}
		ref := &sv[j] // the service entry, when inService
		inService := ref.stmt == next
		if inService {
			j++
		}
		inGlobal := gl[k].stmt == next
		check := gl[k].check // when inGlobal
		if inGlobal {
			k++
		}
		if rbits[next]&rb == 0 {
			continue // no Resource pattern can match
		}
		if !hit {
			// Not found for this very action: its patterns decide.
			if inService {
				pats := g.pats[ref.from:ref.to]
				for x := range pats {
					if pats[x].matchAt(action, c) {
						hit = true
						break
					}
				}
			}
			if !hit && (!inGlobal || check && !g.stmts[next].matchesAction(action)) {
				continue
			}
		}
		if g.take(next, r, res, nkeys, &o) {
			return o
		}
	}
}

// evalTwo is eval when the service list is empty (no pattern statement in
// the action's service, or the action's list resolved): a merge of the
// action's list and the global one.
func (g *group) evalTwo(r *iamctx.Request, res *Result, nkeys int, action string, ex []int32, gl []globRef, rb uint64) groupOutcome {
	var o groupOutcome
	rbits := g.rbits
	i, k := 0, 0
	for {
		e, gs := ex[i], gl[k].stmt
		next := min(e, gs)
		if next == done {
			return o
		}
		check := false
		if gs == next {
			check = gl[k].check
			k++
		}
		if e == next {
			i++
			check = false
		}
		if rbits[next]&rb == 0 {
			continue // no Resource pattern can match
		}
		if check && !g.stmts[next].matchesAction(action) {
			continue
		}
		if g.take(next, r, res, nkeys, &o) {
			return o
		}
	}
}

// take tests statement next, whose Action matches, and folds it into o,
// recording it in res. It reports whether evaluation can stop (res nil and
// an applicable Deny).
func (g *group) take(next int32, r *iamctx.Request, res *Result, nkeys int, o *groupOutcome) bool {
	s := &g.stmts[next]
	ok, gr := s.applies(r, res, nkeys)
	if !ok {
		return false
	}
	if s.effect == policy.Deny {
		o.deny = true
		if res == nil {
			return true
		}
	} else {
		o.allow = true
		if gr > o.grant {
			o.grant = gr
		}
	}
	if res != nil {
		g.record(res, s)
	}
	return false
}

// record appends s to res.Matched, writing the entry in place.
func (g *group) record(res *Result, s *stmt) {
	n := len(res.Matched)
	if n < cap(res.Matched) {
		res.Matched = res.Matched[:n+1]
	} else {
		res.Matched = append(res.Matched, MatchedStatement{})
	}
	m := &res.Matched[n]
	m.PolicyID, m.Type, m.Level, m.Index = g.policyIDs[s.pol], g.typ, g.level, int(s.index)
	m.Sid, m.Effect = s.sid, s.effect
	s.spanInto(&m.Span)
}

// matchesAction is matchAction, answering at once for a statement whose
// Action matches every action.
func (s *stmt) matchesAction(action string) bool {
	return s.anyAction || s.matchAction(action)
}

// matchAction tests the statement's wildcard patterns (and, for NotAction,
// its literals) against a lower-cased action that the exact index did not
// already match.
func (s *stmt) matchAction(action string) bool {
	x := s.x
	if x == nil {
		return s.notAction
	}
	hit := false
	if s.notAction {
		for _, l := range x.lits {
			if l == action {
				hit = true
				break
			}
		}
		if !hit && x.litSet != nil {
			_, hit = x.litSet[action]
		}
	}
	for i := range x.wild {
		if hit {
			break
		}
		hit = x.wild[i].match(action)
	}
	return hit != s.notAction
}

// applies checks resource, principal and conditions. It returns the grant
// class of the Principal element (grantDirect when there is none).
func (s *stmt) applies(r *iamctx.Request, res *Result, nkeys int) (bool, grant) {
	if !s.matchResource(r, res, nkeys) {
		return false, grantNone
	}
	gr := grantDirect
	if s.principal {
		p := &reqview.Of(r).Principal
		if s.notPrincipal {
			if s.x.princ.exempts(p) {
				return false, grantNone
			}
		} else if gr = s.x.princ.match(p); gr == grantNone {
			return false, grantNone
		}
	}
	ok := true
	for ci := range s.conds {
		c := &s.conds[ci]
		hold, missing := c.c.Eval(r)
		if missing && res != nil {
			addMissing(r, res, c.keys, nkeys)
		}
		if !hold {
			ok = false
			if res == nil {
				break
			}
		}
	}
	return ok, gr
}

func (s *stmt) matchResource(r *iamctx.Request, res *Result, nkeys int) bool {
	if s.noResource {
		return true
	}
	resource := r.Resource()
	switch s.oneKind {
	case oneEqual:
		return (resource == s.one) != s.notResource
	case onePrefix:
		return strings.HasPrefix(resource, s.one) != s.notResource
	}
	hit := s.resAny
	for _, p := range s.res {
		if hit {
			break
		}
		if ok, fast := p.MatchFast(resource); fast {
			hit = ok
			continue
		}
		ok, missing := p.Match(r, resource)
		if missing && res != nil {
			addMissing(r, res, s.x.resVars, nkeys)
		}
		hit = ok
	}
	return hit != s.notResource
}

// linearMissing is the number of distinct keys up to which addMissing
// de-duplicates by scanning Missing (at most that many comparisons); with
// more it uses Result.missAt.
const linearMissing = 16

// addMissing records the keys of refs that r lacks. nkeys is the Engine's
// number of distinct keys.
func addMissing(r *iamctx.Request, res *Result, refs []keyRef, nkeys int) {
next:
	for _, k := range refs {
		if _, ok := reqview.Of(r).LookupKey(k.lower); ok {
			continue
		}
		if nkeys <= linearMissing {
			for _, m := range res.Missing {
				if strings.EqualFold(m, k.name) {
					continue next
				}
			}
		} else {
			if len(res.missAt) < nkeys {
				res.missAt = make([]int32, nkeys)
			}
			if i := res.missAt[k.id]; int(i) < len(res.Missing) && i >= 0 && strings.EqualFold(res.Missing[i], k.name) {
				continue
			}
			res.missAt[k.id] = int32(len(res.Missing))
		}
		res.Missing = append(res.Missing, k.name)
	}
}
