package account

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultAccountID is the ID of an account made without one: the ID the
// AWS documentation uses in its examples.
const DefaultAccountID = "123456789012"

// Account is one AWS account's IAM entities: users, groups, roles and
// managed policies with their versions, inline policies, attachments,
// permissions boundaries and tags, and the Organizations policies (SCPs and
// RCPs) that govern it.
//
// An Account is safe for concurrent use. Reads see each change whole or not
// at all; changes are applied one at a time, each validated as IAM
// validates it and, when a Journal is set, recorded before it takes effect.
// A change costs what it touches: it replaces the entities it changes and
// nothing else, so the entities a reader holds stay as they were.
type Account struct {
	// wmu serializes changes: a change is validated, journaled and
	// installed while holding it.
	wmu sync.Mutex
	// mu guards the maps below; installs hold it for writing only to
	// swap in a change's entities.
	mu        sync.RWMutex
	id        string
	partition string
	users     map[string]*User // by lower-cased name: names are unique without regard to case
	groups    map[string]*Group
	roles     map[string]*Role
	policies  map[string]*ManagedPolicy // by ARN
	scps      [][]OrganizationPolicy
	rcps      [][]OrganizationPolicy
	// members maps a group's key to its users' keys; attachments and
	// boundaries count each managed policy's uses. Installs keep them,
	// so that reads need not scan every entity.
	members     map[string]map[string]struct{}
	attachments map[string]int
	boundaries  map[string]int
	// nextID numbers the IDs made so far: IDs derive from it, so that
	// replaying the same changes makes the same IDs.
	nextID uint64

	version atomic.Uint64
	journal Journal // guarded by wmu
	now     func() time.Time
	quotas  Quotas
}

// Option configures an Account made by New or Load.
type Option func(*Account)

// WithClock makes the Account date its changes with now instead of
// time.Now.
func WithClock(now func() time.Time) Option { return func(a *Account) { a.now = now } }

// WithQuotas sets the quotas the Account enforces (default DefaultQuotas).
func WithQuotas(q Quotas) Option { return func(a *Account) { a.quotas = q } }

// New returns an empty account with the given 12-digit ID (DefaultAccountID
// when empty) in the aws partition.
func New(id string, opts ...Option) *Account {
	if id == "" {
		id = DefaultAccountID
	}
	a := newAccount(id, "aws")
	a.configure(opts)
	return a
}

func newAccount(id, partition string) *Account {
	return &Account{
		id: id, partition: partition,
		users: map[string]*User{}, groups: map[string]*Group{}, roles: map[string]*Role{},
		policies: map[string]*ManagedPolicy{}, members: map[string]map[string]struct{}{},
		attachments: map[string]int{}, boundaries: map[string]int{},
		now: time.Now, quotas: DefaultQuotas,
	}
}

func (a *Account) configure(opts []Option) {
	for _, o := range opts {
		if o != nil {
			o(a)
		}
	}
}

// key is the map key of an entity name: IAM names are unique without
// regard to case.
func key(name string) string {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(name)
		}
	}
	return name
}

// ID returns the 12-digit account ID ("" for a snapshot that named none).
func (a *Account) ID() string { return a.id }

// Partition returns the ARN partition: aws, aws-cn, aws-us-gov.
func (a *Account) Partition() string {
	if a.partition == "" {
		return "aws"
	}
	return a.partition
}

// Version returns a number that changes whenever the account does: two
// reads that see the same Version saw the same account.
func (a *Account) Version() uint64 { return a.version.Load() }

// ARN returns arn:PARTITION:iam::ACCOUNT:TYPE/PATH/NAME, the ARN of an
// entity of the account (typ is "user", "group", "role" or "policy").
func (a *Account) ARN(typ, path, name string) string {
	if path == "" {
		path = "/"
	}
	return "arn:" + a.Partition() + ":iam::" + a.id + ":" + typ + path + name
}

// User returns the user named name (without regard to case), or nil.
func (a *Account) User(name string) *User {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.users[key(name)]
}

// Group returns the group named name, or nil.
func (a *Account) Group(name string) *Group {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.groups[key(name)]
}

// Role returns the role named name, or nil.
func (a *Account) Role(name string) *Role {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.roles[key(name)]
}

// Policy returns the managed policy whose ARN is arn, or nil.
func (a *Account) Policy(arn string) *ManagedPolicy {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.policies[arn]
}

// Users returns the users in name order (without regard to case), as
// IAM's ListUsers lists them.
func (a *Account) Users() []*User {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return sortedByKey(a.users)
}

// Groups returns the groups in name order.
func (a *Account) Groups() []*Group {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return sortedByKey(a.groups)
}

// Roles returns the roles in name order.
func (a *Account) Roles() []*Role {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return sortedByKey(a.roles)
}

// Policies returns the managed policies in ARN order.
func (a *Account) Policies() []*ManagedPolicy {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return sortedByKey(a.policies)
}

func sortedByKey[T any](m map[string]*T) []*T {
	ks := slices.Sorted(maps.Keys(m))
	out := make([]*T, len(ks))
	for i, k := range ks {
		out[i] = m[k]
	}
	return out
}

// Members returns the users of the group named name, in name order.
func (a *Account) Members(name string) []*User {
	a.mu.RLock()
	defer a.mu.RUnlock()
	set := a.members[key(name)]
	ks := slices.Sorted(maps.Keys(set))
	out := make([]*User, 0, len(ks))
	for _, k := range ks {
		out = append(out, a.users[k])
	}
	return out
}

// PolicyUsage returns how many users, groups and roles the managed policy
// arn is attached to, and how many users and roles have it as their
// permissions boundary.
func (a *Account) PolicyUsage(arn string) (attachments, boundaries int) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.attachments[arn], a.boundaries[arn]
}

// SCPs returns the service control policies that apply to the account, one
// slice per level of the organization from the root down to the account;
// every level must allow (reference_policies_evaluation-logic.md). Nil
// means the account is not governed by SCPs.
func (a *Account) SCPs() [][]OrganizationPolicy {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.scps
}

// RCPs returns the resource control policies that apply to the account's
// resources, one slice per level, like SCPs.
func (a *Account) RCPs() [][]OrganizationPolicy {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.rcps
}

// SetOrganizationPolicies sets the SCPs and RCPs that govern the account
// (see SCPs). The IAM API has no operation for them; a snapshot carries
// them as an iamsim extension.
func (a *Account) SetOrganizationPolicies(scps, rcps [][]OrganizationPolicy) {
	a.wmu.Lock()
	defer a.wmu.Unlock()
	a.mu.Lock()
	a.scps, a.rcps = cloneLevels(scps), cloneLevels(rcps)
	a.mu.Unlock()
	a.version.Add(1)
}

func cloneLevels(levels [][]OrganizationPolicy) [][]OrganizationPolicy {
	if levels == nil {
		return nil
	}
	out := make([][]OrganizationPolicy, len(levels))
	for i, l := range levels {
		out[i] = append([]OrganizationPolicy{}, l...)
	}
	return out
}

// Clone returns a deep-enough copy of the account: the same immutable
// entities in maps of its own, without the journal. Changes to either
// account do not show in the other.
func (a *Account) Clone() *Account {
	a.mu.RLock()
	defer a.mu.RUnlock()
	c := newAccount(a.id, a.partition)
	c.now, c.quotas, c.nextID = a.now, a.quotas, a.nextID
	c.users, c.groups, c.roles, c.policies = maps.Clone(a.users), maps.Clone(a.groups), maps.Clone(a.roles), maps.Clone(a.policies)
	c.scps, c.rcps = cloneLevels(a.scps), cloneLevels(a.rcps)
	for g, set := range a.members {
		c.members[g] = maps.Clone(set)
	}
	c.attachments, c.boundaries = maps.Clone(a.attachments), maps.Clone(a.boundaries)
	c.version.Store(a.version.Load())
	return c
}

// newID makes a unique ID with IAM's prefix for the kind of entity (AIDA
// user, AGPA group, AROA role, ANPA policy) and 17 more characters.
func (a *Account) makeID(n uint64, prefix string) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s/%s/%d", a.id, prefix, n))
	return prefix + base32.StdEncoding.EncodeToString(h[:])[:17]
}
