package account

import (
	"strings"
	"time"
)

// The entities of an account. Their field names are the IAM API's (the
// UserDetail, GroupDetail, RoleDetail and ManagedPolicyDetail shapes of
// GetAccountAuthorizationDetails). An entity an Account hands out is
// immutable: a change replaces it with a new value, so a pointer read
// once stays a consistent picture of the entity at that moment. Callers
// must not modify entities or their slices.

// User is an IAM user.
type User struct {
	UserName string
	// Path is the IAM path, "/" at least.
	Path   string
	UserId string
	Arn    string
	// CreateDate is when the user was created (UTC, to the second).
	CreateDate time.Time
	// Groups names the groups the user belongs to (GroupList), in the
	// order it joined them.
	Groups []string
	// InlinePolicies are the user's inline policies (UserPolicyList).
	InlinePolicies []InlinePolicy
	// AttachedManagedPolicies holds the ARNs of the attached managed
	// policies, in the order they were attached.
	AttachedManagedPolicies []string
	// PermissionsBoundary is the ARN of the managed policy set as the
	// user's permissions boundary, or "".
	PermissionsBoundary string
	// Tags are the user's tags; a principal's tags are its
	// aws:PrincipalTag/KEY context keys.
	Tags []Tag
}

// Group is an IAM group. Groups have no permissions boundary and no tags.
type Group struct {
	GroupName               string
	Path                    string
	GroupId                 string
	Arn                     string
	CreateDate              time.Time
	InlinePolicies          []InlinePolicy
	AttachedManagedPolicies []string
}

// Role is an IAM role.
type Role struct {
	RoleName   string
	Path       string
	RoleId     string
	Arn        string
	CreateDate time.Time
	// AssumeRolePolicyDocument is the role's trust policy, as stored.
	AssumeRolePolicyDocument string
	Description              string
	// MaxSessionDuration is the longest session, in seconds, that
	// sts:AssumeRole grants for the role (3600 to 43200).
	MaxSessionDuration      int
	InlinePolicies          []InlinePolicy
	AttachedManagedPolicies []string
	PermissionsBoundary     string
	Tags                    []Tag
}

// InlinePolicy is an inline policy of a user, group or role (PolicyDetail).
// PolicyDocument is JSON text exactly as stored: the simulator reports
// statement positions against it.
type InlinePolicy struct {
	PolicyName     string
	PolicyDocument string
}

// Tag is a key and value attached to a user, role or managed policy. Tag
// keys compare without regard to case.
type Tag struct {
	Key   string
	Value string
}

// ManagedPolicy is a managed policy: AWS-managed (its ARN's account field
// is "aws") or customer-managed.
type ManagedPolicy struct {
	PolicyName string
	PolicyId   string
	// Arn identifies the policy; attachments and boundaries refer to it.
	Arn         string
	Path        string
	Description string
	// DefaultVersionId names the version in effect.
	DefaultVersionId string
	CreateDate       time.Time
	UpdateDate       time.Time
	// Versions are the stored versions, oldest first.
	Versions []PolicyVersion
	// NextVersion is the number of the next version CreatePolicyVersion
	// makes (version IDs are v1, v2, …, never reused).
	NextVersion int
	Tags        []Tag
}

// PolicyVersion is one version of a managed policy. Document is JSON text
// exactly as stored.
type PolicyVersion struct {
	VersionId  string
	Document   string
	CreateDate time.Time
}

// OrganizationPolicy is a service control policy (SCP) or resource control
// policy (RCP) with the name it is reported under.
type OrganizationPolicy struct {
	Name     string
	Document string
}

// DefaultDocument returns the document of the default version: the version
// DefaultVersionId names, else the only version. ok is false when there is
// none.
func (p *ManagedPolicy) DefaultDocument() (doc string, ok bool) {
	if v := p.Version(p.DefaultVersionId); v != nil {
		return v.Document, true
	}
	if len(p.Versions) == 1 {
		return p.Versions[0].Document, true
	}
	return "", false
}

// Version returns the version named id, or nil.
func (p *ManagedPolicy) Version(id string) *PolicyVersion {
	for i := range p.Versions {
		if p.Versions[i].VersionId == id {
			return &p.Versions[i]
		}
	}
	return nil
}

// IsAWSManaged reports whether the policy is managed by AWS: its ARN's
// account field is "aws" (arn:PARTITION:iam::aws:policy/…).
func (p *ManagedPolicy) IsAWSManaged() bool {
	parts := strings.SplitN(p.Arn, ":", 6)
	return len(parts) == 6 && parts[4] == "aws"
}

// policyNameOf returns the name a managed policy is known by: its
// PolicyName, or the last segment of its ARN.
func policyNameOf(p *ManagedPolicy) string {
	if p.PolicyName != "" {
		return p.PolicyName
	}
	return lastSegment(p.Arn)
}

func lastSegment(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

// EntityType is the kind of an IAM identity: user, group or role.
type EntityType uint8

// The entity types.
const (
	EntityUser EntityType = iota + 1
	EntityGroup
	EntityRole
)

// String returns "user", "group" or "role", as they appear in ARNs.
func (t EntityType) String() string {
	switch t {
	case EntityUser:
		return "user"
	case EntityGroup:
		return "group"
	case EntityRole:
		return "role"
	}
	return "entity"
}

// title returns "User", "Group" or "Role", as they appear in operation
// names.
func (t EntityType) title() string {
	s := t.String()
	return strings.ToUpper(s[:1]) + s[1:]
}
