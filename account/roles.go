package account

import (
	"github.com/iamsim/iamsim/internal/iamshape"
	"github.com/iamsim/iamsim/policy"
)

// CreateRoleInput is the request of CreateRole.
type CreateRoleInput struct {
	Path     string
	RoleName string
	// AssumeRolePolicyDocument is the trust policy, checked by the grammar
	// of role trust policies.
	AssumeRolePolicyDocument string
	Description              string
	// MaxSessionDuration is in seconds, 3600 to 43200; nil means 3600.
	MaxSessionDuration  *int
	PermissionsBoundary string
	Tags                []Tag
}

// CreateRole creates a role whose name is new (without regard to case).
func (a *Account) CreateRole(in CreateRoleInput) (*Role, error) {
	var c checker
	c.optional(iamshape.Path, in.Path)
	c.field(iamshape.RoleName, in.RoleName)
	c.field(iamshape.AssumeRolePolicyDocument, in.AssumeRolePolicyDocument)
	c.optional(iamshape.RoleDescription, in.Description)
	c.optional(iamshape.PermissionsBoundary, in.PermissionsBoundary)
	if err := c.err(); err != nil {
		return nil, err
	}
	var out *Role
	err := a.change("CreateRole", func(t *tx) error {
		if t.role(in.RoleName) != nil {
			return alreadyExists("Role with name %s already exists.", in.RoleName)
		}
		if err := a.checkTrust(in.AssumeRolePolicyDocument); err != nil {
			return err
		}
		if err := checkTags(in.Tags); err != nil {
			return err
		}
		maxSession := iamshape.MinSessionDuration
		if v := in.MaxSessionDuration; v != nil {
			if *v < iamshape.MinSessionDuration || *v > iamshape.MaxSessionDuration {
				return ValidationError(iamshape.OutOfRange("MaxSessionDuration", *v, iamshape.MinSessionDuration, iamshape.MaxSessionDuration))
			}
			maxSession = *v
		}
		if err := t.checkBoundary(in.PermissionsBoundary); err != nil {
			return err
		}
		tags, err := a.quotas.mergeTags(nil, in.Tags, "role "+in.RoleName)
		if err != nil {
			return err
		}
		path := pathOr(in.Path)
		out = &Role{RoleName: in.RoleName, Path: path, RoleId: t.newID("AROA"), Arn: a.ARN("role", path, in.RoleName),
			CreateDate: t.now, AssumeRolePolicyDocument: in.AssumeRolePolicyDocument, Description: in.Description,
			MaxSessionDuration: maxSession, PermissionsBoundary: in.PermissionsBoundary, Tags: tags}
		t.putRole(out)
		return nil
	})
	return out, err
}

// GetRole returns the role named name, or NoSuchEntity.
func (a *Account) GetRole(name string) (*Role, error) {
	if r := a.Role(name); r != nil {
		return r, nil
	}
	return nil, notFound(EntityRole, name)
}

// DeleteRole deletes a role that has no inline or attached policies.
func (a *Account) DeleteRole(name string) error {
	var c checker
	c.field(iamshape.RoleName, name)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("DeleteRole", func(t *tx) error {
		r := t.role(name)
		if r == nil {
			return notFound(EntityRole, name)
		}
		if err := holdsPolicies(r.InlinePolicies, r.AttachedManagedPolicies); err != nil {
			return err
		}
		t.deleteRole(r.RoleName)
		return nil
	})
}

// UpdateAssumeRolePolicy replaces a role's trust policy.
func (a *Account) UpdateAssumeRolePolicy(roleName, document string) error {
	var c checker
	c.field(iamshape.RoleName, roleName)
	c.field(iamshape.PolicyDocument, document)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("UpdateAssumeRolePolicy", func(t *tx) error {
		r := t.role(roleName)
		if r == nil {
			return notFound(EntityRole, roleName)
		}
		if err := a.checkTrust(document); err != nil {
			return err
		}
		c := *r
		c.AssumeRolePolicyDocument = document
		t.putRole(&c)
		return nil
	})
}

// checkTrust checks a role trust policy: its grammar, then its size quota.
func (a *Account) checkTrust(doc string) error {
	if err := checkDocument(doc, policy.KindTrust); err != nil {
		return err
	}
	if policySize(doc) > a.quotas.TrustPolicySize {
		return limitExceeded("Cannot exceed quota for ACLSizePerRole: %d", a.quotas.TrustPolicySize)
	}
	return nil
}
