package eval_test

// A deterministic generator of random but valid policy sets and requests,
// shared by the metamorphic tests (metamorphic_test.go) and the fuzz target
// (fuzz_test.go). Policies are kept as small Go values (genPolicy) so that
// tests can transform them (reorder, split, change case, add statements),
// then written as JSON text and read back with policy.ParseKind, so that
// every generated case goes through the parser as well.
//
// The vocabularies are small on purpose: few services, actions, resources,
// principals and condition keys, so that statements match requests often and
// every branch of the evaluation logic is reached.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/policy"
)

// genPolicy is a policy document before it is written as JSON.
type genPolicy struct {
	Kind    policy.Kind
	Version string // "" leaves the element out
	Stmts   []genStmt
	// Single writes a one-statement policy as "Statement": {...}.
	Single bool
}

type genStmt struct {
	Effect       string // "Allow" or "Deny"
	Principal    *genPrincipal
	NotPrincipal bool
	Actions      []string
	NotAction    bool
	Resources    []string // nil: no Resource element (trust policies)
	NotResource  bool
	Conds        []genCond
	// Arrays writes one-value lists as arrays rather than plain strings.
	Arrays bool
}

type genPrincipal struct {
	Star    bool // "Principal": "*"
	AWS     []string
	Service []string
}

type genCond struct {
	Op     string
	Key    string
	Values []string
	// Raw writes numeric and boolean values as JSON numbers and booleans.
	Raw bool
}

// genSet is a PolicySet before parsing.
type genSet struct {
	Identity []genPolicy
	Resource *genPolicy
	ResKind  eval.ResourceKind
	Boundary []genPolicy
	Session  []genPolicy
	SCPs     [][]genPolicy
	RCPs     [][]genPolicy
	// VPCEndpoint is the VPC endpoint policy; set() never draws one (the
	// metamorphic tests that need one add it).
	VPCEndpoint *genPolicy
}

// genReq is a request before iamctx.New.
type genReq struct {
	Action          string
	Resource        string
	Principal       string
	ResourceAccount string
	Tags            map[string]string
	Context         []iamctx.Entry
}

// Vocabularies.

const (
	acctA = "111122223333"
	acctB = "444455556666"
)

var (
	genActions = []string{
		"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject",
		"sqs:SendMessage", "sqs:ReceiveMessage",
		"dynamodb:GetItem", "dynamodb:PutItem",
		"iam:PassRole", "kms:Decrypt", "sts:AssumeRole",
	}
	genActionPatterns = []string{
		"*", "s3:*", "s3:Get*", "s3:*Object", "s3:?etObject", "sqs:*",
		"sqs:*Message", "dynamodb:*Item", "dynamodb:Get*", "iam:Pass*", "kms:*", "sts:Assume*",
		"*:GetObject", "s*:*",
	}
	genResources = []string{
		"arn:aws:s3:::bucket-a/home/alice/file.txt",
		"arn:aws:s3:::bucket-a/home/bob/notes",
		"arn:aws:s3:::bucket-b/data",
		"arn:aws:s3:::bucket-a",
		"arn:aws:sqs:us-east-1:" + acctA + ":queue1",
		"arn:aws:sqs:us-east-1:" + acctB + ":queue2",
		"arn:aws:dynamodb:us-east-1:" + acctA + ":table/Orders",
		"arn:aws:iam::" + acctA + ":role/dev",
		"arn:aws:kms:us-east-1:" + acctA + ":key/1234",
		"*",
	}
	genResourcePatterns = []string{
		"*",
		"arn:aws:s3:::bucket-a/*",
		"arn:aws:s3:::bucket-?/*",
		"arn:aws:s3:::bucket-a/home/${aws:username}/*",
		"arn:aws:s3:::bucket-a/home/${aws:username}/${aws:nope, 'x'}*",
		"arn:aws:s3:::*",
		"arn:aws:s3:::bucket-a",
		"arn:aws:sqs:*:" + acctA + ":queue*",
		"arn:aws:sqs:us-east-1:*:*",
		"arn:aws:dynamodb:us-east-1:*:table/Orders",
		"arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}",
		"arn:aws:iam::" + acctA + ":role/*",
		"arn:aws:kms:*:*:key/*",
		"arn:aws:*:*:*:*",
	}
	genPrincipals = []string{
		"arn:aws:iam::" + acctA + ":user/alice",
		"arn:aws:iam::" + acctA + ":user/Bob",
		"arn:aws:iam::" + acctA + ":user/team/carol",
		"arn:aws:sts::" + acctA + ":assumed-role/dev/alice",
		"arn:aws:iam::" + acctA + ":root",
		"arn:aws:iam::" + acctB + ":user/dave",
		"arn:aws:sts::" + acctB + ":assumed-role/ops/s1",
		"arn:aws:sts::" + acctA + ":federated-user/fed",
		"arn:aws:iam::" + acctA + ":role/dev",
		"s3.amazonaws.com",
		"anonymous",
	}
	genPolicyPrincipals = []string{
		acctA, acctB,
		"arn:aws:iam::" + acctA + ":root",
		"arn:aws:iam::" + acctA + ":user/alice",
		"arn:aws:iam::" + acctA + ":user/Bob",
		"arn:aws:iam::" + acctA + ":role/dev",
		"arn:aws:sts::" + acctA + ":assumed-role/dev/alice",
		"arn:aws:iam::" + acctB + ":user/dave",
		"arn:aws:iam::" + acctB + ":role/ops",
		"arn:aws:sts::" + acctA + ":federated-user/fed",
	}
	genServices = []string{"s3.amazonaws.com", "lambda.amazonaws.com"}
)

// A condition key, the request types it may have, and values for requests.
type genKey struct {
	name   string
	typ    iamctx.Type
	values []string // request values
}

var genKeys = []genKey{
	{"aws:SourceIp", iamctx.TypeIP, []string{"10.0.0.5", "192.168.1.7", "172.16.0.1", "2001:db8::1"}},
	{"aws:MultiFactorAuthPresent", iamctx.TypeBoolean, []string{"true", "false"}},
	{"aws:SecureTransport", iamctx.TypeBoolean, []string{"true", "false", "TRUE"}},
	{"aws:CurrentTime", iamctx.TypeDate, []string{"2023-01-01T00:00:00Z", "2019-05-05", "1700000000", "2030-12-31T23:59:59Z"}},
	{"s3:max-keys", iamctx.TypeNumeric, []string{"5", "10", "100", "7.5"}},
	{"s3:prefix", iamctx.TypeString, []string{"home/alice/x", "home/bob", "HOME/alice", "other", ""}},
	{"aws:RequestTag/env", iamctx.TypeString, []string{"prod", "dev", "Prod"}},
	{"aws:TagKeys", iamctx.TypeStringList, []string{"team", "env", "Owner", "cost"}},
	{"aws:SourceArn", iamctx.TypeString, []string{"arn:aws:s3:::bucket-a", "arn:aws:sqs:us-east-1:" + acctA + ":queue1", "arn:aws:s3:::other"}},
	{"aws:CalledVia", iamctx.TypeStringList, []string{"athena.amazonaws.com", "dataexchange.amazonaws.com"}},
	{"ec2:InstanceCount", iamctx.TypeNumericList, []string{"1", "2", "50"}},
}

// Keys derived from the principal, which conditions may read too.
var genDerivedKeys = []string{"aws:username", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType", "aws:PrincipalTag/team"}

var (
	genStringValues = []string{"home/alice/x", "home/${aws:username}/*", "home/*", "HOME/alice", "prod", "dev", "team", "env", "Owner", "alice", "*", "${aws:PrincipalTag/team}", "User", acctA, "athena.amazonaws.com", ""}
	genNumValues    = []string{"5", "10", "7.5", "100", "0", "-1"}
	genDateValues   = []string{"2020-01-01T00:00:00Z", "2024-06-01", "1700000000", "2023-01-01T00:00:00Z", "2025-03-04T05:06:07+02:00"}
	genIPValues     = []string{"10.0.0.0/8", "192.168.1.0/24", "10.0.0.5/32", "172.16.0.1", "2001:db8::/32"}
	genArnValues    = []string{"arn:aws:s3:::bucket-a", "arn:aws:s3:::bucket-*", "arn:aws:sqs:us-east-1:" + acctA + ":queue?", "arn:aws:iam::" + acctA + ":user/${aws:username}", "arn:aws:iam::*:role/dev", "arn:aws:*:*:*:*"}
)

type opFamily struct {
	ops    []string
	values []string
	keys   []string // preferred keys
	raw    bool     // values may be written as JSON literals
}

var genFamilies = []opFamily{
	{[]string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"},
		genStringValues, []string{"s3:prefix", "aws:RequestTag/env", "aws:TagKeys", "aws:username", "aws:PrincipalTag/team", "aws:PrincipalType", "aws:PrincipalAccount", "aws:CalledVia"}, false},
	{[]string{"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
		genNumValues, []string{"s3:max-keys", "ec2:InstanceCount"}, true},
	{[]string{"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"},
		genDateValues, []string{"aws:CurrentTime"}, false},
	{[]string{"Bool"}, []string{"true", "false"}, []string{"aws:MultiFactorAuthPresent", "aws:SecureTransport"}, true},
	{[]string{"IpAddress", "NotIpAddress"}, genIPValues, []string{"aws:SourceIp"}, false},
	{[]string{"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"}, genArnValues, []string{"aws:SourceArn", "aws:PrincipalArn"}, false},
	{[]string{"Null"}, []string{"true", "false"}, nil, true},
}

// gen draws from a seeded source: the same seed gives the same cases.
type gen struct {
	r *rand.Rand
}

func newGen(seed uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *gen) n(k int) int           { return g.r.IntN(k) }
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }
func (g *gen) pick(s []string) string {
	return s[g.r.IntN(len(s))]
}

// some picks 1..max distinct values of s.
func (g *gen) some(s []string, max int) []string {
	k := 1 + g.n(max)
	out := make([]string, 0, k)
	for _, i := range g.r.Perm(len(s)) {
		if len(out) == k {
			break
		}
		out = append(out, s[i])
	}
	return out
}

func (g *gen) action() string {
	if g.chance(0.6) {
		return g.pick(genActions)
	}
	return g.pick(genActionPatterns)
}

func (g *gen) actions() []string {
	k := 1 + g.n(3)
	seen := map[string]bool{}
	var out []string
	for len(out) < k {
		a := g.action()
		if seen[strings.ToLower(a)] {
			if g.chance(0.5) {
				break
			}
			continue
		}
		seen[strings.ToLower(a)] = true
		out = append(out, a)
	}
	if g.chance(0.05) {
		out = append(out, randomCase(g, out[0])) // the same action twice
	}
	return out
}

func (g *gen) resources() []string {
	if g.chance(0.35) {
		return []string{"*"}
	}
	var out []string
	for _, r := range g.some(genResourcePatterns, 3) {
		if g.chance(0.2) {
			r = g.pick(genResources) // an exact ARN
			if r == "*" {
				continue
			}
		}
		out = appendUnique(out, r)
	}
	if len(out) == 0 {
		out = []string{"*"}
	}
	return out
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// cond draws one condition. Its key is usually one its operator family
// is meant for, sometimes any key (a type mismatch must not break anything).
func (g *gen) cond() genCond {
	return g.condFrom(genFamilies, genKeys, genDerivedKeys, 0)
}

// condFrom draws one condition from the given operator families, request
// keys and derived keys; with keyCase > 0, the key is written in random case
// with that probability (key names are case-insensitive).
func (g *gen) condFrom(families []opFamily, keys []genKey, derived []string, keyCase float64) genCond {
	f := families[g.n(len(families))]
	c := genCond{Op: g.pick(f.ops)}
	switch {
	case f.keys != nil && g.chance(0.8):
		c.Key = g.pick(f.keys)
	case g.chance(0.7):
		c.Key = keys[g.n(len(keys))].name
	default:
		c.Key = g.pick(derived)
	}
	if keyCase > 0 && g.chance(keyCase) {
		c.Key = randomCase(g, c.Key)
	}
	if c.Op == "Null" {
		c.Values = []string{g.pick(f.values)}
	} else {
		c.Values = g.some(f.values, 3)
		if g.chance(0.25) {
			c.Op += "IfExists"
		}
		if g.chance(0.3) {
			if g.chance(0.5) {
				c.Op = "ForAnyValue:" + c.Op
			} else {
				c.Op = "ForAllValues:" + c.Op
			}
		}
	}
	c.Raw = f.raw && g.chance(0.5)
	return c
}

// conds draws 0..3 conditions with distinct (operator, key) pairs.
func (g *gen) conds() []genCond {
	return g.condsFrom(0.55, g.cond)
}

// condsFrom draws no condition with probability none, else 1..3 draws of
// cond, keeping those with distinct (operator, key) pairs.
func (g *gen) condsFrom(none float64, cond func() genCond) []genCond {
	if g.chance(none) {
		return nil
	}
	k := 1 + g.n(3)
	var out []genCond
	seen := map[string]bool{}
	for i := 0; i < k; i++ {
		c := cond()
		id := c.Op + "\x00" + strings.ToLower(c.Key)
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, c)
	}
	return out
}

func (g *gen) principal() *genPrincipal {
	return g.principalFrom(6, genPolicyPrincipals, genServices)
}

// principalFrom draws a Principal element: "*", {"AWS": "*"}, a service
// with one principal, or 1..3 principals; the last is ways-3 times as
// likely as each of the others.
func (g *gen) principalFrom(ways int, principals, services []string) *genPrincipal {
	switch g.n(ways) {
	case 0:
		return &genPrincipal{Star: true}
	case 1:
		return &genPrincipal{AWS: []string{"*"}}
	case 2:
		return &genPrincipal{Service: []string{g.pick(services)}, AWS: g.some(principals, 1)}
	default:
		return &genPrincipal{AWS: g.some(principals, 3)}
	}
}

// stmt draws a statement for a policy of the given kind.
func (g *gen) stmt(kind policy.Kind, effect string) genStmt {
	s := genStmt{Effect: effect, Arrays: g.chance(0.3)}
	if effect == "" {
		s.Effect = "Allow"
		if g.chance(0.3) {
			s.Effect = "Deny"
		}
	}
	s.Actions = g.actions()
	s.NotAction = g.chance(0.12)
	if kind != policy.KindTrust {
		s.Resources = g.resources()
		s.NotResource = g.chance(0.1)
	}
	g.stmtPrincipal(&s, kind, g.principal, genPolicyPrincipals)
	s.Conds = g.conds()
	return s
}

// stmtPrincipal draws the Principal (or NotPrincipal) element that a
// statement of a policy of the given kind needs, if any.
func (g *gen) stmtPrincipal(s *genStmt, kind policy.Kind, principal func() *genPrincipal, principals []string) {
	switch kind {
	case policy.KindResource, policy.KindTrust:
		s.Principal = principal()
		if kind == policy.KindResource && s.Effect == "Deny" && g.chance(0.15) {
			s.NotPrincipal = true
			s.Principal = &genPrincipal{AWS: g.some(principals, 2)}
		}
	case policy.KindRCP:
		s.Principal = &genPrincipal{Star: true}
	}
}

// version draws a policy's Version: 2008-10-17 and none each with
// probability 1/ways, else 2012-10-17.
func (g *gen) version(ways int) string {
	switch g.n(ways) {
	case 0:
		return policy.Version2008
	case 1:
		return ""
	}
	return policy.Version2012
}

func (g *gen) policy(kind policy.Kind, nstmt int) genPolicy {
	p := genPolicy{Kind: kind, Version: g.version(12)}
	for i := 0; i < nstmt; i++ {
		p.Stmts = append(p.Stmts, g.stmt(kind, ""))
	}
	p.Single = nstmt == 1 && g.chance(0.3)
	return p
}

// allowAll is FullAWSAccess, the default SCP.
func allowAll(kind policy.Kind) genPolicy {
	s := genStmt{Effect: "Allow", Actions: []string{"*"}, Resources: []string{"*"}}
	if kind == policy.KindRCP || kind == policy.KindResource {
		s.Principal = &genPrincipal{Star: true}
	}
	return genPolicy{Kind: kind, Version: policy.Version2012, Stmts: []genStmt{s}}
}

// orgLevels draws 1..2 levels of SCPs or RCPs; most levels carry the
// FullAWSAccess policy so that the rest of the logic is reached.
func (g *gen) orgLevels(kind policy.Kind) [][]genPolicy {
	return g.orgLevelsFrom(kind, func(nstmt int) genPolicy { return g.policy(kind, nstmt) })
}

// orgLevelsFrom is orgLevels with the policies drawn by draw.
func (g *gen) orgLevelsFrom(kind policy.Kind, draw func(nstmt int) genPolicy) [][]genPolicy {
	var out [][]genPolicy
	for l := 1 + g.n(2); l > 0; l-- {
		var lvl []genPolicy
		if g.chance(0.8) {
			lvl = append(lvl, allowAll(kind))
		}
		if g.chance(0.6) || len(lvl) == 0 {
			lvl = append(lvl, draw(1+g.n(2)))
		}
		out = append(out, lvl)
	}
	return out
}

// set draws a policy set.
func (g *gen) set() genSet {
	var s genSet
	for i := 1 + g.n(3); i > 0; i-- {
		s.Identity = append(s.Identity, g.policy(policy.KindIdentity, 1+g.n(3)))
	}
	if g.chance(0.4) {
		switch g.n(8) {
		case 0:
			s.ResKind = eval.ResourceKMSKey
		case 1:
			s.ResKind = eval.ResourceRoleTrust
		}
		kind := policy.KindResource
		if s.ResKind == eval.ResourceRoleTrust {
			kind = policy.KindTrust
		}
		p := g.policy(kind, 1+g.n(3))
		s.Resource = &p
	}
	if g.chance(0.3) {
		for i := 1 + g.n(2); i > 0; i-- {
			s.Boundary = append(s.Boundary, g.policy(policy.KindBoundary, 1+g.n(2)))
		}
	}
	if g.chance(0.2) {
		s.Session = append(s.Session, g.policy(policy.KindSession, 1+g.n(2)))
	}
	if g.chance(0.3) {
		s.SCPs = g.orgLevels(policy.KindSCP)
	}
	if g.chance(0.15) {
		s.RCPs = g.orgLevels(policy.KindRCP)
	}
	return s
}

// req draws a request.
func (g *gen) req() genReq {
	q := genReq{
		Action:    g.pick(genActions),
		Resource:  g.pick(genResources),
		Principal: g.pick(genPrincipals),
	}
	if strings.HasSuffix(q.Principal, ":root") && g.chance(0.6) {
		q.Principal = g.pick(genPrincipals) // the root user is allowed too easily
	}
	if g.chance(0.3) {
		q.Action = randomCase(g, q.Action)
	}
	if g.chance(0.15) {
		q.ResourceAccount = g.pick([]string{acctA, acctB})
	}
	if g.chance(0.5) {
		q.Tags = map[string]string{"team": g.pick([]string{"Orders", "blue", "alice"})}
	}
	for _, k := range genKeys {
		if g.chance(0.45) {
			q.Context = append(q.Context, g.entry(k))
		}
	}
	return q
}

// entry draws a request value of key k: 0..3 of its values for a list-typed
// key (an empty list too), one for any other.
func (g *gen) entry(k genKey) iamctx.Entry {
	e := iamctx.Entry{Key: k.name, Type: k.typ}
	if k.typ.IsList() {
		n := g.n(4)
		for _, i := range g.r.Perm(len(k.values))[:min(n, len(k.values))] {
			e.Values = append(e.Values, k.values[i])
		}
	} else {
		e.Values = []string{g.pick(k.values)}
	}
	return e
}

func randomCase(g *gen, s string) string {
	b := []byte(s)
	for i, c := range b {
		if g.chance(0.5) {
			if 'a' <= c && c <= 'z' {
				b[i] = c - 'a' + 'A'
			} else if 'A' <= c && c <= 'Z' {
				b[i] = c - 'A' + 'a'
			}
		}
	}
	return string(b)
}

// Writing JSON.

func jsonString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func writeList(b *strings.Builder, vals []string, arrays bool, raw bool) {
	w := func(v string) {
		if raw {
			b.WriteString(v)
		} else {
			b.WriteString(jsonString(v))
		}
	}
	if len(vals) == 1 && !arrays {
		w(vals[0])
		return
	}
	b.WriteByte('[')
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		w(v)
	}
	b.WriteByte(']')
}

// rawOK reports whether every value can be written as a JSON literal.
func rawOK(vals []string) bool {
	for _, v := range vals {
		if v == "true" || v == "false" {
			continue
		}
		if !json.Valid([]byte(v)) || strings.ContainsAny(v, "\"[{") {
			return false
		}
	}
	return true
}

func (p *genPolicy) JSON() []byte {
	var b strings.Builder
	b.WriteString("{\n")
	if p.Version != "" {
		b.WriteString(`  "Version": ` + jsonString(p.Version) + ",\n")
	}
	b.WriteString(`  "Statement": `)
	if !p.Single || len(p.Stmts) != 1 {
		b.WriteString("[")
	}
	for i := range p.Stmts {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    ")
		p.Stmts[i].write(&b)
	}
	if !p.Single || len(p.Stmts) != 1 {
		b.WriteString("\n  ]")
	}
	b.WriteString("\n}\n")
	return []byte(b.String())
}

// compactJSON is JSON without the insignificant white space.
func (p *genPolicy) compactJSON() []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, p.JSON()); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func (s *genStmt) write(b *strings.Builder) {
	b.WriteString(`{"Effect": ` + jsonString(s.Effect))
	if s.Principal != nil {
		if s.NotPrincipal {
			b.WriteString(`, "NotPrincipal": `)
		} else {
			b.WriteString(`, "Principal": `)
		}
		if s.Principal.Star {
			b.WriteString(`"*"`)
		} else {
			b.WriteString("{")
			sep := ""
			if len(s.Principal.AWS) > 0 {
				b.WriteString(`"AWS": `)
				writeList(b, s.Principal.AWS, s.Arrays, false)
				sep = ", "
			}
			if len(s.Principal.Service) > 0 {
				b.WriteString(sep + `"Service": `)
				writeList(b, s.Principal.Service, s.Arrays, false)
			}
			b.WriteString("}")
		}
	}
	if s.NotAction {
		b.WriteString(`, "NotAction": `)
	} else {
		b.WriteString(`, "Action": `)
	}
	writeList(b, s.Actions, s.Arrays, false)
	if s.Resources != nil {
		if s.NotResource {
			b.WriteString(`, "NotResource": `)
		} else {
			b.WriteString(`, "Resource": `)
		}
		writeList(b, s.Resources, s.Arrays, false)
	}
	if len(s.Conds) > 0 {
		// One block per operator, in order of first appearance.
		b.WriteString(`, "Condition": {`)
		done := map[int]bool{}
		first := true
		for i := range s.Conds {
			if done[i] {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			b.WriteString(jsonString(s.Conds[i].Op) + ": {")
			for j := i; j < len(s.Conds); j++ {
				c := &s.Conds[j]
				if done[j] || c.Op != s.Conds[i].Op {
					continue
				}
				if j > i {
					b.WriteString(", ")
				}
				done[j] = true
				b.WriteString(jsonString(c.Key) + ": ")
				writeList(b, c.Values, s.Arrays, c.Raw && rawOK(c.Values))
			}
			b.WriteString("}")
		}
		b.WriteString("}")
	}
	b.WriteString("}")
}

// Deep copies, for transformations.

func (p genPolicy) clone() genPolicy {
	q := p
	q.Stmts = make([]genStmt, len(p.Stmts))
	for i := range p.Stmts {
		q.Stmts[i] = p.Stmts[i].clone()
	}
	return q
}

func (s genStmt) clone() genStmt {
	t := s
	if s.Principal != nil {
		pr := *s.Principal
		pr.AWS = append([]string(nil), pr.AWS...)
		pr.Service = append([]string(nil), pr.Service...)
		t.Principal = &pr
	}
	t.Actions = append([]string(nil), s.Actions...)
	if s.Resources != nil {
		t.Resources = append([]string{}, s.Resources...) // non-nil, as s.Resources
	}
	t.Conds = make([]genCond, len(s.Conds))
	for i, c := range s.Conds {
		c.Values = append([]string(nil), c.Values...)
		t.Conds[i] = c
	}
	return t
}

func clonePolicies(ps []genPolicy) []genPolicy {
	if ps == nil {
		return nil
	}
	out := make([]genPolicy, len(ps))
	for i := range ps {
		out[i] = ps[i].clone()
	}
	return out
}

func cloneLevels(ls [][]genPolicy) [][]genPolicy {
	if ls == nil {
		return nil
	}
	out := make([][]genPolicy, len(ls))
	for i := range ls {
		out[i] = clonePolicies(ls[i])
	}
	return out
}

func (s genSet) clone() genSet {
	t := s
	t.Identity = clonePolicies(s.Identity)
	if s.Resource != nil {
		p := s.Resource.clone()
		t.Resource = &p
	}
	t.Boundary = clonePolicies(s.Boundary)
	t.Session = clonePolicies(s.Session)
	t.SCPs = cloneLevels(s.SCPs)
	t.RCPs = cloneLevels(s.RCPs)
	if s.VPCEndpoint != nil {
		p := s.VPCEndpoint.clone()
		t.VPCEndpoint = &p
	}
	return t
}

// each calls f on every policy of the set, with a name for messages.
func (s *genSet) each(f func(name string, p *genPolicy)) {
	for i := range s.Identity {
		f(fmt.Sprintf("identity.%d", i+1), &s.Identity[i])
	}
	if s.Resource != nil {
		f("resource", s.Resource)
	}
	for i := range s.Boundary {
		f(fmt.Sprintf("boundary.%d", i+1), &s.Boundary[i])
	}
	for i := range s.Session {
		f(fmt.Sprintf("session.%d", i+1), &s.Session[i])
	}
	for l := range s.SCPs {
		for i := range s.SCPs[l] {
			f(fmt.Sprintf("scp.%d.%d", l+1, i+1), &s.SCPs[l][i])
		}
	}
	for l := range s.RCPs {
		for i := range s.RCPs[l] {
			f(fmt.Sprintf("rcp.%d.%d", l+1, i+1), &s.RCPs[l][i])
		}
	}
	if s.VPCEndpoint != nil {
		f("vpcEndpoint", s.VPCEndpoint)
	}
}

// String writes every policy, for failure messages.
func (s genSet) String() string {
	var b strings.Builder
	if s.ResKind != eval.ResourceGeneric {
		fmt.Fprintf(&b, "resourceKind: %d\n", s.ResKind)
	}
	s.each(func(name string, p *genPolicy) {
		fmt.Fprintf(&b, "%s:\n%s", name, p.JSON())
	})
	return b.String()
}

func (q genReq) String() string {
	b, _ := json.Marshal(q)
	return string(b)
}

// Building.

// parsePolicy writes p and parses it as its kind.
func parsePolicy(p *genPolicy, id string) (eval.Policy, error) {
	doc, err := policy.ParseKind(p.JSON(), p.Kind)
	if err != nil {
		return eval.Policy{}, fmt.Errorf("%s: %w\n%s", id, err, p.JSON())
	}
	return eval.Policy{ID: id, Document: doc}, nil
}

// build parses every policy of s into a PolicySet.
func (s *genSet) build() (eval.PolicySet, error) {
	set := eval.PolicySet{ResourceKind: s.ResKind}
	var firstErr error
	s.each(func(name string, p *genPolicy) {
		ep, err := parsePolicy(p, name)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			return
		}
		switch {
		case strings.HasPrefix(name, "identity"):
			set.Identity = append(set.Identity, ep)
		case name == "resource":
			set.Resource = &ep
		case strings.HasPrefix(name, "boundary"):
			set.PermissionsBoundary = append(set.PermissionsBoundary, ep)
		case strings.HasPrefix(name, "session"):
			set.Session = append(set.Session, ep)
		case name == "vpcEndpoint":
			set.VPCEndpoint = &ep
		}
	})
	levels := func(ls [][]genPolicy, prefix string) [][]eval.Policy {
		var out [][]eval.Policy
		for l := range ls {
			var lvl []eval.Policy
			for i := range ls[l] {
				ep, err := parsePolicy(&ls[l][i], fmt.Sprintf("%s.%d.%d", prefix, l+1, i+1))
				if err != nil && firstErr == nil {
					firstErr = err
				}
				lvl = append(lvl, ep)
			}
			out = append(out, lvl)
		}
		return out
	}
	set.SCPs = levels(s.SCPs, "scp")
	set.RCPs = levels(s.RCPs, "rcp")
	return set, firstErr
}

func (s *genSet) compile() (*eval.Engine, error) {
	set, err := s.build()
	if err != nil {
		return nil, err
	}
	return eval.Compile(set)
}

func (q *genReq) build() (*iamctx.Request, error) {
	return iamctx.New(iamctx.Input{
		Action:          q.Action,
		Resource:        q.Resource,
		Principal:       q.Principal,
		PrincipalTags:   q.Tags,
		ResourceAccount: q.ResourceAccount,
		Context:         q.Context,
	})
}
