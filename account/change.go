package account

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"time"
)

// Change is one change to an account as a Journal records it: the entities
// the change created or replaced, whole, and the names of those it deleted.
// Replaying the changes of a journal, in order, on the account they were
// made to rebuilds the account exactly (see Replay).
type Change struct {
	// Op names the operation that made the change ("CreateUser").
	Op string
	// Time is when it was made (UTC, to the second).
	Time time.Time
	// NextID is the account's ID counter after the change.
	NextID uint64

	Users    []*User
	Groups   []*Group
	Roles    []*Role
	Policies []*ManagedPolicy
	// DeletedUsers, DeletedGroups and DeletedRoles hold names;
	// DeletedPolicies holds ARNs.
	DeletedUsers    []string
	DeletedGroups   []string
	DeletedRoles    []string
	DeletedPolicies []string
}

// A Journal makes changes durable. Record is called with each change after
// it has been validated and before it takes effect, one change at a time;
// if Record fails, the change is dropped and its operation fails with
// ServiceFailure. The Change must not be modified.
type Journal interface {
	Record(c *Change) error
}

// SetJournal makes the account record every later change in j (nil: no
// journal). A Journal may read the account while it records (to write a
// snapshot): reads do not wait for the change being recorded.
func (a *Account) SetJournal(j Journal) {
	a.wmu.Lock()
	defer a.wmu.Unlock()
	a.journal = j
}

// tx is a change being made: the entities it has replaced or deleted so
// far (a nil value is a deletion), over the account as it was. Only the
// goroutine holding wmu makes a tx, and installs happen under wmu too, so
// the account's maps do not change under it.
type tx struct {
	a        *Account
	op       string
	now      time.Time
	nextID   uint64
	users    map[string]*User
	groups   map[string]*Group
	roles    map[string]*Role
	policies map[string]*ManagedPolicy
}

func lookup[T any](changed map[string]*T, base map[string]*T, k string) *T {
	if v, ok := changed[k]; ok {
		return v
	}
	return base[k]
}

func (t *tx) user(name string) *User   { return lookup(t.users, t.a.users, key(name)) }
func (t *tx) group(name string) *Group { return lookup(t.groups, t.a.groups, key(name)) }
func (t *tx) role(name string) *Role   { return lookup(t.roles, t.a.roles, key(name)) }
func (t *tx) policy(arn string) *ManagedPolicy {
	return lookup(t.policies, t.a.policies, arn)
}

func put[T any](m *map[string]*T, k string, v *T) {
	if *m == nil {
		*m = map[string]*T{}
	}
	(*m)[k] = v
}

func (t *tx) putUser(u *User)            { put(&t.users, key(u.UserName), u) }
func (t *tx) putGroup(g *Group)          { put(&t.groups, key(g.GroupName), g) }
func (t *tx) putRole(r *Role)            { put(&t.roles, key(r.RoleName), r) }
func (t *tx) putPolicy(p *ManagedPolicy) { put(&t.policies, p.Arn, p) }
func (t *tx) deleteUser(name string)     { put(&t.users, key(name), nil) }
func (t *tx) deleteGroup(name string)    { put(&t.groups, key(name), nil) }
func (t *tx) deleteRole(name string)     { put(&t.roles, key(name), nil) }
func (t *tx) deletePolicy(arn string)    { put(&t.policies, arn, nil) }

// newID makes the next ID with IAM's prefix for the kind of entity.
func (t *tx) newID(prefix string) string {
	t.nextID++
	return t.a.makeID(t.nextID, prefix)
}

// members lists the users of group g as the change sees them, in name
// order.
func (t *tx) members(g *Group) []*User {
	ks := make(map[string]struct{}, len(t.a.members[key(g.GroupName)]))
	maps.Copy(ks, t.a.members[key(g.GroupName)])
	for k, u := range t.users {
		delete(ks, k)
		if u != nil && slices.Contains(u.Groups, g.GroupName) {
			ks[k] = struct{}{}
		}
	}
	out := make([]*User, 0, len(ks))
	for _, k := range slices.Sorted(maps.Keys(ks)) {
		out = append(out, t.user(k))
	}
	return out
}

// usage counts the attachments and boundary uses of a managed policy as
// the change sees them.
func (t *tx) usage(arn string) (attachments, boundaries int) {
	attachments, boundaries = t.a.attachments[arn], t.a.boundaries[arn]
	count := func(attached []string, boundary string, sign int) {
		if slices.Contains(attached, arn) {
			attachments += sign
		}
		if boundary == arn {
			boundaries += sign
		}
	}
	for k, u := range t.users {
		if old := t.a.users[k]; old != nil {
			count(old.AttachedManagedPolicies, old.PermissionsBoundary, -1)
		}
		if u != nil {
			count(u.AttachedManagedPolicies, u.PermissionsBoundary, 1)
		}
	}
	for k, g := range t.groups {
		if old := t.a.groups[k]; old != nil {
			count(old.AttachedManagedPolicies, "", -1)
		}
		if g != nil {
			count(g.AttachedManagedPolicies, "", 1)
		}
	}
	for k, r := range t.roles {
		if old := t.a.roles[k]; old != nil {
			count(old.AttachedManagedPolicies, old.PermissionsBoundary, -1)
		}
		if r != nil {
			count(r.AttachedManagedPolicies, r.PermissionsBoundary, 1)
		}
	}
	return attachments, boundaries
}

// record returns the tx as a Change, its entities in key order so that the
// same change is always recorded alike.
func (t *tx) record() *Change {
	c := &Change{Op: t.op, Time: t.now, NextID: t.nextID}
	split := func(k string, deleted bool, put func(), del func(string)) {
		if deleted {
			del(k)
		} else {
			put()
		}
	}
	for _, k := range slices.Sorted(maps.Keys(t.users)) {
		u := t.users[k]
		split(k, u == nil, func() { c.Users = append(c.Users, u) }, func(k string) { c.DeletedUsers = append(c.DeletedUsers, k) })
	}
	for _, k := range slices.Sorted(maps.Keys(t.groups)) {
		g := t.groups[k]
		split(k, g == nil, func() { c.Groups = append(c.Groups, g) }, func(k string) { c.DeletedGroups = append(c.DeletedGroups, k) })
	}
	for _, k := range slices.Sorted(maps.Keys(t.roles)) {
		r := t.roles[k]
		split(k, r == nil, func() { c.Roles = append(c.Roles, r) }, func(k string) { c.DeletedRoles = append(c.DeletedRoles, k) })
	}
	for _, k := range slices.Sorted(maps.Keys(t.policies)) {
		p := t.policies[k]
		split(k, p == nil, func() { c.Policies = append(c.Policies, p) }, func(k string) { c.DeletedPolicies = append(c.DeletedPolicies, k) })
	}
	return c
}

// change runs fn as one change named op: fn validates and stages what it
// changes in its tx, and returns an error to change nothing. The staged
// change is journaled, then installed.
func (a *Account) change(op string, fn func(t *tx) error) error {
	a.wmu.Lock()
	defer a.wmu.Unlock()
	t := &tx{a: a, op: op, now: a.now().UTC().Truncate(time.Second), nextID: a.nextID}
	if err := fn(t); err != nil {
		return err
	}
	if t.users == nil && t.groups == nil && t.roles == nil && t.policies == nil {
		return nil // nothing to change (attaching what is attached, say)
	}
	c := t.record()
	if a.journal != nil {
		if err := a.journal.Record(c); err != nil {
			return &Error{Code: CodeServiceFailure, HTTPStatus: http.StatusInternalServerError,
				Message: "the change could not be made durable", Err: err}
		}
	}
	a.install(c)
	return nil
}

// Replay applies a change that a Journal recorded for this account (or for
// an account it was loaded from the snapshot of), without validating or
// journaling it again. It fails only for a change that cannot be one of
// this account's: an entity without a name, a deletion of what is not
// there.
func (a *Account) Replay(c *Change) error {
	if c == nil {
		return errors.New("account: nil change")
	}
	a.wmu.Lock()
	defer a.wmu.Unlock()
	if err := a.checkReplay(c); err != nil {
		return fmt.Errorf("account: cannot replay %s: %w", c.Op, err)
	}
	a.install(c)
	return nil
}

func (a *Account) checkReplay(c *Change) error {
	for _, u := range c.Users {
		if u == nil || u.UserName == "" {
			return errors.New("a user without a name")
		}
	}
	for _, g := range c.Groups {
		if g == nil || g.GroupName == "" {
			return errors.New("a group without a name")
		}
	}
	for _, r := range c.Roles {
		if r == nil || r.RoleName == "" {
			return errors.New("a role without a name")
		}
	}
	for _, p := range c.Policies {
		if p == nil || p.Arn == "" {
			return errors.New("a policy without an ARN")
		}
	}
	for _, n := range c.DeletedUsers {
		if a.users[key(n)] == nil {
			return fmt.Errorf("it deletes user %s, which does not exist", n)
		}
	}
	for _, n := range c.DeletedGroups {
		if a.groups[key(n)] == nil {
			return fmt.Errorf("it deletes group %s, which does not exist", n)
		}
	}
	for _, n := range c.DeletedRoles {
		if a.roles[key(n)] == nil {
			return fmt.Errorf("it deletes role %s, which does not exist", n)
		}
	}
	for _, arn := range c.DeletedPolicies {
		if a.policies[arn] == nil {
			return fmt.Errorf("it deletes policy %s, which does not exist", arn)
		}
	}
	return nil
}

// install swaps a change's entities in and keeps the indexes (group
// members, policy uses) up to date.
func (a *Account) install(c *Change) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, u := range c.Users {
		a.setUser(key(u.UserName), u)
	}
	for _, n := range c.DeletedUsers {
		a.setUser(key(n), nil)
	}
	for _, g := range c.Groups {
		a.setGroup(key(g.GroupName), g)
	}
	for _, n := range c.DeletedGroups {
		a.setGroup(key(n), nil)
	}
	for _, r := range c.Roles {
		a.setRole(key(r.RoleName), r)
	}
	for _, n := range c.DeletedRoles {
		a.setRole(key(n), nil)
	}
	for _, p := range c.Policies {
		a.policies[p.Arn] = p
	}
	for _, arn := range c.DeletedPolicies {
		delete(a.policies, arn)
	}
	if c.NextID > a.nextID {
		a.nextID = c.NextID
	}
	a.version.Add(1)
}

// uses adds sign to the use counts of the policies an entity has.
func (a *Account) uses(attached []string, boundary string, sign int) {
	for _, arn := range attached {
		a.attachments[arn] += sign
		if a.attachments[arn] == 0 {
			delete(a.attachments, arn)
		}
	}
	if boundary != "" {
		a.boundaries[boundary] += sign
		if a.boundaries[boundary] == 0 {
			delete(a.boundaries, boundary)
		}
	}
}

func (a *Account) setUser(k string, u *User) {
	if old := a.users[k]; old != nil {
		a.uses(old.AttachedManagedPolicies, old.PermissionsBoundary, -1)
		for _, g := range old.Groups {
			if set := a.members[key(g)]; set != nil {
				delete(set, k)
				if len(set) == 0 {
					delete(a.members, key(g))
				}
			}
		}
	}
	if u == nil {
		delete(a.users, k)
		return
	}
	a.users[k] = u
	a.uses(u.AttachedManagedPolicies, u.PermissionsBoundary, 1)
	for _, g := range u.Groups {
		set := a.members[key(g)]
		if set == nil {
			set = map[string]struct{}{}
			a.members[key(g)] = set
		}
		set[k] = struct{}{}
	}
}

func (a *Account) setGroup(k string, g *Group) {
	if old := a.groups[k]; old != nil {
		a.uses(old.AttachedManagedPolicies, "", -1)
	}
	if g == nil {
		delete(a.groups, k)
		return
	}
	a.groups[k] = g
	a.uses(g.AttachedManagedPolicies, "", 1)
}

func (a *Account) setRole(k string, r *Role) {
	if old := a.roles[k]; old != nil {
		a.uses(old.AttachedManagedPolicies, old.PermissionsBoundary, -1)
	}
	if r == nil {
		delete(a.roles, k)
		return
	}
	a.roles[k] = r
	a.uses(r.AttachedManagedPolicies, r.PermissionsBoundary, 1)
}
