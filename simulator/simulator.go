package simulator

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/iamsim/iamsim/account"
	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/policy"
)

// Simulator answers the four IAM policy simulator operations offline. It
// is configured once, by New, and safe for concurrent use; the account it
// simulates (WithAccount) may change meanwhile, and each call reads it as
// it stands.
type Simulator struct {
	acct           *account.Account
	allowAnyCaller bool
	evaluateTrust  bool
	preciseMissing bool
	// requireKeyPolicies: see RequireKeyPolicies.
	requireKeyPolicies bool
	limits             InputLimits // resolved: no zero fields
	cache              *policyCache
	sets               *setCache
	contexts           *contextCache
	callers            *callerCache
	principals         *principalCache
}

// Option configures a Simulator.
type Option func(*config)

type config struct {
	account            *account.Account
	allowAnyCaller     bool
	evaluateTrust      bool
	preciseMissing     bool
	requireKeyPolicies bool
	cacheSize          int
	cacheBytes         int64
	limits             InputLimits
}

// WithAccount sets the account whose users, groups, roles and managed
// policies SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy read
// (see account.Load). Its users' and roles' tags also become the
// aws:PrincipalTag/* keys of a CallerArn found in it. The Simulator reads
// the account at every call, so changes made to it show in the next one.
func WithAccount(a *account.Account) Option { return func(c *config) { c.account = a } }

// AllowAnyCaller accepts role, assumed-role session and federated-user ARNs
// as CallerArn. The live service accepts only IAM users ("You can specify
// only the ARN of an IAM user", API_SimulateCustomPolicy) and answers
// anything else with InvalidInput, which is the default here.
func AllowAnyCaller() Option { return func(c *config) { c.allowAnyCaller = true } }

// EvaluateTrustPolicies evaluates a ResourcePolicy given with sts:AssumeRole*
// actions as the role's trust policy, by the rules of role trust policies
// (they must allow explicitly), under the grammar IAM applies to a role's
// trust policy (no NotPrincipal). By default the simulator does what the
// live service does: it parses the trust policy but leaves it out of the
// decision, accepts NotPrincipal in it and rejects a Service principal, as
// public captures of its answers show (aws/aws-cli#10314).
func EvaluateTrustPolicies() Option { return func(c *config) { c.evaluateTrust = true } }

// PreciseMissingContextValues reports in MissingContextValues only the keys
// that the statements applying to each action and resource looked for. By
// default the simulator does what the live service does: it lists every
// context key that the simulated policies (identity-based, permissions
// boundary and resource-based) use and the request does not supply, whether
// or not the statement using it applies to the action — as public captures of
// live responses show (boto/boto3#3111: a Resource variable of an
// s3:GetObject statement is reported when simulating s3:ListBucket;
// aws/aws-sdk-java-v2#1751: "The MissingContextValues are applicable only to
// other policy statements").
func PreciseMissingContextValues() Option { return func(c *config) { c.preciseMissing = true } }

// RequireKeyPolicies refuses, as InvalidInput naming the key, a KMS key
// among ResourceArns when no ResourcePolicy gives its key policy: every KMS
// key has exactly one key policy, and without its permission IAM policies
// that allow have no effect (AWS KMS Developer Guide, key-policies.md), so
// the identity-based policies alone cannot answer for a key. By default
// the simulator does what the live service does, whose simulator reads no
// key policy (access_policies_testing-policies.md): it answers from the
// identity-based policies.
func RequireKeyPolicies() Option { return func(c *config) { c.requireKeyPolicies = true } }

// WithCacheSize sets how many parsed policy documents the Simulator keeps,
// least recently used first out, and as many sets of SimulateCustomPolicy
// documents and of SimulatePrincipalPolicy documents (keyed by every
// document's text) with the engines compiled from them, as many lists of
// ContextEntries with the request contexts built from them, and as many
// parsed CallerArns (default DefaultCacheSize; 0 or less turns the caches
// off). Documents and sets of them go in at their second use: until then a
// simulation parses and compiles them for itself. A set is found again only
// for exactly the same documents, so a change to the account never makes a
// cached set stale.
func WithCacheSize(n int) Option { return func(c *config) { c.cacheSize = n } }

// WithCacheBytes bounds the memory that the caches of documents, of sets
// of them with their compiled engines and of ContextEntries hold together,
// as estimated from the size of the texts they were made from (default
// DefaultCacheBytes; 0 keeps the default, a negative n lifts the bound).
// While they hold more, the cache holding the most drops its least
// recently used entries; an entry larger than the bound is not kept.
func WithCacheBytes(n int64) Option { return func(c *config) { c.cacheBytes = n } }

// New returns a Simulator.
func New(opts ...Option) *Simulator {
	c := config{cacheSize: DefaultCacheSize}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.cacheBytes == 0 {
		c.cacheBytes = DefaultCacheBytes
	}
	budget := newCacheBudget(c.cacheBytes)
	return &Simulator{
		acct:               c.account,
		allowAnyCaller:     c.allowAnyCaller,
		evaluateTrust:      c.evaluateTrust,
		preciseMissing:     c.preciseMissing,
		requireKeyPolicies: c.requireKeyPolicies,
		limits:             c.limits.resolve(),
		cache:              newPolicyCache(c.cacheSize, budget),
		sets:               newSetCache(c.cacheSize, budget),
		contexts:           newContextCache(c.cacheSize, budget),
		callers:            newCallerCache(c.cacheSize),
		principals:         newPrincipalCache(c.cacheSize, budget),
	}
}

// Account returns the account given with WithAccount, or nil.
func (s *Simulator) Account() *account.Account { return s.acct }

// recoverInto turns a panic in the simulation into a PolicyEvaluation error,
// so that no input can crash the caller.
func recoverInto(err *error) {
	if r := recover(); r != nil {
		*err = policyEvaluation(fmt.Errorf("panic: %v\n%s", r, debug.Stack()), "internal error while simulating: %v", r)
	}
}

// SimulateCustomPolicy simulates the identity-based policies of
// PolicyInputList (with the optional permissions boundary and resource-based
// policy) for every action on every resource, as the IAM API's
// SimulateCustomPolicy does. Errors are *Error values: InvalidInput for a
// request the API would reject, PolicyEvaluation for a failure of the
// simulation itself. A canceled ctx ends the simulation with ctx.Err().
func (s *Simulator) SimulateCustomPolicy(ctx context.Context, in *SimulateCustomPolicyInput) (out *SimulatePolicyResponse, err error) {
	defer recoverInto(&err)
	if in == nil {
		return nil, invalidInput("the request is missing")
	}
	var req request // on the stack: nothing keeps it
	if e := s.customRequest(in, &req); e != nil {
		return nil, e
	}
	return s.simulate(ctx, &req)
}

// SimulatePrincipalPolicy simulates the policies of the user, group or role
// named by PolicySourceArn, read from the Simulator's account (WithAccount),
// plus PolicyInputList, as the IAM API's SimulatePrincipalPolicy does. A
// user's policies include those of its groups; a user's or role's
// permissions boundary applies unless PermissionsBoundaryPolicyInputList
// replaces it.
//
// The simulated caller is CallerArn when given. Otherwise it is the user
// itself for a user (its ARN and tags give aws:username, aws:PrincipalArn,
// aws:PrincipalTag/*, ...); for a role, a session of the role,
// arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SimulatePrincipalPolicy,
// with the role's tags and its full ARN as aws:PrincipalArn; for a group, an
// anonymous member of it about whom no context key is known.
//
// An unknown PolicySourceArn is NoSuchEntity (HTTP 404).
func (s *Simulator) SimulatePrincipalPolicy(ctx context.Context, in *SimulatePrincipalPolicyInput) (out *SimulatePolicyResponse, err error) {
	defer recoverInto(&err)
	if in == nil {
		return nil, invalidInput("the request is missing")
	}
	var req request // on the stack: nothing keeps it
	if e := s.principalRequest(in, &req); e != nil {
		return nil, e
	}
	return s.simulate(ctx, &req)
}

// GetContextKeysForCustomPolicy lists the context keys that the policies of
// PolicyInputList use: condition keys and the keys of policy variables in
// Resource, NotResource and condition values, in document order, as first
// written, each once (keys compare case-insensitively).
func (s *Simulator) GetContextKeysForCustomPolicy(ctx context.Context, in *GetContextKeysForCustomPolicyInput) (out *GetContextKeysForPolicyResponse, err error) {
	defer recoverInto(&err)
	if in == nil {
		return nil, invalidInput("the request is missing")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(in.PolicyInputList) == 0 {
		return nil, invalidInput("PolicyInputList is required: give at least one policy document")
	}
	if e := checkDocuments(paramPolicyInputList, in.PolicyInputList); e != nil {
		return nil, e
	}
	if e := s.limits.checkPolicyBytes(in.PolicyInputList, nil, nil); e != nil {
		return nil, e
	}
	ps, e := s.parseKeyInputs(in.PolicyInputList)
	if e != nil {
		return nil, e
	}
	return keysResponse(contextKeys(ps))
}

// parseKeyInputs parses PolicyInputList for GetContextKeys*: listing keys
// does not depend on the kind of policy, so a resource-based or trust policy
// is read as such rather than refused; the identity-policy grammar's error is
// the one reported when no kind fits.
func (s *Simulator) parseKeyInputs(docs []string) ([]parsedPolicy, *Error) {
	out := make([]parsedPolicy, 0, len(docs))
	for i, d := range docs {
		id := inputID(paramPolicyInputList, i)
		p, e := s.parseInput(id, d, kindIdentity)
		if e != nil {
			for _, k := range []policy.Kind{kindResource, kindTrust} {
				if q, e2 := s.parseInput(id, d, k); e2 == nil {
					p, e = q, nil
					break
				}
			}
		}
		if e != nil {
			return nil, e
		}
		out = append(out, p)
	}
	return out, nil
}

// GetContextKeysForPrincipalPolicy lists the context keys that the policies
// of the user, group or role PolicySourceArn (with its groups' policies and
// its permissions boundary) and of PolicyInputList use, like
// GetContextKeysForCustomPolicy.
func (s *Simulator) GetContextKeysForPrincipalPolicy(ctx context.Context, in *GetContextKeysForPrincipalPolicyInput) (out *GetContextKeysForPolicyResponse, err error) {
	defer recoverInto(&err)
	if in == nil {
		return nil, invalidInput("the request is missing")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if e := checkPolicySourceArn(in.PolicySourceArn); e != nil {
		return nil, e
	}
	if e := checkDocuments(paramPolicyInputList, in.PolicyInputList); e != nil {
		return nil, e
	}
	if e := s.limits.checkPolicyBytes(in.PolicyInputList, nil, nil); e != nil {
		return nil, e
	}
	ref, e := parseEntityARN(in.PolicySourceArn)
	if e != nil {
		return nil, e
	}
	entity, e := s.principal(ref)
	if e != nil {
		return nil, e
	}
	stored, boundary := sourcePolicies(entity)
	ps, e := s.parseStored(stored, kindIdentity)
	if e != nil {
		return nil, e
	}
	extra, e := s.parseKeyInputs(in.PolicyInputList)
	if e != nil {
		return nil, e
	}
	ps = append(ps, extra...)
	if boundary != nil {
		b, e := s.parseStored([]sourcePolicy{*boundary}, kindBoundary)
		if e != nil {
			return nil, e
		}
		ps = append(ps, b...)
	}
	return keysResponse(contextKeys(ps))
}

// callerInfo is what a caller brings to the request besides its ARN.
type callerInfo struct {
	// arn is the caller's ARN; "" means no caller is known (a custom
	// simulation without CallerArn, or a group's simulation): a stand-in
	// IAM user in the resource's account is used, with no derived keys.
	arn       string
	principal iamctx.Principal
	tags      map[string]string
	// version is the account version the tags were read at (0 without
	// an account): a cached callerInfo is used only at that version.
	version uint64
	// extra holds derived keys that iamctx does not derive itself
	// (a role session's full role ARN as aws:PrincipalArn).
	extra []iamctx.Entry
}

// keysResponse converts contextKeys' result, keeping a nil *Error from
// becoming a non-nil error.
func keysResponse(out *GetContextKeysForPolicyResponse, e *Error) (*GetContextKeysForPolicyResponse, error) {
	if e != nil {
		return nil, e
	}
	return out, nil
}
