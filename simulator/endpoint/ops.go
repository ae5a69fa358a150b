package endpoint

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/iamsim/iamsim/policy"
)

// The account-management operations. Messages follow the live service's
// where they are known; limits are IAM's default quotas
// (reference_iam-quotas.md in the IAM User Guide).
const (
	maxManagedPerEntity = 10   // managed policies attached to a user, group or role
	maxGroupsPerUser    = 10   // groups a user belongs to
	maxPolicyVersions   = 5    // versions of a managed policy
	maxTags             = 50   // tags on a user, role or policy
	maxUserInline       = 2048 // aggregate inline policy characters, whitespace excluded
	maxGroupInline      = 5120
	maxRoleInline       = 10240
	maxManagedSize      = 6144
	maxTrustSize        = 2048
)

// Entity kinds, for the operations that exist for users, groups and roles.
type entityKind struct {
	kind     string // "user"
	title    string // "User"
	field    field  // the name member
	inline   int    // inline size quota
	quota    string // "PoliciesPerUser"
	idPrefix string
}

var (
	kindUser  = entityKind{"user", "User", fUserName, maxUserInline, "PoliciesPerUser", "AIDA"}
	kindGroup = entityKind{"group", "Group", fGroupName, maxGroupInline, "PoliciesPerGroup", "AGPA"}
	kindRole  = entityKind{"role", "Role", fRoleName, maxRoleInline, "PoliciesPerRole", "AROA"}
)

// policyHolder gives the inline and attached policies of one entity, and
// the permissions boundary and tags of a user or role (nil for a group).
type policyHolder struct {
	name     string
	inline   *[]inlinePolicy
	attached *[]string
	boundary *string
	tags     *[]simTag
}

// find returns the entity of kind k named name (without regard to case).
func find[E any](m map[string]*E, k entityKind, name string) (*E, error) {
	e := m[key(name)]
	if e == nil {
		return nil, noSuchEntity("The %s with name %s cannot be found.", k.kind, name)
	}
	return e, nil
}

// holder finds the entity named by the request and, when forChange, makes
// it a private copy in st that the caller may modify.
func (st *state) holder(k entityKind, name string, forChange bool) (policyHolder, error) {
	switch k.kind {
	case "user":
		u, err := find(st.Users, k, name)
		if err != nil {
			return policyHolder{}, err
		}
		if forChange {
			u = st.mutUser(u)
		}
		return policyHolder{u.Name, &u.Inline, &u.Attached, &u.Boundary, &u.Tags}, nil
	case "group":
		g, err := find(st.Groups, k, name)
		if err != nil {
			return policyHolder{}, err
		}
		if forChange {
			g = st.mutGroup(g)
		}
		return policyHolder{g.Name, &g.Inline, &g.Attached, nil, nil}, nil
	default:
		r, err := find(st.Roles, k, name)
		if err != nil {
			return policyHolder{}, err
		}
		if forChange {
			r = st.mutRole(r)
		}
		return policyHolder{r.Name, &r.Inline, &r.Attached, &r.Boundary, &r.Tags}, nil
	}
}

// Time stamps are ISO 8601 in UTC, as IAM writes them.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// urlEncode percent-encodes a policy document as the API returns it
// (RFC 3986: everything but unreserved characters).
func urlEncode(s string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// checkDocument parses a policy document as IAM does on Put/Create and
// answers MalformedPolicyDocument with the problem and its place.
func checkDocument(doc string, kind policy.Kind) error {
	if _, err := policy.ParseKind([]byte(doc), kind); err != nil {
		var pe *policy.Error
		if errors.As(err, &pe) {
			return errorf(http.StatusBadRequest, "MalformedPolicyDocument", "%s (line %d, column %d)", pe.Message, pe.Pos.Line, pe.Pos.Column)
		}
		return errorf(http.StatusBadRequest, "MalformedPolicyDocument", "%v", err)
	}
	return nil
}

// policySize counts a document's characters without whitespace, as IAM's
// size quotas do.
func policySize(doc string) int {
	n := 0
	for _, r := range doc {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// checkPolicyArn accepts arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME.
func checkPolicyArn(arn string) error {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3] != "" || !strings.HasPrefix(parts[5], "policy/") || strings.HasSuffix(parts[5], "/") {
		return invalidInput("ARN %s is not valid.", arn)
	}
	return nil
}

func (st *state) findPolicy(arn string) (*managedPolicy, error) {
	if err := checkPolicyArn(arn); err != nil {
		return nil, err
	}
	if p := st.Policies[arn]; p != nil {
		return p, nil
	}
	return nil, noSuchEntity("Policy %s does not exist or is not attachable.", arn)
}

// policyByArn finds a managed policy for a read or a change.
func (st *state) policyByArn(arn string) (*managedPolicy, error) {
	if err := checkPolicyArn(arn); err != nil {
		return nil, err
	}
	pol := st.Policies[arn]
	if pol == nil {
		return nil, noSuchEntity("Policy %s was not found.", arn)
	}
	return pol, nil
}

func (st *state) policyName(arn string) string {
	if p := st.Policies[arn]; p != nil {
		return p.Name
	}
	return arn[strings.LastIndexByte(arn, '/')+1:]
}

// page returns the slice of items that a Marker and MaxItems select. The
// marker is the (opaque to callers) key of the first item of the next page.
func page[T any](p params, items []T, keyOf func(T) string) ([]T, bool, string, error) {
	start := 0
	if m, ok := p.str("Marker"); ok {
		k, err := base64.RawURLEncoding.DecodeString(m)
		if err != nil {
			return nil, false, "", invalidInput("Invalid Marker %q.", m)
		}
		start, _ = slices.BinarySearchFunc(items, string(k), func(it T, k string) int { return strings.Compare(keyOf(it), k) })
	}
	n := 100
	if v, ok, _ := p.integer("MaxItems"); ok {
		n = v
	}
	end := min(start+n, len(items))
	if end < len(items) {
		return items[start:end], true, base64.RawURLEncoding.EncodeToString([]byte(keyOf(items[end]))), nil
	}
	return items[start:end], false, "", nil
}

// pageOf pages items as page does and gives the page in its XML shape.
func pageOf[T, X any](p params, items []T, keyOf func(T) string, conv func(T) X) (xList[X], xPaged, error) {
	in, trunc, marker, err := page(p, items, keyOf)
	if err != nil {
		return xList[X]{}, xPaged{}, err
	}
	var out xList[X]
	for _, it := range in {
		out.Member = append(out.Member, conv(it))
	}
	return out, xPaged{trunc, marker}, nil
}

// withPath keeps the items whose path has the request's PathPrefix.
func withPath[T any](p params, items []T, path func(T) string) []T {
	var out []T
	for _, it := range items {
		if hasPrefixPath(p, path(it)) {
			out = append(out, it)
		}
	}
	return out
}

// holdsPolicies answers DeleteConflict for an entity that still has
// inline or attached policies.
func holdsPolicies(inline []inlinePolicy, attached []string) error {
	switch {
	case len(inline) > 0:
		return deleteConflict("Cannot delete entity, must delete policies first.")
	case len(attached) > 0:
		return deleteConflict("Cannot delete entity, must detach all policies first.")
	}
	return nil
}

// boundaryAndTags reads the PermissionsBoundary of a new user or role and
// merges its checked tags.
func (st *state) boundaryAndTags(p params, tags []tagKV, what string) (string, []simTag, error) {
	b, ok := p.str("PermissionsBoundary")
	if ok {
		if err := st.checkBoundary(b); err != nil {
			return "", nil, err
		}
	}
	merged, err := mergeTags(nil, tags, what)
	if err != nil {
		return "", nil, err
	}
	return b, merged, nil
}

func hasPrefixPath(p params, path string) bool {
	pre, ok := p.str("PathPrefix")
	return !ok || strings.HasPrefix(path, pre)
}

// The XML shapes of the account-management responses.
type (
	xTag      struct{ Key, Value string }
	xBoundary struct{ PermissionsBoundaryType, PermissionsBoundaryArn string }
	xUser     struct {
		Path, UserName, UserId, Arn, CreateDate string
		PermissionsBoundary                     *xBoundary   `xml:",omitempty"`
		Tags                                    *xList[xTag] `xml:",omitempty"`
	}
	xGroup struct{ Path, GroupName, GroupId, Arn, CreateDate string }
	xRole  struct {
		Path, RoleName, RoleId, Arn, CreateDate string
		AssumeRolePolicyDocument                string
		Description                             string       `xml:",omitempty"`
		MaxSessionDuration                      int          `xml:",omitempty"`
		PermissionsBoundary                     *xBoundary   `xml:",omitempty"`
		Tags                                    *xList[xTag] `xml:",omitempty"`
		RoleLastUsed                            *struct{}    `xml:",omitempty"`
	}
	xPolicy struct {
		PolicyName, PolicyId, Arn, Path, DefaultVersionId string
		AttachmentCount                                   int
		PermissionsBoundaryUsageCount                     int
		IsAttachable                                      bool
		Description                                       string `xml:",omitempty"`
		CreateDate, UpdateDate                            string
		Tags                                              *xList[xTag] `xml:",omitempty"`
	}
	xPolicyVersion struct {
		Document         string `xml:",omitempty"`
		VersionId        string
		IsDefaultVersion bool
		CreateDate       string
	}
	xAttached struct{ PolicyName, PolicyArn string }
	xPaged    struct {
		IsTruncated bool
		Marker      string `xml:",omitempty"`
	}
)

func xTags(tags []tagKV) *xList[xTag] {
	if len(tags) == 0 {
		return nil
	}
	out := xTagList(tags)
	return &out
}

// xTagList gives tags in their XML shape.
func xTagList[T tagKV | simTag](tags []T) xList[xTag] {
	var out xList[xTag]
	for _, t := range tags {
		out.Member = append(out.Member, xTag(tagKV(t)))
	}
	return out
}

func boundaryOf(arn string) *xBoundary {
	if arn == "" {
		return nil
	}
	return &xBoundary{"PermissionsBoundaryPolicy", arn}
}

func (st *state) xUser(u *user) xUser {
	return xUser{Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: st.userArn(u), CreateDate: isoTime(u.Created),
		PermissionsBoundary: boundaryOf(u.Boundary), Tags: xTags(simTags(u.Tags))}
}

func (st *state) xGroup(g *group) xGroup {
	return xGroup{Path: g.Path, GroupName: g.Name, GroupId: g.ID, Arn: st.groupArn(g), CreateDate: isoTime(g.Created)}
}

func (st *state) xRole(r *role) xRole {
	return xRole{Path: r.Path, RoleName: r.Name, RoleId: r.ID, Arn: st.roleArn(r), CreateDate: isoTime(r.Created),
		AssumeRolePolicyDocument: urlEncode(r.Trust), Description: r.Description, MaxSessionDuration: r.MaxSession,
		PermissionsBoundary: boundaryOf(r.Boundary), Tags: xTags(simTags(r.Tags))}
}

func (st *state) xPolicy(p *managedPolicy) xPolicy {
	att, pb := st.usage(p.Arn)
	return xPolicy{PolicyName: p.Name, PolicyId: p.ID, Arn: p.Arn, Path: p.Path, DefaultVersionId: p.Default,
		AttachmentCount: att, PermissionsBoundaryUsageCount: pb, IsAttachable: true, Description: p.Description,
		CreateDate: isoTime(p.Created), UpdateDate: isoTime(p.Updated), Tags: xTags(simTags(p.Tags))}
}

func xVersion(p *managedPolicy, v *policyVersion, withDoc bool) xPolicyVersion {
	x := xPolicyVersion{VersionId: v.ID, IsDefaultVersion: v.ID == p.Default, CreateDate: isoTime(v.Created)}
	if withDoc {
		x.Document = urlEncode(v.Document)
	}
	return x
}

func init() {
	register(
		// Users.
		&operation{name: "CreateUser", fields: []field{optional(fPath), fUserName, fBoundary}, change: createUser},
		&operation{name: "GetUser", fields: []field{optional(fExistingUserName)}, read: readOp(getUser)},
		&operation{name: "ListUsers", fields: append([]field{fPathPrefix}, pageFields...), read: readOp(listUsers)},
		&operation{name: "DeleteUser", fields: []field{fExistingUserName}, change: deleteUser},
		// Groups.
		&operation{name: "CreateGroup", fields: []field{optional(fPath), fGroupName}, change: createGroup},
		&operation{name: "GetGroup", fields: append([]field{fGroupName}, pageFields...), read: readOp(getGroup)},
		&operation{name: "ListGroups", fields: append([]field{fPathPrefix}, pageFields...), read: readOp(listGroups)},
		&operation{name: "DeleteGroup", fields: []field{fGroupName}, change: deleteGroup},
		&operation{name: "AddUserToGroup", fields: []field{fGroupName, fExistingUserName}, change: addUserToGroup},
		&operation{name: "RemoveUserFromGroup", fields: []field{fGroupName, fExistingUserName}, change: removeUserFromGroup},
		&operation{name: "ListGroupsForUser", fields: append([]field{fExistingUserName}, pageFields...), read: readOp(listGroupsForUser)},
		// Roles.
		&operation{name: "CreateRole", fields: []field{optional(fPath), fRoleName, fTrustDocument, fRoleDescription, fBoundary}, change: createRole},
		&operation{name: "GetRole", fields: []field{fRoleName}, read: readOp(getRole)},
		&operation{name: "ListRoles", fields: append([]field{fPathPrefix}, pageFields...), read: readOp(listRoles)},
		&operation{name: "DeleteRole", fields: []field{fRoleName}, change: deleteRole},
		&operation{name: "UpdateAssumeRolePolicy", fields: []field{fRoleName, fPolicyDocument}, change: updateAssumeRolePolicy},
		// Managed policies and their versions.
		&operation{name: "CreatePolicy", fields: []field{fPolicyName, optional(fPolicyPath), fPolicyDocument, fPolicyDesc}, change: createPolicy},
		&operation{name: "GetPolicy", fields: []field{fPolicyArn}, read: readOp(getPolicy)},
		&operation{name: "DeletePolicy", fields: []field{fPolicyArn}, change: deletePolicy},
		&operation{name: "ListPolicies", fields: append([]field{fPolicyPathPrefix}, pageFields...), read: readOp(listPolicies)},
		&operation{name: "CreatePolicyVersion", fields: []field{fPolicyArn, fPolicyDocument}, change: createPolicyVersion},
		&operation{name: "GetPolicyVersion", fields: []field{fPolicyArn, fVersionID}, read: readOp(getPolicyVersion)},
		&operation{name: "DeletePolicyVersion", fields: []field{fPolicyArn, fVersionID}, change: deletePolicyVersion},
		&operation{name: "ListPolicyVersions", fields: append([]field{fPolicyArn}, pageFields...), read: readOp(listPolicyVersions)},
		&operation{name: "SetDefaultPolicyVersion", fields: []field{fPolicyArn, fVersionID}, change: setDefaultPolicyVersion},
		&operation{name: "GetAccountAuthorizationDetails", fields: pageFields, read: readOp(getAccountAuthorizationDetails)},
		// Permissions boundaries.
		&operation{name: "PutUserPermissionsBoundary", fields: []field{fUserName, {name: "PermissionsBoundary", required: true, min: 20, max: 2048}}, change: putBoundary(kindUser)},
		&operation{name: "DeleteUserPermissionsBoundary", fields: []field{fUserName}, change: deleteBoundary(kindUser)},
		&operation{name: "PutRolePermissionsBoundary", fields: []field{fRoleName, {name: "PermissionsBoundary", required: true, min: 20, max: 2048}}, change: putBoundary(kindRole)},
		&operation{name: "DeleteRolePermissionsBoundary", fields: []field{fRoleName}, change: deleteBoundary(kindRole)},
		// Tags.
		&operation{name: "TagUser", fields: []field{fExistingUserName}, change: tagEntity(kindUser)},
		&operation{name: "UntagUser", fields: []field{fExistingUserName, fTagKeys}, change: untagEntity(kindUser)},
		&operation{name: "ListUserTags", fields: append([]field{fExistingUserName}, pageFields...), read: readOp(listTags(kindUser))},
		&operation{name: "TagRole", fields: []field{fRoleName}, change: tagEntity(kindRole)},
		&operation{name: "UntagRole", fields: []field{fRoleName, fTagKeys}, change: untagEntity(kindRole)},
		&operation{name: "ListRoleTags", fields: append([]field{fRoleName}, pageFields...), read: readOp(listTags(kindRole))},
	)
	// Inline policies and attachments, alike for users, groups and roles.
	for _, k := range []entityKind{kindUser, kindGroup, kindRole} {
		nameF := k.field
		if k.kind == "user" {
			nameF = fExistingUserName
		}
		register(
			&operation{name: "Put" + k.title + "Policy", fields: []field{nameF, fPolicyName, fPolicyDocument}, change: putInline(k)},
			&operation{name: "Get" + k.title + "Policy", fields: []field{nameF, fPolicyName}, read: readOp(getInline(k))},
			&operation{name: "Delete" + k.title + "Policy", fields: []field{nameF, fPolicyName}, change: deleteInline(k)},
			&operation{name: "List" + k.title + "Policies", fields: append([]field{nameF}, pageFields...), read: readOp(listInline(k))},
			&operation{name: "Attach" + k.title + "Policy", fields: []field{k.field, fPolicyArn}, change: attach(k)},
			&operation{name: "Detach" + k.title + "Policy", fields: []field{k.field, fPolicyArn}, change: detach(k)},
			&operation{name: "ListAttached" + k.title + "Policies", fields: append([]field{k.field, fPolicyPathPrefix}, pageFields...), read: readOp(listAttached(k))},
		)
	}
}

// readOp adapts a read of the state to an operation.
func readOp(f func(st *state, p params) (any, error)) func(*http.Request, *snapshot, params) (any, error) {
	return func(_ *http.Request, sn *snapshot, p params) (any, error) { return f(sn.st, p) }
}

// checkTags validates a Tags member and returns it.
func checkTags(p params) ([]tagKV, error) {
	tags := p.tags("Tags")
	var msgs []string
	kf := field{min: 1, max: 128, pattern: reTagKey, patText: txtTagKey}
	vf := field{max: 256, pattern: reTagValue, patText: txtTagValue}
	seen := map[string]bool{}
	for i, t := range tags {
		msgs = checkString(msgs, fmt.Sprintf("tags.%d.member.key", i+1), t.Key, kf)
		msgs = checkString(msgs, fmt.Sprintf("tags.%d.member.value", i+1), t.Value, vf)
		if seen[strings.ToLower(t.Key)] && len(msgs) == 0 {
			return nil, invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[strings.ToLower(t.Key)] = true
	}
	if len(tags) > maxTags {
		msgs = append(msgs, fmt.Sprintf("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to %d", maxTags))
	}
	if len(msgs) > 0 {
		return nil, validationError(msgs)
	}
	return tags, nil
}

func simTags(tags []simTag) []tagKV {
	out := make([]tagKV, len(tags))
	for i, t := range tags {
		out[i] = tagKV{t.Key, t.Value}
	}
	return out
}

// mergeTags adds or replaces tags (keys compare without case).
func mergeTags(have []simTag, add []tagKV, what string) ([]simTag, error) {
	for _, t := range add {
		i := slices.IndexFunc(have, func(h simTag) bool { return strings.EqualFold(h.Key, t.Key) })
		if i >= 0 {
			have[i] = simTag{Key: t.Key, Value: t.Value}
		} else {
			have = append(have, simTag{Key: t.Key, Value: t.Value})
		}
	}
	if len(have) > maxTags {
		return nil, limitExceeded("The number of tags has reached the maximum limit for %s.", what)
	}
	return have, nil
}

// checkBoundary finds the managed policy to use as a permissions boundary.
func (st *state) checkBoundary(arn string) error {
	if err := checkPolicyArn(arn); err != nil {
		return err
	}
	if st.Policies[arn] == nil {
		return noSuchEntity("Scope ARN: %s does not exist or is not attachable.", arn)
	}
	return nil
}

func createUser(st *state, p params, now time.Time) (any, error) {
	name := p.get("UserName")
	if st.Users[key(name)] != nil {
		return nil, alreadyExists("User with name %s already exists.", name)
	}
	tags, err := checkTags(p)
	if err != nil {
		return nil, err
	}
	u := &user{Name: name, Path: pathOr(p.get("Path")), ID: st.newID("AIDA"), Created: now}
	if u.Boundary, u.Tags, err = st.boundaryAndTags(p, tags, "user "+name); err != nil {
		return nil, err
	}
	st.Users[key(name)] = u
	return &struct{ User xUser }{st.xUser(u)}, nil
}

func getUser(st *state, p params) (any, error) {
	name, ok := p.str("UserName")
	if !ok {
		// Without a UserName, GetUser describes the caller; offline there
		// is none to describe.
		return nil, invalidInput("Must specify userName when calling with non-User credentials")
	}
	u, err := find(st.Users, kindUser, name)
	if err != nil {
		return nil, err
	}
	return &struct{ User xUser }{st.xUser(u)}, nil
}

func listUsers(st *state, p params) (any, error) {
	all := withPath(p, st.sortedUsers(), func(u *user) string { return u.Path })
	users, pg, err := pageOf(p, all, func(u *user) string { return key(u.Name) }, func(u *user) xUser {
		x := st.xUser(u)
		x.Tags = nil // ListUsers does not return tags
		return x
	})
	if err != nil {
		return nil, err
	}
	return &struct {
		Users xList[xUser]
		xPaged
	}{users, pg}, nil
}

func deleteUser(st *state, p params, _ time.Time) (any, error) {
	name := p.get("UserName")
	u, err := find(st.Users, kindUser, name)
	if err != nil {
		return nil, err
	}
	if err := holdsPolicies(u.Inline, u.Attached); err != nil {
		return nil, err
	}
	if len(u.Groups) > 0 {
		return nil, deleteConflict("Cannot delete entity, must remove user from all groups first.")
	}
	delete(st.Users, key(name))
	return nil, nil
}

func createGroup(st *state, p params, now time.Time) (any, error) {
	name := p.get("GroupName")
	if st.Groups[key(name)] != nil {
		return nil, alreadyExists("Group with name %s already exists.", name)
	}
	g := &group{Name: name, Path: pathOr(p.get("Path")), ID: st.newID("AGPA"), Created: now}
	st.Groups[key(name)] = g
	return &struct{ Group xGroup }{st.xGroup(g)}, nil
}

// members lists the users in group g, in name order.
func (st *state) members(g *group) []*user {
	var out []*user
	for _, u := range st.sortedUsers() {
		if slices.Contains(u.Groups, g.Name) {
			out = append(out, u)
		}
	}
	return out
}

func getGroup(st *state, p params) (any, error) {
	g, err := find(st.Groups, kindGroup, p.get("GroupName"))
	if err != nil {
		return nil, err
	}
	users, pg, err := pageOf(p, st.members(g), func(u *user) string { return key(u.Name) }, func(u *user) xUser {
		x := st.xUser(u)
		x.Tags, x.PermissionsBoundary = nil, nil
		return x
	})
	if err != nil {
		return nil, err
	}
	return &struct {
		Group xGroup
		Users xList[xUser]
		xPaged
	}{st.xGroup(g), users, pg}, nil
}

func listGroupsOf(st *state, p params, groups []*group) (any, error) {
	list, pg, err := pageOf(p, groups, func(g *group) string { return key(g.Name) }, st.xGroup)
	if err != nil {
		return nil, err
	}
	return &struct {
		Groups xList[xGroup]
		xPaged
	}{list, pg}, nil
}

func listGroups(st *state, p params) (any, error) {
	return listGroupsOf(st, p, withPath(p, st.sortedGroups(), func(g *group) string { return g.Path }))
}

func listGroupsForUser(st *state, p params) (any, error) {
	u, err := find(st.Users, kindUser, p.get("UserName"))
	if err != nil {
		return nil, err
	}
	var gs []*group
	for _, g := range st.sortedGroups() {
		if slices.Contains(u.Groups, g.Name) {
			gs = append(gs, g)
		}
	}
	return listGroupsOf(st, p, gs)
}

func deleteGroup(st *state, p params, _ time.Time) (any, error) {
	name := p.get("GroupName")
	g, err := find(st.Groups, kindGroup, name)
	if err != nil {
		return nil, err
	}
	if len(st.members(g)) > 0 {
		return nil, deleteConflict("Cannot delete entity, must remove users from group first.")
	}
	if err := holdsPolicies(g.Inline, g.Attached); err != nil {
		return nil, err
	}
	delete(st.Groups, key(name))
	return nil, nil
}

func addUserToGroup(st *state, p params, _ time.Time) (any, error) {
	g, err := find(st.Groups, kindGroup, p.get("GroupName"))
	if err != nil {
		return nil, err
	}
	u, err := find(st.Users, kindUser, p.get("UserName"))
	if err != nil {
		return nil, err
	}
	if slices.Contains(u.Groups, g.Name) {
		return nil, nil
	}
	if len(u.Groups) >= maxGroupsPerUser {
		return nil, limitExceeded("Cannot exceed quota for GroupsPerUser: %d", maxGroupsPerUser)
	}
	u = st.mutUser(u)
	u.Groups = append(u.Groups, g.Name)
	return nil, nil
}

func removeUserFromGroup(st *state, p params, _ time.Time) (any, error) {
	g, err := find(st.Groups, kindGroup, p.get("GroupName"))
	if err != nil {
		return nil, err
	}
	uname := p.get("UserName")
	u := st.Users[key(uname)]
	if u == nil || !slices.Contains(u.Groups, g.Name) {
		return nil, noSuchEntity("The user with name %s cannot be found.", uname)
	}
	u = st.mutUser(u)
	u.Groups = slices.DeleteFunc(u.Groups, func(n string) bool { return n == g.Name })
	return nil, nil
}

func checkTrust(doc string) error {
	if err := checkDocument(doc, policy.KindTrust); err != nil {
		return err
	}
	if policySize(doc) > maxTrustSize {
		return limitExceeded("Cannot exceed quota for ACLSizePerRole: %d", maxTrustSize)
	}
	return nil
}

func createRole(st *state, p params, now time.Time) (any, error) {
	name := p.get("RoleName")
	if st.Roles[key(name)] != nil {
		return nil, alreadyExists("Role with name %s already exists.", name)
	}
	trust := p.get("AssumeRolePolicyDocument")
	if err := checkTrust(trust); err != nil {
		return nil, err
	}
	tags, err := checkTags(p)
	if err != nil {
		return nil, err
	}
	r := &role{Name: name, Path: pathOr(p.get("Path")), ID: st.newID("AROA"), Created: now, Trust: trust,
		Description: p.get("Description"), MaxSession: 3600}
	if v, ok, err := p.integer("MaxSessionDuration"); err != nil {
		return nil, err
	} else if ok {
		if v < 3600 || v > 43200 {
			return nil, validationError([]string{fmt.Sprintf("Value '%d' at 'maxSessionDuration' failed to satisfy constraint: Member must have value %s", v,
				map[bool]string{true: "greater than or equal to 3600", false: "less than or equal to 43200"}[v < 3600])})
		}
		r.MaxSession = v
	}
	if r.Boundary, r.Tags, err = st.boundaryAndTags(p, tags, "role "+name); err != nil {
		return nil, err
	}
	st.Roles[key(name)] = r
	return &struct{ Role xRole }{st.xRole(r)}, nil
}

func getRole(st *state, p params) (any, error) {
	r, err := find(st.Roles, kindRole, p.get("RoleName"))
	if err != nil {
		return nil, err
	}
	x := st.xRole(r)
	x.RoleLastUsed = &struct{}{}
	return &struct{ Role xRole }{x}, nil
}

func listRoles(st *state, p params) (any, error) {
	all := withPath(p, st.sortedRoles(), func(r *role) string { return r.Path })
	roles, pg, err := pageOf(p, all, func(r *role) string { return key(r.Name) }, func(r *role) xRole {
		x := st.xRole(r)
		x.Tags, x.PermissionsBoundary = nil, nil // ListRoles leaves these to GetRole
		return x
	})
	if err != nil {
		return nil, err
	}
	return &struct {
		Roles xList[xRole]
		xPaged
	}{roles, pg}, nil
}

func deleteRole(st *state, p params, _ time.Time) (any, error) {
	name := p.get("RoleName")
	r, err := find(st.Roles, kindRole, name)
	if err != nil {
		return nil, err
	}
	if err := holdsPolicies(r.Inline, r.Attached); err != nil {
		return nil, err
	}
	delete(st.Roles, key(name))
	return nil, nil
}

func updateAssumeRolePolicy(st *state, p params, _ time.Time) (any, error) {
	r, err := find(st.Roles, kindRole, p.get("RoleName"))
	if err != nil {
		return nil, err
	}
	doc := p.get("PolicyDocument")
	if err := checkTrust(doc); err != nil {
		return nil, err
	}
	r = st.mutRole(r)
	r.Trust = doc
	return nil, nil
}

func putInline(k entityKind) func(*state, params, time.Time) (any, error) {
	return func(st *state, p params, _ time.Time) (any, error) {
		h, err := st.holder(k, p.get(k.field.name), false)
		if err != nil {
			return nil, err
		}
		pname, doc := p.get("PolicyName"), p.get("PolicyDocument")
		if err := checkDocument(doc, policy.KindIdentity); err != nil {
			return nil, err
		}
		size := policySize(doc)
		for _, ip := range *h.inline {
			if !strings.EqualFold(ip.Name, pname) {
				size += policySize(ip.Document)
			}
		}
		if size > k.inline {
			return nil, limitExceeded("Maximum policy size of %d bytes exceeded for %s %s", k.inline, k.kind, h.name)
		}
		h, _ = st.holder(k, h.name, true)
		i := slices.IndexFunc(*h.inline, func(ip inlinePolicy) bool { return strings.EqualFold(ip.Name, pname) })
		if i >= 0 {
			(*h.inline)[i] = inlinePolicy{Name: pname, Document: doc}
		} else {
			*h.inline = append(*h.inline, inlinePolicy{Name: pname, Document: doc})
		}
		return nil, nil
	}
}

func getInline(k entityKind) func(*state, params) (any, error) {
	return func(st *state, p params) (any, error) {
		h, err := st.holder(k, p.get(k.field.name), false)
		if err != nil {
			return nil, err
		}
		pname := p.get("PolicyName")
		i := slices.IndexFunc(*h.inline, func(ip inlinePolicy) bool { return strings.EqualFold(ip.Name, pname) })
		if i < 0 {
			return nil, noSuchEntity("The %s policy with name %s cannot be found.", k.kind, pname)
		}
		ip := (*h.inline)[i]
		// The result names the entity in a member of its own kind
		// (UserName, GroupName, RoleName).
		switch k.kind {
		case "user":
			return &struct{ UserName, PolicyName, PolicyDocument string }{h.name, ip.Name, urlEncode(ip.Document)}, nil
		case "group":
			return &struct{ GroupName, PolicyName, PolicyDocument string }{h.name, ip.Name, urlEncode(ip.Document)}, nil
		default:
			return &struct{ RoleName, PolicyName, PolicyDocument string }{h.name, ip.Name, urlEncode(ip.Document)}, nil
		}
	}
}

func deleteInline(k entityKind) func(*state, params, time.Time) (any, error) {
	return func(st *state, p params, _ time.Time) (any, error) {
		h, err := st.holder(k, p.get(k.field.name), false)
		if err != nil {
			return nil, err
		}
		pname := p.get("PolicyName")
		if !slices.ContainsFunc(*h.inline, func(ip inlinePolicy) bool { return strings.EqualFold(ip.Name, pname) }) {
			return nil, noSuchEntity("The %s policy with name %s cannot be found.", k.kind, pname)
		}
		h, _ = st.holder(k, h.name, true)
		*h.inline = slices.DeleteFunc(*h.inline, func(ip inlinePolicy) bool { return strings.EqualFold(ip.Name, pname) })
		return nil, nil
	}
}

func listInline(k entityKind) func(*state, params) (any, error) {
	return func(st *state, p params) (any, error) {
		h, err := st.holder(k, p.get(k.field.name), false)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, ip := range *h.inline {
			names = append(names, ip.Name)
		}
		slices.SortFunc(names, func(a, b string) int { return strings.Compare(key(a), key(b)) })
		items, trunc, marker, err := page(p, names, key)
		if err != nil {
			return nil, err
		}
		return &struct {
			PolicyNames xList[string]
			xPaged
		}{xList[string]{items}, xPaged{trunc, marker}}, nil
	}
}

func attach(k entityKind) func(*state, params, time.Time) (any, error) {
	return func(st *state, p params, _ time.Time) (any, error) {
		h, err := st.holder(k, p.get(k.field.name), false)
		if err != nil {
			return nil, err
		}
		arn := p.get("PolicyArn")
		if _, err := st.findPolicy(arn); err != nil {
			return nil, err
		}
		if slices.Contains(*h.attached, arn) {
			return nil, nil
		}
		if len(*h.attached) >= maxManagedPerEntity {
			return nil, limitExceeded("Cannot exceed quota for %s: %d", k.quota, maxManagedPerEntity)
		}
		h, _ = st.holder(k, h.name, true)
		*h.attached = append(*h.attached, arn)
		return nil, nil
	}
}

func detach(k entityKind) func(*state, params, time.Time) (any, error) {
	return func(st *state, p params, _ time.Time) (any, error) {
		h, err := st.holder(k, p.get(k.field.name), false)
		if err != nil {
			return nil, err
		}
		arn := p.get("PolicyArn")
		if err := checkPolicyArn(arn); err != nil {
			return nil, err
		}
		if !slices.Contains(*h.attached, arn) {
			return nil, noSuchEntity("Policy %s was not found.", arn)
		}
		h, _ = st.holder(k, h.name, true)
		*h.attached = slices.DeleteFunc(*h.attached, func(a string) bool { return a == arn })
		return nil, nil
	}
}

func listAttached(k entityKind) func(*state, params) (any, error) {
	return func(st *state, p params) (any, error) {
		h, err := st.holder(k, p.get(k.field.name), false)
		if err != nil {
			return nil, err
		}
		var all []xAttached
		for _, arn := range *h.attached {
			pol := st.Policies[arn]
			if pol != nil && !hasPrefixPath(p, pol.Path) {
				continue
			}
			all = append(all, xAttached{PolicyName: st.policyName(arn), PolicyArn: arn})
		}
		slices.SortFunc(all, func(a, b xAttached) int { return strings.Compare(a.PolicyArn, b.PolicyArn) })
		items, trunc, marker, err := page(p, all, func(a xAttached) string { return a.PolicyArn })
		if err != nil {
			return nil, err
		}
		return &struct {
			AttachedPolicies xList[xAttached]
			xPaged
		}{xList[xAttached]{items}, xPaged{trunc, marker}}, nil
	}
}

func createPolicy(st *state, p params, now time.Time) (any, error) {
	name, path, doc := p.get("PolicyName"), pathOr(p.get("Path")), p.get("PolicyDocument")
	arn := st.policyArn(path, name)
	for _, pol := range st.Policies {
		if !pol.isAWSManaged() && strings.EqualFold(pol.Name, name) {
			return nil, alreadyExists("A policy called %s already exists. Duplicate names are not allowed.", name)
		}
	}
	if err := checkDocument(doc, policy.KindIdentity); err != nil {
		return nil, err
	}
	if policySize(doc) > maxManagedSize {
		return nil, limitExceeded("Cannot exceed quota for PolicySize: %d", maxManagedSize)
	}
	tags, err := checkTags(p)
	if err != nil {
		return nil, err
	}
	pol := &managedPolicy{Name: name, Path: path, ID: st.newID("ANPA"), Arn: arn, Description: p.get("Description"),
		Created: now, Updated: now, Default: "v1", NextVersion: 2,
		Versions: []policyVersion{{ID: "v1", Document: doc, Created: now}}}
	if pol.Tags, err = mergeTags(nil, tags, "policy "+name); err != nil {
		return nil, err
	}
	st.Policies[arn] = pol
	x := st.xPolicy(pol)
	x.Description = "" // CreatePolicy's response leaves the description out
	return &struct{ Policy xPolicy }{x}, nil
}

func getPolicy(st *state, p params) (any, error) {
	pol, err := st.policyByArn(p.get("PolicyArn"))
	if err != nil {
		return nil, err
	}
	return &struct{ Policy xPolicy }{st.xPolicy(pol)}, nil
}

// changeablePolicy finds a customer-managed policy for a change.
func (st *state) changeablePolicy(arn string) (*managedPolicy, error) {
	pol, err := st.policyByArn(arn)
	if err != nil {
		return nil, err
	}
	if pol.isAWSManaged() {
		return nil, invalidInput("Policy %s is an AWS managed policy; it cannot be changed.", arn)
	}
	return pol, nil
}

func deletePolicy(st *state, p params, _ time.Time) (any, error) {
	pol, err := st.changeablePolicy(p.get("PolicyArn"))
	if err != nil {
		return nil, err
	}
	if att, pb := st.usage(pol.Arn); att+pb > 0 {
		return nil, deleteConflict("Cannot delete a policy attached to entities.")
	}
	if len(pol.Versions) > 1 {
		return nil, deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
	}
	delete(st.Policies, pol.Arn)
	return nil, nil
}

func listPolicies(st *state, p params) (any, error) {
	scope := p.get("Scope")
	if scope != "" && scope != "All" && scope != "AWS" && scope != "Local" {
		return nil, validationError([]string{fmt.Sprintf("Value '%s' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]", scope)})
	}
	usage := p.get("PolicyUsageFilter")
	if usage != "" && usage != "PermissionsPolicy" && usage != "PermissionsBoundary" {
		return nil, validationError([]string{fmt.Sprintf("Value '%s' at 'policyUsageFilter' failed to satisfy constraint: Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]", usage)})
	}
	onlyAttached, err := p.boolean("OnlyAttached")
	if err != nil {
		return nil, err
	}
	var all []*managedPolicy
	for _, pol := range st.sortedPolicies() {
		att, pb := st.usage(pol.Arn)
		switch {
		case scope == "AWS" && !pol.isAWSManaged(), scope == "Local" && pol.isAWSManaged():
		case !hasPrefixPath(p, pol.Path):
		case onlyAttached && att+pb == 0:
		case usage == "PermissionsPolicy" && att == 0, usage == "PermissionsBoundary" && pb == 0:
		default:
			all = append(all, pol)
		}
	}
	pols, pg, err := pageOf(p, all, func(pol *managedPolicy) string { return pol.Arn }, func(pol *managedPolicy) xPolicy {
		x := st.xPolicy(pol)
		x.Description, x.Tags = "", nil // ListPolicies leaves these to GetPolicy
		return x
	})
	if err != nil {
		return nil, err
	}
	return &struct {
		Policies xList[xPolicy]
		xPaged
	}{pols, pg}, nil
}

func createPolicyVersion(st *state, p params, now time.Time) (any, error) {
	pol, err := st.changeablePolicy(p.get("PolicyArn"))
	if err != nil {
		return nil, err
	}
	doc := p.get("PolicyDocument")
	if err := checkDocument(doc, policy.KindIdentity); err != nil {
		return nil, err
	}
	if policySize(doc) > maxManagedSize {
		return nil, limitExceeded("Cannot exceed quota for PolicySize: %d", maxManagedSize)
	}
	setDefault, err := p.boolean("SetAsDefault")
	if err != nil {
		return nil, err
	}
	if len(pol.Versions) >= maxPolicyVersions {
		return nil, limitExceeded("A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", maxPolicyVersions)
	}
	pol = st.mutPolicy(pol)
	v := policyVersion{ID: fmt.Sprintf("v%d", pol.NextVersion), Document: doc, Created: now}
	pol.NextVersion++
	pol.Versions = append(pol.Versions, v)
	pol.Updated = now
	if setDefault {
		pol.Default = v.ID
	}
	return &struct{ PolicyVersion xPolicyVersion }{xVersion(pol, &v, false)}, nil
}

func getPolicyVersion(st *state, p params) (any, error) {
	arn, id := p.get("PolicyArn"), p.get("VersionId")
	pol, err := st.policyByArn(arn)
	if err != nil {
		return nil, err
	}
	_, v := pol.version(id)
	if v == nil {
		return nil, noSuchEntity("Policy %s version %s does not exist or is not attachable.", arn, id)
	}
	return &struct{ PolicyVersion xPolicyVersion }{xVersion(pol, v, true)}, nil
}

func deletePolicyVersion(st *state, p params, _ time.Time) (any, error) {
	pol, err := st.changeablePolicy(p.get("PolicyArn"))
	if err != nil {
		return nil, err
	}
	id := p.get("VersionId")
	i, v := pol.version(id)
	if v == nil {
		return nil, noSuchEntity("Policy %s version %s does not exist or is not attachable.", pol.Arn, id)
	}
	if id == pol.Default {
		return nil, deleteConflict("Cannot delete the default version of a policy.")
	}
	pol = st.mutPolicy(pol)
	pol.Versions = slices.Delete(pol.Versions, i, i+1)
	return nil, nil
}

func listPolicyVersions(st *state, p params) (any, error) {
	pol, err := st.policyByArn(p.get("PolicyArn"))
	if err != nil {
		return nil, err
	}
	// Newest first, as IAM lists them.
	vs := slices.Clone(pol.Versions)
	slices.Reverse(vs)
	versions, pg, err := pageOf(p, vs, func(v policyVersion) string {
		return fmt.Sprintf("%020d", len(vs)-slices.IndexFunc(vs, func(w policyVersion) bool { return w.ID == v.ID }))
	}, func(v policyVersion) xPolicyVersion { return xVersion(pol, &v, false) })
	if err != nil {
		return nil, err
	}
	return &struct {
		Versions xList[xPolicyVersion]
		xPaged
	}{versions, pg}, nil
}

func setDefaultPolicyVersion(st *state, p params, now time.Time) (any, error) {
	pol, err := st.changeablePolicy(p.get("PolicyArn"))
	if err != nil {
		return nil, err
	}
	id := p.get("VersionId")
	if _, v := pol.version(id); v == nil {
		return nil, noSuchEntity("Policy %s version %s does not exist or is not attachable.", pol.Arn, id)
	}
	pol = st.mutPolicy(pol)
	pol.Default = id
	pol.Updated = now
	return nil, nil
}

func putBoundary(k entityKind) func(*state, params, time.Time) (any, error) {
	return func(st *state, p params, _ time.Time) (any, error) {
		h, err := st.holder(k, p.get(k.field.name), false)
		if err != nil {
			return nil, err
		}
		arn := p.get("PermissionsBoundary")
		if err := st.checkBoundary(arn); err != nil {
			return nil, err
		}
		h, _ = st.holder(k, h.name, true)
		*h.boundary = arn
		return nil, nil
	}
}

func deleteBoundary(k entityKind) func(*state, params, time.Time) (any, error) {
	return func(st *state, p params, _ time.Time) (any, error) {
		h, err := st.holder(k, p.get(k.field.name), true)
		if err != nil {
			return nil, err
		}
		*h.boundary = ""
		return nil, nil
	}
}

// tagsOf returns a pointer to the tags of a user or role made private to st.
func (st *state) tagsOf(k entityKind, name string, forChange bool) (*[]simTag, string, error) {
	h, err := st.holder(k, name, forChange)
	return h.tags, h.name, err
}

func tagEntity(k entityKind) func(*state, params, time.Time) (any, error) {
	return func(st *state, p params, _ time.Time) (any, error) {
		tags, err := checkTags(p)
		if err != nil {
			return nil, err
		}
		if tags == nil {
			return nil, validationError([]string{"Value null at 'tags' failed to satisfy constraint: Member must not be null"})
		}
		have, name, err := st.tagsOf(k, p.get(k.field.name), false)
		if err != nil {
			return nil, err
		}
		merged, err := mergeTags(slices.Clone(*have), tags, k.kind+" "+name)
		if err != nil {
			return nil, err
		}
		have, _, _ = st.tagsOf(k, name, true)
		*have = merged
		return nil, nil
	}
}

func untagEntity(k entityKind) func(*state, params, time.Time) (any, error) {
	return func(st *state, p params, _ time.Time) (any, error) {
		keys := p.list("TagKeys")
		have, _, err := st.tagsOf(k, p.get(k.field.name), true)
		if err != nil {
			return nil, err
		}
		*have = slices.DeleteFunc(*have, func(t simTag) bool {
			return slices.ContainsFunc(keys, func(k string) bool { return strings.EqualFold(k, t.Key) })
		})
		return nil, nil
	}
}

func listTags(k entityKind) func(*state, params) (any, error) {
	return func(st *state, p params) (any, error) {
		have, _, err := st.tagsOf(k, p.get(k.field.name), false)
		if err != nil {
			return nil, err
		}
		tags := simTags(*have)
		list, pg, err := pageOf(p, tags, func(t tagKV) string { return fmt.Sprintf("%06d", slices.Index(tags, t)) },
			func(t tagKV) xTag { return xTag(t) })
		if err != nil {
			return nil, err
		}
		return &struct {
			Tags xList[xTag]
			xPaged
		}{list, pg}, nil
	}
}

// GetAccountAuthorizationDetails.
type (
	xPolicyDetail struct{ PolicyName, PolicyDocument string }
	xUserDetail   struct {
		Path, UserName, UserId, Arn, CreateDate string
		UserPolicyList                          xList[xPolicyDetail]
		GroupList                               xList[string]
		AttachedManagedPolicies                 xList[xAttached]
		PermissionsBoundary                     *xBoundary `xml:",omitempty"`
		Tags                                    xList[xTag]
	}
	xGroupDetail struct {
		Path, GroupName, GroupId, Arn, CreateDate string
		GroupPolicyList                           xList[xPolicyDetail]
		AttachedManagedPolicies                   xList[xAttached]
	}
	xRoleDetail struct {
		Path, RoleName, RoleId, Arn, CreateDate string
		AssumeRolePolicyDocument                string
		InstanceProfileList                     xList[struct{}]
		RolePolicyList                          xList[xPolicyDetail]
		AttachedManagedPolicies                 xList[xAttached]
		PermissionsBoundary                     *xBoundary `xml:",omitempty"`
		Tags                                    xList[xTag]
		RoleLastUsed                            struct{}
	}
	xManagedPolicyDetail struct {
		PolicyName, PolicyId, Arn, Path, DefaultVersionId string
		AttachmentCount                                   int
		PermissionsBoundaryUsageCount                     int
		IsAttachable                                      bool
		Description                                       string `xml:",omitempty"`
		CreateDate, UpdateDate                            string
		PolicyVersionList                                 xList[xPolicyVersion]
	}
)

func (st *state) xInline(in []inlinePolicy) xList[xPolicyDetail] {
	out := xList[xPolicyDetail]{}
	for _, ip := range in {
		out.Member = append(out.Member, xPolicyDetail{ip.Name, urlEncode(ip.Document)})
	}
	return out
}

func (st *state) xAttachedList(arns []string) xList[xAttached] {
	out := xList[xAttached]{}
	for _, a := range arns {
		out.Member = append(out.Member, xAttached{st.policyName(a), a})
	}
	return out
}

func getAccountAuthorizationDetails(st *state, p params) (any, error) {
	filter := p.list("Filter")
	for i, f := range filter {
		if !slices.Contains([]string{"User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"}, f) {
			return nil, validationError([]string{fmt.Sprintf("Value '%s' at 'filter.%d.member' failed to satisfy constraint: Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]", f, i+1)})
		}
	}
	want := func(f string) bool { return len(filter) == 0 || slices.Contains(filter, f) }
	// Entities are paged as one sequence: users, groups, roles, policies.
	type entry struct {
		key string
		v   any
	}
	var all []entry
	if want("User") {
		for _, u := range st.sortedUsers() {
			all = append(all, entry{"1" + key(u.Name), u})
		}
	}
	if want("Group") {
		for _, g := range st.sortedGroups() {
			all = append(all, entry{"2" + key(g.Name), g})
		}
	}
	if want("Role") {
		for _, r := range st.sortedRoles() {
			all = append(all, entry{"3" + key(r.Name), r})
		}
	}
	for _, pol := range st.sortedPolicies() {
		if pol.isAWSManaged() && want("AWSManagedPolicy") || !pol.isAWSManaged() && want("LocalManagedPolicy") {
			all = append(all, entry{"4" + pol.Arn, pol})
		}
	}
	items, trunc, marker, err := page(p, all, func(e entry) string { return e.key })
	if err != nil {
		return nil, err
	}
	out := &struct {
		UserDetailList  xList[xUserDetail]
		GroupDetailList xList[xGroupDetail]
		RoleDetailList  xList[xRoleDetail]
		Policies        xList[xManagedPolicyDetail]
		xPaged
	}{xPaged: xPaged{trunc, marker}}
	for _, e := range items {
		switch v := e.v.(type) {
		case *user:
			d := xUserDetail{Path: v.Path, UserName: v.Name, UserId: v.ID, Arn: st.userArn(v), CreateDate: isoTime(v.Created),
				UserPolicyList: st.xInline(v.Inline), GroupList: xList[string]{slices.Clone(v.Groups)},
				AttachedManagedPolicies: st.xAttachedList(v.Attached), PermissionsBoundary: boundaryOf(v.Boundary),
				Tags: xTagList(v.Tags)}
			out.UserDetailList.Member = append(out.UserDetailList.Member, d)
		case *group:
			out.GroupDetailList.Member = append(out.GroupDetailList.Member, xGroupDetail{Path: v.Path, GroupName: v.Name,
				GroupId: v.ID, Arn: st.groupArn(v), CreateDate: isoTime(v.Created), GroupPolicyList: st.xInline(v.Inline),
				AttachedManagedPolicies: st.xAttachedList(v.Attached)})
		case *role:
			d := xRoleDetail{Path: v.Path, RoleName: v.Name, RoleId: v.ID, Arn: st.roleArn(v), CreateDate: isoTime(v.Created),
				AssumeRolePolicyDocument: urlEncode(v.Trust), RolePolicyList: st.xInline(v.Inline),
				AttachedManagedPolicies: st.xAttachedList(v.Attached), PermissionsBoundary: boundaryOf(v.Boundary),
				Tags: xTagList(v.Tags)}
			out.RoleDetailList.Member = append(out.RoleDetailList.Member, d)
		case *managedPolicy:
			x := st.xPolicy(v)
			d := xManagedPolicyDetail{PolicyName: x.PolicyName, PolicyId: x.PolicyId, Arn: x.Arn, Path: x.Path,
				DefaultVersionId: x.DefaultVersionId, AttachmentCount: x.AttachmentCount,
				PermissionsBoundaryUsageCount: x.PermissionsBoundaryUsageCount, IsAttachable: true,
				Description: x.Description, CreateDate: x.CreateDate, UpdateDate: x.UpdateDate}
			for i := range v.Versions {
				d.PolicyVersionList.Member = append(d.PolicyVersionList.Member, xVersion(v, &v.Versions[i], true))
			}
			out.Policies.Member = append(out.Policies.Member, d)
		}
	}
	return out, nil
}
