package account

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	allowS3  = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`
	denyS3   = `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}`
	trustEC2 = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`
)

// recorder is a Journal that keeps every change, through its JSON as a
// write-ahead log would, and fails on demand.
type recorder struct {
	mu      sync.Mutex
	changes []*Change
	fail    error
}

func (r *recorder) Record(c *Change) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	var back Change
	if err := json.Unmarshal(b, &back); err != nil {
		return err
	}
	r.changes = append(r.changes, &back)
	return nil
}

// fixedClock returns a clock that moves one second per call.
func fixedClock() func() time.Time {
	t := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var mu sync.Mutex
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

// A journal replayed on the account it started from rebuilds the account
// exactly, whatever the operations were: random sequences of every
// operation, successful or refused, each recorded through its JSON.
func TestReplayRebuildsTheAccount(t *testing.T) {
	t.Parallel()
	for seed := range uint64(20) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, 1))
			a := Example(WithClock(fixedClock()))
			var start bytes.Buffer
			require.NoError(t, a.WriteJSON(&start))
			rec := &recorder{}
			a.SetJournal(rec)
			applied := 0
			for range 300 {
				if randomOperation(rng, a) == nil {
					applied++
				}
			}
			require.Positive(t, applied)

			b, err := Load(bytes.NewReader(start.Bytes()))
			require.NoError(t, err)
			for _, c := range rec.changes {
				require.NoError(t, b.Replay(c))
			}
			requireSameAccount(t, a, b)
			// The indexes are rebuilt alike.
			for _, p := range a.Policies() {
				at, pb := a.PolicyUsage(p.Arn)
				bt, bb := b.PolicyUsage(p.Arn)
				require.Equal(t, [2]int{at, pb}, [2]int{bt, bb}, p.Arn)
			}
			for _, g := range a.Groups() {
				require.Equal(t, len(a.Members(g.GroupName)), len(b.Members(g.GroupName)), g.GroupName)
			}
		})
	}
}

// randomOperation applies one operation with arguments drawn from a small
// pool of names, so that many succeed and many are refused.
func randomOperation(rng *rand.Rand, a *Account) error {
	users := []string{"alice", "bob", "carol", "dave", "Eve"}
	groups := []string{"developers", "auditors", "ops"}
	roles := []string{"deploy", "app-lambda", "batch"}
	policies := []string{"arn:aws:iam::111122223333:policy/DeveloperAccess", "arn:aws:iam::111122223333:policy/ProjectTagAccess",
		"arn:aws:iam::111122223333:policy/P1", "arn:aws:iam::111122223333:policy/P2", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}
	docs := []string{allowS3, denyS3}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	u, g, r, p, d := pick(users), pick(groups), pick(roles), pick(policies), pick(docs)
	var err error
	switch rng.IntN(24) {
	case 0:
		_, err = a.CreateUser(CreateUserInput{UserName: u, Tags: []Tag{{"team", pick(groups)}}})
	case 1:
		err = a.DeleteUser(u)
	case 2:
		_, err = a.CreateGroup(CreateGroupInput{GroupName: g, Path: "/x/"})
	case 3:
		err = a.DeleteGroup(g)
	case 4:
		err = a.AddUserToGroup(g, u)
	case 5:
		err = a.RemoveUserFromGroup(g, u)
	case 6:
		_, err = a.CreateRole(CreateRoleInput{RoleName: r, AssumeRolePolicyDocument: trustEC2, MaxSessionDuration: ptr(3600 * (1 + rng.IntN(3)))})
	case 7:
		err = a.DeleteRole(r)
	case 8:
		err = a.UpdateAssumeRolePolicy(r, trustEC2)
	case 9:
		_, err = a.CreatePolicy(CreatePolicyInput{PolicyName: p[len("arn:aws:iam::111122223333:policy/"):], PolicyDocument: d})
	case 10:
		err = a.DeletePolicy(p)
	case 11:
		_, _, err = a.CreatePolicyVersion(p, d, rng.IntN(2) == 0)
	case 12:
		err = a.DeletePolicyVersion(p, fmt.Sprintf("v%d", 1+rng.IntN(4)))
	case 13:
		err = a.SetDefaultPolicyVersion(p, fmt.Sprintf("v%d", 1+rng.IntN(4)))
	case 14:
		err = a.PutUserPolicy(u, "inline", d)
	case 15:
		err = a.DeleteGroupPolicy(g, "inline")
	case 16:
		err = a.PutRolePolicy(r, "inline", d)
	case 17:
		err = a.AttachUserPolicy(u, p)
	case 18:
		err = a.DetachGroupPolicy(g, p)
	case 19:
		err = a.AttachRolePolicy(r, p)
	case 20:
		err = a.PutUserPermissionsBoundary(u, p)
	case 21:
		err = a.DeleteRolePermissionsBoundary(r)
	case 22:
		err = a.TagRole(r, []Tag{{"k", pick(users)}})
	case 23:
		err = a.UntagUser(u, []string{"TEAM"})
	}
	return err
}

// A change replaces entities; what a reader holds stays as it was.
func TestEntitiesAreImmutable(t *testing.T) {
	t.Parallel()
	a := Example()
	alice := a.User("alice")
	groups, inline := alice.Groups, alice.InlinePolicies
	require.NoError(t, a.PutUserPolicy("alice", "HomeFolder", allowS3))
	require.NoError(t, a.RemoveUserFromGroup("developers", "alice"))
	require.NoError(t, a.TagUser("alice", []Tag{{"team", "other"}}))
	require.Equal(t, []string{"developers"}, alice.Groups)
	require.Equal(t, groups, alice.Groups)
	require.NotEqual(t, allowS3, inline[0].PolicyDocument)
	require.Equal(t, "platform", alice.Tags[1].Value)
	now := a.User("alice")
	require.NotSame(t, alice, now)
	require.Empty(t, now.Groups)
	require.Equal(t, allowS3, now.InlinePolicies[0].PolicyDocument)
}

// A change the journal cannot record does not take effect: ServiceFailure,
// and the account is as before. A change that changes nothing is not
// recorded.
func TestJournalFailure(t *testing.T) {
	t.Parallel()
	a := Example()
	rec := &recorder{fail: errors.New("disk full")}
	a.SetJournal(rec)
	v := a.Version()
	_, err := a.CreateUser(CreateUserInput{UserName: "zed"})
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, CodeServiceFailure, e.Code)
	require.Equal(t, 500, e.HTTPStatus)
	require.ErrorContains(t, errors.Unwrap(err), "disk full")
	require.Nil(t, a.User("zed"))
	require.Equal(t, v, a.Version())

	rec.fail = nil
	arn := "arn:aws:iam::111122223333:policy/ProjectTagAccess"
	require.NoError(t, a.AttachUserPolicy("bob", arn))
	require.NoError(t, a.AttachUserPolicy("bob", arn), "attaching twice is no error")
	require.Len(t, rec.changes, 1, "and no second change")
	require.Equal(t, "AttachUserPolicy", rec.changes[0].Op)
}

// IAM's rules on names, references and quotas, with IAM's codes.
func TestOperationErrors(t *testing.T) {
	t.Parallel()
	a := Example(WithQuotas(Quotas{ManagedPoliciesPerEntity: 2, GroupsPerUser: 1, VersionsPerPolicy: 2, TagsPerEntity: 2,
		UserInlinePolicySize: 100, GroupInlinePolicySize: 100, RoleInlinePolicySize: 100, ManagedPolicySize: 100, TrustPolicySize: 1000}))
	managed := "arn:aws:iam::111122223333:policy/DeveloperAccess"
	for _, c := range []struct {
		name string
		err  error
		code string
		msg  string
	}{
		{"every violation at once", func() error {
			_, err := a.CreateUser(CreateUserInput{UserName: "bad name", Path: "nopath"})
			return err
		}(), CodeValidation, "2 validation errors detected: Value 'nopath' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (/)|(/[\\x{21}-\\x{7E}]+/); Value 'bad name' at 'userName'"},
		{"names are unique without regard to case", func() error {
			_, err := a.CreateUser(CreateUserInput{UserName: "ALICE"})
			return err
		}(), CodeEntityAlreadyExists, "User with name ALICE already exists."},
		{"unknown boundary", func() error {
			_, err := a.CreateUser(CreateUserInput{UserName: "x", PermissionsBoundary: "arn:aws:iam::111122223333:policy/Nope"})
			return err
		}(), CodeNoSuchEntity, "Scope ARN: arn:aws:iam::111122223333:policy/Nope does not exist or is not attachable."},
		{"duplicate tag keys", func() error {
			_, err := a.CreateUser(CreateUserInput{UserName: "x", Tags: []Tag{{"a", "1"}, {"A", "2"}}})
			return err
		}(), CodeInvalidInput, "Duplicate tag keys found."},
		{"tag quota", a.TagUser("alice", []Tag{{"third", "x"}}), CodeLimitExceeded, "The number of tags has reached the maximum limit for user alice."},
		{"malformed document", a.PutUserPolicy("bob", "p", `{"Version":"2012-10-17","Statement":{"Effect":"Allow"}}`), CodeMalformedPolicyDocument, "(line 1, column"},
		{"inline size quota", a.PutUserPolicy("bob", "p", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a-rather-long-bucket-name/and/a/key/prefix/*"}}`), CodeLimitExceeded, "Maximum policy size of 100 bytes exceeded for user bob"},
		{"group quota", a.AddUserToGroup("auditors", "alice"), CodeLimitExceeded, "Cannot exceed quota for GroupsPerUser: 1"},
		{"attachment quota", a.AttachUserPolicy("alice", managed), CodeLimitExceeded, "Cannot exceed quota for PoliciesPerUser: 2"},
		{"not attachable", a.AttachRolePolicy("deploy", "arn:aws:iam::111122223333:policy/Nope"), CodeNoSuchEntity, "Policy arn:aws:iam::111122223333:policy/Nope does not exist or is not attachable."},
		{"not a policy ARN", a.DetachRolePolicy("deploy", "arn:aws:iam::111122223333:role/deploy"), CodeInvalidInput, "is not valid."},
		{"AWS managed", a.DeletePolicy("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"), CodeInvalidInput, "is an AWS managed policy"},
		{"attached policy", a.DeletePolicy(managed), CodeDeleteConflict, "Cannot delete a policy attached to entities."},
		{"default version", a.DeletePolicyVersion(managed, "v2"), CodeDeleteConflict, "Cannot delete the default version of a policy."},
		{"version quota", func() error { _, _, err := a.CreatePolicyVersion(managed, allowS3, false); return err }(), CodeLimitExceeded, "A managed policy can have up to 2 versions."},
		{"group with members", a.DeleteGroup("developers"), CodeDeleteConflict, "must remove users from group first"},
		{"user with policies", a.DeleteUser("alice"), CodeDeleteConflict, "must delete policies first"},
		{"unknown user", a.DeleteUser("nobody"), CodeNoSuchEntity, "The user with name nobody cannot be found."},
		{"trust grammar", a.UpdateAssumeRolePolicy("deploy", allowS3), CodeMalformedPolicyDocument, ""},
		// reference_policies_elements_notprincipal.md: "You cannot use the
		// NotPrincipal element ... in an IAM role trust policy" (the
		// policy simulator accepts it: policy.KindSimulatedTrust).
		{"trust NotPrincipal", a.UpdateAssumeRolePolicy("deploy", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/bob"},"Action":"sts:AssumeRole"}}`),
			CodeMalformedPolicyDocument, `element "NotPrincipal" is not allowed in a role trust policy`},
		{"create role with NotPrincipal", func() error {
			_, err := a.CreateRole(CreateRoleInput{RoleName: "np", AssumeRolePolicyDocument: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/bob"},"Action":"sts:AssumeRole"}}`})
			return err
		}(), CodeMalformedPolicyDocument, `element "NotPrincipal" is not allowed in a role trust policy`},
		{"session duration", func() error {
			_, err := a.CreateRole(CreateRoleInput{RoleName: "r", AssumeRolePolicyDocument: trustEC2, MaxSessionDuration: ptr(60)})
			return err
		}(), CodeValidation, "Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var e *Error
			require.ErrorAs(t, c.err, &e)
			require.Equal(t, c.code, e.Code, e.Message)
			require.Contains(t, e.Message, c.msg)
		})
	}
}

// The indexes that reads use (group members, policy uses) follow every
// change.
func TestIndexes(t *testing.T) {
	t.Parallel()
	a := Example()
	boundary := "arn:aws:iam::111122223333:policy/boundaries/DeveloperBoundary"
	s3ro := "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
	att, pb := a.PolicyUsage(boundary)
	require.Equal(t, [2]int{0, 2}, [2]int{att, pb}, "alice and app-lambda have it as their boundary")
	att, _ = a.PolicyUsage(s3ro)
	require.Equal(t, 1, att, "auditors")
	require.NoError(t, a.AttachRolePolicy("deploy", s3ro))
	require.NoError(t, a.DeleteRolePermissionsBoundary("app-lambda"))
	att, _ = a.PolicyUsage(s3ro)
	require.Equal(t, 2, att)
	_, pb = a.PolicyUsage(boundary)
	require.Equal(t, 1, pb)

	names := func(us []*User) (out []string) {
		for _, u := range us {
			out = append(out, u.UserName)
		}
		return out
	}
	require.Equal(t, []string{"bob", "carol"}, names(a.Members("AUDITORS")))
	require.NoError(t, a.RemoveUserFromGroup("auditors", "bob"))
	require.Equal(t, []string{"carol"}, names(a.Members("auditors")))
	require.NoError(t, a.AddUserToGroup("auditors", "alice"))
	require.Equal(t, []string{"alice", "carol"}, names(a.Members("auditors")))
}

// Changes and reads from many goroutines: every change lands once, and
// readers always see whole entities (run with -race).
func TestConcurrentChanges(t *testing.T) {
	t.Parallel()
	a := New("111122223333")
	_, err := a.CreateGroup(CreateGroupInput{GroupName: "all"})
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 8) // one from each goroutine at most
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				name := fmt.Sprintf("u%d-%d", g, i)
				if _, err := a.CreateUser(CreateUserInput{UserName: name}); err != nil {
					errs <- err
					return
				}
				if err := a.AddUserToGroup("all", name); err != nil {
					errs <- err
					return
				}
			}
		})
		wg.Go(func() {
			for range 200 {
				for _, u := range a.Members("all") {
					if len(u.Groups) != 1 {
						errs <- fmt.Errorf("%s: groups %v", u.UserName, u.Groups)
						return
					}
				}
				_, _ = a.Principal(EntityGroup, "all")
			}
		})
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	require.NoError(t, errors.Join(all...))
	require.Len(t, a.Users(), 200)
	require.Len(t, a.Members("all"), 200)
	ids := map[string]bool{}
	for _, u := range a.Users() {
		require.False(t, ids[u.UserId], "IDs are unique")
		ids[u.UserId] = true
	}
}

// Principal gathers a user's policies in SimulatePrincipalPolicy's order:
// its inline policies, its managed policies, then each group's, and its
// boundary.
func TestPrincipal(t *testing.T) {
	t.Parallel()
	a := Example()
	p, err := a.Principal(EntityUser, "Alice")
	require.NoError(t, err)
	require.Equal(t, "alice", p.Name)
	var got []string
	for _, ap := range p.Identity {
		if ap.PolicyArn != "" {
			got = append(got, "managed "+ap.PolicyName)
		} else {
			got = append(got, ap.OwnerType.String()+" "+ap.OwnerName+" "+ap.PolicyName)
		}
	}
	require.Equal(t, []string{"user alice HomeFolder", "managed IAMUserChangePassword", "managed ProjectTagAccess",
		"group developers CodeCommitPull", "managed DeveloperAccess", "managed DenyOutsideEU"}, got)
	require.Equal(t, "DeveloperBoundary", p.Boundary.PolicyName)
	doc, _ := a.Policy("arn:aws:iam::111122223333:policy/DeveloperAccess").DefaultDocument()
	require.Equal(t, doc, p.Identity[4].Document, "the default version")

	_, err = a.Principal(EntityRole, "nobody")
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, CodeNoSuchEntity, e.Code)
}
