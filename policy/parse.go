package policy

import (
	"errors"
	"sync"
)

// Parse parses an identity-based policy document: ParseKind(data,
// KindIdentity).
func Parse(data []byte) (*Policy, error) {
	return ParseKind(data, KindIdentity)
}

// ParseKind parses a policy document under the grammar of kind
// (reference_policies_grammar.md). The document must be valid JSON of at
// most MaxDocumentChars characters from the IAM API's character set (tab,
// line feed, carriage return, U+0020 to U+00FF); its top level is an object
// with Version, Id and Statement.
//
// Every failure is a *Error with Code CodeMalformedPolicyDocument, a message
// that names the problem, and the position of the offending text: the first
// bad character for invalid JSON, the key's opening quote for an unknown,
// duplicated or prohibited element, the first character of a bad value, and
// the statement's (or document's) opening '{' for a missing element.
// ParseKind never panics.
func ParseKind(data []byte, kind Kind) (*Policy, error) {
	if len(data) > maxScanBytes {
		// Too long or holding a bad character within its first
		// maxScanBytes bytes: only those are copied to find out which.
		return parse(string(data[:maxScanBytes]), len(data), kind)
	}
	return parse(string(data), len(data), kind)
}

// ParseKindString is ParseKind of a document held in a string. The Policy's
// strings share the document's memory: nothing is copied but the strings
// with JSON escapes.
func ParseKindString(text string, kind Kind) (*Policy, error) {
	return parse(text, len(text), kind)
}

func parse(src string, size int, kind Kind) (*Policy, error) {
	p := parserPool.Get().(*parser)
	p.src, p.size, p.kind = src, size, kind
	pol, err := p.parse()
	p.release()
	if err != nil {
		return nil, err
	}
	return pol, nil
}

// parserPool recycles the scratch space of a parse (the JSON tree and the
// line table): the Policy shares nothing with it (strs is the Policy's,
// and is not kept), and positions in it are
// computed before ParseKind returns.
var parserPool = sync.Pool{New: func() any { return new(parser) }}

// maxPooledNodes keeps a hostile document's tree out of the pool.
const maxPooledNodes = 1 << 14

func (p *parser) release() {
	if cap(p.nodes) > maxPooledNodes || cap(p.lines.lineStarts) > maxPooledNodes || cap(p.lines.continuations) > maxPooledNodes {
		return
	}
	clear(p.nodes) // drop references to the document's strings
	*p = parser{nodes: p.nodes[:0], lines: lineTable{lineStarts: p.lines.lineStarts[:0], continuations: p.lines.continuations[:0]}}
	parserPool.Put(p)
}

func (p *parser) parse() (*Policy, *Error) {
	if p.kind >= numKinds {
		return nil, &Error{Code: CodeMalformedPolicyDocument, Message: "unknown policy kind " + p.kind.String(), Pos: Position{Line: 1, Column: 1}}
	}
	if err := p.checkText(); err != nil {
		return nil, err
	}
	if len(p.src) != p.size {
		// Not reached: checkText rejects every document longer than
		// maxScanBytes.
		return nil, p.errorf(len(p.src), "policy document is longer than %d characters", MaxDocumentChars)
	}
	if err := p.readJSON(); err != nil {
		return nil, err
	}
	root := &p.nodes[0]
	if root.kind != jsonObject {
		return nil, p.errorf(root.off, "a policy document must be a JSON object, got %s", root.kind)
	}
	pol := &Policy{Kind: p.kind}
	// Version decides whether ${...} are variables, which the checks of
	// Resource and Condition values depend on, so find it before walking
	// the elements in document order (errors still come in that order).
	for c := root.first; c >= 0; c = p.nodes[c].next {
		if n := &p.nodes[c]; n.key == "Version" && n.kind == jsonString {
			pol.Version = n.text
			break
		}
	}
	var seenVersion, seenID, seenStatement bool
	for c := root.first; c >= 0; c = p.nodes[c].next {
		v := &p.nodes[c]
		switch v.key {
		case "Version":
			if seenVersion {
				return nil, p.errorf(v.keyOff, `duplicate element "Version" in policy`)
			}
			seenVersion = true
			if v.kind != jsonString {
				return nil, p.errorf(v.off, `Version must be %q or %q, got %s`, Version2012, Version2008, v.kind)
			}
			if v.text != Version2012 && v.text != Version2008 {
				return nil, p.errorf(v.off, `Version must be %q or %q, got %q`, Version2012, Version2008, shorten(v.text))
			}
		case "Id":
			if seenID {
				return nil, p.errorf(v.keyOff, `duplicate element "Id" in policy`)
			}
			seenID = true
			if v.kind != jsonString {
				return nil, p.errorf(v.off, "Id must be a string, got %s", v.kind)
			}
			pol.ID = v.text
		case "Statement":
			if seenStatement {
				return nil, p.errorf(v.keyOff, `duplicate element "Statement" in policy`)
			}
			seenStatement = true
			if err := p.statements(pol, v); err != nil {
				return nil, err
			}
		default:
			return nil, p.errorf(v.keyOff, "unknown element %q in policy", shorten(v.key))
		}
	}
	if !seenStatement {
		return nil, p.errorf(root.off, `missing required element "Statement"`)
	}
	return pol, nil
}

// statements reads the Statement element: one object or a non-empty array of
// objects (reference_policies_elements_statement.md).
func (p *parser) statements(pol *Policy, v *node) *Error {
	var st stmtState
	switch v.kind {
	case jsonObject:
		pol.SingleStatement = true
		s, err := p.statement(pol, &st, 1, v)
		if err != nil {
			return err
		}
		// A single statement starts right after its own '{' (API_Statement,
		// StartPosition, as the simulator reports it).
		s.Span = Span{Start: p.lines.after(v.off), End: p.lines.after(v.end)}
		pol.Statements = []Statement{s}
		return nil
	case jsonArray:
	default:
		return p.errorf(v.off, "Statement must be an object or an array of objects, got %s", v.kind)
	}
	if v.first < 0 {
		return p.errorf(v.off, "Statement must not be an empty array")
	}
	// In an array the first statement starts right after the '[' and each
	// later one right after the previous statement's '}' (API_Statement,
	// StartPosition, as the simulator reports it).
	pol.Statements = make([]Statement, 0, p.count(v))
	prevEnd := v.off
	k := 0
	for c := v.first; c >= 0; c = p.nodes[c].next {
		k++
		e := &p.nodes[c]
		if e.kind != jsonObject {
			return p.errorf(e.off, "statement %d must be an object, got %s", k, e.kind)
		}
		s, err := p.statement(pol, &st, k, e)
		if err != nil {
			return err
		}
		s.Span = Span{Start: p.lines.after(prevEnd), End: p.lines.after(e.end)}
		prevEnd = e.end
		pol.Statements = append(pol.Statements, s)
	}
	return nil
}

// stmtState is what checks across statements need.
type stmtState struct {
	// sids holds the Sids of the first numIndexed statements, once there
	// are too many statements to compare a Sid with each.
	sids       map[string]struct{}
	numIndexed int
}

// sidSeen reports whether an earlier statement (those in pol.Statements)
// has Sid sid (non-empty).
func (st *stmtState) sidSeen(pol *Policy, sid string) bool {
	prev := pol.Statements
	const small = 16
	if len(prev) <= small {
		for i := range prev {
			if prev[i].Sid == sid {
				return true
			}
		}
		return false
	}
	if st.sids == nil {
		st.sids = make(map[string]struct{}, 2*len(prev))
	}
	for ; st.numIndexed < len(prev); st.numIndexed++ {
		if id := prev[st.numIndexed].Sid; id != "" {
			st.sids[id] = struct{}{}
		}
	}
	_, dup := st.sids[sid]
	return dup
}

// Statement element bits, for duplicate and conflict detection.
const (
	elSid uint16 = 1 << iota
	elEffect
	elAction
	elNotAction
	elResource
	elNotResource
	elPrincipal
	elNotPrincipal
	elCondition
)

// elementBit returns the bit of a statement element name, or 0.
func elementBit(name string) uint16 {
	switch name {
	case "Sid":
		return elSid
	case "Effect":
		return elEffect
	case "Action":
		return elAction
	case "NotAction":
		return elNotAction
	case "Resource":
		return elResource
	case "NotResource":
		return elNotResource
	case "Principal":
		return elPrincipal
	case "NotPrincipal":
		return elNotPrincipal
	case "Condition":
		return elCondition
	}
	return 0
}

// elementName is the inverse of elementBit for the paired elements.
func elementName(bit uint16) string {
	switch bit {
	case elAction:
		return "Action"
	case elNotAction:
		return "NotAction"
	case elResource:
		return "Resource"
	case elNotResource:
		return "NotResource"
	case elPrincipal:
		return "Principal"
	case elNotPrincipal:
		return "NotPrincipal"
	}
	return ""
}

// oppositeBit returns the element that excludes bit: NotAction for Action,
// and so on (0 when there is none).
func oppositeBit(bit uint16) uint16 {
	switch bit {
	case elAction:
		return elNotAction
	case elNotAction:
		return elAction
	case elResource:
		return elNotResource
	case elNotResource:
		return elResource
	case elPrincipal:
		return elNotPrincipal
	case elNotPrincipal:
		return elPrincipal
	}
	return 0
}

// kindRules says which elements a kind requires or forbids.
type kindRules struct {
	// principal: 0 forbidden, 1 required (Principal or NotPrincipal),
	// 2 required and only Principal.
	principal int
	// resourceRequired: Resource or NotResource must be present;
	// resourceForbidden: neither may be.
	resourceRequired, resourceForbidden bool
	// iamSid: the Sid rules IAM applies to the policies it stores.
	iamSid bool
}

const (
	principalForbidden = iota
	principalRequired
	principalOnly
)

func rulesFor(k Kind) kindRules {
	switch k {
	case KindResource, KindRCP:
		return kindRules{principal: principalRequired, resourceRequired: true}
	case KindTrust:
		// reference_policies_elements_notprincipal.md: "You cannot use
		// the NotPrincipal element in an IAM identity-based policy or in
		// an IAM role trust policy." access-analyzer-reference-policy-checks.md
		// (Role trust policy syntax error resource): "You cannot specify a
		// resource. Remove the Resource or NotResource element." (CreateRole
		// answers MalformedPolicyDocument "Has prohibited field Resource".)
		return kindRules{principal: principalOnly, resourceForbidden: true, iamSid: true}
	case KindSimulatedTrust:
		return kindRules{principal: principalRequired, resourceForbidden: true, iamSid: true}
	case KindIdentity, KindBoundary:
		return kindRules{resourceRequired: true, iamSid: true}
	default: // KindSession, KindSCP
		return kindRules{resourceRequired: true}
	}
}

var kindPolicyNames = [...]string{
	KindIdentity: "an identity-based policy",
	KindResource: "a resource-based policy",
	KindTrust:    "a role trust policy",
	KindBoundary: "a permissions boundary",
	KindSession:  "a session policy",
	KindSCP:      "a service control policy",
	KindRCP:      "a resource control policy",
	// The simulator's reading of a trust policy: the errors are a trust
	// policy's.
	KindSimulatedTrust: "a role trust policy",
}

// statement reads statement number n (1-based), the object v.
func (p *parser) statement(pol *Policy, st *stmtState, n int, v *node) (Statement, *Error) {
	s := Statement{Pos: p.lines.pos(v.off)}
	rules := rulesFor(p.kind)
	var seen uint16
	for c := v.first; c >= 0; c = p.nodes[c].next {
		e := &p.nodes[c]
		bit := elementBit(e.key)
		if bit == 0 {
			return s, p.errorf(e.keyOff, "unknown element %q in statement %d", shorten(e.key), n)
		}
		if seen&bit != 0 {
			return s, p.errorf(e.keyOff, "statement %d: duplicate element %q", n, e.key)
		}
		if other := oppositeBit(bit); seen&other != 0 {
			return s, p.errorf(e.keyOff, "statement %d: %q and %q cannot both be present", n, elementName(other), e.key)
		}
		seen |= bit
		var err *Error
		switch bit {
		case elSid:
			err = p.sid(pol, &s, st, rules, n, e)
		case elEffect:
			err = p.effect(&s, n, e)
		case elAction, elNotAction:
			s.NotAction = bit == elNotAction
			s.Action, err = p.stringList(n, e.key, e, checkAction)
		case elResource, elNotResource:
			if rules.resourceForbidden {
				return s, p.errorf(e.keyOff, "statement %d: element %q is not allowed in %s", n, e.key, kindPolicyNames[p.kind])
			}
			s.NotResource = bit == elNotResource
			check := checkResourceLiteral
			if pol.VariablesEnabled() {
				check = checkResourceVariables
			}
			s.Resource, err = p.stringList(n, e.key, e, check)
		case elPrincipal, elNotPrincipal:
			if rules.principal == principalForbidden || (bit == elNotPrincipal && rules.principal == principalOnly) {
				return s, p.errorf(e.keyOff, "statement %d: element %q is not allowed in %s", n, e.key, kindPolicyNames[p.kind])
			}
			s.NotPrincipal = bit == elNotPrincipal
			s.Principal, err = p.principal(n, e.key, e)
		case elCondition:
			s.Condition, err = p.condition(pol, n, e)
		}
		if err != nil {
			return s, err
		}
	}
	missing := ""
	switch {
	case seen&elEffect == 0:
		missing = `"Effect"`
	case rules.principal == principalOnly && seen&elPrincipal == 0:
		missing = `"Principal"`
	case rules.principal == principalRequired && seen&(elPrincipal|elNotPrincipal) == 0:
		missing = `"Principal" (or "NotPrincipal")`
	case seen&(elAction|elNotAction) == 0:
		missing = `"Action" (or "NotAction")`
	case rules.resourceRequired && seen&(elResource|elNotResource) == 0:
		missing = `"Resource" (or "NotResource")`
	}
	if missing != "" {
		return s, p.errorf(v.off, "statement %d: missing required element %s", n, missing)
	}
	return s, nil
}

func (p *parser) sid(pol *Policy, s *Statement, st *stmtState, rules kindRules, n int, v *node) *Error {
	if v.kind != jsonString {
		return p.errorf(v.off, "statement %d: Sid must be a string, got %s", n, v.kind)
	}
	s.Sid = v.text
	if !rules.iamSid || v.text == "" {
		return nil
	}
	// reference_policies_elements_sid.md: in IAM the Sid "supports ASCII
	// uppercase letters (A-Z), lowercase letters (a-z), and numbers (0-9)"
	// and "must be unique within a JSON policy".
	for i := 0; i < len(v.text); i++ {
		if c := v.text[i]; !isDigit(c) && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') {
			return p.errorf(v.off, "statement %d: Sid %q must be alphanumeric ([0-9A-Za-z]*)", n, shorten(v.text))
		}
	}
	if st.sidSeen(pol, v.text) {
		return p.errorf(v.off, "statement %d: Sid %q is not unique in the policy", n, shorten(v.text))
	}
	return nil
}

func (p *parser) effect(s *Statement, n int, v *node) *Error {
	if v.kind != jsonString {
		return p.errorf(v.off, `statement %d: Effect must be "Allow" or "Deny", got %s`, n, v.kind)
	}
	// reference_policies_elements_effect.md: "The Effect value is case
	// sensitive."
	switch v.text {
	case "Allow":
		s.Effect = Allow
	case "Deny":
		s.Effect = Deny
	default:
		return p.errorf(v.off, `statement %d: Effect must be "Allow" or "Deny", got %q`, n, shorten(v.text))
	}
	return nil
}

// stringList reads a string or a non-empty array of strings, checking each
// value with check (which returns the rest of a message, or "" when the
// value is fine).
func (p *parser) stringList(n int, name string, v *node, check func(string) string) ([]string, *Error) {
	switch v.kind {
	case jsonString:
		if msg := check(v.text); msg != "" {
			return nil, p.errorf(v.off, "statement %d: %s %s", n, name, msg)
		}
		return append(p.list(1), v.text), nil
	case jsonArray:
	default:
		return nil, p.errorf(v.off, "statement %d: %s must be a string or an array of strings, got %s", n, name, v.kind)
	}
	if v.first < 0 {
		return nil, p.errorf(v.off, "statement %d: %s must not be an empty array", n, name)
	}
	out := p.list(p.count(v))
	for c := v.first; c >= 0; c = p.nodes[c].next {
		e := &p.nodes[c]
		if e.kind != jsonString {
			return nil, p.errorf(e.off, "statement %d: %s values must be strings, got %s", n, name, e.kind)
		}
		if msg := check(e.text); msg != "" {
			return nil, p.errorf(e.off, "statement %d: %s %s", n, name, msg)
		}
		out = append(out, e.text)
	}
	return out, nil
}

// list returns an empty string slice with room for n strings, carved from
// the parse's array of strings (each list capped, so that appending to one
// never writes into another).
func (p *parser) list(n int) []string {
	if n == 0 {
		return []string{}
	}
	if len(p.strs) < n {
		p.strs = make([]string, max(n, p.scalars))
	}
	out := p.strs[:0:n]
	p.strs = p.strs[n:]
	p.scalars -= n
	return out
}

// count returns the number of children of v.
func (p *parser) count(v *node) int {
	k := 0
	for c := v.first; c >= 0; c = p.nodes[c].next {
		k++
	}
	return k
}

// principal reads a Principal or NotPrincipal element
// (reference_policies_elements_principal.md): "*" or a map from principal
// type to a string or array of strings.
func (p *parser) principal(n int, name string, v *node) (*Principal, *Error) {
	switch v.kind {
	case jsonString:
		if v.text == "*" {
			return &Principal{Wildcard: true}, nil
		}
		return nil, p.errorf(v.off, `statement %d: %s must be "*" or an object, got %q`, n, name, shorten(v.text))
	case jsonObject:
	default:
		return nil, p.errorf(v.off, `statement %d: %s must be "*" or an object, got %s`, n, name, v.kind)
	}
	if v.first < 0 {
		return nil, p.errorf(v.off, "statement %d: %s must not be an empty object", n, name)
	}
	pr := &Principal{}
	for c := v.first; c >= 0; c = p.nodes[c].next {
		e := &p.nodes[c]
		var (
			dst   *[]string
			check func(string) string
		)
		switch e.key {
		case "AWS":
			dst, check = &pr.AWS, checkAWSPrincipal
		case "Service":
			dst, check = &pr.Service, checkNonEmpty
		case "Federated":
			dst, check = &pr.Federated, checkNonEmpty
		case "CanonicalUser":
			dst, check = &pr.CanonicalUser, checkNonEmpty
		default:
			return nil, p.errorf(e.keyOff, "statement %d: unknown principal type %q in %s (want AWS, Service, Federated or CanonicalUser)", n, shorten(e.key), name)
		}
		if *dst != nil {
			return nil, p.errorf(e.keyOff, "statement %d: duplicate principal type %q in %s", n, e.key, name)
		}
		var err *Error
		if *dst, err = p.stringList(n, name+" "+e.key, e, check); err != nil {
			return nil, err
		}
	}
	return pr, nil
}

// condition reads the Condition element: operator -> key -> values
// (reference_policies_elements_condition.md). Each operator/key pair is
// checked by checkCondition, with the rules condition.Compile applies.
func (p *parser) condition(pol *Policy, n int, v *node) ([]Condition, *Error) {
	if v.kind != jsonObject {
		return nil, p.errorf(v.off, "statement %d: Condition must be an object, got %s", n, v.kind)
	}
	variables := pol.VariablesEnabled()
	nkeys := 0
	for c := v.first; c >= 0; c = p.nodes[c].next {
		if block := &p.nodes[c]; block.kind == jsonObject {
			nkeys += p.count(block)
		}
	}
	var out []Condition
	if nkeys > 0 {
		out = make([]Condition, 0, nkeys)
	}
	dupOp := p.firstDuplicateKey(v)
	for c := v.first; c >= 0; c = p.nodes[c].next {
		block := &p.nodes[c]
		op := block.key
		if c == dupOp {
			return nil, p.errorf(block.keyOff, "statement %d: duplicate condition operator %q", n, shorten(op))
		}
		if _, err := ParseOperator(op); err != nil {
			perr := p.errorf(block.keyOff, "statement %d: %v", n, err)
			perr.Err = err
			return nil, perr
		}
		if block.kind != jsonObject {
			return nil, p.errorf(block.off, "statement %d: condition operator %q must map to an object of condition keys, got %s", n, shorten(op), block.kind)
		}
		dupKey := p.firstDuplicateKey(block)
		for k := block.first; k >= 0; k = p.nodes[k].next {
			e := &p.nodes[k]
			if k == dupKey {
				return nil, p.errorf(e.keyOff, "statement %d: duplicate condition key %q in %q", n, shorten(e.key), shorten(op))
			}
			if e.key == "" {
				return nil, p.errorf(e.off, "statement %d: condition key in %q must not be empty", n, shorten(op))
			}
			values, err := p.conditionValues(n, op, e)
			if err != nil {
				return nil, err
			}
			if verr := checkCondition(op, e.key, values, variables); verr != nil {
				perr := p.errorf(p.badValueOffset(op, e, variables, verr), "statement %d: %v", n, verr)
				perr.Err = verr
				return nil, perr
			}
			out = append(out, Condition{Operator: op, Key: e.key, Values: values, Pos: p.lines.pos(e.keyOff)})
		}
	}
	return out, nil
}

// firstDuplicateKey returns the first member of object v whose key repeats
// an earlier member's key, or -1. The caller reports it when its walk gets
// there, so errors still come in document order. Small objects are
// compared pairwise; large ones go through a map, so that a hostile block
// of many keys costs linear time.
func (p *parser) firstDuplicateKey(v *node) int32 {
	const small = 16
	if p.count(v) <= small {
		for c := v.first; c >= 0; c = p.nodes[c].next {
			for d := v.first; d != c; d = p.nodes[d].next {
				if p.nodes[d].key == p.nodes[c].key {
					return c
				}
			}
		}
		return -1
	}
	seen := make(map[string]struct{})
	for c := v.first; c >= 0; c = p.nodes[c].next {
		if _, dup := seen[p.nodes[c].key]; dup {
			return c
		}
		seen[p.nodes[c].key] = struct{}{}
	}
	return -1
}

// conditionValues reads a condition key's value: a string, number or
// boolean, or an array of those. Numbers and booleans keep their literal
// text.
func (p *parser) conditionValues(n int, op string, v *node) ([]string, *Error) {
	switch v.kind {
	case jsonString, jsonNumber, jsonTrue, jsonFalse:
		return append(p.list(1), v.text), nil
	case jsonArray:
	default:
		return nil, p.errorf(v.off, "statement %d: condition %q key %q: values must be strings, numbers or booleans, got %s", n, shorten(op), shorten(v.key), v.kind)
	}
	out := p.list(p.count(v))
	for c := v.first; c >= 0; c = p.nodes[c].next {
		e := &p.nodes[c]
		switch e.kind {
		case jsonString, jsonNumber, jsonTrue, jsonFalse:
			out = append(out, e.text)
		default:
			return nil, p.errorf(e.off, "statement %d: condition %q key %q: values must be strings, numbers or booleans, got %s", n, shorten(op), shorten(v.key), e.kind)
		}
	}
	return out, nil
}

// badValueOffset finds where to point when checkCondition rejected the
// values of key v: at the value a *ConditionError names by Index, else at
// the first value that fails on its own, else at the start of the key's
// value.
func (p *parser) badValueOffset(op string, v *node, variables bool, verr error) int {
	if v.kind != jsonArray {
		return v.off
	}
	var cerr *ConditionError
	if errors.As(verr, &cerr) && cerr.Index >= 0 {
		i := 0
		for c := v.first; c >= 0; c = p.nodes[c].next {
			if i == cerr.Index {
				return p.nodes[c].off
			}
			i++
		}
		return v.off
	}
	for c := v.first; c >= 0; c = p.nodes[c].next {
		e := &p.nodes[c]
		if checkCondition(op, v.key, []string{e.text}, variables) != nil {
			return e.off
		}
	}
	return v.off
}

// String names a JSON type for error messages.
func (k jsonKind) String() string {
	switch k {
	case jsonString:
		return "string"
	case jsonNumber:
		return "number"
	case jsonTrue, jsonFalse:
		return "boolean"
	case jsonArray:
		return "array"
	case jsonObject:
		return "object"
	}
	return "null"
}
