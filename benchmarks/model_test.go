package benchmarks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/policy"
)

// The workloads are written as a small model of policies (mpolicy, mstmt)
// that is rendered to JSON for the parser and, separately, read by an oracle
// that knows the expected decision without asking the engine: every
// condition in the model carries whether it holds under the standard request
// context (stdContext), and Action and Resource patterns are matched with
// regular expressions, an implementation independent of package condition.
// A benchmark therefore cannot silently measure a wrong answer.

// Account and caller shared by the workloads.
const (
	accountID = "123456789012"
	callerARN = "arn:aws:iam::" + accountID + ":user/alice"
	userName  = "alice"
)

// mcond is one condition key of one operator block, with whether it holds
// for the standard request context.
type mcond struct {
	op    string
	key   string
	vals  []string
	holds bool
}

// mstmt is one statement of the model.
type mstmt struct {
	sid         string
	effect      policy.Effect
	notAction   bool
	actions     []string
	notResource bool
	resources   []string
	conds       []mcond
}

// mpolicy is one policy document of the model.
type mpolicy struct {
	id    string
	kind  policy.Kind
	stmts []mstmt
}

func allow(sid string, actions, resources []string, conds ...mcond) mstmt {
	return mstmt{sid: sid, effect: policy.Allow, actions: actions, resources: resources, conds: conds}
}

func deny(sid string, actions, resources []string, conds ...mcond) mstmt {
	return mstmt{sid: sid, effect: policy.Deny, actions: actions, resources: resources, conds: conds}
}

func list(s ...string) []string { return s }

// condHolds reports whether every condition of s holds (conditions AND).
func (s *mstmt) condHolds() bool {
	for _, c := range s.conds {
		if !c.holds {
			return false
		}
	}
	return true
}

// stdContext is the request context every evaluation workload uses. The
// holds flags of the conditions in the model are written against it.
func stdContext() []iamctx.Entry {
	return []iamctx.Entry{
		{Key: "aws:SourceIp", Type: iamctx.TypeIP, Values: list("10.1.2.3")},
		{Key: "aws:SecureTransport", Type: iamctx.TypeBoolean, Values: list("true")},
		{Key: "aws:MultiFactorAuthPresent", Type: iamctx.TypeBoolean, Values: list("true")},
		{Key: "aws:CurrentTime", Type: iamctx.TypeDate, Values: list("2025-06-01T12:00:00Z")},
		{Key: "aws:RequestedRegion", Type: iamctx.TypeString, Values: list("us-east-1")},
		{Key: "aws:TagKeys", Type: iamctx.TypeStringList, Values: list("env", "team")},
	}
}

// stdTags are the caller's principal tags (aws:PrincipalTag/team).
var stdTags = map[string]string{"team": "analytics"}

// condMenu is the conditions that generated statements draw from, each with
// its truth under stdContext and stdTags. Together they cover the string,
// IP, date, Bool, numeric and Null families, IfExists and both set
// qualifiers.
var condMenu = []mcond{
	{"IpAddress", "aws:SourceIp", list("10.0.0.0/8", "172.16.0.0/12"), true},
	{"IpAddress", "aws:SourceIp", list("192.0.2.0/24"), false},
	{"NotIpAddress", "aws:SourceIp", list("203.0.113.0/24", "198.51.100.0/24"), true},
	{"Bool", "aws:SecureTransport", list("true"), true},
	{"Bool", "aws:MultiFactorAuthPresent", list("false"), false},
	{"BoolIfExists", "aws:MultiFactorAuthPresent", list("true"), true},
	{"StringEquals", "aws:RequestedRegion", list("us-east-1", "us-west-2"), true},
	{"StringNotEquals", "aws:RequestedRegion", list("us-east-1", "eu-west-1"), false},
	{"StringLike", "aws:PrincipalTag/team", list("analytics*", "data-*"), true},
	{"StringLike", "aws:PrincipalTag/team", list("ops-*"), false},
	{"DateGreaterThan", "aws:CurrentTime", list("2024-01-01T00:00:00Z"), true},
	{"DateLessThan", "aws:CurrentTime", list("2020-01-01T00:00:00Z"), false},
	{"ForAnyValue:StringEquals", "aws:TagKeys", list("team", "owner"), true},
	{"ForAnyValue:StringEquals", "aws:TagKeys", list("cost-center"), false},
	{"ForAllValues:StringLike", "aws:TagKeys", list("env", "team", "owner*"), true},
	{"StringEqualsIfExists", "s3:x-amz-acl", list("private"), true},
	{"NumericLessThan", "s3:max-keys", list("100"), false},
	{"Null", "aws:TokenIssueTime", list("true"), true},
}

// ---- rendering ----

type jsonPolicy struct {
	Version   string     `json:"Version"`
	Statement []jsonStmt `json:"Statement"`
}

type jsonStmt struct {
	Sid         string                    `json:"Sid,omitempty"`
	Effect      string                    `json:"Effect"`
	Action      any                       `json:"Action,omitempty"`
	NotAction   any                       `json:"NotAction,omitempty"`
	Resource    any                       `json:"Resource,omitempty"`
	NotResource any                       `json:"NotResource,omitempty"`
	Condition   map[string]map[string]any `json:"Condition,omitempty"`
}

// oneOrMany writes a single value as a string, as policies usually do.
func oneOrMany(v []string) any {
	if len(v) == 1 {
		return v[0]
	}
	return v
}

// render writes p as an indented JSON policy document, or a compact one
// when indentation would take it over the API's size limit.
func (p *mpolicy) render() []byte {
	doc := jsonPolicy{Version: policy.Version2012}
	for _, s := range p.stmts {
		js := jsonStmt{Sid: s.sid, Effect: s.effect.String()}
		if s.notAction {
			js.NotAction = oneOrMany(s.actions)
		} else {
			js.Action = oneOrMany(s.actions)
		}
		if s.notResource {
			js.NotResource = oneOrMany(s.resources)
		} else {
			js.Resource = oneOrMany(s.resources)
		}
		for _, c := range s.conds {
			if js.Condition == nil {
				js.Condition = map[string]map[string]any{}
			}
			if js.Condition[c.op] == nil {
				js.Condition[c.op] = map[string]any{}
			}
			if _, dup := js.Condition[c.op][c.key]; dup {
				panic(fmt.Sprintf("policy %s statement %s: %s %s twice", p.id, s.sid, c.op, c.key))
			}
			js.Condition[c.op][c.key] = oneOrMany(c.vals)
		}
		doc.Statement = append(doc.Statement, js)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		panic(err)
	}
	if buf.Len() > policy.MaxDocumentChars {
		// Long value lists: written on one line, as tools write them.
		var compact bytes.Buffer
		if err := json.Compact(&compact, buf.Bytes()); err != nil {
			panic(err)
		}
		return compact.Bytes()
	}
	return buf.Bytes()
}

// parsed is a rendered and parsed policy.
type parsed struct {
	id   string
	kind policy.Kind
	text []byte
	doc  *policy.Policy
}

func parseModel(tb testing.TB, ps []mpolicy) []parsed {
	tb.Helper()
	out := make([]parsed, len(ps))
	for i := range ps {
		text := ps[i].render()
		doc, err := policy.ParseKind(text, ps[i].kind)
		if err != nil {
			tb.Fatalf("policy %s: %v\n%.600s", ps[i].id, err, text)
		}
		out[i] = parsed{id: ps[i].id, kind: ps[i].kind, text: text, doc: doc}
	}
	return out
}

// policySet groups parsed policies by kind into an eval.PolicySet.
func policySet(ps []parsed) eval.PolicySet {
	var set eval.PolicySet
	for _, p := range ps {
		ep := eval.Policy{ID: p.id, Document: p.doc}
		switch p.kind {
		case policy.KindIdentity:
			set.Identity = append(set.Identity, ep)
		case policy.KindBoundary:
			set.PermissionsBoundary = append(set.PermissionsBoundary, ep)
		default:
			panic("unsupported kind " + p.kind.String())
		}
	}
	return set
}

// ---- oracle ----

var (
	globMu    sync.Mutex
	globCache = map[string]*regexp.Regexp{}
)

// globRE turns an IAM wildcard pattern into an anchored regular expression.
// Actions match case-insensitively, resources case-sensitively
// (reference_policies_elements_action.md, reference_policies_elements_resource.md).
func globRE(pattern string, fold bool) *regexp.Regexp {
	key := fmt.Sprint(fold, pattern)
	globMu.Lock()
	defer globMu.Unlock()
	if re, ok := globCache[key]; ok {
		return re
	}
	var b strings.Builder
	b.WriteString(`^`)
	if fold {
		b.WriteString(`(?i)`)
	}
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`$`)
	re := regexp.MustCompile(b.String())
	globCache[key] = re
	return re
}

// expandVars substitutes the only policy variable the model uses.
func expandVars(pattern string) string {
	return strings.ReplaceAll(pattern, "${aws:username}", userName)
}

// globMatch matches s against an IAM wildcard pattern: literally when the
// pattern has no wildcard, as a prefix when its only wildcard is a final *,
// with a regular expression otherwise.
func globMatch(pattern, s string, fold bool) bool {
	switch i := strings.IndexAny(pattern, "*?"); {
	case i < 0 && fold:
		return strings.EqualFold(pattern, s)
	case i < 0:
		return pattern == s
	case i == len(pattern)-1 && pattern[i] == '*':
		if fold {
			return len(s) >= i && strings.EqualFold(pattern[:i], s[:i])
		}
		return strings.HasPrefix(s, pattern[:i])
	}
	return globRE(pattern, fold).MatchString(s)
}

func (s *mstmt) matchAction(action string) bool {
	hit := false
	for _, a := range s.actions {
		if globMatch(a, action, true) {
			hit = true
			break
		}
	}
	return hit != s.notAction
}

func (s *mstmt) matchResource(resource string) bool {
	hit := false
	for _, r := range s.resources {
		if globMatch(expandVars(r), resource, false) {
			hit = true
			break
		}
	}
	return hit != s.notResource
}

// applies reports whether s applies to the request (action, resource) made
// by the standard caller with the standard context.
func (s *mstmt) applies(action, resource string) bool {
	return s.matchAction(action) && s.matchResource(resource) && s.condHolds()
}

// matched names a statement that decided a request.
type matched struct{ policyID, sid string }

// expected is what the oracle says about one request.
type expected struct {
	decision eval.Decision
	matched  []matched
}

// oracle decides (action, resource) for the standard caller (an IAM user
// in the resource's account) under identity policies and an optional
// permissions boundary: an applicable Deny anywhere denies; otherwise an
// identity Allow allows if the boundary (when there is one) also allows
// (reference_policies_evaluation-logic.md). matched lists the deciding
// statements in the order eval.Result.Matched does: identity before
// boundary, document order within.
func oracle(ps []mpolicy, action, resource string) expected {
	var allows, denies []matched
	idAllow, hasBoundary, pbAllow := false, false, false
	for _, kind := range []policy.Kind{policy.KindIdentity, policy.KindBoundary} {
		for pi := range ps {
			p := &ps[pi]
			if p.kind != kind {
				continue
			}
			if kind == policy.KindBoundary {
				hasBoundary = true
			}
			for si := range p.stmts {
				s := &p.stmts[si]
				if !s.applies(action, resource) {
					continue
				}
				m := matched{p.id, s.sid}
				if s.effect == policy.Deny {
					denies = append(denies, m)
					continue
				}
				allows = append(allows, m)
				if kind == policy.KindIdentity {
					idAllow = true
				} else {
					pbAllow = true
				}
			}
		}
	}
	switch {
	case len(denies) > 0:
		return expected{eval.ExplicitDeny, denies}
	case idAllow && (!hasBoundary || pbAllow):
		return expected{eval.Allowed, allows}
	}
	return expected{eval.ImplicitDeny, nil}
}

// checkResult compares an engine's result with the oracle's.
func checkResult(res *eval.Result, want expected) error {
	if res.Decision != want.decision {
		return fmt.Errorf("decision %s, want %s", res.Decision, want.decision)
	}
	if len(res.Matched) != len(want.matched) {
		return fmt.Errorf("%d matched statements %v, want %d %v", len(res.Matched), matchedOf(res), len(want.matched), want.matched)
	}
	for i, m := range res.Matched {
		if m.PolicyID != want.matched[i].policyID || m.Sid != want.matched[i].sid {
			return fmt.Errorf("matched statements %v, want %v", matchedOf(res), want.matched)
		}
	}
	return nil
}

func matchedOf(res *eval.Result) []matched {
	out := make([]matched, len(res.Matched))
	for i, m := range res.Matched {
		out[i] = matched{m.PolicyID, m.Sid}
	}
	return out
}

// newRequest builds a request by the standard caller with the standard
// context.
func newRequest(tb testing.TB, action, resource string, extra ...iamctx.Entry) *iamctx.Request {
	tb.Helper()
	r, err := iamctx.New(iamctx.Input{
		Action:        action,
		Resource:      resource,
		Principal:     callerARN,
		PrincipalTags: stdTags,
		Context:       append(stdContext(), extra...),
	})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}
