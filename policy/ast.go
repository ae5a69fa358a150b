package policy

// Kind is the kind of policy a document is parsed as. The grammar differs by
// kind: only resource-based policies (and role trust policies) name a
// Principal, and only identity-style policies require a Resource
// (reference_policies_grammar.md; reference_policies_elements_principal.md).
type Kind uint8

// Policy kinds.
const (
	// KindIdentity is an identity-based policy attached to a user, group
	// or role (inline or managed).
	KindIdentity Kind = iota
	// KindResource is a resource-based policy (bucket policy, queue
	// policy, KMS key policy, ...): Principal or NotPrincipal is required.
	KindResource
	// KindTrust is a role trust policy: a resource-based policy on a role,
	// with a Principal and no Resource.
	KindTrust
	// KindBoundary is a permissions boundary (identity-policy grammar).
	KindBoundary
	// KindSession is a session policy passed to AssumeRole or
	// GetFederationToken (identity-policy grammar).
	KindSession
	// KindSCP is an AWS Organizations service control policy.
	KindSCP
	// KindRCP is an AWS Organizations resource control policy.
	KindRCP
	// KindSimulatedTrust is a role trust policy as the IAM policy
	// simulator reads the ResourcePolicy of an sts:AssumeRole*
	// simulation: the grammar of KindTrust, except that NotPrincipal is
	// accepted. The live simulator parses that trust policy without
	// evaluating it, and answers a NotPrincipal there (public capture,
	// aws/aws-cli#10314). IAM itself refuses NotPrincipal in the trust
	// policy of a role ("You cannot use the NotPrincipal element ... in an
	// IAM role trust policy", reference_policies_elements_notprincipal.md):
	// documents that IAM stores take KindTrust.
	KindSimulatedTrust

	numKinds // the number of kinds
)

var kindNames = [...]string{"identity", "resource", "trust", "boundary", "session", "scp", "rcp", "simulated-trust"}

// String names the kind ("identity", "resource", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}

// Version values of the policy language (reference_policies_elements_version.md).
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Position is a place in a policy document. Line and Column are 1-based and
// count characters (a tab is one column), as the IAM simulator's
// StartPosition and EndPosition do; Offset is the 0-based byte offset.
type Position struct {
	Line   int
	Column int
	Offset int
}

// Span is the extent of a statement as the IAM simulator reports it in
// MatchedStatements: see Statement.Span.
type Span struct {
	Start Position
	End   Position
}

// Effect is a statement's Effect (reference_policies_elements_effect.md).
type Effect uint8

// Effects.
const (
	Allow Effect = iota + 1
	Deny
)

// String returns "Allow" or "Deny".
func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case Deny:
		return "Deny"
	}
	return "Effect(?)"
}

// Policy is a parsed policy document.
type Policy struct {
	// Kind is the kind the document was parsed as.
	Kind Kind
	// Version is "2012-10-17", "2008-10-17", or "" when the element is
	// absent (then the 2008 rules apply: no policy variables).
	Version string
	// ID is the optional Id element.
	ID string
	// Statements in document order.
	Statements []Statement
	// SingleStatement records that Statement was written as one object
	// rather than an array; it changes where AWS says a statement starts.
	SingleStatement bool
}

// VariablesEnabled reports whether ${...} in Resource and condition values
// are policy variables: only under Version 2012-10-17
// (reference_policies_variables.md, "Where you can use policy variables").
func (p *Policy) VariablesEnabled() bool { return p.Version == Version2012 }

// Statement is one element of the Statement array.
type Statement struct {
	// Sid is the optional statement ID.
	Sid string
	// Effect is Allow or Deny.
	Effect Effect
	// Action holds the Action values, or the NotAction values when
	// NotAction is true. Values are kept as written.
	Action    []string
	NotAction bool
	// Resource holds the Resource values, or the NotResource values when
	// NotResource is true. Both nil and NotResource false means the
	// statement has neither element (allowed in trust policies).
	Resource    []string
	NotResource bool
	// Principal is the Principal (or NotPrincipal when NotPrincipal is
	// true) element; nil when absent.
	Principal    *Principal
	NotPrincipal bool
	// Condition holds one entry per operator and key, in document order.
	Condition []Condition
	// Span is where the IAM simulator says the statement is: when
	// Statement is an array, the first statement starts right after the
	// '[' and each later one right after the previous statement's '}';
	// when Statement is a single object, it starts right after its '{'.
	// Every statement ends right after its own '}'.
	Span Span
	// Pos is the position of the statement's opening '{' (for error
	// messages and tools; Span is what AWS reports).
	Pos Position
}

// Principal is a Principal or NotPrincipal element
// (reference_policies_elements_principal.md).
type Principal struct {
	// Wildcard is true for "Principal": "*" (everyone, including
	// anonymous callers).
	Wildcard bool
	// AWS holds account IDs, account root ARNs, user, role and
	// assumed-role session ARNs, or "*".
	AWS []string
	// Service holds service principal names (s3.amazonaws.com).
	Service []string
	// Federated holds identity providers (cognito-identity.amazonaws.com,
	// SAML provider ARNs).
	Federated []string
	// CanonicalUser holds S3 canonical user IDs.
	CanonicalUser []string
}

// Condition is one key of one condition operator block:
// "Operator": {"Key": Values}.
type Condition struct {
	// Operator as written, qualifiers included:
	// "ForAnyValue:StringLikeIfExists".
	Operator string
	// Key as written (key names match case-insensitively).
	Key string
	// Values as written; JSON numbers and booleans are kept as their
	// text ("10", "true").
	Values []string
	// Pos is the position of the key in the document.
	Pos Position
}
