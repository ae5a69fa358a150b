package account

import (
	"slices"

	"github.com/iamsim/iamsim/internal/iamshape"
)

// CreateGroupInput is the request of CreateGroup.
type CreateGroupInput struct {
	Path      string
	GroupName string
}

// CreateGroup creates a group whose name is new (without regard to case).
func (a *Account) CreateGroup(in CreateGroupInput) (*Group, error) {
	var c checker
	c.optional(iamshape.Path, in.Path)
	c.field(iamshape.GroupName, in.GroupName)
	if err := c.err(); err != nil {
		return nil, err
	}
	var out *Group
	err := a.change("CreateGroup", func(t *tx) error {
		if t.group(in.GroupName) != nil {
			return alreadyExists("Group with name %s already exists.", in.GroupName)
		}
		path := pathOr(in.Path)
		out = &Group{GroupName: in.GroupName, Path: path, GroupId: t.newID("AGPA"), Arn: a.ARN("group", path, in.GroupName), CreateDate: t.now}
		t.putGroup(out)
		return nil
	})
	return out, err
}

// GetGroup returns the group named name, or NoSuchEntity.
func (a *Account) GetGroup(name string) (*Group, error) {
	if g := a.Group(name); g != nil {
		return g, nil
	}
	return nil, notFound(EntityGroup, name)
}

// DeleteGroup deletes a group that has no members and no inline or attached
// policies.
func (a *Account) DeleteGroup(name string) error {
	var c checker
	c.field(iamshape.GroupName, name)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("DeleteGroup", func(t *tx) error {
		g := t.group(name)
		if g == nil {
			return notFound(EntityGroup, name)
		}
		if len(t.members(g)) > 0 {
			return deleteConflict("Cannot delete entity, must remove users from group first.")
		}
		if err := holdsPolicies(g.InlinePolicies, g.AttachedManagedPolicies); err != nil {
			return err
		}
		t.deleteGroup(g.GroupName)
		return nil
	})
}

// AddUserToGroup makes a user a member of a group (nothing changes if it is
// one already).
func (a *Account) AddUserToGroup(groupName, userName string) error {
	var c checker
	c.field(iamshape.GroupName, groupName)
	c.field(iamshape.ExistingUserName, userName)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("AddUserToGroup", func(t *tx) error {
		g := t.group(groupName)
		if g == nil {
			return notFound(EntityGroup, groupName)
		}
		u := t.user(userName)
		if u == nil {
			return notFound(EntityUser, userName)
		}
		if slices.Contains(u.Groups, g.GroupName) {
			return nil
		}
		if len(u.Groups) >= a.quotas.GroupsPerUser {
			return limitExceeded("Cannot exceed quota for GroupsPerUser: %d", a.quotas.GroupsPerUser)
		}
		c := *u
		c.Groups = append(slices.Clip(u.Groups), g.GroupName)
		t.putUser(&c)
		return nil
	})
}

// RemoveUserFromGroup removes a user from a group it belongs to.
func (a *Account) RemoveUserFromGroup(groupName, userName string) error {
	var c checker
	c.field(iamshape.GroupName, groupName)
	c.field(iamshape.ExistingUserName, userName)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("RemoveUserFromGroup", func(t *tx) error {
		g := t.group(groupName)
		if g == nil {
			return notFound(EntityGroup, groupName)
		}
		u := t.user(userName)
		if u == nil || !slices.Contains(u.Groups, g.GroupName) {
			return notFound(EntityUser, userName)
		}
		c := *u
		c.Groups = slices.DeleteFunc(slices.Clone(u.Groups), func(n string) bool { return n == g.GroupName })
		t.putUser(&c)
		return nil
	})
}
