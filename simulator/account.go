package simulator

import (
	"strings"

	iamctx "github.com/iamsim/iamsim/context"
)

// Account is a snapshot of one AWS account's IAM entities and managed
// policies: what SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy
// read. Build it with LoadAuthorizationDetails from the output of
// `aws iam get-account-authorization-details`, or fill the struct directly.
//
// The field names follow that API's shapes (UserDetail, GroupDetail,
// RoleDetail, ManagedPolicyDetail). Policy documents are JSON text, exactly as
// stored: MatchedStatements positions are computed against that text.
//
// An Account must not be modified once it has been given to New.
type Account struct {
	// ID is the 12-digit account ID. LoadAuthorizationDetails takes it
	// from the entities' ARNs.
	ID string
	// Partition is the ARN partition ("aws" when empty).
	Partition string

	Users    []*User
	Groups   []*Group
	Roles    []*Role
	Policies []*ManagedPolicy

	// SCPs holds the service control policies that apply to the account,
	// one slice per level of the organization from the root down to the
	// account itself; every level must allow
	// (reference_policies_evaluation-logic.md). Nil means the account is
	// not governed by SCPs. An iamsim extension: the IAM API's snapshot
	// does not carry them.
	SCPs [][]OrganizationPolicy
	// RCPs holds the resource control policies that apply to the
	// account's resources, one slice per level, like SCPs.
	RCPs [][]OrganizationPolicy
}

// User is an IAM user (UserDetail).
type User struct {
	UserName string
	// Path is the IAM path ("/" when empty).
	Path string
	// Arn is the user's ARN; built from the account, path and name when
	// empty.
	Arn    string
	UserId string
	// Groups names the groups the user belongs to (GroupList).
	Groups []string
	// InlinePolicies are the user's inline policies (UserPolicyList).
	InlinePolicies []InlinePolicy
	// AttachedManagedPolicies holds the ARNs of attached managed policies.
	AttachedManagedPolicies []string
	// PermissionsBoundary is the ARN of the managed policy set as the
	// user's permissions boundary, or "".
	PermissionsBoundary string
	Tags                []Tag
}

// Group is an IAM group (GroupDetail). Groups have no permissions boundary
// and no tags.
type Group struct {
	GroupName               string
	Path                    string
	Arn                     string
	GroupId                 string
	InlinePolicies          []InlinePolicy
	AttachedManagedPolicies []string
}

// Role is an IAM role (RoleDetail).
type Role struct {
	RoleName string
	Path     string
	Arn      string
	RoleId   string
	// AssumeRolePolicyDocument is the role's trust policy.
	AssumeRolePolicyDocument string
	InlinePolicies           []InlinePolicy
	AttachedManagedPolicies  []string
	PermissionsBoundary      string
	Tags                     []Tag
}

// InlinePolicy is an inline policy of a user, group or role (PolicyDetail).
type InlinePolicy struct {
	PolicyName     string
	PolicyDocument string
}

// Tag is a key and value attached to a user or role. A principal's tags are
// its aws:PrincipalTag/KEY context keys.
type Tag struct {
	Key   string
	Value string
}

// ManagedPolicy is a managed policy (ManagedPolicyDetail): AWS-managed
// (arn:aws:iam::aws:policy/...) or customer-managed.
type ManagedPolicy struct {
	PolicyName string
	// Arn identifies the policy; attachments refer to it.
	Arn      string
	Path     string
	PolicyId string
	// DefaultVersionId names the version in effect.
	DefaultVersionId string
	Versions         []PolicyVersion
}

// PolicyVersion is one version of a managed policy.
type PolicyVersion struct {
	VersionId        string
	Document         string
	IsDefaultVersion bool
}

// OrganizationPolicy is an SCP or RCP document with the name it is reported
// under.
type OrganizationPolicy struct {
	Name     string
	Document string
}

// DefaultDocument returns the document of the default version: the version
// named by DefaultVersionId, else the one marked IsDefaultVersion, else the
// only version. ok is false when there is none.
func (p *ManagedPolicy) DefaultDocument() (doc string, ok bool) {
	if p.DefaultVersionId != "" {
		for _, v := range p.Versions {
			if v.VersionId == p.DefaultVersionId {
				return v.Document, true
			}
		}
	}
	for _, v := range p.Versions {
		if v.IsDefaultVersion {
			return v.Document, true
		}
	}
	if len(p.Versions) == 1 {
		return p.Versions[0].Document, true
	}
	return "", false
}

// IsAWSManaged reports whether the policy is managed by AWS (its ARN's
// account field is "aws").
func (p *ManagedPolicy) IsAWSManaged() bool {
	parts := strings.SplitN(p.Arn, ":", 6)
	return len(parts) == 6 && parts[4] == "aws"
}

// User returns the user named name, or nil.
func (a *Account) User(name string) *User {
	for _, u := range a.Users {
		if u.UserName == name {
			return u
		}
	}
	return nil
}

// Group returns the group named name, or nil.
func (a *Account) Group(name string) *Group {
	for _, g := range a.Groups {
		if g.GroupName == name {
			return g
		}
	}
	return nil
}

// Role returns the role named name, or nil.
func (a *Account) Role(name string) *Role {
	for _, r := range a.Roles {
		if r.RoleName == name {
			return r
		}
	}
	return nil
}

// Policy returns the managed policy with ARN arn, or nil.
func (a *Account) Policy(arn string) *ManagedPolicy {
	for _, p := range a.Policies {
		if p.Arn == arn {
			return p
		}
	}
	return nil
}

func (a *Account) partition() string {
	if a.Partition == "" {
		return "aws"
	}
	return a.Partition
}

// entityARN builds arn:PARTITION:iam::ACCOUNT:TYPE/PATH/NAME.
func (a *Account) entityARN(typ, path, name string) string {
	if path == "" {
		path = "/"
	}
	return "arn:" + a.partition() + ":iam::" + a.ID + ":" + typ + path + name
}

// arn returns the user's ARN in account a.
func (u *User) arn(a *Account) string {
	if u.Arn != "" {
		return u.Arn
	}
	return a.entityARN("user", u.Path, u.UserName)
}

func (r *Role) arn(a *Account) string {
	if r.Arn != "" {
		return r.Arn
	}
	return a.entityARN("role", r.Path, r.RoleName)
}

func tagMap(tags []Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}

// index is the Simulator's read-only view of an Account: entities by name
// and policies by ARN.
type index struct {
	acct     *Account
	users    map[string]*User
	groups   map[string]*Group
	roles    map[string]*Role
	policies map[string]*ManagedPolicy
}

func newIndex(a *Account) *index {
	if a == nil {
		return nil
	}
	ix := &index{
		acct:     a,
		users:    make(map[string]*User, len(a.Users)),
		groups:   make(map[string]*Group, len(a.Groups)),
		roles:    make(map[string]*Role, len(a.Roles)),
		policies: make(map[string]*ManagedPolicy, len(a.Policies)),
	}
	// The first of duplicate names wins, as Account.User does.
	for _, u := range a.Users {
		if u != nil && ix.users[u.UserName] == nil {
			ix.users[u.UserName] = u
		}
	}
	for _, g := range a.Groups {
		if g != nil && ix.groups[g.GroupName] == nil {
			ix.groups[g.GroupName] = g
		}
	}
	for _, r := range a.Roles {
		if r != nil && ix.roles[r.RoleName] == nil {
			ix.roles[r.RoleName] = r
		}
	}
	for _, p := range a.Policies {
		if p != nil && ix.policies[p.Arn] == nil {
			ix.policies[p.Arn] = p
		}
	}
	return ix
}

// entityRef is a PolicySourceArn taken apart.
type entityRef struct {
	arn       string
	partition string
	account   string
	typ       string // "user", "group" or "role"
	path      string
	name      string
}

// parseEntityARN reads arn:PARTITION:iam::ACCOUNT:(user|group|role)/PATH/NAME.
// Anything else is the live service's InvalidInput "Invalid Entity Arn: ARN
// does not clearly define entity type and name." (observed for an
// assumed-role session ARN).
func parseEntityARN(arn string) (entityRef, *Error) {
	bad := func() *Error {
		return invalidInput("Invalid Entity Arn: %s does not clearly define entity type and name.", arn)
	}
	parts, ok := arnFields(arn)
	if !ok || parts[0] != "arn" || parts[1] == "" || parts[2] != "iam" || parts[3] != "" || !iamctx.IsAccountID(parts[4]) {
		return entityRef{}, bad()
	}
	res := parts[5]
	typ, rest, ok := strings.Cut(res, "/")
	if !ok || (typ != "user" && typ != "group" && typ != "role") {
		return entityRef{}, bad()
	}
	i := strings.LastIndexByte(rest, '/')
	ref := entityRef{arn: arn, partition: parts[1], account: parts[4], typ: typ, path: "/" + rest[:i+1], name: rest[i+1:]}
	if ref.name == "" {
		return entityRef{}, bad()
	}
	return ref, nil
}

// find returns the entity named by ref, or a NoSuchEntity error worded as
// IAM words it for GetUser, GetGroup and GetRole. Entities are found by name
// (names are unique in an account); the path in the ARN is not compared.
func (ix *index) find(ref entityRef) (any, *Error) {
	notFound := func() *Error { return noSuchEntity("The %s with name %s cannot be found.", ref.typ, ref.name) }
	if ix == nil || (ix.acct.ID != "" && ix.acct.ID != ref.account) || ix.acct.partition() != ref.partition {
		return nil, notFound()
	}
	switch ref.typ {
	case "user":
		if u := ix.users[ref.name]; u != nil {
			return u, nil
		}
	case "group":
		if g := ix.groups[ref.name]; g != nil {
			return g, nil
		}
	case "role":
		if r := ix.roles[ref.name]; r != nil {
			return r, nil
		}
	}
	return nil, notFound()
}

// managedDocument returns the default version of the managed policy arn.
// A snapshot that lacks an attached policy cannot be simulated faithfully:
// that is a PolicyEvaluation error, not a silent omission.
func (ix *index) managedDocument(arn, owner string) (*ManagedPolicy, string, *Error) {
	p := ix.policies[arn]
	if p == nil {
		return nil, "", policyEvaluation(nil, "managed policy %s attached to %s is not in the account snapshot", arn, owner)
	}
	doc, ok := p.DefaultDocument()
	if !ok {
		return nil, "", policyEvaluation(nil, "managed policy %s has no default version in the account snapshot", arn)
	}
	return p, doc, nil
}

// managedName returns the name AWS reports a managed policy under: its
// PolicyName, or the last segment of its ARN.
func managedName(p *ManagedPolicy) string {
	if p.PolicyName != "" {
		return p.PolicyName
	}
	return p.Arn[strings.LastIndexByte(p.Arn, '/')+1:]
}

// sourcePolicy is one stored policy of an entity with the SourcePolicyId the
// simulator reports it under.
type sourcePolicy struct {
	id   string
	text string
}

// entityPolicies gathers what SimulatePrincipalPolicy evaluates for an
// entity (API_SimulatePrincipalPolicy: "If you specify a user, the
// simulation also includes all policies that are attached to any groups the
// user belongs to"): its inline policies, then its attached managed policies
// (default version), then for each group in GroupList order the group's
// inline and attached policies. A managed policy attached more than once is
// taken once. Inline policies are reported as user_NAME_POLICY,
// group_NAME_POLICY and role_NAME_POLICY, managed ones by name (SPEC §5).
//
// boundary is the entity's permissions boundary (nil for groups and for
// entities without one).
func (ix *index) entityPolicies(entity any) (identity []sourcePolicy, boundary *sourcePolicy, err *Error) {
	seen := map[string]bool{}
	addInline := func(prefix, owner string, ps []InlinePolicy) {
		for _, p := range ps {
			identity = append(identity, sourcePolicy{id: prefix + "_" + owner + "_" + p.PolicyName, text: p.PolicyDocument})
		}
	}
	addManaged := func(owner string, arns []string) *Error {
		for _, arn := range arns {
			if seen[arn] {
				continue
			}
			seen[arn] = true
			p, doc, err := ix.managedDocument(arn, owner)
			if err != nil {
				return err
			}
			identity = append(identity, sourcePolicy{id: managedName(p), text: doc})
		}
		return nil
	}
	addBoundary := func(arn, owner string) *Error {
		if arn == "" {
			return nil
		}
		p, doc, err := ix.managedDocument(arn, owner)
		if err != nil {
			return err
		}
		boundary = &sourcePolicy{id: managedName(p), text: doc}
		return nil
	}
	switch e := entity.(type) {
	case *User:
		owner := "user " + e.UserName
		addInline("user", e.UserName, e.InlinePolicies)
		if err := addManaged(owner, e.AttachedManagedPolicies); err != nil {
			return nil, nil, err
		}
		for _, gn := range e.Groups {
			g := ix.groups[gn]
			if g == nil {
				return nil, nil, policyEvaluation(nil, "group %s of user %s is not in the account snapshot", gn, e.UserName)
			}
			addInline("group", g.GroupName, g.InlinePolicies)
			if err := addManaged("group "+g.GroupName, g.AttachedManagedPolicies); err != nil {
				return nil, nil, err
			}
		}
		if err := addBoundary(e.PermissionsBoundary, owner); err != nil {
			return nil, nil, err
		}
	case *Group:
		addInline("group", e.GroupName, e.InlinePolicies)
		if err := addManaged("group "+e.GroupName, e.AttachedManagedPolicies); err != nil {
			return nil, nil, err
		}
	case *Role:
		owner := "role " + e.RoleName
		addInline("role", e.RoleName, e.InlinePolicies)
		if err := addManaged(owner, e.AttachedManagedPolicies); err != nil {
			return nil, nil, err
		}
		if err := addBoundary(e.PermissionsBoundary, owner); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, policyEvaluation(nil, "unknown entity %T", entity)
	}
	return identity, boundary, nil
}

// callerTags returns the tags of the user or role arn names in the account,
// if it is there.
func (ix *index) callerTags(p iamctx.Principal) map[string]string {
	if ix == nil || (ix.acct.ID != "" && p.Account != ix.acct.ID) {
		return nil
	}
	switch p.Kind {
	case iamctx.PrincipalUser:
		if u := ix.users[p.Name]; u != nil {
			return tagMap(u.Tags)
		}
	case iamctx.PrincipalRole, iamctx.PrincipalAssumedRole:
		if r := ix.roles[p.Name]; r != nil {
			return tagMap(r.Tags)
		}
	}
	return nil
}
