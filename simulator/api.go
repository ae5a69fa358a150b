package simulator

import (
	"encoding/json"
	"fmt"
)

// The request and response shapes below follow the IAM service model
// (botocore data/iam/2010-05-08/service-2.json): field names are the API's,
// and the JSON encoding is what `aws iam simulate-custom-policy --output json`
// prints. Optional request fields are pointers, as in the AWS SDKs,
// so that "absent" and "empty" differ.

// SimulateCustomPolicyInput is the request of SimulateCustomPolicy
// (shape SimulateCustomPolicyRequest; PolicyInputList and ActionNames are
// required).
type SimulateCustomPolicyInput struct {
	// PolicyInputList holds identity-based policy documents, each
	// 1..131072 characters of [\t\n\r\x20-\xFF]. Results name them
	// "PolicyInputList.N" (1-based).
	PolicyInputList []string `json:"PolicyInputList,omitempty"`
	// PermissionsBoundaryPolicyInputList holds at most one permissions
	// boundary document ("You can input only one permissions boundary").
	PermissionsBoundaryPolicyInputList []string `json:"PermissionsBoundaryPolicyInputList,omitempty"`
	// ActionNames are the operations to simulate, service:Name, 3..128
	// characters each. They are not checked against a catalogue of actions,
	// and a wildcard in one is not expanded: each name is matched against
	// the policies' patterns as written (case-insensitively), and results
	// echo it as written.
	ActionNames []string `json:"ActionNames"`
	// ResourceArns are the resources to simulate (1..2048 characters
	// each); absent means ["*"]. With RequireKeyPolicies, a KMS key
	// among them needs its key policy as ResourcePolicy.
	ResourceArns []string `json:"ResourceArns,omitempty"`
	// ResourcePolicy is a resource-based policy treated as attached to
	// every resource of the simulation: for a KMS key its key policy,
	// which must allow explicitly; for sts:AssumeRole* the role's trust
	// policy, parsed but not evaluated unless EvaluateTrustPolicies.
	ResourcePolicy *string `json:"ResourcePolicy,omitempty"`
	// ResourceOwner is the account that owns the resources:
	// arn:aws:iam::ACCOUNT-ID:root (a bare 12-digit ID is accepted too).
	// Absent means the caller's account.
	ResourceOwner *string `json:"ResourceOwner,omitempty"`
	// CallerArn is the IAM user making the simulated calls; required with
	// a ResourcePolicy.
	CallerArn *string `json:"CallerArn,omitempty"`
	// ContextEntries give the request context keys.
	ContextEntries []ContextEntry `json:"ContextEntries,omitempty"`
	// ResourceHandlingOption names an EC2 scenario (EC2-VPC-InstanceStore,
	// EC2-VPC-InstanceStore-Subnet, EC2-VPC-EBS, EC2-VPC-EBS-Subnet, or the
	// older EC2-Classic-InstanceStore and EC2-Classic-EBS) whose resource
	// types (instance, image, security-group, network-interface, subnet,
	// volume) must all be among ResourceArns. It does not change how each
	// action and resource is evaluated.
	ResourceHandlingOption *string `json:"ResourceHandlingOption,omitempty"`
	// MaxItems is the page size, 1..1000 (default 100).
	MaxItems *int32 `json:"MaxItems,omitempty"`
	// Marker continues a truncated response: pass the previous
	// response's Marker with an otherwise identical request.
	Marker *string `json:"Marker,omitempty"`
}

// SimulatePrincipalPolicyInput is the request of SimulatePrincipalPolicy
// (shape SimulatePrincipalPolicyRequest; PolicySourceArn and ActionNames are
// required): the members of SimulateCustomPolicyInput, which mean what they
// mean there (PolicyInputList, optional here, adds policies to the
// entity's own), and the entity whose policies are simulated.
type SimulatePrincipalPolicyInput struct {
	// PolicySourceArn is the user, group or role whose policies are
	// simulated (20..2048 characters).
	PolicySourceArn string `json:"PolicySourceArn"`
	SimulateCustomPolicyInput
}

// GetContextKeysForCustomPolicyInput is the request of
// GetContextKeysForCustomPolicy (PolicyInputList is required).
type GetContextKeysForCustomPolicyInput struct {
	PolicyInputList []string `json:"PolicyInputList"`
}

// GetContextKeysForPrincipalPolicyInput is the request of
// GetContextKeysForPrincipalPolicy (PolicySourceArn is required).
type GetContextKeysForPrincipalPolicyInput struct {
	PolicySourceArn string   `json:"PolicySourceArn"`
	PolicyInputList []string `json:"PolicyInputList,omitempty"`
}

// ContextEntry is one request context key and its values (shape
// ContextEntry). ContextKeyName is 5..256 characters; ContextKeyType is one
// of string, stringList, numeric, numericList, boolean, booleanList, ip,
// ipList, binary, binaryList, date, dateList.
type ContextEntry struct {
	ContextKeyName   string   `json:"ContextKeyName"`
	ContextKeyValues []string `json:"ContextKeyValues"`
	ContextKeyType   string   `json:"ContextKeyType"`
}

// SimulatePolicyResponse is the response of SimulateCustomPolicy and
// SimulatePrincipalPolicy.
//
// IsTruncated and Marker are omitted from JSON when the response is complete,
// as the AWS CLI prints it.
type SimulatePolicyResponse struct {
	EvaluationResults []EvaluationResult `json:"EvaluationResults"`
	// IsTruncated reports that more results follow; pass Marker back to
	// get them.
	IsTruncated bool    `json:"IsTruncated,omitempty"`
	Marker      *string `json:"Marker,omitempty"`
}

// Decision values of EvalDecision and EvalResourceDecision
// (PolicyEvaluationDecisionType).
const (
	DecisionAllowed      = "allowed"
	DecisionExplicitDeny = "explicitDeny"
	DecisionImplicitDeny = "implicitDeny"
)

// SourcePolicyType values the live service reports in MatchedStatements and
// uses as EvalDecisionDetails keys, as public captures of its responses show.
const (
	PolicyTypeIAM                 = "IAM Policy"
	PolicyTypeResource            = "Resource Policy"
	PolicyTypePermissionsBoundary = "Permissions Boundary Policy"
)

// EvaluationResult is the result of one action on one resource (shape
// EvaluationResult).
//
// MatchedStatements and MissingContextValues are always present, possibly
// empty. For the resource "*", EvalDecisionDetails and
// ResourceSpecificResults are absent; for a concrete resource,
// EvalDecisionDetails is present ({} unless the simulation is cross-account:
// see HasEvalDecisionDetails) and ResourceSpecificResults has one entry
// (API_EvaluationResult, and public captures of live responses).
type EvaluationResult struct {
	EvalActionName                    string                             `json:"EvalActionName"`
	EvalResourceName                  string                             `json:"EvalResourceName"`
	EvalDecision                      string                             `json:"EvalDecision"`
	MatchedStatements                 []Statement                        `json:"MatchedStatements"`
	MissingContextValues              []string                           `json:"MissingContextValues"`
	OrganizationsDecisionDetail       *OrganizationsDecisionDetail       `json:"OrganizationsDecisionDetail,omitempty"`
	PermissionsBoundaryDecisionDetail *PermissionsBoundaryDecisionDetail `json:"PermissionsBoundaryDecisionDetail,omitempty"`
	// EvalDecisionDetails maps a policy type (PolicyTypeIAM, ...) to its
	// own decision: filled for a cross-account simulation of a concrete
	// resource, nil otherwise. The API's response carries the member, {}
	// when empty, for every concrete resource and omits it for "*"; see
	// HasEvalDecisionDetails. (nil rather than an empty map spares an
	// allocation per result; MarshalJSON writes the {}.)
	EvalDecisionDetails     map[string]string        `json:"EvalDecisionDetails,omitzero"`
	ResourceSpecificResults []ResourceSpecificResult `json:"ResourceSpecificResults,omitzero"`
}

// HasEvalDecisionDetails reports whether the API's response carries
// EvalDecisionDetails for r, possibly empty: it does for the results on a
// concrete resource, which are those with ResourceSpecificResults.
func (r *EvaluationResult) HasEvalDecisionDetails() bool {
	return r.EvalDecisionDetails != nil || r.ResourceSpecificResults != nil
}

// MarshalJSON writes r as the API's JSON does: EvalDecisionDetails is {}
// for a concrete resource even where the map is nil.
func (r EvaluationResult) MarshalJSON() ([]byte, error) {
	type plain EvaluationResult // the same fields, without this method
	p := plain(r)
	if p.EvalDecisionDetails == nil && r.HasEvalDecisionDetails() {
		p.EvalDecisionDetails = map[string]string{}
	}
	return json.Marshal(p)
}

// Statement locates a statement that decided a result (shape Statement).
type Statement struct {
	// SourcePolicyId is "PolicyInputList.N", "ResourcePolicy",
	// "PermissionsBoundaryPolicyInputList.N", a managed policy's name, or
	// "user_NAME_POLICY" / "group_NAME_POLICY" / "role_NAME_POLICY" for
	// inline policies.
	SourcePolicyId string `json:"SourcePolicyId"`
	// SourcePolicyType is PolicyTypeIAM, PolicyTypeResource or
	// PolicyTypePermissionsBoundary.
	SourcePolicyType string    `json:"SourcePolicyType"`
	StartPosition    *Position `json:"StartPosition,omitempty"`
	EndPosition      *Position `json:"EndPosition,omitempty"`
}

// Position is a 1-based line and column in a policy document (a tab is one
// column). The fields are int32, as in the AWS SDK for Go v2's
// types.Position: a document's 131,072 characters fit, and the smaller
// fields keep a one-result response within a 352-byte allocation.
type Position struct {
	Line   int32 `json:"Line"`
	Column int32 `json:"Column"`
}

// OrganizationsDecisionDetail says whether AWS Organizations policies (SCPs)
// allowed the action; present only when SCPs took part.
type OrganizationsDecisionDetail struct {
	AllowedByOrganizations bool `json:"AllowedByOrganizations"`
}

// PermissionsBoundaryDecisionDetail says whether the permissions boundary
// allowed the action; present only when a boundary took part.
type PermissionsBoundaryDecisionDetail struct {
	AllowedByPermissionsBoundary bool `json:"AllowedByPermissionsBoundary"`
}

// ResourceSpecificResult is the result for one concrete resource (shape
// ResourceSpecificResult).
type ResourceSpecificResult struct {
	EvalResourceName                  string                             `json:"EvalResourceName"`
	EvalResourceDecision              string                             `json:"EvalResourceDecision"`
	MatchedStatements                 []Statement                        `json:"MatchedStatements"`
	MissingContextValues              []string                           `json:"MissingContextValues"`
	EvalDecisionDetails               map[string]string                  `json:"EvalDecisionDetails,omitzero"`
	PermissionsBoundaryDecisionDetail *PermissionsBoundaryDecisionDetail `json:"PermissionsBoundaryDecisionDetail,omitempty"`
}

// GetContextKeysForPolicyResponse is the response of
// GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy.
type GetContextKeysForPolicyResponse struct {
	ContextKeyNames []string `json:"ContextKeyNames"`
}

// Error codes: the only errors the service model declares for the four
// simulator operations.
const (
	// CodeInvalidInput (HTTP 400): a request value is invalid, including
	// a malformed input policy.
	CodeInvalidInput = "InvalidInput"
	// CodeNoSuchEntity (HTTP 404): PolicySourceArn names no user, group
	// or role of the account.
	CodeNoSuchEntity = "NoSuchEntity"
	// CodePolicyEvaluation (HTTP 500): the simulation itself failed.
	CodePolicyEvaluation = "PolicyEvaluation"
)

// Error is an IAM API error: its code, message and HTTP status. Use
// errors.As to get it from any error the Simulator returns.
type Error struct {
	Code       string
	Message    string
	HTTPStatus int
	// Err is the underlying error, if any (a *policy.Error for a malformed
	// policy, an *iamctx.Error for a bad context entry).
	Err error
}

// Error formats the error as the AWS CLI does: "CODE: MESSAGE".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func invalidInput(format string, args ...any) *Error {
	return &Error{Code: CodeInvalidInput, Message: fmt.Sprintf(format, args...), HTTPStatus: 400}
}

func noSuchEntity(format string, args ...any) *Error {
	return &Error{Code: CodeNoSuchEntity, Message: fmt.Sprintf(format, args...), HTTPStatus: 404}
}

func policyEvaluation(err error, format string, args ...any) *Error {
	return &Error{Code: CodePolicyEvaluation, Message: fmt.Sprintf(format, args...), HTTPStatus: 500, Err: err}
}
