package eval_test

// The differential check: random but valid policy sets and requests
// decided by iamsim and by an independent implementation, the npm package
// @cloud-copilot/iam-simulate, run as a separate Node process
// (testdata/differential/runner.mjs). Every disagreement is shrunk to a
// minimal case and put in a bucket by its cause; testdata/differential/KNOWN.md
// says, from the AWS documentation, who is right in each known bucket.
//
// It is off by default: it needs Node and the npm package, which
// `bash testdata/differential/run.sh` installs before it runs this test with
// IAMSIM_DIFFERENTIAL=1. Without that variable, or without
// testdata/differential/node_modules, the test skips at once.
//
// Knobs (environment): IAMSIM_DIFF_SETS (policy sets, default 20000),
// IAMSIM_DIFF_REQS (requests per set, default 5), IAMSIM_DIFF_SEED (default
// 1), IAMSIM_DIFF_MINIMIZE (how many disagreements to shrink, default 5000),
// IAMSIM_DIFF_REPORT (report file, default testdata/differential/out/report.md).
//
// The generator is this file's own (the ideas of gen_test.go, restricted to
// what both implementations model; README.md in testdata/differential lists
// the exclusions). Its identifiers start with dx so that they stay out of the
// way of the other tests of package eval_test.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/policy"
)

const dxDir = "../testdata/differential"

// ---------------------------------------------------------------------------
// The generated values: gen_test.go's genPolicy, genStmt, genCond,
// genPrincipal and genReq (Single and Arrays stay false, and the policies
// are written compact: compactJSON).

// dxSetKind says which resource-based policy rules a set's requests meet.
// The npm package picks them by the action's service (KMS key policies for
// kms: on a key, trust policies for sts: with a resource policy); iamsim by
// eval.PolicySet.ResourceKind. A set's requests stay within its kind.
// Session sets carry a session policy: the runner sends them through the
// package's checked entry point (the only one that takes a session
// policy), so their requests keep to pairs of action and resource type that
// its catalogue accepts and to global (aws:) context keys, and they have no
// RCPs (that entry point adds RCPFullAWSAccess to every RCP level).
type dxSetKind int

const (
	dxGeneric dxSetKind = iota
	dxKMS
	dxTrust
	dxSession
)

func (k dxSetKind) String() string {
	return [...]string{"generic", "kms", "trust", "session"}[k]
}

// dxSet is a genSet of one kind; ResKind follows Kind, and Session holds at
// most one policy.
type dxSet struct {
	Kind dxSetKind
	genSet
}

// dxReq is a request; ResourceAccount is always set (given to both sides).
type dxReq = genReq

// dxCase is one request with the policies that take part in it.
type dxCase struct {
	Set   dxSet
	Req   dxReq
	SetNo int // index of the generated set, for reproduction
}

// ---------------------------------------------------------------------------
// Vocabularies. Small on purpose, so that statements often apply.

const (
	dxA = "111122223333"
	dxB = "444455556666"
)

var (
	dxGenericActions = map[string][]string{
		"s3":       {"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject"},
		"sqs":      {"sqs:SendMessage", "sqs:ReceiveMessage"},
		"dynamodb": {"dynamodb:GetItem", "dynamodb:PutItem"},
		"sns":      {"sns:Publish"},
		"lambda":   {"lambda:InvokeFunction"},
		"iam":      {"iam:PassRole", "iam:GetUser"},
		"ec2":      {"ec2:StartInstances"},
	}
	dxServices         = []string{"s3", "s3", "s3", "sqs", "sqs", "dynamodb", "dynamodb", "sns", "lambda", "iam", "ec2"}
	dxGenericResources = map[string][]string{
		"s3": {
			"arn:aws:s3:::bucket-a/home/alice/file.txt",
			"arn:aws:s3:::bucket-a/home/bob/notes",
			"arn:aws:s3:::bucket-a/home/Bob/notes",
			"arn:aws:s3:::bucket-b/data",
			"arn:aws:s3:::bucket-a",
			"arn:aws:s3:::Bucket-a/home/alice/x",
			"arn:aws:s3:::bucket-a/HOME/alice/x",
			"arn:aws:s3:::bucket-a/Orders/1",
		},
		"sqs": {
			"arn:aws:sqs:us-east-1:" + dxA + ":queue1",
			"arn:aws:sqs:us-east-1:" + dxB + ":queue2",
			"arn:aws:sqs:eu-west-1:" + dxA + ":Queue3",
		},
		"dynamodb": {
			"arn:aws:dynamodb:us-east-1:" + dxA + ":table/Orders",
			"arn:aws:dynamodb:us-east-1:" + dxB + ":table/blue",
			"arn:aws:dynamodb:us-east-1:" + dxA + ":table/Orders/index/byDate",
		},
		"sns": {
			"arn:aws:sns:us-east-1:" + dxA + ":topic-a",
			"arn:aws:sns:us-east-1:" + dxB + ":topic-b",
		},
		"lambda": {
			"arn:aws:lambda:us-east-1:" + dxA + ":function:fn-a",
			"arn:aws:lambda:us-east-1:" + dxB + ":function:fn-b",
		},
		"iam": {
			"arn:aws:iam::" + dxA + ":role/dev",
			"arn:aws:iam::" + dxA + ":user/alice",
			"arn:aws:iam::" + dxA + ":user/Bob",
			"arn:aws:iam::" + dxB + ":role/ops",
			"arn:aws:iam::" + dxA + ":role/team/app",
		},
		"ec2": {
			"arn:aws:ec2:us-east-1:" + dxA + ":instance/i-123",
			"arn:aws:ec2:us-west-2:" + dxB + ":instance/i-456",
		},
	}
	dxKMSActions   = []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"}
	dxKMSResources = []string{
		"arn:aws:kms:us-east-1:" + dxA + ":key/1234",
		"arn:aws:kms:us-east-1:" + dxB + ":key/5678",
	}
	dxTrustActions   = []string{"sts:AssumeRole"}
	dxTrustResources = []string{
		"arn:aws:iam::" + dxA + ":role/dev",
		"arn:aws:iam::" + dxB + ":role/ops",
		"arn:aws:iam::" + dxA + ":role/team/app",
	}
	// Session sets: pairs the package's catalogue accepts.
	dxSessionPairs = [][2]string{
		{"s3:GetObject", "arn:aws:s3:::bucket-a/home/alice/file.txt"},
		{"s3:GetObject", "arn:aws:s3:::bucket-a/home/bob/notes"},
		{"s3:PutObject", "arn:aws:s3:::bucket-b/data"},
		{"s3:DeleteObject", "arn:aws:s3:::bucket-a/Orders/1"},
		{"s3:ListBucket", "arn:aws:s3:::bucket-a"},
		{"sqs:SendMessage", "arn:aws:sqs:us-east-1:" + dxA + ":queue1"},
		{"sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:" + dxB + ":queue2"},
		{"dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:" + dxA + ":table/Orders"},
		{"dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:" + dxB + ":table/blue"},
		{"sns:Publish", "arn:aws:sns:us-east-1:" + dxA + ":topic-a"},
		{"lambda:InvokeFunction", "arn:aws:lambda:us-east-1:" + dxA + ":function:fn-a"},
		{"ec2:StartInstances", "arn:aws:ec2:us-east-1:" + dxA + ":instance/i-123"},
		{"iam:GetUser", "arn:aws:iam::" + dxA + ":user/alice"},
		{"iam:PassRole", "arn:aws:iam::" + dxA + ":role/dev"},
	}
	dxSessionCallers = []string{
		"arn:aws:sts::" + dxA + ":assumed-role/dev/alice",
		"arn:aws:sts::" + dxA + ":assumed-role/app/s2",
		"arn:aws:sts::" + dxB + ":assumed-role/ops/s1",
		"arn:aws:sts::" + dxA + ":federated-user/fed",
	}
	dxActionPatterns = []string{
		"*", "s3:*", "s3:Get*", "s3:*Object", "s3:?etObject", "sqs:*",
		"sqs:*Message", "dynamodb:*Item", "dynamodb:Get*", "iam:Pass*", "iam:*",
		"kms:*", "kms:*crypt", "kms:Describe*", "sts:Assume*", "sts:*",
		"sns:*", "lambda:Invoke*", "ec2:*Instances", "s3:get*",
	}
	dxResourcePatterns = []string{
		"*",
		"arn:aws:s3:::bucket-a/*",
		"arn:aws:s3:::bucket-?/*",
		"arn:aws:s3:::bucket-a/home/${aws:username}/*",
		"arn:aws:s3:::bucket-a/home/${aws:username}/${aws:nope, 'x'}*",
		"arn:aws:s3:::bucket-a/${aws:PrincipalTag/team}/*",
		"arn:aws:s3:::*",
		"arn:aws:s3:::bucket-a",
		"arn:aws:s3:::bucket-a/home/*/notes",
		"arn:aws:sqs:*:" + dxA + ":queue*",
		"arn:aws:sqs:us-east-1:*:*",
		"arn:aws:dynamodb:us-east-1:*:table/Orders",
		"arn:aws:dynamodb:*:*:table/Orders/*",
		"arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}",
		"arn:aws:sns:*:*:topic-?",
		"arn:aws:lambda:*:" + dxA + ":function:*",
		"arn:aws:iam::" + dxA + ":role/*",
		"arn:aws:iam::*:user/${aws:username}",
		"arn:aws:kms:*:*:key/*",
		"arn:aws:kms:us-east-1:" + dxA + ":key/1234",
		"arn:aws:ec2:*:*:instance/*",
		"arn:aws:*:*:*:*",
		"arn:aws:*:*:" + dxB + ":*",
	}
	// Callers. Role ARNs are left out: they are an iamsim extension (real
	// callers are role sessions), which the other side models differently.
	dxCallers = []string{
		"arn:aws:iam::" + dxA + ":user/alice",
		"arn:aws:iam::" + dxA + ":user/Bob",
		"arn:aws:iam::" + dxA + ":user/team/carol",
		"arn:aws:sts::" + dxA + ":assumed-role/dev/alice",
		"arn:aws:sts::" + dxA + ":assumed-role/app/s2",
		"arn:aws:iam::" + dxB + ":user/dave",
		"arn:aws:sts::" + dxB + ":assumed-role/ops/s1",
	}
	dxRareCallers = []string{
		"arn:aws:sts::" + dxA + ":federated-user/fed",
		"arn:aws:iam::" + dxA + ":root",
		"s3.amazonaws.com",
		"lambda.amazonaws.com",
		"anonymous",
	}
	dxPolicyPrincipals = []string{
		dxA, dxB,
		"arn:aws:iam::" + dxA + ":root",
		"arn:aws:iam::" + dxB + ":root",
		"arn:aws:iam::" + dxA + ":user/alice",
		"arn:aws:iam::" + dxA + ":user/Bob",
		"arn:aws:iam::" + dxA + ":user/team/carol",
		"arn:aws:iam::" + dxA + ":role/dev",
		"arn:aws:iam::" + dxA + ":role/team/app",
		"arn:aws:sts::" + dxA + ":assumed-role/dev/alice",
		"arn:aws:iam::" + dxB + ":user/dave",
		"arn:aws:iam::" + dxB + ":role/ops",
		"arn:aws:sts::" + dxA + ":federated-user/fed",
	}
	dxServicePrincipals = []string{"s3.amazonaws.com", "lambda.amazonaws.com"}
)

var dxKeys = []genKey{
	{"aws:SourceIp", iamctx.TypeIP, []string{"10.0.0.5", "192.168.1.7", "172.16.0.1", "2001:db8::1"}},
	{"aws:MultiFactorAuthPresent", iamctx.TypeBoolean, []string{"true", "false"}},
	{"aws:SecureTransport", iamctx.TypeBoolean, []string{"true", "false", "TRUE"}},
	{"aws:CurrentTime", iamctx.TypeDate, []string{"2023-01-01T00:00:00Z", "2019-05-05", "1700000000", "2030-12-31T23:59:59Z", "2024-06-01T00:00:00Z"}},
	{"s3:max-keys", iamctx.TypeNumeric, []string{"5", "10", "100", "7.5", "-1"}},
	{"s3:prefix", iamctx.TypeString, []string{"home/alice/x", "home/bob", "HOME/alice", "other", "", "a*b", "a?b", "none", "home/nobody/x"}},
	{"aws:RequestTag/env", iamctx.TypeString, []string{"prod", "dev", "Prod"}},
	{"aws:TagKeys", iamctx.TypeStringList, []string{"team", "env", "Owner", "cost"}},
	{"aws:SourceArn", iamctx.TypeString, []string{"arn:aws:s3:::bucket-a", "arn:aws:sqs:us-east-1:" + dxA + ":queue1", "arn:aws:s3:::other", "arn:aws:iam::" + dxA + ":user/alice"}},
	{"aws:CalledVia", iamctx.TypeStringList, []string{"athena.amazonaws.com", "dataexchange.amazonaws.com"}},
	{"ec2:InstanceCount", iamctx.TypeNumericList, []string{"1", "2", "50"}},
	{"custom:Digest", iamctx.TypeBinary, []string{"aGVsbG8=", "d29ybGQ="}},
}

// Keys derived from the principal (iamctx.New adds them).
var dxDerivedKeys = []string{"aws:username", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType", "aws:PrincipalTag/team", "aws:userid"}

var dxFamilies = []opFamily{
	{[]string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"},
		[]string{"home/alice/x", "home/${aws:username}/*", "home/*", "HOME/alice", "prod", "dev", "team", "env", "Owner", "alice", "*", "${aws:PrincipalTag/team}", "User", "AssumedRole", dxA, "athena.amazonaws.com", "pr?d", "",
			"a${*}b", "a${?}b", "${aws:PrincipalTag/team, 'none'}", "home/${aws:username, 'nobody'}/*"},
		[]string{"s3:prefix", "aws:RequestTag/env", "aws:TagKeys", "aws:username", "aws:PrincipalTag/team", "aws:PrincipalType", "aws:PrincipalAccount", "aws:CalledVia"}, false},
	{[]string{"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
		[]string{"5", "10", "7.5", "100", "0", "-1"}, []string{"s3:max-keys", "ec2:InstanceCount"}, true},
	{[]string{"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"},
		[]string{"2020-01-01T00:00:00Z", "2024-06-01", "1700000000", "2023-01-01T00:00:00Z", "2025-03-04T05:06:07+02:00"}, []string{"aws:CurrentTime"}, false},
	{[]string{"Bool"}, []string{"true", "false"}, []string{"aws:MultiFactorAuthPresent", "aws:SecureTransport"}, true},
	{[]string{"IpAddress", "NotIpAddress"}, []string{"10.0.0.0/8", "192.168.1.0/24", "10.0.0.5/32", "172.16.0.1", "2001:db8::/32"}, []string{"aws:SourceIp"}, false},
	{[]string{"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"},
		[]string{"arn:aws:s3:::bucket-a", "arn:aws:s3:::bucket-*", "arn:aws:sqs:us-east-1:" + dxA + ":queue?", "arn:aws:iam::" + dxA + ":user/${aws:username}", "arn:aws:iam::*:role/dev", "arn:aws:*:*:*:*"},
		[]string{"aws:SourceArn", "aws:PrincipalArn"}, false},
	{[]string{"BinaryEquals"}, []string{"aGVsbG8=", "d29ybGQ="}, []string{"custom:Digest"}, false},
	{[]string{"Null"}, []string{"true", "false"}, nil, true},
}

// ---------------------------------------------------------------------------
// The generator: gen_test.go's, drawing from the vocabularies above.

type dxGen struct{ *gen }

func dxNewGen(seed uint64) *dxGen {
	return &dxGen{&gen{r: rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d))}}
}

func (g *dxGen) allActions() []string {
	var out []string
	for _, svc := range dxServices {
		out = append(out, dxGenericActions[svc]...)
	}
	return append(append(out, dxKMSActions...), dxTrustActions...)
}

func (g *dxGen) actions(kind dxSetKind) []string {
	k := 1 + g.n(3)
	var out []string
	seen := map[string]bool{}
	for tries := 0; len(out) < k && tries < 10; tries++ {
		var a string
		switch {
		case g.chance(0.45):
			a = g.pick(dxActionPatterns)
		case kind == dxKMS && g.chance(0.6):
			a = g.pick(dxKMSActions)
		case kind == dxTrust && g.chance(0.6):
			a = g.pick(dxTrustActions)
		default:
			a = g.pick(g.allActions())
		}
		if g.chance(0.1) {
			a = randomCase(g.gen, a)
		}
		if seen[strings.ToLower(a)] {
			continue
		}
		seen[strings.ToLower(a)] = true
		out = append(out, a)
	}
	return out
}

func (g *dxGen) resources() []string {
	if g.chance(0.3) {
		return []string{"*"}
	}
	var out []string
	for _, r := range g.some(dxResourcePatterns, 3) {
		if g.chance(0.25) {
			svc := g.pick(dxServices)
			r = g.pick(dxGenericResources[svc])
		}
		out = appendUnique(out, r)
	}
	return out
}

func (g *dxGen) cond() genCond {
	return g.condFrom(dxFamilies, dxKeys, dxDerivedKeys, 0.1)
}

func (g *dxGen) conds() []genCond {
	return g.condsFrom(0.5, g.cond)
}

func (g *dxGen) principal() *genPrincipal {
	return g.principalFrom(8, dxPolicyPrincipals, dxServicePrincipals)
}

func (g *dxGen) stmt(kind policy.Kind, set dxSetKind) genStmt {
	s := genStmt{Effect: "Allow"}
	if g.chance(0.3) {
		s.Effect = "Deny"
	}
	s.Actions = g.actions(set)
	s.NotAction = g.chance(0.1)
	if kind != policy.KindTrust {
		s.Resources = g.resources()
		s.NotResource = g.chance(0.1)
	}
	g.stmtPrincipal(&s, kind, g.principal, dxPolicyPrincipals)
	s.Conds = g.conds()
	return s
}

func (g *dxGen) policy(kind policy.Kind, set dxSetKind, nstmt int) genPolicy {
	p := genPolicy{Kind: kind, Version: g.version(20)}
	for i := 0; i < nstmt; i++ {
		p.Stmts = append(p.Stmts, g.stmt(kind, set))
	}
	return p
}

func (g *dxGen) orgLevels(kind policy.Kind, set dxSetKind) [][]genPolicy {
	return g.orgLevelsFrom(kind, func(nstmt int) genPolicy { return g.policy(kind, set, nstmt) })
}

func (g *dxGen) set() dxSet {
	var s dxSet
	switch k := g.n(100); {
	case k < 12:
		s.Kind, s.ResKind = dxKMS, eval.ResourceKMSKey
	case k < 24:
		s.Kind, s.ResKind = dxTrust, eval.ResourceRoleTrust
	case k < 36:
		s.Kind = dxSession
	}
	for i := 1 + g.n(3); i > 0; i-- {
		s.Identity = append(s.Identity, g.policy(policy.KindIdentity, s.Kind, 1+g.n(3)))
	}
	switch {
	case s.Kind == dxKMS:
		p := g.policy(policy.KindResource, s.Kind, 1+g.n(3))
		s.Resource = &p
	case s.Kind == dxTrust:
		p := g.policy(policy.KindTrust, s.Kind, 1+g.n(3))
		s.Resource = &p
	case g.chance(0.45):
		p := g.policy(policy.KindResource, s.Kind, 1+g.n(3))
		s.Resource = &p
	}
	if g.chance(0.3) {
		for i := 1 + g.n(2); i > 0; i-- {
			s.Boundary = append(s.Boundary, g.policy(policy.KindBoundary, s.Kind, 1+g.n(2)))
		}
	}
	if s.Kind == dxSession {
		s.Session = []genPolicy{g.policy(policy.KindSession, s.Kind, 1+g.n(2))}
	}
	if g.chance(0.3) {
		s.SCPs = g.orgLevels(policy.KindSCP, s.Kind)
	}
	if g.chance(0.15) && s.Kind != dxSession {
		s.RCPs = g.orgLevels(policy.KindRCP, s.Kind)
	}
	return s
}

// dxAccountOf returns the account in an ARN, or "".
func dxAccountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 {
		return parts[4]
	}
	return ""
}

func (g *dxGen) req(kind dxSetKind) dxReq {
	var q dxReq
	switch kind {
	case dxKMS:
		q.Action, q.Resource = g.pick(dxKMSActions), g.pick(dxKMSResources)
	case dxTrust:
		q.Action, q.Resource = g.pick(dxTrustActions), g.pick(dxTrustResources)
	case dxSession:
		pair := dxSessionPairs[g.n(len(dxSessionPairs))]
		q.Action, q.Resource = pair[0], pair[1]
	default:
		svc := g.pick(dxServices)
		q.Action = g.pick(dxGenericActions[svc])
		if g.chance(0.85) {
			q.Resource = g.pick(dxGenericResources[svc])
		} else {
			q.Resource = g.pick(dxGenericResources[g.pick(dxServices)])
		}
	}
	if g.chance(0.25) {
		q.Action = randomCase(g.gen, q.Action)
	}
	q.Principal = g.pick(dxCallers)
	if g.chance(0.12) {
		q.Principal = g.pick(dxRareCallers)
	}
	if kind == dxSession {
		q.Principal = g.pick(dxSessionCallers)
	}
	q.ResourceAccount = dxAccountOf(q.Resource)
	if q.ResourceAccount == "" { // S3 ARNs carry no account
		q.ResourceAccount = dxA
		if g.chance(0.2) {
			q.ResourceAccount = dxB
		}
	}
	if g.chance(0.5) {
		q.Tags = map[string]string{"team": g.pick([]string{"Orders", "blue", "alice", "home"})}
	}
	for _, k := range dxKeys {
		if g.chance(0.4) && (kind != dxSession || strings.HasPrefix(k.name, "aws:")) {
			q.Context = append(q.Context, g.entry(k))
		}
	}
	return q
}

// view returns the policies that take part in a request of principal p:
// anonymous callers and service principals have no identity-based policies,
// permissions boundaries or SCPs (the npm package rejects them for anonymous
// callers; AWS attaches none to either).
func (s dxSet) view(p string) dxSet {
	if p == "anonymous" || strings.HasSuffix(p, ".amazonaws.com") {
		s.Identity, s.Boundary, s.SCPs = nil, nil, nil
	}
	return s
}

// ---------------------------------------------------------------------------
// The other side: one Node process running runner.mjs.

type dxNodeCase struct {
	ID             int                 `json:"id"`
	Identity       []json.RawMessage   `json:"identity"`
	ResourcePolicy json.RawMessage     `json:"resourcePolicy,omitempty"`
	Boundary       []json.RawMessage   `json:"boundary,omitempty"`
	SessionPolicy  json.RawMessage     `json:"sessionPolicy,omitempty"`
	SCPs           [][]json.RawMessage `json:"scps"`
	RCPs           [][]json.RawMessage `json:"rcps"`
	Principal      string              `json:"principal"`
	Action         string              `json:"action"`
	Resource       string              `json:"resource"`
	Account        string              `json:"account"`
	Context        map[string]any      `json:"context"`
}

type dxNodeResult struct {
	ID       int    `json:"id"`
	Decision string `json:"decision"`
	Error    string `json:"error"`
}

// nodeCase writes c for the runner. The context is the request as iamctx
// built it, derived keys included (aws:username, aws:PrincipalArn, ...), so
// that both sides see the same keys: the npm package derives none.
func dxNodeCaseOf(id int, c *dxCase, r *iamctx.Request) dxNodeCase {
	n := dxDocsOf(c)
	n.ID = id
	n.Context = dxContextOf(r)
	return n
}

// dxDocsOf is dxNodeCaseOf without the id and the context: c's policies as
// JSON documents and its request.
func dxDocsOf(c *dxCase) dxNodeCase {
	raw := func(ps []genPolicy) []json.RawMessage {
		out := make([]json.RawMessage, len(ps))
		for i := range ps {
			out[i] = ps[i].compactJSON()
		}
		return out
	}
	n := dxNodeCase{
		Identity:  raw(c.Set.Identity),
		Boundary:  raw(c.Set.Boundary),
		SCPs:      [][]json.RawMessage{},
		RCPs:      [][]json.RawMessage{},
		Principal: c.Req.Principal,
		Action:    c.Req.Action,
		Resource:  c.Req.Resource,
		Account:   c.Req.ResourceAccount,
	}
	if c.Set.Resource != nil {
		n.ResourcePolicy = c.Set.Resource.compactJSON()
	}
	if len(c.Set.Session) > 0 {
		n.SessionPolicy = c.Set.Session[0].compactJSON()
	}
	for _, l := range c.Set.SCPs {
		n.SCPs = append(n.SCPs, raw(l))
	}
	for _, l := range c.Set.RCPs {
		n.RCPs = append(n.RCPs, raw(l))
	}
	return n
}

// dxContextOf writes the request's context keys, derived ones included, as
// the runner takes them: a list-typed key as an array, any other as a string.
func dxContextOf(r *iamctx.Request) map[string]any {
	out := map[string]any{}
	for _, k := range r.Keys() {
		v, _ := r.Get(k)
		if v.Type().IsList() {
			out[k] = append([]string{}, v.Strings()...)
		} else {
			out[k] = v.String(0)
		}
	}
	return out
}

type dxNode struct {
	cmd *exec.Cmd
	in  *bufio.Writer
	out *bufio.Reader
	mu  sync.Mutex
}

func dxStartNode(node string) (*dxNode, error) {
	cmd := exec.Command(node, "runner.mjs")
	cmd.Dir = dxDir
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &dxNode{cmd: cmd, in: bufio.NewWriterSize(stdin, 1<<20), out: bufio.NewReaderSize(stdout, 1<<20)}, nil
}

func (n *dxNode) close() {
	n.in.Flush()
	if c, ok := n.cmd.Stdin.(io.Closer); ok {
		c.Close()
	}
	_ = n.cmd.Process.Kill()
	_ = n.cmd.Wait()
}

func (n *dxNode) send(c dxNodeCase) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = n.in.Write(b)
	return err
}

func (n *dxNode) recv() (dxNodeResult, error) {
	line, err := n.out.ReadBytes('\n')
	if err != nil {
		return dxNodeResult{}, err
	}
	var res dxNodeResult
	err = json.Unmarshal(line, &res)
	return res, err
}

// ask sends one case and waits for its answer.
func (n *dxNode) ask(c dxNodeCase) (dxNodeResult, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.send(c); err != nil {
		return dxNodeResult{}, err
	}
	if err := n.in.Flush(); err != nil {
		return dxNodeResult{}, err
	}
	return n.recv()
}

// ---------------------------------------------------------------------------
// Deciding one case on both sides.

type dxOutcome struct {
	iam, npm string // decisions; npm may be "error: ..."
	bad      error  // the case is invalid for iamsim (shrinking only)
}

func (o dxOutcome) disagree() bool { return o.bad == nil && o.iam != o.npm }

func dxDecideBoth(n *dxNode, c *dxCase) dxOutcome {
	e, err := c.Set.compile()
	if err != nil {
		return dxOutcome{bad: err}
	}
	r, err := c.Req.build()
	if err != nil {
		return dxOutcome{bad: err}
	}
	res, err := n.ask(dxNodeCaseOf(0, c, r))
	if err != nil {
		return dxOutcome{bad: err}
	}
	o := dxOutcome{iam: e.Decide(r).String(), npm: res.Decision}
	if res.Error != "" {
		o.npm = "error: " + res.Error
	}
	return o
}

// ---------------------------------------------------------------------------
// Shrinking a disagreement while both decisions stay as they were.

func (c dxCase) clone() dxCase {
	d := c
	d.Set.genSet = c.Set.genSet.clone()
	d.Req.Context = nil
	for _, e := range c.Req.Context {
		e.Values = append([]string(nil), e.Values...)
		d.Req.Context = append(d.Req.Context, e)
	}
	if c.Req.Tags != nil {
		d.Req.Tags = map[string]string{}
		for k, v := range c.Req.Tags {
			d.Req.Tags[k] = v
		}
	}
	return d
}

// dxEdits lists every one-step simplification of c: each returns the
// simplified copy, or false when it does not apply.
func dxEdits(c dxCase) []func() (dxCase, bool) {
	var edits []func() (dxCase, bool)
	add := func(f func(d *dxCase) bool) {
		edits = append(edits, func() (dxCase, bool) {
			d := c.clone()
			return d, f(&d)
		})
	}
	// Whole policies and levels.
	for i := range c.Set.Identity {
		add(func(d *dxCase) bool {
			d.Set.Identity = append(d.Set.Identity[:i], d.Set.Identity[i+1:]...)
			return true
		})
	}
	if c.Set.Resource != nil && c.Set.Kind == dxGeneric {
		add(func(d *dxCase) bool { d.Set.Resource = nil; return true })
	}
	for i := range c.Set.Boundary {
		add(func(d *dxCase) bool {
			d.Set.Boundary = append(d.Set.Boundary[:i], d.Set.Boundary[i+1:]...)
			return true
		})
	}
	if len(c.Set.Session) > 0 {
		add(func(d *dxCase) bool { d.Set.Session = nil; return true })
	}
	for _, org := range []int{0, 1} {
		ls := c.Set.SCPs
		if org == 1 {
			ls = c.Set.RCPs
		}
		for l := range ls {
			get := func(d *dxCase) *[][]genPolicy {
				if org == 1 {
					return &d.Set.RCPs
				}
				return &d.Set.SCPs
			}
			add(func(d *dxCase) bool { p := get(d); *p = append((*p)[:l], (*p)[l+1:]...); return true })
			for i := range ls[l] {
				if len(ls[l]) > 1 {
					add(func(d *dxCase) bool {
						p := get(d)
						(*p)[l] = append((*p)[l][:i], (*p)[l][i+1:]...)
						return true
					})
				}
			}
		}
	}
	// Inside every policy.
	var policies []func(d *dxCase) *genPolicy
	for i := range c.Set.Identity {
		policies = append(policies, func(d *dxCase) *genPolicy { return &d.Set.Identity[i] })
	}
	if c.Set.Resource != nil {
		policies = append(policies, func(d *dxCase) *genPolicy { return d.Set.Resource })
	}
	for i := range c.Set.Boundary {
		policies = append(policies, func(d *dxCase) *genPolicy { return &d.Set.Boundary[i] })
	}
	for i := range c.Set.Session {
		policies = append(policies, func(d *dxCase) *genPolicy { return &d.Set.Session[i] })
	}
	for l := range c.Set.SCPs {
		for i := range c.Set.SCPs[l] {
			policies = append(policies, func(d *dxCase) *genPolicy { return &d.Set.SCPs[l][i] })
		}
	}
	for l := range c.Set.RCPs {
		for i := range c.Set.RCPs[l] {
			policies = append(policies, func(d *dxCase) *genPolicy { return &d.Set.RCPs[l][i] })
		}
	}
	for _, pf := range policies {
		p := pf(&c)
		if p.Version != policy.Version2012 {
			add(func(d *dxCase) bool { pf(d).Version = policy.Version2012; return true })
		}
		for si := range p.Stmts {
			s := &p.Stmts[si]
			if len(p.Stmts) > 1 {
				add(func(d *dxCase) bool { q := pf(d); q.Stmts = append(q.Stmts[:si], q.Stmts[si+1:]...); return true })
			}
			st := func(d *dxCase) *genStmt { return &pf(d).Stmts[si] }
			for ci := range s.Conds {
				add(func(d *dxCase) bool { t := st(d); t.Conds = append(t.Conds[:ci], t.Conds[ci+1:]...); return true })
				for vi := range s.Conds[ci].Values {
					if len(s.Conds[ci].Values) > 1 {
						add(func(d *dxCase) bool {
							cc := &st(d).Conds[ci]
							cc.Values = append(cc.Values[:vi], cc.Values[vi+1:]...)
							return true
						})
					}
				}
				if s.Conds[ci].Raw {
					add(func(d *dxCase) bool { st(d).Conds[ci].Raw = false; return true })
				}
			}
			for ai := range s.Actions {
				if len(s.Actions) > 1 {
					add(func(d *dxCase) bool { t := st(d); t.Actions = append(t.Actions[:ai], t.Actions[ai+1:]...); return true })
				}
			}
			for ri := range s.Resources {
				if len(s.Resources) > 1 {
					add(func(d *dxCase) bool {
						t := st(d)
						t.Resources = append(t.Resources[:ri], t.Resources[ri+1:]...)
						return true
					})
				}
			}
			if pr := s.Principal; pr != nil && !pr.Star {
				for ai := range pr.AWS {
					if len(pr.AWS)+len(pr.Service) > 1 {
						add(func(d *dxCase) bool {
							q := st(d).Principal
							q.AWS = append(q.AWS[:ai], q.AWS[ai+1:]...)
							return true
						})
					}
				}
				for ai := range pr.Service {
					if len(pr.AWS)+len(pr.Service) > 1 {
						add(func(d *dxCase) bool {
							q := st(d).Principal
							q.Service = append(q.Service[:ai], q.Service[ai+1:]...)
							return true
						})
					}
				}
			}
		}
	}
	// The request.
	for i := range c.Req.Context {
		add(func(d *dxCase) bool { d.Req.Context = append(d.Req.Context[:i], d.Req.Context[i+1:]...); return true })
		for vi := range c.Req.Context[i].Values {
			if c.Req.Context[i].Type.IsList() {
				add(func(d *dxCase) bool {
					e := &d.Req.Context[i]
					e.Values = append(e.Values[:vi], e.Values[vi+1:]...)
					return true
				})
			}
		}
	}
	if c.Req.Tags != nil {
		add(func(d *dxCase) bool { d.Req.Tags = nil; return true })
	}
	return edits
}

// dxShrink applies simplifications while the two decisions stay the same.
func dxShrink(n *dxNode, c dxCase, want dxOutcome) dxCase {
	for changed := true; changed; {
		changed = false
		for _, edit := range dxEdits(c) {
			d, ok := edit()
			if !ok {
				continue
			}
			o := dxDecideBoth(n, &d)
			if o.bad == nil && o.iam == want.iam && o.npm == want.npm {
				c = d
				changed = true
				break
			}
		}
	}
	return c
}

// ---------------------------------------------------------------------------
// Buckets: the cause of a disagreement, read from its shrunk case. Each
// predicate is checked in order; the first that holds names the bucket.
// KNOWN.md explains each with the AWS documentation.

type dxBucket struct {
	name string
	test func(c *dxCase, o dxOutcome, r *iamctx.Request) bool
}

func (c *dxCase) policies() []*genPolicy {
	var out []*genPolicy
	for i := range c.Set.Identity {
		out = append(out, &c.Set.Identity[i])
	}
	if c.Set.Resource != nil {
		out = append(out, c.Set.Resource)
	}
	for i := range c.Set.Boundary {
		out = append(out, &c.Set.Boundary[i])
	}
	for i := range c.Set.Session {
		out = append(out, &c.Set.Session[i])
	}
	for l := range c.Set.SCPs {
		for i := range c.Set.SCPs[l] {
			out = append(out, &c.Set.SCPs[l][i])
		}
	}
	for l := range c.Set.RCPs {
		for i := range c.Set.RCPs[l] {
			out = append(out, &c.Set.RCPs[l][i])
		}
	}
	return out
}

func (c *dxCase) anyStmt(f func(p *genPolicy, s *genStmt) bool) bool {
	for _, p := range c.policies() {
		for i := range p.Stmts {
			if f(p, &p.Stmts[i]) {
				return true
			}
		}
	}
	return false
}

func (c *dxCase) anyCond(f func(p *genPolicy, s *genStmt, k *genCond) bool) bool {
	return c.anyStmt(func(p *genPolicy, s *genStmt) bool {
		for i := range s.Conds {
			if f(p, s, &s.Conds[i]) {
				return true
			}
		}
		return false
	})
}

// dxVarRE finds policy variables (not ${*} ${?} ${$}).
var dxVarRE = regexp.MustCompile(`\$\{([^}*?$][^},]*)(,[^}]*)?\}`)

// unresolved reports whether v has a policy variable without a default
// whose key r lacks or holds as a list (not usable as a variable).
func dxUnresolved(v string, r *iamctx.Request) bool {
	for _, m := range dxVarRE.FindAllStringSubmatch(v, -1) {
		if m[2] != "" {
			continue
		}
		val, ok := r.Get(strings.TrimSpace(m[1]))
		if !ok || val.Type().IsList() {
			return true
		}
	}
	return false
}

func dxNegated(op string) bool {
	base := op[strings.LastIndexByte(op, ':')+1:]
	return strings.Contains(base, "Not")
}

func dxBase(op string) string {
	base := op[strings.LastIndexByte(op, ':')+1:]
	return strings.TrimSuffix(base, "IfExists")
}

// dxSomeValueFails reports whether the request has key and one of its
// values fails ok.
func dxSomeValueFails(r *iamctx.Request, key string, ok func(string) bool) bool {
	v, present := r.Get(key)
	if !present {
		return false
	}
	for _, x := range v.Strings() {
		if !ok(x) {
			return true
		}
	}
	return false
}

func dxIsNumber(s string) bool { _, err := iamctx.ParseNumber(s); return err == nil }
func dxIsDate(s string) bool   { _, err := iamctx.ParseDate(s); return err == nil }
func dxIsIP(s string) bool     { _, err := iamctx.ParseIP(s); return err == nil }

func dxArnLike(s string) bool {
	return strings.HasPrefix(s, "arn:") && strings.Count(s, ":") >= 5
}

func dxEpoch(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

var dxBuckets = []dxBucket{
	{"root user caller", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return strings.HasSuffix(c.Req.Principal, ":root")
	}},
	{"policy variable in a policy without Version 2012-10-17", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyStmt(func(p *genPolicy, s *genStmt) bool {
			if p.Version == policy.Version2012 {
				return false
			}
			for _, v := range s.Resources {
				if strings.Contains(v, "${") {
					return true
				}
			}
			for _, k := range s.Conds {
				for _, v := range k.Values {
					if strings.Contains(v, "${") {
						return true
					}
				}
			}
			return false
		})
	}},
	{"${*} ${?} ${$} in a StringEquals-family operator", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyCond(func(p *genPolicy, s *genStmt, k *genCond) bool {
			base := dxBase(k.Op)
			if p.Version != policy.Version2012 || !strings.HasPrefix(base, "String") || strings.HasSuffix(base, "Like") {
				return false
			}
			for _, v := range k.Values {
				if strings.Contains(v, "${*}") || strings.Contains(v, "${?}") || strings.Contains(v, "${$}") {
					return true
				}
			}
			return false
		})
	}},
	{"federated user session without a session policy", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return strings.Contains(c.Req.Principal, ":federated-user/") && len(c.Set.Session) == 0 && o.iam == "implicitDeny" && o.npm == "allowed"
	}},
	{"resource policy grant to the session itself, session policy silent", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		if len(c.Set.Session) == 0 || c.Set.Resource == nil || o.iam != "allowed" || o.npm != "implicitDeny" {
			return false
		}
		for _, s := range c.Set.Resource.Stmts {
			if s.Effect != "Allow" || s.Principal == nil || s.NotPrincipal {
				continue
			}
			if s.Principal.Star {
				return true
			}
			for _, a := range s.Principal.AWS {
				if a == "*" || a == c.Req.Principal {
					return true
				}
			}
		}
		return false
	}},
	{"ForAnyValue:...IfExists on an absent key", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyCond(func(p *genPolicy, s *genStmt, k *genCond) bool {
			_, present := r.Get(k.Key)
			return strings.HasPrefix(k.Op, "ForAnyValue:") && strings.HasSuffix(k.Op, "IfExists") && !present
		})
	}},
	{"operator without set qualifier on a list-valued key", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyCond(func(p *genPolicy, s *genStmt, k *genCond) bool {
			v, present := r.Get(k.Key)
			return !strings.HasPrefix(k.Op, "For") && k.Op != "Null" && present && v.Type().IsList()
		})
	}},
	{"unresolvable policy variable in NotResource", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyStmt(func(p *genPolicy, s *genStmt) bool {
			if !s.NotResource || p.Version != policy.Version2012 {
				return false
			}
			for _, v := range s.Resources {
				if dxUnresolved(v, r) {
					return true
				}
			}
			return false
		})
	}},
	{"unresolvable policy variable in a negated operator", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyCond(func(p *genPolicy, s *genStmt, k *genCond) bool {
			if !dxNegated(k.Op) || p.Version != policy.Version2012 {
				return false
			}
			for _, v := range k.Values {
				if dxUnresolved(v, r) {
					return true
				}
			}
			return false
		})
	}},
	{"date operator with an epoch-seconds value", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyCond(func(p *genPolicy, s *genStmt, k *genCond) bool {
			if !strings.HasPrefix(dxBase(k.Op), "Date") {
				return false
			}
			vals := append([]string(nil), k.Values...)
			if v, ok := r.Get(k.Key); ok {
				vals = append(vals, v.Strings()...)
			}
			for _, v := range vals {
				if dxEpoch(v) {
					return true
				}
			}
			return false
		})
	}},
	{"Null on an empty list", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyCond(func(p *genPolicy, s *genStmt, k *genCond) bool {
			v, ok := r.Get(k.Key)
			return dxBase(k.Op) == "Null" && ok && v.Len() == 0
		})
	}},
	{"numeric or date operator on a request value that is not a number or date", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyCond(func(p *genPolicy, s *genStmt, k *genCond) bool {
			base := dxBase(k.Op)
			var parses func(string) bool
			switch {
			case strings.HasPrefix(base, "Numeric"):
				parses = dxIsNumber
			case strings.HasPrefix(base, "Date"):
				parses = dxIsDate
			default:
				return false
			}
			return dxSomeValueFails(r, k.Key, parses)
		})
	}},
	{"NotPrincipal", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyStmt(func(p *genPolicy, s *genStmt) bool { return s.NotPrincipal })
	}},
	{"NotIpAddress: single address of the other IP family", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyCond(func(p *genPolicy, s *genStmt, k *genCond) bool {
			if dxBase(k.Op) != "NotIpAddress" {
				return false
			}
			v, ok := r.Get(k.Key)
			if !ok {
				return false
			}
			for _, x := range v.Strings() {
				a, err := iamctx.ParseIP(x)
				if err != nil {
					continue
				}
				for _, pv := range k.Values {
					if strings.Contains(pv, "/") {
						continue
					}
					if b, err := iamctx.ParseIP(pv); err == nil && a.Is4() != b.Is4() {
						return true
					}
				}
			}
			return false
		})
	}},
	{"negated operator on a request value that does not parse as its type", func(c *dxCase, o dxOutcome, r *iamctx.Request) bool {
		return c.anyCond(func(p *genPolicy, s *genStmt, k *genCond) bool {
			base := dxBase(k.Op)
			var parses func(string) bool
			switch {
			case base == "NotIpAddress":
				parses = dxIsIP
			case base == "DateNotEquals":
				parses = dxIsDate
			case base == "NumericNotEquals":
				parses = dxIsNumber
			case strings.HasPrefix(base, "ArnNot"):
				parses = dxArnLike
			default:
				return false
			}
			return dxSomeValueFails(r, k.Key, parses)
		})
	}},
}

func dxClassify(c *dxCase, o dxOutcome) string {
	r, err := c.Req.build()
	if err != nil {
		return "invalid request: " + err.Error()
	}
	for _, b := range dxBuckets {
		if b.test(c, o, r) {
			return b.name
		}
	}
	return fmt.Sprintf("unclassified (iamsim %s, npm %s)", o.iam, o.npm)
}

// ---------------------------------------------------------------------------
// Known disagreements: one shrunk case per bucket of KNOWN.md, kept in
// testdata/differential/known.jsonl so that a change on either side (an
// iamsim fix, a new version of the npm package) shows up as an entry that no
// longer reproduces. The report of a run writes candidates for it
// (out/known-candidates.jsonl, the smallest case of each bucket).

type dxFixture struct {
	Bucket         string              `json:"bucket"`
	IAMSim         string              `json:"iamsim"`
	NPM            string              `json:"npm"`
	Kind           string              `json:"kind"`
	Identity       []json.RawMessage   `json:"identity,omitempty"`
	ResourcePolicy json.RawMessage     `json:"resourcePolicy,omitempty"`
	Boundary       []json.RawMessage   `json:"boundary,omitempty"`
	SessionPolicy  json.RawMessage     `json:"sessionPolicy,omitempty"`
	SCPs           [][]json.RawMessage `json:"scps,omitempty"`
	RCPs           [][]json.RawMessage `json:"rcps,omitempty"`
	Principal      string              `json:"principal"`
	Action         string              `json:"action"`
	Resource       string              `json:"resource"`
	Account        string              `json:"account"`
	PrincipalTags  map[string]string   `json:"principalTags,omitempty"`
	Context        []dxFixtureEntry    `json:"context,omitempty"`
}

type dxFixtureEntry struct {
	Key    string   `json:"key"`
	Type   string   `json:"type"`
	Values []string `json:"values"`
}

// dxFixtureOf writes c as an entry of known.jsonl (empty lists are left out,
// as omitempty does).
func dxFixtureOf(bucket string, c *dxCase, o dxOutcome) dxFixture {
	n := dxDocsOf(c)
	fx := dxFixture{
		Bucket: bucket, IAMSim: o.iam, NPM: o.npm, Kind: c.Set.Kind.String(),
		Identity: n.Identity, ResourcePolicy: n.ResourcePolicy, Boundary: n.Boundary,
		SessionPolicy: n.SessionPolicy, SCPs: n.SCPs, RCPs: n.RCPs,
		Principal: n.Principal, Action: n.Action, Resource: n.Resource, Account: n.Account,
		PrincipalTags: c.Req.Tags,
	}
	for _, e := range c.Req.Context {
		fx.Context = append(fx.Context, dxFixtureEntry{Key: e.Key, Type: e.Type.String(), Values: append([]string{}, e.Values...)})
	}
	return fx
}

// decide runs a fixture on both sides.
func (fx *dxFixture) decide(n *dxNode) (iam, npm string, err error) {
	set := eval.PolicySet{}
	resKind := policy.KindResource
	switch fx.Kind {
	case "kms":
		set.ResourceKind = eval.ResourceKMSKey
	case "trust":
		set.ResourceKind, resKind = eval.ResourceRoleTrust, policy.KindTrust
	}
	parse := func(doc json.RawMessage, kind policy.Kind, id string) (eval.Policy, error) {
		p, err := policy.ParseKind(doc, kind)
		if err != nil {
			return eval.Policy{}, fmt.Errorf("%s: %w", id, err)
		}
		return eval.Policy{ID: id, Document: p}, nil
	}
	add := func(docs []json.RawMessage, kind policy.Kind, name string, to *[]eval.Policy) error {
		for i, d := range docs {
			p, err := parse(d, kind, fmt.Sprintf("%s.%d", name, i+1))
			if err != nil {
				return err
			}
			*to = append(*to, p)
		}
		return nil
	}
	if err := add(fx.Identity, policy.KindIdentity, "identity", &set.Identity); err != nil {
		return "", "", err
	}
	if err := add(fx.Boundary, policy.KindBoundary, "boundary", &set.PermissionsBoundary); err != nil {
		return "", "", err
	}
	if fx.SessionPolicy != nil {
		if err := add([]json.RawMessage{fx.SessionPolicy}, policy.KindSession, "session", &set.Session); err != nil {
			return "", "", err
		}
	}
	if fx.ResourcePolicy != nil {
		p, err := parse(fx.ResourcePolicy, resKind, "resource")
		if err != nil {
			return "", "", err
		}
		set.Resource = &p
	}
	for l, docs := range fx.SCPs {
		var lvl []eval.Policy
		if err := add(docs, policy.KindSCP, fmt.Sprintf("scp.%d", l+1), &lvl); err != nil {
			return "", "", err
		}
		set.SCPs = append(set.SCPs, lvl)
	}
	for l, docs := range fx.RCPs {
		var lvl []eval.Policy
		if err := add(docs, policy.KindRCP, fmt.Sprintf("rcp.%d", l+1), &lvl); err != nil {
			return "", "", err
		}
		set.RCPs = append(set.RCPs, lvl)
	}
	e, err := eval.Compile(set)
	if err != nil {
		return "", "", err
	}
	in := iamctx.Input{Action: fx.Action, Resource: fx.Resource, Principal: fx.Principal,
		PrincipalTags: fx.PrincipalTags, ResourceAccount: fx.Account}
	for _, c := range fx.Context {
		typ, err := iamctx.ParseType(c.Type)
		if err != nil {
			return "", "", err
		}
		in.Context = append(in.Context, iamctx.Entry{Key: c.Key, Type: typ, Values: c.Values})
	}
	r, err := iamctx.New(in)
	if err != nil {
		return "", "", err
	}
	nc := dxNodeCase{
		Identity: fx.Identity, ResourcePolicy: fx.ResourcePolicy, Boundary: fx.Boundary,
		SessionPolicy: fx.SessionPolicy, SCPs: fx.SCPs, RCPs: fx.RCPs,
		Principal: fx.Principal, Action: fx.Action, Resource: fx.Resource, Account: fx.Account,
		Context: dxContextOf(r),
	}
	if nc.SCPs == nil {
		nc.SCPs = [][]json.RawMessage{}
	}
	if nc.RCPs == nil {
		nc.RCPs = [][]json.RawMessage{}
	}
	if nc.Identity == nil {
		nc.Identity = []json.RawMessage{}
	}
	res, err := n.ask(nc)
	if err != nil {
		return "", "", err
	}
	npm = res.Decision
	if res.Error != "" {
		npm = "error: " + res.Error
	}
	return e.Decide(r).String(), npm, nil
}

// dxSetup skips unless the differential check is asked for and can run.
func dxSetup(t *testing.T) *dxNode {
	t.Helper()
	if os.Getenv("IAMSIM_DIFFERENTIAL") == "" {
		t.Skip("differential check against @cloud-copilot/iam-simulate: run bash testdata/differential/run.sh")
	}
	if _, err := os.Stat(filepath.Join(dxDir, "node_modules", "@cloud-copilot", "iam-simulate", "package.json")); err != nil {
		t.Skip("testdata/differential/node_modules is not installed: run bash testdata/differential/run.sh")
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	node, err := dxStartNode(nodeBin)
	require.NoError(t, err, "starting node")
	t.Cleanup(node.close)
	return node
}

// TestDifferentialKnown checks that every entry of known.jsonl (one per
// bucket of KNOWN.md) still disagrees as recorded.
func TestDifferentialKnown(t *testing.T) {
	node := dxSetup(t)
	data, err := os.ReadFile(filepath.Join(dxDir, "known.jsonl"))
	require.NoError(t, err)
	n := 0
	// One node process answers in turn: the subtests run one at a time.
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var fx dxFixture
		require.NoError(t, json.Unmarshal([]byte(line), &fx), "known.jsonl:%d", i+1)
		n++
		t.Run(fmt.Sprintf("known.jsonl:%d %s", i+1, fx.Bucket), func(t *testing.T) {
			iam, npm, err := fx.decide(node)
			require.NoError(t, err)
			require.Equalf(t, [2]string{fx.IAMSim, fx.NPM}, [2]string{iam, npm},
				"no longer reproduces (iamsim, npm): update KNOWN.md")
		})
	}
	t.Logf("%d known disagreements checked", n)
}

// ---------------------------------------------------------------------------
// The test.

func dxEnvInt(name string, def int) int {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err == nil && n >= 0 {
			return n
		}
	}
	return def
}

func TestDifferential(t *testing.T) {
	node := dxSetup(t)
	sets := dxEnvInt("IAMSIM_DIFF_SETS", 20000)
	perSet := dxEnvInt("IAMSIM_DIFF_REQS", 5)
	seed := uint64(dxEnvInt("IAMSIM_DIFF_SEED", 1))
	maxShrink := dxEnvInt("IAMSIM_DIFF_MINIMIZE", 5000)
	reportPath := os.Getenv("IAMSIM_DIFF_REPORT")
	if reportPath == "" {
		reportPath = filepath.Join(dxDir, "out", "report.md")
	}

	start := time.Now()
	// Generate and decide on iamsim's side; stream the cases to Node.
	var cases []dxCase
	var iamDec []string
	sendErr := make(chan error, 1)
	type gen struct {
		c dxCase
		n dxNodeCase
	}
	work := make(chan gen, 1024)
	go func() {
		var err error
		for w := range work {
			if err == nil {
				err = node.send(w.n)
			}
		}
		if err == nil {
			err = node.in.Flush()
		}
		sendErr <- err
	}()
	results := make(chan []dxNodeResult, 1)
	total := sets * perSet
	go func() {
		out := make([]dxNodeResult, 0, total)
		for len(out) < total {
			r, err := node.recv()
			if err != nil {
				r = dxNodeResult{ID: -1, Error: "runner: " + err.Error()}
				out = append(out, r)
				break
			}
			out = append(out, r)
		}
		results <- out
	}()
	for si := 0; si < sets; si++ {
		g := dxNewGen(seed*1_000_003 + uint64(si))
		set := g.set()
		engines := map[bool]*eval.Engine{}
		for j := 0; j < perSet; j++ {
			q := g.req(set.Kind)
			c := dxCase{Set: set.view(q.Principal), Req: q, SetNo: si}
			reduced := len(c.Set.Identity) != len(set.Identity)
			e := engines[reduced]
			if e == nil {
				var err error
				if e, err = c.Set.compile(); err != nil {
					close(work)
					require.NoErrorf(t, err, "set %d does not compile", si)
				}
				engines[reduced] = e
			}
			r, err := q.build()
			if err != nil {
				close(work)
				require.NoErrorf(t, err, "set %d: request rejected\n%+v", si, q)
			}
			id := len(cases)
			cases = append(cases, c)
			iamDec = append(iamDec, e.Decide(r).String())
			work <- gen{c, dxNodeCaseOf(id, &c, r)}
		}
	}
	close(work)
	require.NoError(t, <-sendErr, "sending cases to node")
	npm := <-results
	require.Lenf(t, npm, len(cases), "node answered %d of %d cases", len(npm), len(cases))
	elapsed := time.Since(start)

	// Compare, shrink and bucket.
	type member struct {
		id  int
		c   dxCase
		out dxOutcome
	}
	buckets := map[string][]member{}
	var disagree, shrunk int
	decisionsSeen := map[string]int{}
	for id, res := range npm {
		require.Equal(t, id, res.ID, "answer %d", id)
		o := dxOutcome{iam: iamDec[id], npm: res.Decision}
		if res.Error != "" {
			o.npm = "error: " + res.Error
		}
		decisionsSeen[o.iam]++
		if !o.disagree() {
			continue
		}
		disagree++
		c := cases[id]
		if shrunk < maxShrink {
			c = dxShrink(node, c.clone(), o)
			shrunk++
		}
		name := dxClassify(&c, o)
		buckets[name] = append(buckets[name], member{id, c, o})
	}

	// Report.
	var names []string
	for name := range buckets {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		if len(buckets[names[i]]) != len(buckets[names[j]]) {
			return len(buckets[names[i]]) > len(buckets[names[j]])
		}
		return names[i] < names[j]
	})
	var rep strings.Builder
	agree := len(cases) - disagree
	fmt.Fprintf(&rep, "# Differential check: iamsim vs @cloud-copilot/iam-simulate\n\n")
	fmt.Fprintf(&rep, "seed %d, %d sets x %d requests = %d requests, %s\n\n", seed, sets, perSet, len(cases), elapsed.Round(time.Second))
	fmt.Fprintf(&rep, "iamsim decisions: %v\n\n", decisionsSeen)
	fmt.Fprintf(&rep, "agree: %d / %d = %.3f%%\n\n", agree, len(cases), 100*float64(agree)/float64(len(cases)))
	var unexplained int
	for _, name := range names {
		if strings.HasPrefix(name, "unclassified") {
			unexplained += len(buckets[name])
		}
	}
	fmt.Fprintf(&rep, "disagree: %d (%d unclassified); shrunk %d\n\n", disagree, unexplained, shrunk)
	fmt.Fprintf(&rep, "| bucket | requests |\n| --- | --- |\n")
	for _, name := range names {
		fmt.Fprintf(&rep, "| %s | %d |\n", name, len(buckets[name]))
	}
	for _, name := range names {
		ms := buckets[name]
		fmt.Fprintf(&rep, "\n## %s (%d)\n", name, len(ms))
		sort.Slice(ms, func(i, j int) bool { return dxSize(&ms[i].c) < dxSize(&ms[j].c) })
		for k := 0; k < len(ms) && k < 3; k++ {
			fmt.Fprintf(&rep, "\n### case %d (set %d): iamsim %s, npm %s\n\n```\n%s```\n", ms[k].id, ms[k].c.SetNo, ms[k].out.iam, ms[k].out.npm, dxDescribe(&ms[k].c))
		}
	}
	// Every disagreement, shrunk, beside the report.
	var all strings.Builder
	for _, name := range names {
		for _, m := range buckets[name] {
			fmt.Fprintf(&all, "=== %s | case %d (set %d): iamsim %s, npm %s\n%s\n", name, m.id, m.c.SetNo, m.out.iam, m.out.npm, dxDescribe(&m.c))
		}
	}
	var cand strings.Builder
	for _, name := range names {
		m := buckets[name][0] // sorted smallest first above
		b, _ := json.Marshal(dxFixtureOf(name, &m.c, m.out))
		cand.Write(b)
		cand.WriteByte('\n')
	}
	if err := os.MkdirAll(filepath.Dir(reportPath), 0o755); err == nil {
		if err := os.WriteFile(filepath.Join(filepath.Dir(reportPath), "known-candidates.jsonl"), []byte(cand.String()), 0o644); err != nil {
			t.Logf("writing candidates: %v", err)
		}
		if err := os.WriteFile(reportPath, []byte(rep.String()), 0o644); err != nil {
			t.Logf("writing report: %v", err)
		}
		casesPath := strings.TrimSuffix(reportPath, filepath.Ext(reportPath)) + "-cases.txt"
		if err := os.WriteFile(casesPath, []byte(all.String()), 0o644); err != nil {
			t.Logf("writing cases: %v", err)
		}
	}
	t.Logf("%d requests, agree %.3f%%, %d disagreements (%d unclassified); report in %s",
		len(cases), 100*float64(agree)/float64(len(cases)), disagree, unexplained, reportPath)
	for _, name := range names {
		t.Logf("  %6d  %s", len(buckets[name]), name)
	}
	require.Zerof(t, unexplained, "disagreements with no known cause; see %s", reportPath)
}

// dxSize is a rough size of a case, to show the smallest examples first.
func dxSize(c *dxCase) int {
	n := len(c.Req.Context)
	for _, p := range c.policies() {
		n += 10
		for _, s := range p.Stmts {
			n += 5 + len(s.Conds)*3 + len(s.Actions) + len(s.Resources)
		}
	}
	return n
}

// dxDescribe prints a case as the policies' JSON and the request.
func dxDescribe(c *dxCase) string {
	var b strings.Builder
	fmt.Fprintf(&b, "kind: %s\n", c.Set.Kind)
	for i := range c.Set.Identity {
		fmt.Fprintf(&b, "identity: %s\n", c.Set.Identity[i].compactJSON())
	}
	if c.Set.Resource != nil {
		fmt.Fprintf(&b, "resource policy: %s\n", c.Set.Resource.compactJSON())
	}
	for i := range c.Set.Boundary {
		fmt.Fprintf(&b, "boundary: %s\n", c.Set.Boundary[i].compactJSON())
	}
	for i := range c.Set.Session {
		fmt.Fprintf(&b, "session policy: %s\n", c.Set.Session[i].compactJSON())
	}
	for l := range c.Set.SCPs {
		for i := range c.Set.SCPs[l] {
			fmt.Fprintf(&b, "scp level %d: %s\n", l+1, c.Set.SCPs[l][i].compactJSON())
		}
	}
	for l := range c.Set.RCPs {
		for i := range c.Set.RCPs[l] {
			fmt.Fprintf(&b, "rcp level %d: %s\n", l+1, c.Set.RCPs[l][i].compactJSON())
		}
	}
	fmt.Fprintf(&b, "request: principal=%s action=%s resource=%s account=%s\n", c.Req.Principal, c.Req.Action, c.Req.Resource, c.Req.ResourceAccount)
	if len(c.Req.Tags) > 0 {
		fmt.Fprintf(&b, "principal tags: %v\n", c.Req.Tags)
	}
	for _, e := range c.Req.Context {
		fmt.Fprintf(&b, "context: %s (%s) = %q\n", e.Key, e.Type, e.Values)
	}
	return b.String()
}
