package account

// Quotas are the IAM quotas an Account enforces on changes, with
// LimitExceeded (reference_iam-quotas.md in the IAM User Guide, "IAM object
// quotas" and "IAM and STS character limits").
type Quotas struct {
	// ManagedPoliciesPerEntity bounds the managed policies attached to one
	// user, group or role.
	ManagedPoliciesPerEntity int
	// GroupsPerUser bounds the groups a user belongs to.
	GroupsPerUser int
	// VersionsPerPolicy bounds the stored versions of a managed policy.
	VersionsPerPolicy int
	// TagsPerEntity bounds the tags of a user, role or managed policy.
	TagsPerEntity int
	// UserInlinePolicySize, GroupInlinePolicySize and
	// RoleInlinePolicySize bound the characters, whitespace excluded, of
	// all of an entity's inline policies together.
	UserInlinePolicySize  int
	GroupInlinePolicySize int
	RoleInlinePolicySize  int
	// ManagedPolicySize bounds a managed policy document's characters,
	// whitespace excluded; TrustPolicySize a role trust policy's.
	ManagedPolicySize int
	TrustPolicySize   int
}

// DefaultQuotas are IAM's default quotas.
var DefaultQuotas = Quotas{
	ManagedPoliciesPerEntity: 10,
	GroupsPerUser:            10,
	VersionsPerPolicy:        5,
	TagsPerEntity:            50,
	UserInlinePolicySize:     2048,
	GroupInlinePolicySize:    5120,
	RoleInlinePolicySize:     10240,
	ManagedPolicySize:        6144,
	TrustPolicySize:          2048,
}

// inlineSize returns the inline policy size quota of an entity type and
// the name IAM gives the quota.
func (q *Quotas) inlineSize(t EntityType) int {
	switch t {
	case EntityUser:
		return q.UserInlinePolicySize
	case EntityGroup:
		return q.GroupInlinePolicySize
	}
	return q.RoleInlinePolicySize
}
