package simulator

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/internal/reqcore"
	"github.com/iamsim/iamsim/internal/reqview"
)

// engineKey selects one of the engines a request may need: the resource
// policy applies under generic, KMS key or role trust rules, or not at all;
// SCPs apply only to callers of the account they govern, RCPs only to its
// resources.
type engineKey struct {
	resource resourceMode
	scps     bool
	rcps     bool
}

type resourceMode uint8

const (
	noResourcePolicy resourceMode = iota
	genericResourcePolicy
	kmsKeyPolicy
	roleTrustPolicy
)

// compiledSet holds the engines compiled from one set of parsed documents,
// lazily (most requests need one), and the context keys those documents use.
// A set cached in setCache is shared by concurrent simulations: what is
// there is read without locking; mu serializes the filling in, so that each
// engine is compiled once.
type compiledSet struct {
	mu      sync.Mutex
	engines [numEngineKeys]atomic.Pointer[eval.Engine]
	// keys are the context keys the request's policies use, for the live
	// service's MissingContextValues (see PreciseMissingContextValues);
	// nil until computed.
	keys atomic.Pointer[[]keyName]
}

// numEngineKeys is how many engineKeys there are (engineKey.index).
const numEngineKeys = 16

func (k engineKey) index() int {
	i := int(k.resource) * 4
	if k.scps {
		i += 2
	}
	if k.rcps {
		i++
	}
	return i
}

// engines is one simulation's view of its policies: their compiled set
// (shared through setCache, or the request's own) and the request contexts
// built so far.
type engines struct {
	set *compiledSet
	// base0 and bases are the request contexts built so far, one per
	// simulated principal (one when CallerArn is given: base0); each pair
	// retargets one. (No field points into engines, so that one can live
	// on the stack.)
	base0 baseRequest
	bases []baseRequest
}

// base returns the request context built for principal, or nil.
func (es *engines) base(principal string) *iamctx.Request {
	if es.base0.r != nil && es.base0.principal == principal {
		return es.base0.r
	}
	for i := range es.bases {
		if es.bases[i].principal == principal {
			return es.bases[i].r
		}
	}
	return nil
}

func (es *engines) addBase(principal string, r *iamctx.Request) {
	if es.base0.r == nil {
		es.base0 = baseRequest{principal, r}
	} else {
		es.bases = append(es.bases, baseRequest{principal, r})
	}
}

// baseRequest is a request context built for a principal.
type baseRequest struct {
	principal string
	r         *iamctx.Request
}

// target returns the request context of one action and resource: the context
// keys are parsed and the principal's keys derived once per principal, and
// every further pair retargets that request.
func (es *engines) target(req *request, principal string, derive bool, action, resource, resAcct string) (*iamctx.Request, *Error) {
	if r := es.base(principal); r != nil {
		return r.WithTarget(action, resource, resAcct), nil
	}
	cs := req.contexts
	if cs != nil {
		if r := cs.base(principal, derive, req.callerOf().version); r != nil {
			es.addBase(principal, r)
			if resAcct != "" && r.Action() == action && r.Resource() == resource && r.ResourceAccount() == resAcct {
				// Built for this very pair (by an earlier identical call).
				return r, nil
			}
			return r.WithTarget(action, resource, resAcct), nil
		}
	}
	c := req.callerOf()
	r, err := iamctx.New(iamctx.Input{
		Action:          action,
		Resource:        resource,
		Principal:       principal,
		PrincipalTags:   c.tags,
		ResourceAccount: resAcct,
		Context:         req.context,
		NoDerivedKeys:   !derive,
	})
	if err != nil {
		var ce *iamctx.Error
		if errors.As(err, &ce) {
			e := invalidInput("%s", strings.TrimPrefix(err.Error(), ce.Code+": "))
			e.Err = err
			return nil, e
		}
		return nil, policyEvaluation(err, "cannot build the request for %s on %s: %v", action, resource, err)
	}
	es.addBase(principal, r)
	if cs != nil {
		cs.addBase(principal, derive, c.version, r)
	}
	return r, nil
}

// keyName is a context key as written, and lower-cased and hashed for
// reqview.Core.LookupKey.
type keyName struct {
	name  string
	lower reqcore.Key
}

// policyKeys returns the context keys of the identity-based, boundary and
// resource-based policies of the request, in GetContextKeys order.
func (es *engines) policyKeys(req *request) ([]keyName, *Error) {
	set := es.set
	if keys := set.keys.Load(); keys != nil {
		return *keys, nil
	}
	set.mu.Lock()
	defer set.mu.Unlock()
	if keys := set.keys.Load(); keys != nil {
		return *keys, nil
	}
	// contextKeys' list, without its response: keys compare lower-cased,
	// through a map once there are many.
	keys := []keyName{}
	var seen map[string]bool
	add := func(k string) {
		lk := strings.ToLower(k)
		if seen == nil {
			for i := range keys {
				if keys[i].lower.Name() == lk {
					return
				}
			}
			if len(keys) < 16 {
				keys = append(keys, keyName{k, reqcore.MakeKey(lk)})
				return
			}
			seen = make(map[string]bool, 2*len(keys))
			for i := range keys {
				seen[keys[i].lower.Name()] = true
			}
		}
		if !seen[lk] {
			seen[lk] = true
			keys = append(keys, keyName{k, reqcore.MakeKey(lk)})
		}
	}
	for _, list := range [][]parsedPolicy{req.identity, req.boundary} {
		for _, p := range list {
			if e := policyContextKeys(p, add); e != nil {
				return nil, e
			}
		}
	}
	if req.resource != nil {
		if e := policyContextKeys(*req.resource, add); e != nil {
			return nil, e
		}
	}
	set.keys.Store(&keys)
	return keys, nil
}

func (es *engines) get(req *request, k engineKey) (*eval.Engine, *Error) {
	cs := es.set
	if e := cs.engines[k.index()].Load(); e != nil {
		return e, nil
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if e := cs.engines[k.index()].Load(); e != nil {
		return e, nil
	}
	set := eval.PolicySet{
		Identity:            evalPolicies(req.identity),
		PermissionsBoundary: evalPolicies(req.boundary),
	}
	if k.scps {
		for _, level := range req.scps {
			set.SCPs = append(set.SCPs, evalPolicies(level))
		}
	}
	if k.rcps {
		for _, level := range req.rcps {
			set.RCPs = append(set.RCPs, evalPolicies(level))
		}
	}
	if k.resource != noResourcePolicy {
		set.Resource = &eval.Policy{ID: req.resource.id, Document: req.resource.doc}
		switch k.resource {
		case kmsKeyPolicy:
			set.ResourceKind = eval.ResourceKMSKey
		case roleTrustPolicy:
			set.ResourceKind = eval.ResourceRoleTrust
		}
	}
	e, err := eval.Compile(set)
	if err != nil {
		return nil, compileError(err)
	}
	cs.engines[k.index()].Store(e)
	return e, nil
}

// compileError reports a policy the engine cannot compile (a condition value
// that does not parse as its operator's type, say). One of the request's own
// documents is InvalidInput; a stored one is PolicyEvaluation.
func compileError(err error) *Error {
	var ce *eval.CompileError
	if errors.As(err, &ce) {
		where := ce.PolicyID
		if ce.Statement >= 0 {
			where += ", statement " + itoa(ce.Statement+1)
		}
		if isInputID(ce.PolicyID) {
			e := invalidInput("%s is not a valid policy document: %v", where, ce.Err)
			e.Err = err
			return e
		}
		return policyEvaluation(err, "policy %s cannot be evaluated: %v", where, ce.Err)
	}
	return policyEvaluation(err, "the policies cannot be evaluated: %v", err)
}

func isInputID(id string) bool {
	return id == paramResourcePolicy || strings.HasPrefix(id, paramPolicyInputList+".") || strings.HasPrefix(id, paramBoundaryInputList+".")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

func evalPolicies(ps []parsedPolicy) []eval.Policy {
	if len(ps) == 0 {
		return nil
	}
	out := make([]eval.Policy, len(ps))
	for i, p := range ps {
		out[i] = eval.Policy{ID: p.id, Document: p.doc}
	}
	return out
}

// standInUser is the caller of a simulation that names none: an IAM user
// about whom nothing is known, so that no context key is derived from it.
const standInUser = "iamsim-simulated-caller"

// placeholderAccount is the account of the stand-in caller when neither the
// resource nor ResourceOwner names one.
const placeholderAccount = "000000000000"

// resultPool holds the eval.Results that simulations reuse for every pair
// (their arrays grow to the most statements a decision matched).
var resultPool = sync.Pool{New: func() any { return new(eval.Result) }}

// maxPooledMatched bounds the Matched array a pooled Result keeps.
const maxPooledMatched = 256

func getResult() *eval.Result { return resultPool.Get().(*eval.Result) }

// putResult pools res without the references of its last use. A call that
// panicked does not return its Result.
func putResult(res *eval.Result) {
	if cap(res.Matched) > maxPooledMatched || cap(res.Overridden) > maxPooledMatched || cap(res.Missing) > maxPooledMatched {
		return
	}
	clear(res.Matched[:cap(res.Matched)])
	if cap(res.Overridden) > 0 { // only after an explicit deny with allows
		clear(res.Overridden[:cap(res.Overridden)])
	}
	clear(res.Missing[:cap(res.Missing)])
	resultPool.Put(res)
}

// onePage is a response of one result allocated at once, with room for the
// statements and positions of a result that matched few statements.
type onePage struct {
	resp SimulatePolicyResponse
	er   [1]EvaluationResult
	rsr  [1]ResourceSpecificResult
	st   [1]Statement // one matched statement
	pos  [2]Position
}

// simulate evaluates one page of the request's action × resource pairs,
// actions in request order, each with every resource in request order.
func (s *Simulator) simulate(ctx context.Context, req *request) (*SimulatePolicyResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	total := len(req.actions) * len(req.resources)
	end := min(req.offset+req.maxItems, total)
	pb := pageBuilder{remaining: end - req.offset}
	var resp *SimulatePolicyResponse
	if end-req.offset == 1 {
		// One allocation for the response of a single result.
		p := new(onePage)
		resp = &p.resp
		resp.EvaluationResults = p.er[:]
		pb.resultBuf, pb.stmtBuf, pb.posBuf = p.rsr[:], p.st[:], p.pos[:]
	} else {
		resp = &SimulatePolicyResponse{EvaluationResults: make([]EvaluationResult, end-req.offset)}
	}
	es := &engines{set: req.set}
	if es.set == nil {
		es.set = &compiledSet{}
	}
	res := getResult()
	for i := req.offset; i < end; i++ {
		if i > req.offset { // checked once above for the first
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		action := req.actions[i/len(req.resources)]
		resource := req.resources[i%len(req.resources)]
		if e := s.evaluate(req, es, action, resource, res, &pb, &resp.EvaluationResults[i-req.offset]); e != nil {
			return nil, e
		}
	}
	putResult(res)
	if end < total {
		resp.IsTruncated = true
		m := encodeMarker(end, s.requestHash(req))
		resp.Marker = &m
	}
	return resp, nil
}

// evaluate decides one action on one resource and shapes the result as the
// API does into out, which is zero.
func (s *Simulator) evaluate(req *request, es *engines, action, resource string, res *eval.Result, pb *pageBuilder, out *EvaluationResult) *Error {
	c := req.callerOf()

	// Whose resource is it? The account in its ARN; else ResourceOwner
	// ("the owner of any simulated resource that does not identify its
	// owner in the resource ARN"); else the caller's account.
	resAcct := arnAccount(resource)
	if resAcct == "" {
		resAcct = req.owner
	}
	principal := c.arn
	derive := true
	callerAcct := c.principal.Account
	if principal == "" {
		// No caller: a stand-in user in the resource's account, so the
		// simulation is never cross-account and no key is derived.
		acct := resAcct
		if acct == "" {
			acct = placeholderAccount
		}
		principal = "arn:aws:iam::" + acct + ":user/" + standInUser
		callerAcct = acct
		derive = false
	}
	if resAcct == "" {
		resAcct = callerAcct
	}

	key := engineKey{resource: noResourcePolicy}
	if req.resource != nil {
		switch {
		case isAssumeRole(action):
			if s.evaluateTrust {
				key.resource = roleTrustPolicy
			} else {
				// The live simulator parses the trust policy but does
				// not evaluate it: the identity side alone decides,
				// whatever account the role is in.
				resAcct = callerAcct
			}
		case isKMSKey(resource):
			key.resource = kmsKeyPolicy
		default:
			key.resource = genericResourcePolicy
		}
	}
	// "SCPs apply to principals of the account where the SCPs are
	// attached", RCPs to its resources (reference_policies_evaluation-logic.md):
	// a CallerArn of another account is not governed by this account's
	// SCPs. The stand-in for a group's member is of this account.
	key.scps = len(req.scps) > 0 && (c.arn == "" || callerAcct == req.orgAccount)
	key.rcps = len(req.rcps) > 0 && resAcct == req.orgAccount
	engine, e := es.get(req, key)
	if e != nil {
		return e
	}

	r, e := es.target(req, principal, derive, action, resource, resAcct)
	if e != nil {
		return e
	}
	engine.EvaluateInto(r, res)
	if !s.preciseMissing {
		keys, e := es.policyKeys(req)
		if e != nil {
			return e
		}
		res.Missing = res.Missing[:0]
		for _, k := range keys {
			if _, ok := reqview.Of(r).LookupKey(k.lower); !ok {
				res.Missing = append(res.Missing, k.name)
			}
		}
	}
	pb.shape(out, action, resource, res, r.CrossAccount())
	return nil
}

// pageBuilder builds the EvaluationResults of one page. It carves their
// statements, positions and resource-specific results out of arrays
// allocated for several results at a time (each result's slices are capped,
// so that appending to one never writes into another's).
type pageBuilder struct {
	// remaining is how many results of the page are still to be shaped.
	remaining int
	// stmtBuf, posBuf and resultBuf are what is left of the arrays the
	// next results' statements, positions and resource-specific results
	// are carved from.
	stmtBuf   []Statement
	posBuf    []Position
	resultBuf []ResourceSpecificResult
}

// chunk is how many results' worth of statements a pageBuilder allocates
// at once at most.
const chunk = 64

// shape turns an eval.Result into the EvaluationResult out, which is zero
// (the EvaluationResult and ResourceSpecificResult shapes of the
// service model). It fills out field by field, as customRequest fills its
// request, rather than copying in a composite literal.
func (pb *pageBuilder) shape(out *EvaluationResult, action, resource string, res *eval.Result, cross bool) {
	n := min(pb.remaining, chunk)
	pb.remaining--
	k := reported(res.Matched)
	if len(res.Overridden) > 0 {
		k += reported(res.Overridden)
	}
	if len(pb.stmtBuf) < k {
		pb.stmtBuf = make([]Statement, n*k)
	}
	if len(pb.posBuf) < 2*k {
		pb.posBuf = make([]Position, n*2*k)
	}
	decision := res.Decision.String()
	out.EvalActionName, out.EvalResourceName, out.EvalDecision = action, resource, decision
	out.MatchedStatements = pb.statements(res.Matched, res.Overridden, k)
	out.MissingContextValues = append([]string{}, res.Missing...)
	if td := res.Type(eval.PermissionsBoundary); td.Present {
		out.PermissionsBoundaryDecisionDetail = &PermissionsBoundaryDecisionDetail{
			AllowedByPermissionsBoundary: td.Decision == eval.Allowed,
		}
	}
	scp, rcp := res.Type(eval.SCP), res.Type(eval.RCP)
	if scp.Present || rcp.Present {
		out.OrganizationsDecisionDetail = &OrganizationsDecisionDetail{
			AllowedByOrganizations: (!scp.Present || scp.Decision == eval.Allowed) && (!rcp.Present || rcp.Decision == eval.Allowed),
		}
	}
	if resource == "*" {
		// "This list is used when the resource in a simulation is "*"":
		// no per-resource results, no decision details.
		return
	}
	// EvalDecisionDetails is {} (nil here: see HasEvalDecisionDetails)
	// unless the simulation is cross-account: then each side's own
	// decision, keyed by policy type, in the result and its
	// ResourceSpecificResult.
	var details map[string]string
	if cross {
		details = map[string]string{
			PolicyTypeIAM:      res.Type(eval.Identity).Decision.String(),
			PolicyTypeResource: res.Type(eval.Resource).Decision.String(),
		}
		if td := res.Type(eval.PermissionsBoundary); td.Present {
			details[PolicyTypePermissionsBoundary] = td.Decision.String()
		}
	}
	out.EvalDecisionDetails = details
	// With a list of resources, "any missing context values are instead
	// included under the ResourceSpecificResults section"
	// (EvaluationResult.MissingContextValues, IAM API reference).
	missing := out.MissingContextValues
	out.MissingContextValues = []string{}
	if len(pb.resultBuf) == 0 {
		pb.resultBuf = make([]ResourceSpecificResult, n)
	}
	out.ResourceSpecificResults = pb.resultBuf[:1:1]
	pb.resultBuf = pb.resultBuf[1:]
	// Field by field into zero memory: a composite literal would be built
	// aside and copied, and the copy stalls on store forwarding.
	rs := &out.ResourceSpecificResults[0]
	rs.EvalResourceName, rs.EvalResourceDecision = resource, decision
	// The same list as the result's (capped: appending to one does not
	// change the other).
	rs.MatchedStatements = out.MatchedStatements
	rs.MissingContextValues, rs.EvalDecisionDetails = missing, details
	if bd := out.PermissionsBoundaryDecisionDetail; bd != nil {
		cp := *bd
		rs.PermissionsBoundaryDecisionDetail = &cp
	}
}

// reported counts the statements of ms that are reported (reportedType).
func reported(ms []eval.MatchedStatement) int {
	k := 0
	for i := range ms {
		if reportedType(ms[i].Type) != "" {
			k++
		}
	}
	return k
}

// statements reports the matched statements of identity-based policies,
// the resource policy and the permissions boundary (k of ms and
// overridden). Organizations policies are not the account's to show: their
// effect is reported only as OrganizationsDecisionDetail.
//
// For an explicit deny, the Allow statements it overrode (overridden)
// follow the deny statements (ms): a public boto3 capture of
// simulate_custom_policy with an identity-based Allow and a bucket-policy
// Deny lists both, the Deny first (ScottLogic/blog#308), although
// API_EvaluationResult says the deny statement "is the only entry
// included in the result".
func (pb *pageBuilder) statements(ms, overridden []eval.MatchedStatement, k int) []Statement {
	if k == 0 {
		return []Statement{}
	}
	out := pb.stmtBuf[:k:k]
	pb.stmtBuf = pb.stmtBuf[k:]
	pos := pb.posBuf[: 2*k : 2*k]
	pb.posBuf = pb.posBuf[2*k:]
	j := fillStatements(out, pos, 0, ms)
	if len(overridden) > 0 {
		fillStatements(out, pos, j, overridden)
	}
	return out
}

// fillStatements writes the reported statements of ms into out from
// out[j] on, their positions into pos, and returns the next j.
func fillStatements(out []Statement, pos []Position, j int, ms []eval.MatchedStatement) int {
	for i := range ms {
		m := &ms[i]
		typ := reportedType(m.Type)
		if typ == "" {
			continue
		}
		p := pos[2*j : 2*j+2 : 2*j+2]
		p[0].Line, p[0].Column = int32(m.Span.Start.Line), int32(m.Span.Start.Column)
		p[1].Line, p[1].Column = int32(m.Span.End.Line), int32(m.Span.End.Column)
		// Field by field into zero memory, as in shape.
		st := &out[j]
		st.SourcePolicyId, st.SourcePolicyType = m.PolicyID, typ
		st.StartPosition, st.EndPosition = &p[0], &p[1]
		j++
	}
	return j
}

// reportedType returns the SourcePolicyType a matched statement is reported
// under, or "" for one that is not reported.
func reportedType(t eval.PolicyType) string {
	switch t {
	case eval.Identity:
		return PolicyTypeIAM
	case eval.Resource:
		return PolicyTypeResource
	case eval.PermissionsBoundary:
		return PolicyTypePermissionsBoundary
	}
	return ""
}
