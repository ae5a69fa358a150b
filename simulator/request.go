package simulator

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/iamsim/iamsim/account"
	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/policy"
)

// Parameter names, as the API (and our error messages) spell them.
const (
	paramPolicyInputList      = "PolicyInputList"
	paramBoundaryInputList    = "PermissionsBoundaryPolicyInputList"
	paramResourcePolicy       = "ResourcePolicy"
	paramResourceOwner        = "ResourceOwner"
	paramCallerArn            = "CallerArn"
	paramResourceHandling     = "ResourceHandlingOption"
	paramMarker               = "Marker"
	paramPolicySourceArn      = "PolicySourceArn"
	opSimulateCustomPolicy    = "SimulateCustomPolicy"
	opSimulatePrincipalPolicy = "SimulatePrincipalPolicy"
)

// Limits from the IAM service model (service-2.json shapes).
const (
	maxDocumentChars    = 131072 // policyDocumentType
	minActionChars      = 3      // ActionNameType
	maxActionChars      = 128
	maxResourceChars    = 2048 // ResourceNameType (ResourceArns, ResourceOwner, CallerArn)
	minArnChars         = 20   // arnType (PolicySourceArn)
	maxArnChars         = 2048
	minContextKeyChars  = 5 // ContextKeyNameType
	maxContextKeyChars  = 256
	maxHandlingChars    = 64 // ResourceHandlingOptionType
	minMaxItems         = 1  // maxItemsType
	maxMaxItems         = 1000
	maxMarkerChars      = 320 // markerType
	defaultMaxItems     = 100
	maxBoundaryPolicies = 1 // "You can input only one permissions boundary"
)

// Kinds a document is parsed as, named for the part it plays.
const (
	kindIdentity = policy.KindIdentity
	kindBoundary = policy.KindBoundary
	kindResource = policy.KindResource
	kindTrust    = policy.KindTrust
	// kindSimulatedTrust is a trust policy as the live simulator parses
	// it (it accepts NotPrincipal).
	kindSimulatedTrust = policy.KindSimulatedTrust
	kindSCP            = policy.KindSCP
	kindRCP            = policy.KindRCP
)

// request is a validated simulation request, whichever operation it came
// from.
type request struct {
	op       string
	identity []parsedPolicy
	boundary []parsedPolicy
	resource *parsedPolicy // the ResourcePolicy, or nil
	scps     [][]parsedPolicy
	rcps     [][]parsedPolicy
	// orgAccount is the account that scps and rcps are attached to: its
	// principals are governed by the SCPs, its resources by the RCPs.
	orgAccount string
	actions    []string
	resources  []string
	owner      string // ResourceOwner's account ID, or ""
	// caller is who makes the request; a cached callerInfo is shared, so
	// it is never modified. nil means none (see callerOf).
	caller   *callerInfo
	context  []iamctx.Entry
	maxItems int
	offset   int
	// hash binds Markers to this request; Simulator.requestHash computes
	// it from in when a Marker is read or written.
	hash []byte
	// in holds the request's members: the caller's input, or the one
	// embedded in SimulatePrincipalPolicyInput. It is read, never kept.
	in *SimulateCustomPolicyInput
	// policySourceArn is SimulatePrincipalPolicy's entity, "" otherwise.
	policySourceArn string
	// set is the cached compiled set of the request's documents, or nil
	// (no cache).
	set *compiledSet
	// contexts is the cached set of the request's ContextEntries, or nil
	// (SimulatePrincipalPolicy, or no cache).
	contexts *contextSet
}

// noCaller is the callerInfo of a request that has none.
var noCaller callerInfo

// callerOf returns the request's caller, or the empty callerInfo (arn "")
// when there is none. It must not be modified.
func (req *request) callerOf() *callerInfo {
	if req.caller == nil {
		return &noCaller
	}
	return req.caller
}

// parsedPolicy is a parsed document with the SourcePolicyId it is reported
// under.
type parsedPolicy struct {
	id  string
	doc *policy.Policy
}

// chars counts characters as the API does (a document is Latin-1 text in
// UTF-8, so a character may be two bytes).
func chars(s string) int { return utf8.RuneCountInString(s) }

// checkDocument enforces policyDocumentType: 1 to 131072 characters of
// [\u0009\u000A\u000D\u0020-\u00FF].
func checkDocument(name, doc string) *Error {
	n := chars(doc)
	if n < 1 || n > maxDocumentChars {
		return invalidInput("%s must be 1 to %d characters long, got %d", name, maxDocumentChars, n)
	}
	for i, r := range doc {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(doc[i:]); size <= 1 {
				return invalidInput("%s is not valid UTF-8 text (byte offset %d)", name, i)
			}
		}
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r > 0xFF {
			return invalidInput("%s contains the character %U, which policy documents may not contain (allowed: tab, line feed, carriage return, U+0020 to U+00FF)", name, r)
		}
	}
	return nil
}

func checkDocuments(param string, docs []string) *Error {
	for i, d := range docs {
		if !documentOK(d) {
			return checkDocument(memberName(param, i), d)
		}
	}
	return nil
}

// documentOK reports whether checkDocument accepts doc, without naming it.
func documentOK(doc string) bool {
	if len(doc) == 0 || len(doc) > 2*maxDocumentChars {
		return checkDocument("", doc) == nil
	}
	for i := 0; i < len(doc); i++ {
		if c := doc[i]; c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			return checkDocument("", doc) == nil
		}
	}
	return len(doc) <= maxDocumentChars
}

// memberName names the i-th (0-based) member of a list parameter as the API does,
// PARAM.N (1-based).
func memberName(param string, i int) string { return param + "." + itoa(i+1) }

// policyInputIDs and boundaryInputIDs are the SourcePolicyIds of the first
// documents of the list parameters, made once.
var policyInputIDs, boundaryInputIDs = inputIDList(paramPolicyInputList), inputIDList(paramBoundaryInputList)

func inputIDList(param string) []string {
	ids := make([]string, 16)
	for i := range ids {
		ids[i] = memberName(param, i)
	}
	return ids
}

// inputID returns memberName(param, i), without allocating for the first few.
func inputID(param string, i int) string {
	var ids []string
	switch param {
	case paramPolicyInputList:
		ids = policyInputIDs
	case paramBoundaryInputList:
		ids = boundaryInputIDs
	}
	if i < len(ids) {
		return ids[i]
	}
	return memberName(param, i)
}

// lengthOK reports whether v has min to max characters.
func lengthOK(v string, min, max int) bool {
	if len(v) <= max && len(v) >= 4*min {
		return true // a character is one to four bytes
	}
	n := chars(v)
	return n >= min && n <= max
}

func checkLength(name, v string, min, max int) *Error {
	if n := chars(v); n < min || n > max {
		return invalidInput("%s must be %d to %d characters long, got %d", name, min, max, n)
	}
	return nil
}

func checkPolicySourceArn(arn string) *Error {
	if arn == "" {
		return invalidInput("PolicySourceArn is required: give the ARN of an IAM user, group or role")
	}
	return checkLength(paramPolicySourceArn, arn, minArnChars, maxArnChars)
}

// checkShapes validates every member against the service model's limits, in
// member order, before anything is parsed (as the API validates parameters
// before it looks at their meaning). cachedDocs skips the checks of the
// policy documents: they are a cached set's, which passed them (checkDocument
// depends on the text alone). cachedContext likewise skips the checks of
// ContextEntries, which are a cached contextSet's.
func (c *SimulateCustomPolicyInput) checkShapes(cachedDocs, cachedContext bool) *Error {
	if !cachedDocs {
		if e := checkDocuments(paramPolicyInputList, c.PolicyInputList); e != nil {
			return e
		}
		if e := checkDocuments(paramBoundaryInputList, c.PermissionsBoundaryPolicyInputList); e != nil {
			return e
		}
	}
	if len(c.PermissionsBoundaryPolicyInputList) > maxBoundaryPolicies {
		return invalidInput("PermissionsBoundaryPolicyInputList holds %d policies; a simulation takes only one permissions boundary", len(c.PermissionsBoundaryPolicyInputList))
	}
	if len(c.ActionNames) == 0 {
		return invalidInput("ActionNames is required: give at least one action name (service:Action)")
	}
	// Member names are built only for an error: the checks of a valid
	// request do not allocate.
	for i, a := range c.ActionNames {
		if !lengthOK(a, minActionChars, maxActionChars) {
			return checkLength(memberName("ActionNames", i), a, minActionChars, maxActionChars)
		}
		// service:Name, neither part empty.
		if colon := strings.IndexByte(a, ':'); colon <= 0 || colon == len(a)-1 {
			return invalidInput("%s %q must include the service identifier, as in iam:CreateUser", memberName("ActionNames", i), a)
		}
	}
	for i, r := range c.ResourceArns {
		if !lengthOK(r, 1, maxResourceChars) {
			return checkLength(memberName("ResourceArns", i), r, 1, maxResourceChars)
		}
	}
	if c.ResourcePolicy != nil && !cachedDocs {
		if e := checkDocument(paramResourcePolicy, *c.ResourcePolicy); e != nil {
			return e
		}
	}
	if c.ResourceOwner != nil {
		if e := checkLength(paramResourceOwner, *c.ResourceOwner, 1, maxResourceChars); e != nil {
			return e
		}
	}
	if c.CallerArn != nil && !lengthOK(*c.CallerArn, 1, maxResourceChars) {
		return checkLength(paramCallerArn, *c.CallerArn, 1, maxResourceChars)
	}
	for i, ce := range c.ContextEntries {
		if cachedContext {
			break
		}
		if !lengthOK(ce.ContextKeyName, minContextKeyChars, maxContextKeyChars) {
			return checkLength(memberName("ContextEntries", i)+".ContextKeyName", ce.ContextKeyName, minContextKeyChars, maxContextKeyChars)
		}
		if _, ok := contextKeyType(ce.ContextKeyType); !ok {
			return invalidInput("%s.ContextKeyType %q is not one of string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList", memberName("ContextEntries", i), shortForMessage(ce.ContextKeyType))
		}
	}
	if c.ResourceHandlingOption != nil {
		if e := checkLength(paramResourceHandling, *c.ResourceHandlingOption, 1, maxHandlingChars); e != nil {
			return e
		}
	}
	if c.MaxItems != nil && (*c.MaxItems < minMaxItems || *c.MaxItems > maxMaxItems) {
		return invalidInput("MaxItems must be between %d and %d, got %d", minMaxItems, maxMaxItems, *c.MaxItems)
	}
	if c.Marker != nil {
		if e := checkLength(paramMarker, *c.Marker, 1, maxMarkerChars); e != nil {
			return e
		}
		for _, r := range *c.Marker {
			if r < 0x20 || r > 0xFF {
				return invalidInput("Marker contains the character %U, which markers may not contain", r)
			}
		}
	}
	return nil
}

// contextKeyType reads a ContextKeyTypeEnum value. The enum is
// case-sensitive, as the service model declares it.
func contextKeyType(s string) (iamctx.Type, bool) {
	t, ok := contextKeyTypes[s]
	return t, ok
}

// contextKeyTypes maps each ContextKeyTypeEnum value to its type: the names
// s that iamctx.ParseType reads as a type whose String is s.
var contextKeyTypes = func() map[string]iamctx.Type {
	m := make(map[string]iamctx.Type)
	for t := iamctx.Type(1); t != 0; t++ {
		name := t.String()
		if p, err := iamctx.ParseType(name); err == nil && p == t {
			m[name] = t
		}
	}
	return m
}()

// contextEntries converts and validates ContextEntries: each value must parse
// as its type, a scalar type takes one value, and no key may be given twice
// (key names are case-insensitive).
func contextEntries(list []ContextEntry) ([]iamctx.Entry, *Error) {
	out := make([]iamctx.Entry, 0, len(list))
	seen := make(map[string]int, len(list))
	for i, ce := range list {
		t, _ := contextKeyType(ce.ContextKeyType)
		if _, err := iamctx.NewValue(t, ce.ContextKeyValues...); err != nil {
			return nil, contextError(memberName("ContextEntries", i), ce.ContextKeyName, err)
		}
		lk := strings.ToLower(ce.ContextKeyName)
		if j, dup := seen[lk]; dup {
			return nil, invalidInput("%s: context key %s is already given by ContextEntries.%d (context key names are case-insensitive)", memberName("ContextEntries", i), ce.ContextKeyName, j)
		}
		seen[lk] = i + 1
		out = append(out, iamctx.Entry{Key: ce.ContextKeyName, Type: t, Values: ce.ContextKeyValues})
	}
	return out, nil
}

func contextError(name, key string, err error) *Error {
	msg := err.Error()
	var ce *iamctx.Error
	if errors.As(err, &ce) {
		msg = ce.Message
	}
	e := invalidInput("%s (%s): %s", name, key, msg)
	e.Err = err
	return e
}

// resourceOwner reads ResourceOwner: "an ARN for an account uses the
// following syntax: arn:aws:iam::AWS-account-ID:root"
// (API_SimulateCustomPolicy). A bare 12-digit account ID, which
// SimulatePrincipalPolicy's documentation speaks of, is accepted too.
func resourceOwner(v string) (string, *Error) {
	if iamctx.IsAccountID(v) {
		return v, nil
	}
	parts := strings.SplitN(v, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" && parts[1] != "" && parts[2] == "iam" && parts[3] == "" && iamctx.IsAccountID(parts[4]) && parts[5] == "root" {
		return parts[4], nil
	}
	return "", invalidInput("ResourceOwner %q must be the ARN of an account, arn:aws:iam::ACCOUNT-ID:root", shortForMessage(v))
}

// callerFromArn validates CallerArn: an IAM user ARN, or with AllowAnyCaller
// also a role, role session or federated user ARN.
func (s *Simulator) callerFromArn(arn string) (*callerInfo, *Error) {
	if ci := s.callers.get(arn, s.accountVersion()); ci != nil {
		return ci, nil
	}
	p, err := iamctx.ParsePrincipal(arn)
	if err != nil || arn == "" || arn == iamctx.AnonymousPrincipal || arn == "*" {
		e := invalidInput("Invalid CallerArn %q: CallerArn must be the ARN of an IAM user, arn:aws:iam::ACCOUNT-ID:user/NAME", shortForMessage(arn))
		e.Err = err
		return nil, e
	}
	ok := p.Kind == iamctx.PrincipalUser
	if s.allowAnyCaller {
		switch p.Kind {
		case iamctx.PrincipalRole, iamctx.PrincipalAssumedRole, iamctx.PrincipalFederatedUser:
			ok = true
		}
	}
	if !ok {
		what := map[iamctx.PrincipalKind]string{
			iamctx.PrincipalAccount:       "an account root user",
			iamctx.PrincipalRole:          "a role",
			iamctx.PrincipalAssumedRole:   "an assumed-role session",
			iamctx.PrincipalFederatedUser: "a federated user",
			iamctx.PrincipalService:       "a service principal",
		}[p.Kind]
		if s.allowAnyCaller {
			return nil, invalidInput("Invalid CallerArn %q: it names %s; CallerArn must be the ARN of an IAM user, role, role session or federated user", shortForMessage(arn), what)
		}
		return nil, invalidInput("Invalid CallerArn %q: it names %s; CallerArn must be the ARN of an IAM user (the simulator does not simulate roles, role sessions, federated users or service principals as callers)", shortForMessage(arn), what)
	}
	ci := &callerInfo{arn: arn, principal: p}
	ci.tags, ci.version = s.callerTags(p)
	s.callers.add(ci)
	return ci, nil
}

// parseInputs parses documents given in the request; a malformed one is
// InvalidInput naming it (the simulator operations declare no
// MalformedPolicyDocument error: API_SimulateCustomPolicy, Errors).
func (s *Simulator) parseInputs(param string, docs []string, kind policy.Kind) ([]parsedPolicy, *Error) {
	out := make([]parsedPolicy, 0, len(docs))
	for i, d := range docs {
		p, e := s.parseInput(inputID(param, i), d, kind)
		if e != nil {
			return nil, e
		}
		out = append(out, p)
	}
	return out, nil
}

func (s *Simulator) parseInput(id, text string, kind policy.Kind) (parsedPolicy, *Error) {
	doc, err := s.cache.parse(text, kind)
	if err != nil {
		e := invalidInput("%s is not a valid policy document: %s", id, describeParseError(err))
		e.Err = err
		return parsedPolicy{}, e
	}
	return parsedPolicy{id: id, doc: doc}, nil
}

// parseStored parses documents from the account snapshot. They should have
// been valid when stored; one that is not makes the simulation fail.
func (s *Simulator) parseStored(list []sourcePolicy, kind policy.Kind) ([]parsedPolicy, *Error) {
	out := make([]parsedPolicy, 0, len(list))
	for _, sp := range list {
		doc, err := s.cache.parse(sp.text, kind)
		if err != nil {
			return nil, policyEvaluation(err, "policy %s in the account snapshot is not a valid policy document: %s", sp.id, describeParseError(err))
		}
		out = append(out, parsedPolicy{id: sp.id, doc: doc})
	}
	return out, nil
}

func describeParseError(err error) string {
	var pe *policy.Error
	if errors.As(err, &pe) {
		return fmt.Sprintf("line %d, column %d: %s", pe.Pos.Line, pe.Pos.Column, pe.Message)
	}
	return err.Error()
}

// customRequest validates in into req, which is zero.
func (s *Simulator) customRequest(in *SimulateCustomPolicyInput, req *request) *Error {
	req.in = in
	if len(in.PolicyInputList) == 0 {
		return invalidInput("PolicyInputList is required: give at least one policy document")
	}
	// Field by field: a composite literal would be built aside and
	// copied, and the copy stalls on store forwarding.
	var key setKey
	key.identity, key.boundary, key.resource = in.PolicyInputList, in.PermissionsBoundaryPolicyInputList, in.ResourcePolicy
	key.evaluateTrust = s.evaluateTrust
	if in.ResourcePolicy != nil {
		key.trust = anyAssumeRole(in.ActionNames)
	}
	set, sum := s.sets.get(&key)
	cs, _ := s.contexts.get(in.ContextEntries)
	if e := in.checkShapes(set != nil, cs != nil); e != nil {
		return e
	}
	if e := s.limits.checkRequest(in, cs != nil); e != nil {
		return e
	}
	req.op = opSimulateCustomPolicy
	req.contexts = cs
	if in.CallerArn != nil {
		ci, e := s.callerFromArn(*in.CallerArn)
		if e != nil {
			return e
		}
		req.caller = ci
	} else if in.ResourcePolicy != nil {
		return invalidInput("CallerArn is required when ResourcePolicy is given, so that the resource policy's Principal element has a caller to match")
	}
	if set != nil {
		req.identity, req.boundary, req.resource = set.identity, set.boundary, set.resource
	}
	if e := s.finish(req, nil, nil, set != nil); e != nil {
		return e
	}
	if set == nil && s.sets != nil {
		set = s.sets.add(&policySet{key: key.clone(), sum: sum, identity: req.identity, boundary: req.boundary, resource: req.resource})
	}
	if set != nil {
		req.set = &set.compiled
	}
	return nil
}

// anyAssumeRole reports whether an action is sts:AssumeRole*: the
// ResourcePolicy is then the role's trust policy.
func anyAssumeRole(actions []string) bool {
	for _, a := range actions {
		if isAssumeRole(a) {
			return true
		}
	}
	return false
}

// principalRequest validates in into req, which is zero.
func (s *Simulator) principalRequest(in *SimulatePrincipalPolicyInput, req *request) *Error {
	if e := checkPolicySourceArn(in.PolicySourceArn); e != nil {
		return e
	}
	req.in, req.policySourceArn = &in.SimulateCustomPolicyInput, in.PolicySourceArn
	if e := req.in.checkShapes(false, false); e != nil {
		return e
	}
	if e := s.limits.checkRequest(req.in, false); e != nil {
		return e
	}
	ref, e := parseEntityARN(in.PolicySourceArn)
	if e != nil {
		return e
	}
	entity, e := s.principal(ref)
	if e != nil {
		return e
	}
	req.op = opSimulatePrincipalPolicy
	switch {
	case in.CallerArn != nil:
		ci, e := s.callerFromArn(*in.CallerArn)
		if e != nil {
			return e
		}
		req.caller = ci
	case ref.typ == account.EntityUser:
		p, err := iamctx.ParsePrincipal(entity.Arn)
		if err != nil {
			return policyEvaluation(err, "user %s has an invalid ARN %q in the account snapshot", entity.Name, entity.Arn)
		}
		req.caller = &callerInfo{arn: entity.Arn, principal: p, tags: tagMap(entity.Tags)}
	default:
		if in.ResourcePolicy != nil {
			return invalidInput("CallerArn is required when ResourcePolicy is given and PolicySourceArn is not the ARN of an IAM user")
		}
		if ref.typ == account.EntityRole {
			arn := "arn:" + ref.partition + ":sts::" + ref.account + ":assumed-role/" + entity.Name + "/" + roleSessionName
			p, err := iamctx.ParsePrincipal(arn)
			if err != nil {
				return policyEvaluation(err, "role %s cannot be simulated as a session", entity.Name)
			}
			req.caller = &callerInfo{arn: arn, principal: p, tags: tagMap(entity.Tags),
				extra: []iamctx.Entry{{Key: "aws:PrincipalArn", Type: iamctx.TypeString, Values: []string{entity.Arn}}}}
		}
	}
	stored, storedBoundary := sourcePolicies(entity)
	var bound []sourcePolicy
	if storedBoundary != nil && len(in.PermissionsBoundaryPolicyInputList) == 0 {
		// "if a permissions boundary is attached to an entity and you
		// pass in a different permissions boundary policy using this
		// parameter, then the new permissions boundary policy is used"
		bound = []sourcePolicy{*storedBoundary}
	}
	key := principalKey{
		source: in.PolicySourceArn, stored: stored, inputs: in.PolicyInputList,
		boundary: bound, bInputs: in.PermissionsBoundaryPolicyInputList, resource: in.ResourcePolicy,
		evaluateTrust: s.evaluateTrust,
	}
	if in.ResourcePolicy != nil {
		key.trust = anyAssumeRole(in.ActionNames)
	}
	a := s.acct // not nil: principal found the entity in it
	key.scps, key.rcps = a.SCPs(), a.RCPs()
	set, sum := s.principals.get(&key)
	if set != nil {
		req.identity, req.boundary, req.resource = set.identity, set.boundary, set.resource
		req.scps, req.rcps = set.scps, set.rcps
	}
	if e := s.finish(req, stored, bound, set != nil); e != nil {
		return e
	}
	req.orgAccount = a.ID()
	if set == nil {
		var err *Error
		if req.scps, err = s.parseOrg(key.scps, kindSCP); err != nil {
			return err
		}
		if req.rcps, err = s.parseOrg(key.rcps, kindRCP); err != nil {
			return err
		}
	}
	if set == nil && s.principals != nil {
		set = s.principals.add(&principalSet{key: key.clone(), sum: sum, identity: req.identity, boundary: req.boundary,
			resource: req.resource, scps: req.scps, rcps: req.rcps})
	}
	if set != nil {
		req.set = &set.compiled
	}
	return nil
}

// roleSessionName is the session name of the role session that
// SimulatePrincipalPolicy simulates for a role.
const roleSessionName = "SimulatePrincipalPolicy"

func (s *Simulator) parseOrg(levels [][]account.OrganizationPolicy, kind policy.Kind) ([][]parsedPolicy, *Error) {
	if levels == nil {
		return nil, nil
	}
	out := make([][]parsedPolicy, len(levels))
	for l, level := range levels {
		out[l] = []parsedPolicy{}
		for i, p := range level {
			name := p.Name
			if name == "" {
				name = fmt.Sprintf("%s level %d policy %d", kind, l, i+1)
			}
			ps, e := s.parseStored([]sourcePolicy{{id: name, text: p.Document}}, kind)
			if e != nil {
				return nil, e
			}
			out[l] = append(out[l], ps...)
		}
	}
	return out, nil
}

// finish does what both operations share once the caller is known: parse
// the documents, read the remaining members, and place the page. cached
// means that req already holds the documents, from a cached set of the same
// texts, which parsed and passed the checks of documents before. The
// members are req.in.
func (s *Simulator) finish(req *request, stored, storedBoundary []sourcePolicy, cached bool) *Error {
	c := req.in
	var e *Error
	if !cached {
		if req.identity, e = s.parseStored(stored, kindIdentity); e != nil {
			return e
		}
		inputs, e := s.parseInputs(paramPolicyInputList, c.PolicyInputList, kindIdentity)
		if e != nil {
			return e
		}
		req.identity = append(req.identity, inputs...)
		if req.boundary, e = s.parseStored(storedBoundary, kindBoundary); e != nil {
			return e
		}
		bs, e := s.parseInputs(paramBoundaryInputList, c.PermissionsBoundaryPolicyInputList, kindBoundary)
		if e != nil {
			return e
		}
		req.boundary = append(req.boundary, bs...)
	}

	req.actions = c.ActionNames
	if e := checkAuthorizationInfo(req.op, req.actions); e != nil {
		return e
	}
	req.resources = c.ResourceArns
	if len(req.resources) == 0 {
		req.resources = []string{"*"}
	}
	if c.ResourceHandlingOption != nil {
		if e := checkResourceHandling(*c.ResourceHandlingOption, c.ResourceArns); e != nil {
			return e
		}
	}
	if c.ResourcePolicy == nil && s.requireKeyPolicies {
		if e := checkKeyPolicy(c.ResourceArns); e != nil {
			return e
		}
	}
	if c.ResourcePolicy != nil && !cached {
		kind := kindResource
		trust := anyAssumeRole(req.actions)
		if trust {
			// The resource of sts:AssumeRole* is a role; its
			// resource-based policy is the role's trust policy. The live
			// simulator, which parses it without evaluating it, accepts
			// NotPrincipal there (public capture, aws/aws-cli#10314); to
			// evaluate it, it is read as IAM reads a role's trust policy.
			kind = kindSimulatedTrust
			if s.evaluateTrust {
				kind = kindTrust
			}
		}
		p, e := s.parseInput(paramResourcePolicy, *c.ResourcePolicy, kind)
		if e != nil {
			return e
		}
		if trust && !s.evaluateTrust && hasServicePrincipal(p.doc) {
			return invalidInput("Principal of type Service is not supported")
		}
		req.resource = &p
	}
	if c.ResourceOwner != nil {
		if req.owner, e = resourceOwner(*c.ResourceOwner); e != nil {
			return e
		}
	}
	if req.op == opSimulateCustomPolicy && s.contexts != nil {
		// The caller's tags follow from CallerArn alone, so the request
		// contexts built from these entries can be cached with them.
		// customRequest looked them up already.
		cs := req.contexts
		if cs == nil {
			var sum uint64
			if cs, sum = s.contexts.get(c.ContextEntries); cs == nil {
				entries, e := contextEntries(c.ContextEntries)
				if e != nil {
					return e
				}
				cs = s.contexts.add(c.ContextEntries, sum, entries)
			}
		}
		req.context, req.contexts = cs.entries, cs
	} else if req.context, e = contextEntries(c.ContextEntries); e != nil {
		return e
	}
	for _, x := range req.callerOf().extra {
		for _, ce := range req.context {
			if strings.EqualFold(ce.Key, x.Key) {
				goto given
			}
		}
		req.context = append(req.context, x)
	given:
	}
	req.maxItems = defaultMaxItems
	if c.MaxItems != nil {
		req.maxItems = int(*c.MaxItems)
	}
	if c.Marker != nil {
		total := len(req.actions) * len(req.resources)
		if req.offset, e = decodeMarker(*c.Marker, s.requestHash(req), total); e != nil {
			return e
		}
	}
	return nil
}

// checkKeyPolicy refuses a KMS key among the resources of a simulation
// without a ResourcePolicy (RequireKeyPolicies). The key's policy decides:
// "Every KMS key must have exactly one key policy", and "without
// permission from the key policy, IAM policies that allow permissions have
// no effect" (AWS KMS Developer Guide, key-policies.md), so the
// identity-based policies alone cannot answer. The IAM API has no member
// for a reason beside a decision: the request is InvalidInput, naming the
// key and what to give.
func checkKeyPolicy(resources []string) *Error {
	for i, r := range resources {
		// Most ARNs are of partition aws: for them the service is at a
		// known place (this runs for every request).
		kms := strings.HasPrefix(r, "arn:aws:kms:")
		if !kms && !strings.HasPrefix(r, "arn:aws:") {
			kms = strings.Contains(r, ":kms:")
		}
		if kms && isKMSKey(r) {
			return invalidInput("%s %s is a KMS key, and every KMS key has exactly one key policy, which must allow the request: give the key policy as ResourcePolicy", memberName("ResourceArns", i), r)
		}
	}
	return nil
}

// hasServicePrincipal reports whether a statement names a Service principal.
func hasServicePrincipal(doc *policy.Policy) bool {
	for i := range doc.Statements {
		if p := doc.Statements[i].Principal; p != nil && len(p.Service) > 0 {
			return true
		}
	}
	return false
}

// isAssumeRole reports whether an action is sts:AssumeRole,
// sts:AssumeRoleWithSAML or sts:AssumeRoleWithWebIdentity (any case).
func isAssumeRole(action string) bool {
	const prefix = "sts:assumerole"
	return len(action) >= len(prefix) && strings.EqualFold(action[:len(prefix)], prefix)
}
