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
	skipSCPs := false
	if len(e.scps) > 0 {
		o.scps = inAccount(reqview.Of(r).Principal.Kind)
		skipSCPs = !o.scps
	}
	for gi := range e.groups {
		g := &e.groups[gi]
		if skipSCPs && g.typ == SCP {
			continue
		}
		out := g.eval(r, res, e.numKeys)
		if out.deny && res == nil {
			return ExplicitDeny
		}
		switch g.typ {
		case Identity:
			o.identity = out
		case Resource:
			o.resource = out
		case PermissionsBoundary:
			o.boundary = out
		case Session:
			o.session = out
		case SCP:
			o.scpAllow = o.scpAllow && out.allow
			o.scpDeny = o.scpDeny || out.deny
		case RCP:
			o.rcpAllow = o.rcpAllow && out.allow
			o.rcpDeny = o.rcpDeny || out.deny
		case VPCEndpoint:
			o.vpce = out
		}
	}
	d := e.combine(r, &o, res)
	if res != nil {
		res.Decision = d
		keepMatched(res, d)
		res.MissingKeyPolicy = e.missingKeyPolicy
	}
	return d
}

// outcomes is what each policy type's applicable statements said; a type
// without policies reads as the zero groupOutcome (no allow, no deny), and
// with no SCP or RCP levels every level trivially allows.
type outcomes struct {
	identity, resource, boundary, session, vpce groupOutcome
	scpAllow, scpDeny                           bool
	rcpAllow, rcpDeny                           bool
	// scps: the set has SCPs and they govern the caller (inAccount).
	scps bool
}

// inAccount reports whether a caller of kind k belongs to an account, and
// so is governed by the SCPs of that account: "SCPs apply to principals of
// the account where the SCPs are attached"
// (reference_policies_evaluation-logic.md, "Determining whether a request
// is allowed or denied within an account"), "principals in member
// accounts, including each AWS account root user" (ibid., "Evaluating
// policies within a single account"). An anonymous caller and an AWS
// service principal belong to no account, so no SCP governs them. RCPs
// govern the resource's account whoever calls, anonymous callers
// included, and are not filtered here.
func inAccount(k iamctx.PrincipalKind) bool {
	switch k {
	case iamctx.PrincipalAnonymous, iamctx.PrincipalService, iamctx.PrincipalNone:
		return false
	}
	return true
}

// keepMatched keeps in res.Matched the statements that decided d, in
// place, and moves the Allows that an explicit deny overrode to
// res.Overridden.
func keepMatched(res *Result, d Decision) {
	switch d {
	case ImplicitDeny:
		res.Matched = res.Matched[:0]
	case ExplicitDeny:
		splitOverridden(res)
	}
	// Every applicable Deny makes the decision ExplicitDeny (combine,
	// step 1), so an Allowed decision recorded only Allows.
}

// splitOverridden moves the Allows of res.Matched to res.Overridden,
// keeping the Denies in place.
func splitOverridden(res *Result) {
	m := res.Matched
	n := 0
	for i := range m {
		// m[n] with n <= i: only entries already read are written over.
		if m[i].Effect == policy.Deny {
			m[n] = m[i]
			n++
		} else {
			res.Overridden = append(res.Overridden, m[i])
		}
	}
	res.Matched = m[:n]
}

// combine applies the evaluation logic of reference_policies_evaluation-logic.md
// ("Determining whether a request is allowed or denied within an account")
// and reference_policies_evaluation-logic-cross-account.md to the groups'
// outcomes.
func (e *Engine) combine(r *iamctx.Request, o *outcomes, res *Result) Decision {
	identity, resource, boundary, session, vpce := o.identity, o.resource, o.boundary, o.session, o.vpce
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
		note(Identity, e.identity >= 0, identity)
		note(Resource, e.resource >= 0, resource)
		note(PermissionsBoundary, e.boundary >= 0, boundary)
		note(Session, e.session >= 0, session)
		note(SCP, o.scps, groupOutcome{allow: scpAllow, deny: scpDeny})
		note(RCP, len(e.rcps) > 0, groupOutcome{allow: rcpAllow, deny: rcpDeny})
		note(VPCEndpoint, e.vpce >= 0, vpce)
	}

	// 1. Deny evaluation: an applicable Deny in any policy is final.
	if identity.deny || resource.deny || boundary.deny || session.deny || scpDeny || rcpDeny || vpce.deny {
		return ExplicitDeny
	}
	// 2. Organizations: every SCP level (principal's account; none for a
	// caller of no account) and every RCP level (resource's account) must
	// allow.
	if !scpAllow || !rcpAllow {
		return ImplicitDeny
	}
	// A request through a VPC endpoint must be allowed by the endpoint's
	// policy too, whoever makes it: "no VPC endpoint policy allows the
	// action" is an implicit deny (troubleshoot_access-denied.md). The
	// policy grants nothing itself (PolicySet.VPCEndpoint).
	if e.vpce >= 0 && !vpce.allow {
		return ImplicitDeny
	}

	p := &reqview.Of(r).Principal
	switch p.Kind {
	case iamctx.PrincipalAnonymous, iamctx.PrincipalService, iamctx.PrincipalNone:
		// No identity-based policies exist for these callers: only a
		// resource-based policy can grant.
		if resource.allow && resource.grant == grantDirect {
			return Allowed
		}
		return ImplicitDeny
	}

	boundaryOK := e.boundary < 0 || boundary.allow
	// Session policies: "If there is no session policy, the code checks
	// whether the principal is a role session. If the principal is a role
	// session, then the request is Allowed. Otherwise, the request is
	// implicitly denied" (a federated user session always has one).
	sessionOK := session.allow
	if e.session < 0 {
		sessionOK = p.Kind != iamctx.PrincipalFederatedUser
	}
	identityOK := identity.allow
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
		if identityPath && resource.allow {
			return Allowed
		}
		return ImplicitDeny
	}

	var resourceGrants bool
	if resource.allow {
		switch resource.grant {
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
		if resourceGrants || (resource.allow && resource.grant == grantAccount && identityPath) {
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
func (g *group) eval(r *iamctx.Request, res *Result, numKeys int) groupOutcome {
	var o groupOutcome
	core := reqview.Of(r)
	actionKey, serviceKey := core.ActionKey, core.ServiceKey
	if actionKey == (reqcore.Key{}) { // a Request not built by New
		actionKey, serviceKey = reqcore.MakeKey(""), reqcore.MakeKey("")
	}
	action := actionKey.Name()
	exact, serviceStmts, global := g.lists(actionKey, serviceKey)
	resourceSig := core.ResourceBits
	if resourceSig == 0 { // a Request not built by New
		resourceSig = resfilter.ResourceBits(r.Resource())
	}
	if serviceStmts[0].stmt == done {
		return g.evalTwo(r, res, numKeys, exact, global, resourceSig)
	}
	afterColon := len(serviceKey.Name()) + 1 // after the service's colon
	resourceFilters := g.resourceFilters
	// Each list ends with a sentinel statement number, done.
	i, j, k := 0, 0, 0 // into exact, serviceStmts, global
	for {
		next := min(exact[i], serviceStmts[j].stmt, global[k].stmt)
		if next == done {
			return o
		}
		hit := exact[i] == next
		if hit {
			i++
		}
		ref := &serviceStmts[j] // the service entry, when inService
		inService := ref.stmt == next
		if inService {
			j++
		}
		inGlobal := global[k].stmt == next
		check := global[k].check // when inGlobal
		if inGlobal {
			k++
		}
		if resourceFilters[next]&resourceSig == 0 {
			continue // no Resource pattern can match
		}
		if !hit {
			// Not found for this very action: its patterns decide.
			if inService {
				patterns := g.patterns[ref.from:ref.to]
				for x := range patterns {
					if patterns[x].matchAt(action, afterColon) {
						hit = true
						break
					}
				}
			}
			if !hit && (!inGlobal || check && !g.stmts[next].matchesAction(action)) {
				continue
			}
		}
		if g.take(next, r, res, numKeys, &o) {
			return o
		}
	}
}

// evalTwo is eval when the service list is empty (no pattern statement in
// the action's service, or the action's list resolved): a merge of the
// action's list and the global one.
func (g *group) evalTwo(r *iamctx.Request, res *Result, numKeys int, exact []int32, global []globalStmt, resourceSig uint64) groupOutcome {
	var o groupOutcome
	resourceFilters := g.resourceFilters
	i, k := 0, 0
	for {
		fromExact, fromGlobal := exact[i], global[k].stmt
		next := min(fromExact, fromGlobal)
		if next == done {
			return o
		}
		check := false
		if fromGlobal == next {
			check = global[k].check
			k++
		}
		if fromExact == next {
			i++
			check = false
		}
		if resourceFilters[next]&resourceSig == 0 {
			continue // no Resource pattern can match
		}
		if check && !g.stmts[next].matchesAction(reqview.Of(r).ActionKey.Name()) {
			continue
		}
		if g.take(next, r, res, numKeys, &o) {
			return o
		}
	}
}

// take tests statement next, whose Action matches, and folds it into o,
// recording it in res. It reports whether evaluation can stop (res nil and
// an applicable Deny).
func (g *group) take(next int32, r *iamctx.Request, res *Result, numKeys int, o *groupOutcome) bool {
	s := &g.stmts[next]
	ok, gr := s.applies(r, res, numKeys)
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
	m.PolicyID, m.Type, m.Level, m.Index = g.policyIDs[s.policyIndex], g.typ, g.level, int(s.index)
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
	extra := s.extra
	if extra == nil {
		return s.notAction
	}
	hit := false
	if s.notAction {
		for _, l := range extra.notActions {
			if l == action {
				hit = true
				break
			}
		}
		if !hit && extra.notActionSet != nil {
			_, hit = extra.notActionSet[action]
		}
	}
	for i := range extra.wildcards {
		if hit {
			break
		}
		hit = extra.wildcards[i].match(action)
	}
	return hit != s.notAction
}

// applies checks resource, principal and conditions. It returns the grant
// class of the Principal element (grantDirect when there is none).
func (s *stmt) applies(r *iamctx.Request, res *Result, numKeys int) (bool, grant) {
	if !s.matchResource(r, res, numKeys) {
		return false, grantNone
	}
	gr := grantDirect
	if s.principal {
		p := &reqview.Of(r).Principal
		if s.notPrincipal {
			// A Deny spares only a caller listed whole; an Allow
			// leaves out a caller listed by any of its identities.
			if s.effect == policy.Deny && s.extra.principals.exempts(p) ||
				s.effect != policy.Deny && s.extra.principals.names(p) {
				return false, grantNone
			}
		} else if gr = s.extra.principals.match(p); gr == grantNone {
			return false, grantNone
		}
	}
	ok := true
	for ci := range s.conds {
		c := &s.conds[ci]
		hold, missing := c.compiled.Eval(r)
		if missing && res != nil {
			addMissing(r, res, c.keys, numKeys)
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

func (s *stmt) matchResource(r *iamctx.Request, res *Result, numKeys int) bool {
	if s.noResource {
		return true
	}
	resource := r.Resource()
	switch s.literalKind {
	case literalEqual:
		return (resource == s.literal) != s.notResource
	case literalPrefix:
		return strings.HasPrefix(resource, s.literal) != s.notResource
	}
	hit := s.anyResource
	for _, p := range s.resources {
		if hit {
			break
		}
		if ok, fast := p.MatchFast(resource); fast {
			hit = ok
			continue
		}
		ok, missing := p.Match(r, resource)
		if missing && res != nil {
			addMissing(r, res, s.extra.resourceVars, numKeys)
		}
		hit = ok
	}
	return hit != s.notResource
}

// linearMissing is the number of distinct keys up to which addMissing
// de-duplicates by scanning Missing (at most that many comparisons); with
// more it uses Result.missAt.
const linearMissing = 16

// addMissing records the keys of refs that r lacks. numKeys is the Engine's
// number of distinct keys.
func addMissing(r *iamctx.Request, res *Result, refs []keyRef, numKeys int) {
next:
	for _, k := range refs {
		if _, ok := reqview.Of(r).LookupKey(k.lower); ok {
			continue
		}
		if numKeys <= linearMissing {
			for _, m := range res.Missing {
				if strings.EqualFold(m, k.name) {
					continue next
				}
			}
		} else {
			if len(res.missAt) < numKeys {
				res.missAt = make([]int32, numKeys)
			}
			if i := res.missAt[k.id]; int(i) < len(res.Missing) && i >= 0 && strings.EqualFold(res.Missing[i], k.name) {
				continue
			}
			res.missAt[k.id] = int32(len(res.Missing))
		}
		res.Missing = append(res.Missing, k.name)
	}
}
