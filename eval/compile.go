package eval

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/iamsim/iamsim/condition"
	"github.com/iamsim/iamsim/policy"
)

// Engine is a compiled PolicySet. It is immutable and safe for concurrent
// use; build it with Compile.
type Engine struct {
	groups       []group
	identity     int // index into groups, or -1
	resource     int
	boundary     int
	session      int
	scps         []int
	rcps         []int
	resourceKind ResourceKind
	// nkeys is the number of distinct lower-cased context keys the
	// statements read (keyRef.id numbers them), for Result's de-duplication
	// of missing keys.
	nkeys int
}

// group is the statements of one policy type (one level, for SCPs and RCPs),
// indexed by action so that a request only visits statements that can match
// it.
type group struct {
	typ   PolicyType
	level int
	stmts []stmt
	// exact maps a lower-cased action to the statements that list it
	// literally in Action; service maps a service prefix to the statements
	// with a wildcard action pattern in that service, each with those
	// patterns only (a range of pats); global holds statements whose pattern
	// has a wildcard in the service part, and NotAction statements. Every
	// list is sorted by statement.
	exact   map[string][]int32
	service map[string][]svcRef
	pats    []actPat
	global  []int32
}

// svcRef is a statement with wildcard action patterns in one service:
// pats[from:to] of its group.
type svcRef struct {
	stmt, from, to int32
}

// actPat is a lower-cased wildcard action pattern: prefix* (matched with
// strings.HasPrefix) when p is nil, p otherwise.
type actPat struct {
	prefix string
	p      *condition.ActionPattern
}

func (a *actPat) match(action string) bool {
	if a.p == nil {
		return strings.HasPrefix(action, a.prefix)
	}
	return a.p.Match(action)
}

// compileActPat compiles a lower-cased wildcard action pattern.
func compileActPat(orig, lower string) (actPat, error) {
	if n := len(lower); n > 0 && lower[n-1] == '*' && !strings.ContainsAny(lower[:n-1], "*?") {
		return actPat{prefix: lower[:n-1]}, nil
	}
	p, err := condition.CompileAction(orig)
	if err != nil {
		return actPat{}, fmt.Errorf("action %q: %w", orig, err)
	}
	return actPat{p: p}, nil
}

type stmt struct {
	policyID string
	index    int
	sid      string
	effect   policy.Effect
	span     policy.Span

	notAction bool
	wild      []*condition.ActionPattern // patterns with a wildcard in the service part (all wildcard patterns for NotAction)
	lits      map[string]struct{}        // NotAction literals

	noResource  bool // neither Resource nor NotResource (trust policies)
	notResource bool
	resAny      bool // Resource includes "*"
	res         []*condition.ResourcePattern
	resVars     []keyRef

	princ        *principalMatcher // nil: no Principal element
	notPrincipal bool

	conds []cond
}

type cond struct {
	c    *condition.Condition
	keys []keyRef
}

// keyRef is a context key as written and in lower case (for Request.Lookup),
// with id numbering its lower-cased form within the Engine.
type keyRef struct {
	name, lower string
	id          int32
}

// keyTable numbers the distinct lower-cased context keys of an Engine.
type keyTable map[string]int32

func (kt keyTable) refs(names []string) []keyRef {
	if len(names) == 0 {
		return nil
	}
	out := make([]keyRef, len(names))
	for i, n := range names {
		l := strings.ToLower(n)
		id, ok := kt[l]
		if !ok {
			id = int32(len(kt))
			kt[l] = id
		}
		out[i] = keyRef{name: n, lower: l, id: id}
	}
	return out
}

// CompileError reports a policy that cannot be compiled.
type CompileError struct {
	PolicyID  string
	Statement int // 0-based; -1 when the policy as a whole is at fault
	Err       error
}

func (e *CompileError) Error() string {
	if e.Statement < 0 {
		return fmt.Sprintf("policy %s: %v", e.PolicyID, e.Err)
	}
	return fmt.Sprintf("policy %s, statement %d: %v", e.PolicyID, e.Statement+1, e.Err)
}

// Unwrap returns the underlying error.
func (e *CompileError) Unwrap() error { return e.Err }

// Compile builds an Engine from a PolicySet. Documents come from
// policy.Parse, which has already checked the grammar; Compile fails only on
// a nil document or a condition or pattern that does not compile.
func Compile(set PolicySet) (*Engine, error) {
	e := &Engine{identity: -1, resource: -1, boundary: -1, session: -1, resourceKind: set.ResourceKind}
	kt := keyTable{}
	add := func(t PolicyType, level int, ps []Policy) (int, error) {
		g, err := compileGroup(t, level, ps, kt)
		if err != nil {
			return -1, err
		}
		e.groups = append(e.groups, g)
		return len(e.groups) - 1, nil
	}
	var err error
	if len(set.Identity) > 0 {
		if e.identity, err = add(Identity, 0, set.Identity); err != nil {
			return nil, err
		}
	}
	if set.Resource != nil {
		if e.resource, err = add(Resource, 0, []Policy{*set.Resource}); err != nil {
			return nil, err
		}
	}
	if len(set.PermissionsBoundary) > 0 {
		if e.boundary, err = add(PermissionsBoundary, 0, set.PermissionsBoundary); err != nil {
			return nil, err
		}
	}
	if len(set.Session) > 0 {
		if e.session, err = add(Session, 0, set.Session); err != nil {
			return nil, err
		}
	}
	for lvl, ps := range set.SCPs {
		i, err := add(SCP, lvl, ps)
		if err != nil {
			return nil, err
		}
		e.scps = append(e.scps, i)
	}
	for lvl, ps := range set.RCPs {
		i, err := add(RCP, lvl, ps)
		if err != nil {
			return nil, err
		}
		e.rcps = append(e.rcps, i)
	}
	e.nkeys = len(kt)
	return e, nil
}

func compileGroup(t PolicyType, level int, ps []Policy, kt keyTable) (group, error) {
	g := group{typ: t, level: level, exact: map[string][]int32{}, service: map[string][]svcRef{}}
	n := 0
	for _, p := range ps {
		if p.Document != nil {
			n += len(p.Document.Statements)
		}
	}
	g.stmts = make([]stmt, 0, n)
	for _, p := range ps {
		if p.Document == nil {
			return g, &CompileError{PolicyID: p.ID, Statement: -1, Err: fmt.Errorf("no policy document")}
		}
		opts := condition.Options{Variables: p.Document.VariablesEnabled()}
		for si := range p.Document.Statements {
			if len(g.stmts) >= math.MaxInt32 {
				return g, &CompileError{PolicyID: p.ID, Statement: si, Err: fmt.Errorf("too many statements")}
			}
			s, err := compileStmt(p.ID, si, &p.Document.Statements[si], opts, kt)
			if err != nil {
				return g, &CompileError{PolicyID: p.ID, Statement: si, Err: err}
			}
			idx := int32(len(g.stmts))
			g.stmts = append(g.stmts, s)
			if err := g.index(idx, &p.Document.Statements[si]); err != nil {
				return g, &CompileError{PolicyID: p.ID, Statement: si, Err: err}
			}
		}
	}
	return g, nil
}

// index files statement idx under the actions it can match.
func (g *group) index(idx int32, st *policy.Statement) error {
	appendOnce := func(list []int32) []int32 {
		if n := len(list); n > 0 && list[n-1] == idx {
			return list
		}
		return append(list, idx)
	}
	if st.NotAction {
		g.global = appendOnce(g.global)
		return nil
	}
	var svc []svcPat // wildcard patterns with a literal service
	for _, a := range st.Action {
		if !strings.ContainsAny(a, "*?") {
			la := lowerASCII(a)
			g.exact[la] = appendOnce(g.exact[la])
			continue
		}
		sv, _, ok := strings.Cut(a, ":")
		if !ok || strings.ContainsAny(sv, "*?") {
			g.global = appendOnce(g.global)
			continue
		}
		svc = append(svc, svcPat{svc: lowerASCII(sv), orig: a})
	}
	// Each service's patterns go to pats in one run.
	sort.SliceStable(svc, func(i, j int) bool { return svc[i].svc < svc[j].svc })
	for i := 0; i < len(svc); {
		from := len(g.pats)
		j := i
		for ; j < len(svc) && svc[j].svc == svc[i].svc; j++ {
			ap, err := compileActPat(svc[j].orig, lowerASCII(svc[j].orig))
			if err != nil {
				return err
			}
			g.pats = append(g.pats, ap)
		}
		if len(g.pats) > math.MaxInt32 {
			return fmt.Errorf("too many action patterns")
		}
		g.service[svc[i].svc] = append(g.service[svc[i].svc], svcRef{stmt: idx, from: int32(from), to: int32(len(g.pats))})
		i = j
	}
	return nil
}

type svcPat struct{ svc, orig string }

// lowerASCII lower-cases s, returning s itself (no allocation) when it is
// already lower case.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

func compileStmt(policyID string, index int, st *policy.Statement, opts condition.Options, kt keyTable) (stmt, error) {
	s := stmt{
		policyID:     policyID,
		index:        index,
		sid:          st.Sid,
		effect:       st.Effect,
		span:         st.Span,
		notAction:    st.NotAction,
		notResource:  st.NotResource,
		noResource:   st.Resource == nil && !st.NotResource,
		notPrincipal: st.NotPrincipal,
	}
	if st.NotAction && len(st.Action) > 0 {
		s.lits = make(map[string]struct{})
	}
	for _, a := range st.Action {
		if s.notAction && !strings.ContainsAny(a, "*?") {
			s.lits[lowerASCII(a)] = struct{}{}
			continue
		}
		if !s.notAction {
			if !strings.ContainsAny(a, "*?") {
				continue // found through the exact index
			}
			if svc, _, ok := strings.Cut(a, ":"); ok && !strings.ContainsAny(svc, "*?") {
				continue // found through the service index
			}
		}
		p, err := condition.CompileAction(a)
		if err != nil {
			return s, fmt.Errorf("action %q: %w", a, err)
		}
		s.wild = append(s.wild, p)
	}
	var vars []string
	for _, r := range st.Resource {
		if r == "*" && !st.NotResource {
			s.resAny = true
			continue
		}
		p, err := condition.CompileResource(r, opts)
		if err != nil {
			return s, fmt.Errorf("resource %q: %w", r, err)
		}
		s.res = append(s.res, p)
		vars = append(vars, p.Variables()...)
	}
	s.resVars = kt.refs(vars)
	if st.Principal != nil {
		s.princ = compilePrincipal(st.Principal)
	}
	for _, c := range st.Condition {
		cc, err := condition.Compile(c.Operator, c.Key, c.Values, opts)
		if err != nil {
			return s, fmt.Errorf("condition %s %q: %w", c.Operator, c.Key, err)
		}
		s.conds = append(s.conds, cond{c: cc, keys: kt.refs(cc.ContextKeys())})
	}
	return s, nil
}
