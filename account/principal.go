package account

import (
	"errors"
	"fmt"
)

// ErrIncomplete marks an account that refers to something it does not
// hold: a managed policy attached to an entity or set as its boundary but
// absent from the account, a policy without a default version, a group a
// user belongs to that is not there. A snapshot exported with filters can
// be like that; IAM itself never is.
var ErrIncomplete = errors.New("incomplete account")

// AppliedPolicy is one policy that applies to a user, group or role: an
// inline policy of the entity (or, for a user, of one of its groups) or the
// default version of an attached managed policy.
type AppliedPolicy struct {
	// OwnerType and OwnerName name the entity an inline policy belongs
	// to; both are zero for a managed policy.
	OwnerType EntityType
	OwnerName string
	// PolicyName is the inline policy's name or the managed policy's.
	PolicyName string
	// PolicyArn is the managed policy's ARN, "" for an inline policy.
	PolicyArn string
	// Document is the policy text, exactly as stored.
	Document string
}

// Principal is a user, group or role with the policies that apply to it.
type Principal struct {
	Type EntityType
	// Name is the entity's name as it spells it.
	Name string
	Arn  string
	Tags []Tag
	// Identity holds the identity-based policies IAM evaluates for the
	// entity, in this order: its inline policies, its attached managed
	// policies, then for a user each group's inline and attached
	// policies in the order the user joined them. A managed policy
	// attached more than once is listed once.
	Identity []AppliedPolicy
	// Boundary is the permissions boundary of a user or role, or nil.
	Boundary *AppliedPolicy
}

// Principal returns the user, group or role of type typ named name with the
// policies that apply to it, read at one moment. It fails with a
// NoSuchEntity *Error for an unknown entity, and with an error wrapping
// ErrIncomplete when the account lacks a group or managed policy the entity
// refers to.
func (a *Account) Principal(typ EntityType, name string) (*Principal, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	p := &Principal{Type: typ}
	seen := map[string]bool{}
	inline := func(owner EntityType, ownerName string, list []InlinePolicy) {
		for _, ip := range list {
			p.Identity = append(p.Identity, AppliedPolicy{OwnerType: owner, OwnerName: ownerName, PolicyName: ip.PolicyName, Document: ip.PolicyDocument})
		}
	}
	managed := func(owner string, arns []string) error {
		for _, arn := range arns {
			if seen[arn] {
				continue
			}
			seen[arn] = true
			ap, err := a.managedApplied(arn, owner)
			if err != nil {
				return err
			}
			p.Identity = append(p.Identity, ap)
		}
		return nil
	}
	boundary := func(arn, owner string) error {
		if arn == "" {
			return nil
		}
		ap, err := a.managedApplied(arn, owner)
		p.Boundary = &ap
		return err
	}
	switch typ {
	case EntityUser:
		u := a.users[key(name)]
		if u == nil {
			break
		}
		p.Name, p.Arn, p.Tags = u.UserName, u.Arn, u.Tags
		owner := "user " + u.UserName
		inline(EntityUser, u.UserName, u.InlinePolicies)
		if err := managed(owner, u.AttachedManagedPolicies); err != nil {
			return nil, err
		}
		for _, gn := range u.Groups {
			g := a.groups[key(gn)]
			if g == nil {
				return nil, fmt.Errorf("%w: group %s of user %s is not in the account snapshot", ErrIncomplete, gn, u.UserName)
			}
			inline(EntityGroup, g.GroupName, g.InlinePolicies)
			if err := managed("group "+g.GroupName, g.AttachedManagedPolicies); err != nil {
				return nil, err
			}
		}
		if err := boundary(u.PermissionsBoundary, owner); err != nil {
			return nil, err
		}
		return p, nil
	case EntityGroup:
		g := a.groups[key(name)]
		if g == nil {
			break
		}
		p.Name, p.Arn = g.GroupName, g.Arn
		inline(EntityGroup, g.GroupName, g.InlinePolicies)
		if err := managed("group "+g.GroupName, g.AttachedManagedPolicies); err != nil {
			return nil, err
		}
		return p, nil
	case EntityRole:
		r := a.roles[key(name)]
		if r == nil {
			break
		}
		p.Name, p.Arn, p.Tags = r.RoleName, r.Arn, r.Tags
		owner := "role " + r.RoleName
		inline(EntityRole, r.RoleName, r.InlinePolicies)
		if err := managed(owner, r.AttachedManagedPolicies); err != nil {
			return nil, err
		}
		if err := boundary(r.PermissionsBoundary, owner); err != nil {
			return nil, err
		}
		return p, nil
	}
	return nil, notFound(typ, name)
}

// managedApplied returns the default version of the managed policy arn as
// an AppliedPolicy; owner names who refers to it, for the error.
func (a *Account) managedApplied(arn, owner string) (AppliedPolicy, error) {
	mp := a.policies[arn]
	if mp == nil {
		return AppliedPolicy{}, fmt.Errorf("%w: managed policy %s attached to %s is not in the account snapshot", ErrIncomplete, arn, owner)
	}
	doc, ok := mp.DefaultDocument()
	if !ok {
		return AppliedPolicy{}, fmt.Errorf("%w: managed policy %s has no default version in the account snapshot", ErrIncomplete, arn)
	}
	return AppliedPolicy{PolicyName: policyNameOf(mp), PolicyArn: arn, Document: doc}, nil
}

// PrincipalTags returns the tags of the user or role of the account named
// name (typ EntityUser or EntityRole), and the account's Version they were
// read at.
func (a *Account) PrincipalTags(typ EntityType, name string) ([]Tag, uint64) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	v := a.version.Load()
	switch typ {
	case EntityUser:
		if u := a.users[key(name)]; u != nil {
			return u.Tags, v
		}
	case EntityRole:
		if r := a.roles[key(name)]; r != nil {
			return r.Tags, v
		}
	}
	return nil, v
}
