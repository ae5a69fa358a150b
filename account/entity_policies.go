package account

import (
	"slices"
	"strings"

	"github.com/iamsim/iamsim/internal/iamshape"
	"github.com/iamsim/iamsim/policy"
)

// The operations that exist alike for users, groups and roles: inline
// policies, managed policy attachments, and (users and roles) permissions
// boundaries and tags.

// holder is a user, group or role as a change sees it: the parts the
// shared operations read and replace. Its slices are the entity's own and
// must be replaced, never modified.
type holder struct {
	typ      EntityType
	name     string // as the entity spells it
	inline   []InlinePolicy
	attached []string
	boundary string
	tags     []Tag
	// save stages the entity with the holder's parts in the change.
	save func(h *holder)
}

// holder finds the entity of type typ named name.
func (t *tx) holder(typ EntityType, name string) (*holder, error) {
	switch typ {
	case EntityUser:
		if u := t.user(name); u != nil {
			return &holder{typ, u.UserName, u.InlinePolicies, u.AttachedManagedPolicies, u.PermissionsBoundary, u.Tags, func(h *holder) {
				c := *u
				c.InlinePolicies, c.AttachedManagedPolicies, c.PermissionsBoundary, c.Tags = h.inline, h.attached, h.boundary, h.tags
				t.putUser(&c)
			}}, nil
		}
	case EntityGroup:
		if g := t.group(name); g != nil {
			return &holder{typ, g.GroupName, g.InlinePolicies, g.AttachedManagedPolicies, "", nil, func(h *holder) {
				c := *g
				c.InlinePolicies, c.AttachedManagedPolicies = h.inline, h.attached
				t.putGroup(&c)
			}}, nil
		}
	case EntityRole:
		if r := t.role(name); r != nil {
			return &holder{typ, r.RoleName, r.InlinePolicies, r.AttachedManagedPolicies, r.PermissionsBoundary, r.Tags, func(h *holder) {
				c := *r
				c.InlinePolicies, c.AttachedManagedPolicies, c.PermissionsBoundary, c.Tags = h.inline, h.attached, h.boundary, h.tags
				t.putRole(&c)
			}}, nil
		}
	}
	return nil, notFound(typ, name)
}

// nameField returns the shape of the member that names an entity of type
// typ in the operations on it.
func nameField(typ EntityType) iamshape.Field {
	switch typ {
	case EntityUser:
		return iamshape.ExistingUserName
	case EntityGroup:
		return iamshape.GroupName
	}
	return iamshape.RoleName
}

// PutUserPolicy adds or replaces an inline policy of a user.
func (a *Account) PutUserPolicy(userName, policyName, document string) error {
	return a.putInline(EntityUser, userName, policyName, document)
}

// PutGroupPolicy adds or replaces an inline policy of a group.
func (a *Account) PutGroupPolicy(groupName, policyName, document string) error {
	return a.putInline(EntityGroup, groupName, policyName, document)
}

// PutRolePolicy adds or replaces an inline policy of a role.
func (a *Account) PutRolePolicy(roleName, policyName, document string) error {
	return a.putInline(EntityRole, roleName, policyName, document)
}

// putInline adds or replaces an inline policy. Names compare without case;
// the entity's inline policies together must stay within its size quota.
func (a *Account) putInline(typ EntityType, name, policyName, document string) error {
	var c checker
	c.field(nameField(typ), name)
	c.field(iamshape.PolicyName, policyName)
	c.field(iamshape.PolicyDocument, document)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("Put"+typ.title()+"Policy", func(t *tx) error {
		h, err := t.holder(typ, name)
		if err != nil {
			return err
		}
		if err := checkDocument(document, policy.KindIdentity); err != nil {
			return err
		}
		size := policySize(document)
		for _, ip := range h.inline {
			if !strings.EqualFold(ip.PolicyName, policyName) {
				size += policySize(ip.PolicyDocument)
			}
		}
		if quota := a.quotas.inlineSize(typ); size > quota {
			return limitExceeded("Maximum policy size of %d bytes exceeded for %s %s", quota, typ, h.name)
		}
		ip := InlinePolicy{PolicyName: policyName, PolicyDocument: document}
		if i := inlineIndex(h.inline, policyName); i >= 0 {
			h.inline = slices.Clone(h.inline)
			h.inline[i] = ip
		} else {
			h.inline = append(slices.Clip(h.inline), ip)
		}
		h.save(h)
		return nil
	})
}

func inlineIndex(list []InlinePolicy, name string) int {
	return slices.IndexFunc(list, func(ip InlinePolicy) bool { return strings.EqualFold(ip.PolicyName, name) })
}

// InlinePolicy returns the inline policy policyName of the user, group or
// role name, or NoSuchEntity, with the entity's name as it spells it.
func (a *Account) InlinePolicy(typ EntityType, name, policyName string) (entityName string, ip InlinePolicy, err error) {
	inline, entityName, err := a.inlinePolicies(typ, name)
	if err != nil {
		return "", InlinePolicy{}, err
	}
	i := inlineIndex(inline, policyName)
	if i < 0 {
		return "", InlinePolicy{}, noSuchEntity("The %s policy with name %s cannot be found.", typ, policyName)
	}
	return entityName, inline[i], nil
}

// InlinePolicyNames returns the names of the inline policies of the user,
// group or role name, in name order (without regard to case).
func (a *Account) InlinePolicyNames(typ EntityType, name string) ([]string, error) {
	inline, _, err := a.inlinePolicies(typ, name)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(inline))
	for i, ip := range inline {
		names[i] = ip.PolicyName
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(key(a), key(b)) })
	return names, nil
}

// AttachedPolicies returns the ARNs of the managed policies attached to the
// user, group or role name, in the order they were attached.
func (a *Account) AttachedPolicies(typ EntityType, name string) ([]string, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	switch typ {
	case EntityUser:
		if u := a.users[key(name)]; u != nil {
			return u.AttachedManagedPolicies, nil
		}
	case EntityGroup:
		if g := a.groups[key(name)]; g != nil {
			return g.AttachedManagedPolicies, nil
		}
	case EntityRole:
		if r := a.roles[key(name)]; r != nil {
			return r.AttachedManagedPolicies, nil
		}
	}
	return nil, notFound(typ, name)
}

func (a *Account) inlinePolicies(typ EntityType, name string) ([]InlinePolicy, string, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	switch typ {
	case EntityUser:
		if u := a.users[key(name)]; u != nil {
			return u.InlinePolicies, u.UserName, nil
		}
	case EntityGroup:
		if g := a.groups[key(name)]; g != nil {
			return g.InlinePolicies, g.GroupName, nil
		}
	case EntityRole:
		if r := a.roles[key(name)]; r != nil {
			return r.InlinePolicies, r.RoleName, nil
		}
	}
	return nil, "", notFound(typ, name)
}

// DeleteUserPolicy deletes an inline policy of a user.
func (a *Account) DeleteUserPolicy(userName, policyName string) error {
	return a.deleteInline(EntityUser, userName, policyName)
}

// DeleteGroupPolicy deletes an inline policy of a group.
func (a *Account) DeleteGroupPolicy(groupName, policyName string) error {
	return a.deleteInline(EntityGroup, groupName, policyName)
}

// DeleteRolePolicy deletes an inline policy of a role.
func (a *Account) DeleteRolePolicy(roleName, policyName string) error {
	return a.deleteInline(EntityRole, roleName, policyName)
}

func (a *Account) deleteInline(typ EntityType, name, policyName string) error {
	var c checker
	c.field(nameField(typ), name)
	c.field(iamshape.PolicyName, policyName)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("Delete"+typ.title()+"Policy", func(t *tx) error {
		h, err := t.holder(typ, name)
		if err != nil {
			return err
		}
		i := inlineIndex(h.inline, policyName)
		if i < 0 {
			return noSuchEntity("The %s policy with name %s cannot be found.", typ, policyName)
		}
		h.inline = slices.Delete(slices.Clone(h.inline), i, i+1)
		h.save(h)
		return nil
	})
}

// AttachUserPolicy attaches a managed policy to a user (nothing changes if
// it is attached already).
func (a *Account) AttachUserPolicy(userName, policyArn string) error {
	return a.attach(EntityUser, userName, policyArn)
}

// AttachGroupPolicy attaches a managed policy to a group.
func (a *Account) AttachGroupPolicy(groupName, policyArn string) error {
	return a.attach(EntityGroup, groupName, policyArn)
}

// AttachRolePolicy attaches a managed policy to a role.
func (a *Account) AttachRolePolicy(roleName, policyArn string) error {
	return a.attach(EntityRole, roleName, policyArn)
}

// quotaName is the name of the quota on an entity's attached policies.
func quotaName(typ EntityType) string { return "PoliciesPer" + typ.title() }

// attachNameField is the shape of the member naming the entity in the
// Attach and Detach operations, where a user's name is userNameType.
func attachNameField(typ EntityType) iamshape.Field {
	if typ == EntityUser {
		return iamshape.UserName
	}
	return nameField(typ)
}

func (a *Account) attach(typ EntityType, name, arn string) error {
	var c checker
	c.field(attachNameField(typ), name)
	c.field(iamshape.PolicyArn, arn)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("Attach"+typ.title()+"Policy", func(t *tx) error {
		h, err := t.holder(typ, name)
		if err != nil {
			return err
		}
		if err := t.attachable(arn, "Policy %s does not exist or is not attachable."); err != nil {
			return err
		}
		if slices.Contains(h.attached, arn) {
			return nil
		}
		if len(h.attached) >= a.quotas.ManagedPoliciesPerEntity {
			return limitExceeded("Cannot exceed quota for %s: %d", quotaName(typ), a.quotas.ManagedPoliciesPerEntity)
		}
		h.attached = append(slices.Clip(h.attached), arn)
		h.save(h)
		return nil
	})
}

// DetachUserPolicy detaches a managed policy from a user.
func (a *Account) DetachUserPolicy(userName, policyArn string) error {
	return a.detach(EntityUser, userName, policyArn)
}

// DetachGroupPolicy detaches a managed policy from a group.
func (a *Account) DetachGroupPolicy(groupName, policyArn string) error {
	return a.detach(EntityGroup, groupName, policyArn)
}

// DetachRolePolicy detaches a managed policy from a role.
func (a *Account) DetachRolePolicy(roleName, policyArn string) error {
	return a.detach(EntityRole, roleName, policyArn)
}

func (a *Account) detach(typ EntityType, name, arn string) error {
	var c checker
	c.field(attachNameField(typ), name)
	c.field(iamshape.PolicyArn, arn)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("Detach"+typ.title()+"Policy", func(t *tx) error {
		h, err := t.holder(typ, name)
		if err != nil {
			return err
		}
		if err := checkPolicyArn(arn); err != nil {
			return err
		}
		if !slices.Contains(h.attached, arn) {
			return noSuchEntity("Policy %s was not found.", arn)
		}
		h.attached = slices.DeleteFunc(slices.Clone(h.attached), func(s string) bool { return s == arn })
		h.save(h)
		return nil
	})
}

// PutUserPermissionsBoundary sets a user's permissions boundary.
func (a *Account) PutUserPermissionsBoundary(userName, policyArn string) error {
	return a.putBoundary(EntityUser, userName, policyArn)
}

// PutRolePermissionsBoundary sets a role's permissions boundary.
func (a *Account) PutRolePermissionsBoundary(roleName, policyArn string) error {
	return a.putBoundary(EntityRole, roleName, policyArn)
}

func (a *Account) putBoundary(typ EntityType, name, arn string) error {
	var c checker
	c.field(attachNameField(typ), name)
	c.field(iamshape.PermissionsBoundary, arn)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("Put"+typ.title()+"PermissionsBoundary", func(t *tx) error {
		h, err := t.holder(typ, name)
		if err != nil {
			return err
		}
		if err := t.checkBoundary(arn); err != nil {
			return err
		}
		h.boundary = arn
		h.save(h)
		return nil
	})
}

// DeleteUserPermissionsBoundary removes a user's permissions boundary.
func (a *Account) DeleteUserPermissionsBoundary(userName string) error {
	return a.deleteBoundary(EntityUser, userName)
}

// DeleteRolePermissionsBoundary removes a role's permissions boundary.
func (a *Account) DeleteRolePermissionsBoundary(roleName string) error {
	return a.deleteBoundary(EntityRole, roleName)
}

func (a *Account) deleteBoundary(typ EntityType, name string) error {
	var c checker
	c.field(attachNameField(typ), name)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("Delete"+typ.title()+"PermissionsBoundary", func(t *tx) error {
		h, err := t.holder(typ, name)
		if err != nil {
			return err
		}
		h.boundary = ""
		h.save(h)
		return nil
	})
}

// TagUser adds tags to a user or replaces the values of its tags with the
// same keys (without regard to case).
func (a *Account) TagUser(userName string, tags []Tag) error {
	return a.tag(EntityUser, userName, tags)
}

// TagRole adds or replaces tags of a role.
func (a *Account) TagRole(roleName string, tags []Tag) error {
	return a.tag(EntityRole, roleName, tags)
}

func (a *Account) tag(typ EntityType, name string, tags []Tag) error {
	var c checker
	c.field(nameField(typ), name)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("Tag"+typ.title(), func(t *tx) error {
		if err := checkTags(tags); err != nil {
			return err
		}
		if tags == nil {
			return ValidationError(iamshape.Missing("Tags"))
		}
		h, err := t.holder(typ, name)
		if err != nil {
			return err
		}
		if h.tags, err = a.quotas.mergeTags(h.tags, tags, typ.String()+" "+h.name); err != nil {
			return err
		}
		h.save(h)
		return nil
	})
}

// UntagUser removes the tags with the given keys (without regard to case)
// from a user.
func (a *Account) UntagUser(userName string, keys []string) error {
	return a.untag(EntityUser, userName, keys)
}

// UntagRole removes tags from a role.
func (a *Account) UntagRole(roleName string, keys []string) error {
	return a.untag(EntityRole, roleName, keys)
}

func (a *Account) untag(typ EntityType, name string, keys []string) error {
	var c checker
	c.field(nameField(typ), name)
	if keys == nil {
		c.msgs = append(c.msgs, iamshape.Missing("TagKeys"))
	}
	c.msgs = iamshape.TagKeys.CheckList(c.msgs, keys)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("Untag"+typ.title(), func(t *tx) error {
		h, err := t.holder(typ, name)
		if err != nil {
			return err
		}
		h.tags = slices.DeleteFunc(slices.Clone(h.tags), func(tg Tag) bool {
			return slices.ContainsFunc(keys, func(k string) bool { return strings.EqualFold(k, tg.Key) })
		})
		h.save(h)
		return nil
	})
}

// Tags returns the tags of the user or role name.
func (a *Account) Tags(typ EntityType, name string) ([]Tag, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	switch typ {
	case EntityUser:
		if u := a.users[key(name)]; u != nil {
			return u.Tags, nil
		}
	case EntityRole:
		if r := a.roles[key(name)]; r != nil {
			return r.Tags, nil
		}
	}
	return nil, notFound(typ, name)
}
