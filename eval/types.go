package eval

import (
	"github.com/iamsim/iamsim/policy"
)

// PolicyType is the role a policy plays in a decision
// (reference_policies_evaluation-logic.md, "Evaluating policies within a
// single account").
type PolicyType uint8

// Policy types, in the order the evaluation logic visits them.
const (
	Identity PolicyType = iota
	Resource
	PermissionsBoundary
	Session
	SCP
	RCP
	// VPCEndpoint is the policy of the VPC endpoint a request goes through.
	VPCEndpoint
	numPolicyTypes
)

var policyTypeNames = [...]string{"identity", "resource", "permissionsBoundary", "session", "scp", "rcp", "vpcEndpoint"}

// String names the policy type ("identity", "resource", ...).
func (t PolicyType) String() string {
	if int(t) < len(policyTypeNames) {
		return policyTypeNames[t]
	}
	return "PolicyType(?)"
}

// Decision is the outcome of an evaluation, named as the IAM simulator
// names it (EvalDecision).
type Decision uint8

// Decisions. The zero value is ImplicitDeny: "by default, all requests are
// implicitly denied" (reference_policies_evaluation-logic.md).
const (
	ImplicitDeny Decision = iota
	Allowed
	ExplicitDeny
)

// String returns "allowed", "explicitDeny" or "implicitDeny".
func (d Decision) String() string {
	switch d {
	case Allowed:
		return "allowed"
	case ExplicitDeny:
		return "explicitDeny"
	}
	return "implicitDeny"
}

// ResourceKind tells the engine which resource-based policy rules apply.
type ResourceKind uint8

// Resource kinds.
const (
	// ResourceGeneric: an Allow in the identity-based or the resource-based
	// policy is enough within one account.
	ResourceGeneric ResourceKind = iota
	// ResourceKMSKey: a KMS key policy must allow explicitly; identity
	// policies take effect only where the key policy allows the account.
	// The key policy is PolicySet.Resource: a set without it decides
	// nothing about the key (Result.MissingKeyPolicy).
	ResourceKMSKey
	// ResourceRoleTrust: a role trust policy must allow explicitly (the
	// resource is the role, the action sts:AssumeRole*).
	ResourceRoleTrust
)

// Policy is one policy document and the ID it is reported under (for the
// simulator: "PolicyInputList.1", a managed policy name, ...).
type Policy struct {
	ID       string
	Document *policy.Policy
}

// PolicySet is every policy that takes part in a decision, grouped by type.
type PolicySet struct {
	// Identity holds the principal's identity-based policies (inline,
	// managed, and its groups').
	Identity []Policy
	// Resource is the resource-based policy, if any.
	Resource *Policy
	// ResourceKind selects the KMS key policy or role trust policy rules.
	ResourceKind ResourceKind
	// PermissionsBoundary holds the boundary policy (several are read as
	// one: a statement in any of them may allow).
	PermissionsBoundary []Policy
	// Session holds session policies (read as one).
	Session []Policy
	// SCPs holds the service control policies of the principal's account,
	// one slice per level from the organization root down to the account:
	// every level must allow. They govern the principals of that account
	// only: an anonymous caller or an AWS service principal, which belongs
	// to no account, is not subject to them.
	SCPs [][]Policy
	// RCPs holds the resource control policies of the resource's account,
	// one slice per level: every level must allow. They govern requests
	// to that account's resources whoever makes them: callers of other
	// accounts and anonymous callers too.
	RCPs [][]Policy
	// VPCEndpoint is the policy of the VPC endpoint the request goes
	// through, or nil for a request that goes through none. "An endpoint
	// policy is a resource-based policy that you attach to a VPC
	// endpoint to control which AWS principals can use the endpoint"; an
	// endpoint has a single one, and it "does not override or replace
	// identity-based policies or resource-based policies" (AWS
	// PrivateLink Guide, vpc-endpoints-access.md). So it grants nothing:
	// its Deny is final, and without its Allow the request is denied
	// ("because no VPC endpoint policy allows the action",
	// troubleshoot_access-denied.md), whoever the caller. It has a
	// Principal element: parse it as policy.KindResource.
	VPCEndpoint *Policy
}

// MatchedStatement identifies a statement that decided a request.
type MatchedStatement struct {
	// PolicyID is the ID of the policy the statement is in.
	PolicyID string
	// Type is the policy's type.
	Type PolicyType
	// Level is the SCP or RCP level (0 = organization root); 0 otherwise.
	Level int
	// Index is the statement's 0-based index in its policy.
	Index int
	// Sid is the statement's Sid ("" when none).
	Sid string
	// Effect is the statement's effect.
	Effect policy.Effect
	// Span is where the statement is, as the IAM simulator reports it.
	Span policy.Span
}

// TypeDecision is what one policy type decided on its own.
type TypeDecision struct {
	// Present is true when policies of this type took part.
	Present bool
	// Decision: ExplicitDeny if a Deny applied, Allowed if an Allow applied
	// (for SCPs and RCPs: at every level), ImplicitDeny otherwise.
	Decision Decision
}

// Result is the outcome of Evaluate.
type Result struct {
	// Decision is the final decision.
	Decision Decision
	// Matched lists the statements that decided: for Allowed every
	// applicable Allow statement, for ExplicitDeny every applicable Deny
	// statement, for ImplicitDeny none. (The account root user is allowed
	// without any statement, so its Allowed may list none.) Policies are visited by type
	// (identity, resource, boundary, session, SCPs, RCPs, VPC endpoint),
	// statements in document order.
	Matched []MatchedStatement
	// Overridden lists, for ExplicitDeny, the applicable Allow statements
	// that the deny overrode, in the same order; it is empty for the
	// other decisions. (The IAM simulator reports them in
	// MatchedStatements after the deny statements.)
	Overridden []MatchedStatement
	// Missing lists the context keys that applicable statements
	// (action, resource and principal matched) looked for but the request
	// did not have, as written in the policy, without duplicates
	// (compared case-insensitively), in the order first met.
	Missing []string
	// Types holds each policy type's own decision, indexed by PolicyType.
	Types [numPolicyTypes]TypeDecision
	// MissingKeyPolicy is true when the PolicySet selects the KMS key
	// policy rules (ResourceKMSKey) but holds no key policy (Resource is
	// nil). "Every KMS key must have exactly one key policy", and
	// "without permission from the key policy, IAM policies that allow
	// permissions have no effect" (AWS KMS Developer Guide,
	// key-policies.md): the Decision, ImplicitDeny unless some policy
	// denies, then reflects the missing policy, not the key. Give the key
	// policy as PolicySet.Resource.
	MissingKeyPolicy bool

	// missAt maps a context key's id (keyRef.id) to its index in Missing,
	// a sparse set checked against Missing itself, so it needs no clearing
	// and stale entries (another evaluation, another Engine) are harmless.
	missAt []int32
}

// Type returns the decision of policy type t alone.
func (r *Result) Type(t PolicyType) TypeDecision {
	if int(t) < len(r.Types) {
		return r.Types[t]
	}
	return TypeDecision{}
}

// reset empties r for reuse, keeping its slices' capacity.
func (r *Result) reset() {
	r.Decision = ImplicitDeny
	r.Matched = r.Matched[:0]
	r.Overridden = r.Overridden[:0]
	r.Missing = r.Missing[:0]
	r.Types = [numPolicyTypes]TypeDecision{}
	r.MissingKeyPolicy = false
}
