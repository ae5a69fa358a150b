package endpoint

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iamsim/iamsim/simulator"
)

// state is the account as the endpoint keeps it: everything the IAM API
// reports about its entities (IDs, dates, descriptions), not only what the
// simulator reads. A published state is never modified; a change works on a
// clone and replaces entities it touches with modified copies.
//
// Names are unique without regard to case, as in IAM, so the maps are keyed
// by the lower-cased name (policies by ARN).
type state struct {
	AccountID string
	Partition string
	// Counter numbers the IDs made so far; IDs are derived from it, so that
	// replaying the same changes makes the same IDs.
	Counter  uint64
	Users    map[string]*user
	Groups   map[string]*group
	Roles    map[string]*role
	Policies map[string]*managedPolicy
	SCPs     [][]simulator.OrganizationPolicy `json:",omitempty"`
	RCPs     [][]simulator.OrganizationPolicy `json:",omitempty"`
}

type inlinePolicy struct{ Name, Document string }

type user struct {
	Name, Path, ID string
	Created        time.Time
	Groups         []string // canonical group names
	Inline         []inlinePolicy
	Attached       []string // policy ARNs
	Boundary       string
	Tags           []simulator.Tag
}

type group struct {
	Name, Path, ID string
	Created        time.Time
	Inline         []inlinePolicy
	Attached       []string
}

type role struct {
	Name, Path, ID string
	Created        time.Time
	Trust          string
	Description    string
	MaxSession     int
	Inline         []inlinePolicy
	Attached       []string
	Boundary       string
	Tags           []simulator.Tag
}

type policyVersion struct {
	ID       string
	Document string
	Created  time.Time
}

type managedPolicy struct {
	Name, Path, ID, Arn string
	Description         string
	Created, Updated    time.Time
	Default             string
	Versions            []policyVersion
	NextVersion         int
	Tags                []simulator.Tag
}

func newState(accountID, partition string) *state {
	return &state{AccountID: accountID, Partition: partition,
		Users: map[string]*user{}, Groups: map[string]*group{}, Roles: map[string]*role{}, Policies: map[string]*managedPolicy{}}
}

func key(name string) string { return strings.ToLower(name) }

// clone copies the maps; entities are shared until changed (see mut*).
func (s *state) clone() *state {
	c := *s
	c.Users, c.Groups, c.Roles, c.Policies = maps.Clone(s.Users), maps.Clone(s.Groups), maps.Clone(s.Roles), maps.Clone(s.Policies)
	return &c
}

func (s *state) mutUser(u *user) *user {
	c := *u
	c.Groups, c.Inline, c.Attached, c.Tags = slices.Clone(u.Groups), slices.Clone(u.Inline), slices.Clone(u.Attached), slices.Clone(u.Tags)
	s.Users[key(u.Name)] = &c
	return &c
}

func (s *state) mutGroup(g *group) *group {
	c := *g
	c.Inline, c.Attached = slices.Clone(g.Inline), slices.Clone(g.Attached)
	s.Groups[key(g.Name)] = &c
	return &c
}

func (s *state) mutRole(r *role) *role {
	c := *r
	c.Inline, c.Attached, c.Tags = slices.Clone(r.Inline), slices.Clone(r.Attached), slices.Clone(r.Tags)
	s.Roles[key(r.Name)] = &c
	return &c
}

func (s *state) mutPolicy(p *managedPolicy) *managedPolicy {
	c := *p
	c.Versions, c.Tags = slices.Clone(p.Versions), slices.Clone(p.Tags)
	s.Policies[p.Arn] = &c
	return &c
}

// newID makes a unique ID with IAM's prefix for the kind of entity (AIDA
// user, AGPA group, AROA role, ANPA policy) and 17 more characters.
func (s *state) newID(prefix string) string {
	s.Counter++
	h := sha256.Sum256(fmt.Appendf(nil, "%s/%s/%d", s.AccountID, prefix, s.Counter))
	return prefix + base32.StdEncoding.EncodeToString(h[:])[:17]
}

func (s *state) partition() string {
	if s.Partition == "" {
		return "aws"
	}
	return s.Partition
}

func (s *state) arn(typ, path, name string) string {
	return "arn:" + s.partition() + ":iam::" + s.AccountID + ":" + typ + path + name
}

func (s *state) userArn(u *user) string             { return s.arn("user", u.Path, u.Name) }
func (s *state) groupArn(g *group) string           { return s.arn("group", g.Path, g.Name) }
func (s *state) roleArn(r *role) string             { return s.arn("role", r.Path, r.Name) }
func (s *state) policyArn(path, name string) string { return s.arn("policy", path, name) }

// sortedUsers etc. list entities in name order, as IAM's List operations do.
func (s *state) sortedUsers() []*user {
	return sortedValues(s.Users)
}

func (s *state) sortedGroups() []*group { return sortedValues(s.Groups) }
func (s *state) sortedRoles() []*role   { return sortedValues(s.Roles) }

func (s *state) sortedPolicies() []*managedPolicy {
	out := slices.Collect(maps.Values(s.Policies))
	slices.SortFunc(out, func(a, b *managedPolicy) int { return strings.Compare(a.Arn, b.Arn) })
	return out
}

func sortedValues[T any](m map[string]*T) []*T {
	ks := slices.Sorted(maps.Keys(m))
	out := make([]*T, len(ks))
	for i, k := range ks {
		out[i] = m[k]
	}
	return out
}

func (p *managedPolicy) isAWSManaged() bool { return strings.Contains(p.Arn, ":iam::aws:policy/") }

func (p *managedPolicy) version(id string) (int, *policyVersion) {
	for i := range p.Versions {
		if p.Versions[i].ID == id {
			return i, &p.Versions[i]
		}
	}
	return -1, nil
}

// usage counts a policy's attachments and its uses as a permissions
// boundary.
func (s *state) usage(arn string) (attachments, boundaries int) {
	for _, u := range s.Users {
		if slices.Contains(u.Attached, arn) {
			attachments++
		}
		if u.Boundary == arn {
			boundaries++
		}
	}
	for _, g := range s.Groups {
		if slices.Contains(g.Attached, arn) {
			attachments++
		}
	}
	for _, r := range s.Roles {
		if slices.Contains(r.Attached, arn) {
			attachments++
		}
		if r.Boundary == arn {
			boundaries++
		}
	}
	return attachments, boundaries
}

// account converts the state to the simulator's model.
func (s *state) account() *simulator.Account {
	a := &simulator.Account{ID: s.AccountID, Partition: s.Partition, SCPs: s.SCPs, RCPs: s.RCPs}
	inl := func(in []inlinePolicy) []simulator.InlinePolicy {
		out := make([]simulator.InlinePolicy, len(in))
		for i, p := range in {
			out[i] = simulator.InlinePolicy{PolicyName: p.Name, PolicyDocument: p.Document}
		}
		return out
	}
	for _, u := range s.sortedUsers() {
		a.Users = append(a.Users, &simulator.User{UserName: u.Name, Path: u.Path, Arn: s.userArn(u), UserId: u.ID,
			Groups: slices.Clone(u.Groups), InlinePolicies: inl(u.Inline), AttachedManagedPolicies: slices.Clone(u.Attached),
			PermissionsBoundary: u.Boundary, Tags: slices.Clone(u.Tags)})
	}
	for _, g := range s.sortedGroups() {
		a.Groups = append(a.Groups, &simulator.Group{GroupName: g.Name, Path: g.Path, Arn: s.groupArn(g), GroupId: g.ID,
			InlinePolicies: inl(g.Inline), AttachedManagedPolicies: slices.Clone(g.Attached)})
	}
	for _, r := range s.sortedRoles() {
		a.Roles = append(a.Roles, &simulator.Role{RoleName: r.Name, Path: r.Path, Arn: s.roleArn(r), RoleId: r.ID,
			AssumeRolePolicyDocument: r.Trust, InlinePolicies: inl(r.Inline), AttachedManagedPolicies: slices.Clone(r.Attached),
			PermissionsBoundary: r.Boundary, Tags: slices.Clone(r.Tags)})
	}
	for _, p := range s.sortedPolicies() {
		mp := &simulator.ManagedPolicy{PolicyName: p.Name, Arn: p.Arn, Path: p.Path, PolicyId: p.ID, DefaultVersionId: p.Default}
		for _, v := range p.Versions {
			mp.Versions = append(mp.Versions, simulator.PolicyVersion{VersionId: v.ID, Document: v.Document, IsDefaultVersion: v.ID == p.Default})
		}
		a.Policies = append(a.Policies, mp)
	}
	return a
}

// fromAccount builds a state from the simulator's model (a seed snapshot).
// The snapshot does not carry creation dates the simulator keeps, so every
// entity is dated now.
func fromAccount(a *simulator.Account, now time.Time) *state {
	id := a.ID
	if id == "" {
		id = DefaultAccountID
	}
	s := newState(id, a.Partition)
	s.SCPs, s.RCPs = a.SCPs, a.RCPs
	inl := func(in []simulator.InlinePolicy) []inlinePolicy {
		out := make([]inlinePolicy, len(in))
		for i, p := range in {
			out[i] = inlinePolicy{Name: p.PolicyName, Document: p.PolicyDocument}
		}
		return out
	}
	orID := func(v, prefix string) string {
		if v != "" {
			return v
		}
		return s.newID(prefix)
	}
	for _, u := range a.Users {
		s.Users[key(u.UserName)] = &user{Name: u.UserName, Path: pathOr(u.Path), ID: orID(u.UserId, "AIDA"), Created: now,
			Groups: slices.Clone(u.Groups), Inline: inl(u.InlinePolicies), Attached: slices.Clone(u.AttachedManagedPolicies),
			Boundary: u.PermissionsBoundary, Tags: slices.Clone(u.Tags)}
	}
	for _, g := range a.Groups {
		s.Groups[key(g.GroupName)] = &group{Name: g.GroupName, Path: pathOr(g.Path), ID: orID(g.GroupId, "AGPA"), Created: now,
			Inline: inl(g.InlinePolicies), Attached: slices.Clone(g.AttachedManagedPolicies)}
	}
	for _, r := range a.Roles {
		s.Roles[key(r.RoleName)] = &role{Name: r.RoleName, Path: pathOr(r.Path), ID: orID(r.RoleId, "AROA"), Created: now,
			Trust: r.AssumeRolePolicyDocument, MaxSession: 3600, Inline: inl(r.InlinePolicies),
			Attached: slices.Clone(r.AttachedManagedPolicies), Boundary: r.PermissionsBoundary, Tags: slices.Clone(r.Tags)}
	}
	for _, p := range a.Policies {
		mp := &managedPolicy{Name: p.PolicyName, Path: pathOr(p.Path), ID: orID(p.PolicyId, "ANPA"), Arn: p.Arn,
			Created: now, Updated: now, Default: p.DefaultVersionId, NextVersion: 1}
		for _, v := range p.Versions {
			mp.Versions = append(mp.Versions, policyVersion{ID: v.VersionId, Document: v.Document, Created: now})
			if v.IsDefaultVersion && mp.Default == "" {
				mp.Default = v.VersionId
			}
			if n, err := strconv.Atoi(strings.TrimPrefix(v.VersionId, "v")); err == nil && n >= mp.NextVersion {
				mp.NextVersion = n + 1
			}
		}
		if mp.Default == "" && len(mp.Versions) > 0 {
			mp.Default = mp.Versions[0].ID
		}
		s.Policies[p.Arn] = mp
	}
	return s
}

func pathOr(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// simTag is the simulator's tag type, which the state stores as is.
type simTag = simulator.Tag
