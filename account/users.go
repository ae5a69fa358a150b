package account

import "github.com/iamsim/iamsim/internal/iamshape"

// CreateUserInput is the request of CreateUser.
type CreateUserInput struct {
	// Path is the user's IAM path ("/" when empty).
	Path     string
	UserName string
	// PermissionsBoundary is the ARN of a managed policy to set as the
	// user's permissions boundary, or "".
	PermissionsBoundary string
	Tags                []Tag
}

// CreateUser creates a user, as IAM's CreateUser does: the name must be new
// (without regard to case), a permissions boundary must be an existing
// managed policy.
func (a *Account) CreateUser(in CreateUserInput) (*User, error) {
	var c checker
	c.optional(iamshape.Path, in.Path)
	c.field(iamshape.UserName, in.UserName)
	c.optional(iamshape.PermissionsBoundary, in.PermissionsBoundary)
	if err := c.err(); err != nil {
		return nil, err
	}
	var out *User
	err := a.change("CreateUser", func(t *tx) error {
		if t.user(in.UserName) != nil {
			return alreadyExists("User with name %s already exists.", in.UserName)
		}
		if err := checkTags(in.Tags); err != nil {
			return err
		}
		if err := t.checkBoundary(in.PermissionsBoundary); err != nil {
			return err
		}
		tags, err := a.quotas.mergeTags(nil, in.Tags, "user "+in.UserName)
		if err != nil {
			return err
		}
		path := pathOr(in.Path)
		out = &User{UserName: in.UserName, Path: path, UserId: t.newID("AIDA"), Arn: a.ARN("user", path, in.UserName),
			CreateDate: t.now, PermissionsBoundary: in.PermissionsBoundary, Tags: tags}
		t.putUser(out)
		return nil
	})
	return out, err
}

// GetUser returns the user named name, or NoSuchEntity.
func (a *Account) GetUser(name string) (*User, error) {
	if u := a.User(name); u != nil {
		return u, nil
	}
	return nil, notFound(EntityUser, name)
}

// DeleteUser deletes a user that has no inline or attached policies and
// belongs to no group, as IAM's DeleteUser does.
func (a *Account) DeleteUser(name string) error {
	var c checker
	c.field(iamshape.ExistingUserName, name)
	if err := c.err(); err != nil {
		return err
	}
	return a.change("DeleteUser", func(t *tx) error {
		u := t.user(name)
		if u == nil {
			return notFound(EntityUser, name)
		}
		if err := holdsPolicies(u.InlinePolicies, u.AttachedManagedPolicies); err != nil {
			return err
		}
		if len(u.Groups) > 0 {
			return deleteConflict("Cannot delete entity, must remove user from all groups first.")
		}
		t.deleteUser(u.UserName)
		return nil
	})
}

// notFound is IAM's NoSuchEntity for a user, group or role.
func notFound(typ EntityType, name string) *Error {
	return noSuchEntity("The %s with name %s cannot be found.", typ, name)
}

// holdsPolicies answers DeleteConflict for an entity that still has
// inline or attached policies.
func holdsPolicies(inline []InlinePolicy, attached []string) error {
	switch {
	case len(inline) > 0:
		return deleteConflict("Cannot delete entity, must delete policies first.")
	case len(attached) > 0:
		return deleteConflict("Cannot delete entity, must detach all policies first.")
	}
	return nil
}
