package eval

import (
	"fmt"
	"math"
	"strings"

	"github.com/iamsim/iamsim/condition"
	"github.com/iamsim/iamsim/internal/pattern"
	"github.com/iamsim/iamsim/internal/reqcore"
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
	vpce         int // the VPC endpoint policy's group, or -1
	resourceKind ResourceKind
	// missingKeyPolicy: the KMS key rules without a key policy
	// (Result.MissingKeyPolicy).
	missingKeyPolicy bool
	// numKeys is the number of distinct lower-cased context keys the
	// statements read (keyRef.id numbers them), for Result's de-duplication
	// of missing keys.
	numKeys int
}

// Compile builds an Engine from a PolicySet. Documents come from
// policy.Parse, which has already checked the grammar; Compile fails only on
// a nil document or a condition or pattern that does not compile.
func Compile(set PolicySet) (*Engine, error) {
	return compile(set, false)
}

// CompileError reports a policy that cannot be compiled.
type CompileError struct {
	// PolicyID is the ID of the Policy at fault, as the PolicySet gave it.
	PolicyID string
	// Statement is the statement's 0-based index, or -1 when the policy as
	// a whole is at fault.
	Statement int
	// Err is the cause (a *condition.Error for a condition or pattern that
	// does not compile).
	Err error
}

// Error names the policy and, when one is at fault, its 1-based statement.
func (e *CompileError) Error() string {
	if e.Statement < 0 {
		return fmt.Sprintf("policy %s: %v", e.PolicyID, e.Err)
	}
	return fmt.Sprintf("policy %s, statement %d: %v", e.PolicyID, e.Statement+1, e.Err)
}

// Unwrap returns the underlying error.
func (e *CompileError) Unwrap() error { return e.Err }

// compile is Compile; unresolved leaves out what resolve and globals
// precompute (tests compare both engines).
func compile(set PolicySet, unresolved bool) (*Engine, error) {
	e := &Engine{identity: -1, resource: -1, boundary: -1, session: -1, vpce: -1, resourceKind: set.ResourceKind}
	keys := keyTable{}
	add := func(t PolicyType, level int, ps []Policy) (int, error) {
		g, err := compileGroup(t, level, ps, keys, unresolved)
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
	if set.VPCEndpoint != nil {
		if e.vpce, err = add(VPCEndpoint, 0, []Policy{*set.VPCEndpoint}); err != nil {
			return nil, err
		}
	}
	e.numKeys = len(keys)
	e.missingKeyPolicy = e.resourceKind == ResourceKMSKey && e.resource < 0
	return e, nil
}

func compileGroup(t PolicyType, level int, ps []Policy, keys keyTable, unresolved bool) (group, error) {
	g := group{typ: t, level: level}
	b := builders.Get().(*builder)
	b.unresolved = unresolved
	defer b.release()
	n := 0
	for _, p := range ps {
		if p.Document != nil {
			n += len(p.Document.Statements)
		}
	}
	g.stmts = make([]stmt, 0, n)
	g.resourceFilters = make([]uint64, 0, n)
	for _, p := range ps {
		if p.Document == nil {
			return g, &CompileError{PolicyID: p.ID, Statement: -1, Err: fmt.Errorf("no policy document")}
		}
		opts := condition.Options{Variables: p.Document.VariablesEnabled()}
		policyIndex := int32(len(g.policyIDs))
		g.policyIDs = append(g.policyIDs, p.ID)
		for si := range p.Document.Statements {
			if len(g.stmts) >= math.MaxInt32 {
				return g, &CompileError{PolicyID: p.ID, Statement: si, Err: fmt.Errorf("too many statements")}
			}
			s, err := compileStmt(policyIndex, si, &p.Document.Statements[si], opts, keys)
			if err != nil {
				return g, &CompileError{PolicyID: p.ID, Statement: si, Err: err}
			}
			idx := int32(len(g.stmts))
			g.stmts = append(g.stmts, s)
			g.resourceFilters = append(g.resourceFilters, s.resourceBits())
			if err := g.index(b, idx, &p.Document.Statements[si]); err != nil {
				return g, &CompileError{PolicyID: p.ID, Statement: si, Err: err}
			}
		}
	}
	if err := g.freeze(b); err != nil {
		return g, &CompileError{PolicyID: ps[len(ps)-1].ID, Statement: -1, Err: err}
	}
	return g, nil
}

func compileStmt(policyIndex int32, index int, st *policy.Statement, opts condition.Options, keys keyTable) (stmt, error) {
	s := stmt{
		policyIndex:  policyIndex,
		index:        int32(index),
		sid:          st.Sid,
		effect:       st.Effect,
		notAction:    st.NotAction,
		notResource:  st.NotResource,
		noResource:   st.Resource == nil && !st.NotResource,
		notPrincipal: st.NotPrincipal,
	}
	var extra stmtExtra
	for _, a := range st.Action {
		if !s.notAction && strings.Trim(a, "*") == "" && a != "" {
			s.anyAction = true
		}
		if s.notAction && !hasWildcard(a) {
			extra.notActions = append(extra.notActions, lowerASCII(a))
			continue
		}
		if !s.notAction {
			if !hasWildcard(a) {
				continue // found through the exact index
			}
			if svc, _, ok := strings.Cut(a, ":"); ok && !hasWildcard(svc) {
				continue // found through the service index
			}
		}
		p, err := compileActionPattern(a, lowerASCII(a))
		if err != nil {
			return s, err
		}
		extra.wildcards = append(extra.wildcards, p)
	}
	if len(extra.notActions) > maxNotActionScan {
		extra.notActionSet = make(map[string]struct{}, len(extra.notActions))
		for _, l := range extra.notActions {
			extra.notActionSet[l] = struct{}{}
		}
		extra.notActions = nil
	}
	var vars []string
	if len(st.Resource) == 1 && st.Resource[0] != "*" {
		// The most common Resource, kept inline with no pattern compiled.
		if lit, prefix, ok := pattern.ResourceLiteral(st.Resource[0], opts.Variables); ok {
			s.literal, s.literalKind = lit, literalEqual
			if prefix {
				s.literalKind = literalPrefix
			}
		}
	}
	if s.literalKind == noLiteral {
		for _, r := range st.Resource {
			if r == "*" && !st.NotResource {
				s.anyResource = true
				continue
			}
			p, err := pattern.CompileResource(r, opts.Variables)
			if err != nil {
				return s, fmt.Errorf("resource %q: %w", r, err)
			}
			if s.resources == nil {
				s.resources = make([]*pattern.Resource, 0, len(st.Resource))
			}
			s.resources = append(s.resources, p)
			vars = append(vars, p.Variables()...)
		}
		if len(s.resources) == 1 && !s.anyResource {
			// A fast pattern ResourceLiteral does not recognise.
			if lit, prefix, ok := s.resources[0].Literal(); ok {
				s.literal, s.literalKind = lit, literalEqual
				if prefix {
					s.literalKind = literalPrefix
				}
				s.resources = nil // matchResource and resourceBits read literal alone
			}
		}
	}
	extra.resourceVars = keys.refs(vars)
	if st.Principal != nil {
		extra.principals = compilePrincipal(st.Principal)
		s.principal = true
	}
	var fits bool
	if s.span, fits = packSpan(st.Span); !fits {
		s.wideSpan = true
		sp := st.Span
		extra.span = &sp
	}
	if extra.wildcards != nil || extra.notActions != nil || extra.notActionSet != nil || extra.resourceVars != nil || extra.principals != nil || extra.span != nil {
		s.extra = new(stmtExtra) // only then: &extra would put every extra on the heap
		*s.extra = extra
	}
	if len(st.Condition) > 0 {
		s.conds = make([]cond, 0, len(st.Condition))
	}
	for _, c := range st.Condition {
		cc, err := condition.Compile(c.Operator, c.Key, c.Values, opts)
		if err != nil {
			return s, fmt.Errorf("condition %s %q: %w", c.Operator, c.Key, err)
		}
		s.conds = append(s.conds, cond{compiled: cc, keys: keys.refs(cc.ContextKeys())})
	}
	return s, nil
}

// stmt is a compiled statement: what the hot path reads first, then a
// pointer to the parts few statements have, then what only a match reports.
type stmt struct {
	effect       policy.Effect
	notAction    bool
	noResource   bool // neither Resource nor NotResource (trust policies)
	notResource  bool
	anyResource  bool // Resource includes "*"
	notPrincipal bool
	anyAction    bool // Action (not NotAction) has a pattern made only of stars
	principal    bool // extra.principals is set: spares identity statements a load of extra
	literalKind  literalKind
	wideSpan     bool  // span does not fit span32: extra.span has it
	index        int32 // in its policy
	policyIndex  int32 // policy ID: group.policyIDs[policyIndex]

	resources []*pattern.Resource
	// literal is the text of the only Resource pattern when that pattern
	// is plain text or literal* (pattern.Resource.Literal) and Resource
	// has no "*": the most common statement then matches its resource
	// without reaching the pattern.
	literal string
	conds   []cond
	extra   *stmtExtra // nil when the statement has none of its parts

	sid  string
	span span32
}

// span32 is a policy.Span in 24 bytes instead of 48: documents from
// policy.Parse are at most policy.MaxDocumentChars long, so their
// positions fit; a hand-built document's that do not are kept whole in
// stmtExtra.span.
type span32 struct {
	startLine, startColumn, startOffset int32
	endLine, endColumn, endOffset       int32
}

// packSpan returns sp as a span32, and whether it fits.
func packSpan(sp policy.Span) (span32, bool) {
	v := [6]int{sp.Start.Line, sp.Start.Column, sp.Start.Offset, sp.End.Line, sp.End.Column, sp.End.Offset}
	for _, n := range v {
		if n < math.MinInt32 || n > math.MaxInt32 {
			return span32{}, false
		}
	}
	return span32{int32(v[0]), int32(v[1]), int32(v[2]), int32(v[3]), int32(v[4]), int32(v[5])}, true
}

// spanInto writes the statement's span into sp field by field: building a
// policy.Span and copying it stalls on store forwarding (BenchmarkEvaluate).
func (s *stmt) spanInto(sp *policy.Span) {
	if s.wideSpan {
		*sp = *s.extra.span
		return
	}
	p := &s.span
	sp.Start.Line, sp.Start.Column, sp.Start.Offset = int(p.startLine), int(p.startColumn), int(p.startOffset)
	sp.End.Line, sp.End.Column, sp.End.Offset = int(p.endLine), int(p.endColumn), int(p.endOffset)
}

// literalKind says how stmt.literal matches.
type literalKind uint8

const (
	noLiteral     literalKind = iota // no single fast pattern: use resources
	literalEqual                     // the resource equals literal
	literalPrefix                    // the resource starts with literal
)

// maxNotActionScan is the number of NotAction literals up to which they are
// compared one by one rather than looked up in a map.
const maxNotActionScan = 8

// stmtExtra holds the parts of a statement that few statements have.
type stmtExtra struct {
	wildcards    []actionPattern     // patterns with a wildcard in the service part (all wildcard patterns for NotAction)
	notActions   []string            // NotAction literals (few)
	notActionSet map[string]struct{} // NotAction literals (many: more than maxNotActionScan)
	resourceVars []keyRef            // variables of the Resource patterns
	principals   *principalMatcher   // nil: no Principal element
	span         *policy.Span        // the span, when it does not fit span32
}

// cond is a compiled condition with the context keys it reads.
type cond struct {
	compiled *condition.Condition
	keys     []keyRef
}

// keyRef is a context key as written and lower-cased and hashed (to look
// up in requests), with id numbering its lower-cased form within the
// Engine.
type keyRef struct {
	name  string
	lower reqcore.Key
	id    int32
}

// keyTable numbers the distinct lower-cased context keys of an Engine.
// refs returns the keyRefs of names, numbering the new ones.
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
		out[i] = keyRef{name: n, lower: reqcore.MakeKey(l), id: id}
	}
	return out
}

// hasWildcard reports whether s holds * or ? (strings.ContainsAny builds a
// byte set each call, which BenchmarkCompile shows over many actions).
func hasWildcard(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' || s[i] == '?' {
			return true
		}
	}
	return false
}

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
