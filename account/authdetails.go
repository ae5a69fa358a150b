package account

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	iamctx "github.com/iamsim/iamsim/context"
)

// The JSON of GetAccountAuthorizationDetails (IAM service model:
// GetAccountAuthorizationDetailsResponse and the UserDetail, GroupDetail,
// RoleDetail and ManagedPolicyDetail shapes), as `aws iam
// get-account-authorization-details` prints it, with iamsim's extensions.
// These types are the wire format only: Load turns them into the model and
// WriteJSON back.
type authDetails struct {
	UserDetailList  []userDetail          `json:"UserDetailList"`
	GroupDetailList []groupDetail         `json:"GroupDetailList"`
	RoleDetailList  []roleDetail          `json:"RoleDetailList"`
	Policies        []managedPolicyDetail `json:"Policies"`

	// iamsim extensions, absent from the API's output.
	AccountID               string                 `json:"AccountId,omitempty"`
	Partition               string                 `json:"Partition,omitempty"`
	ServiceControlPolicies  [][]organizationPolicy `json:"ServiceControlPolicies,omitempty"`
	ResourceControlPolicies [][]organizationPolicy `json:"ResourceControlPolicies,omitempty"`
	IDCounter               uint64                 `json:"IdCounter,omitempty"`
}

type userDetail struct {
	Path                    string           `json:"Path"`
	UserName                string           `json:"UserName"`
	UserID                  string           `json:"UserId"`
	Arn                     string           `json:"Arn"`
	CreateDate              string           `json:"CreateDate,omitempty"`
	UserPolicyList          []policyDetail   `json:"UserPolicyList"`
	GroupList               []string         `json:"GroupList"`
	AttachedManagedPolicies []attachedPolicy `json:"AttachedManagedPolicies"`
	PermissionsBoundary     *boundaryDetail  `json:"PermissionsBoundary,omitempty"`
	Tags                    []Tag            `json:"Tags"`
}

type groupDetail struct {
	Path                    string           `json:"Path"`
	GroupName               string           `json:"GroupName"`
	GroupID                 string           `json:"GroupId"`
	Arn                     string           `json:"Arn"`
	CreateDate              string           `json:"CreateDate,omitempty"`
	GroupPolicyList         []policyDetail   `json:"GroupPolicyList"`
	AttachedManagedPolicies []attachedPolicy `json:"AttachedManagedPolicies"`
}

type roleDetail struct {
	Path                     string           `json:"Path"`
	RoleName                 string           `json:"RoleName"`
	RoleID                   string           `json:"RoleId"`
	Arn                      string           `json:"Arn"`
	CreateDate               string           `json:"CreateDate,omitempty"`
	AssumeRolePolicyDocument json.RawMessage  `json:"AssumeRolePolicyDocument,omitempty"`
	RolePolicyList           []policyDetail   `json:"RolePolicyList"`
	AttachedManagedPolicies  []attachedPolicy `json:"AttachedManagedPolicies"`
	PermissionsBoundary      *boundaryDetail  `json:"PermissionsBoundary,omitempty"`
	Tags                     []Tag            `json:"Tags"`
	// Members of the Role shape that RoleDetail lacks (extensions).
	Description        string `json:"Description,omitempty"`
	MaxSessionDuration int    `json:"MaxSessionDuration,omitempty"`
}

type policyDetail struct {
	PolicyName     string          `json:"PolicyName"`
	PolicyDocument json.RawMessage `json:"PolicyDocument"`
}

type attachedPolicy struct {
	PolicyName string `json:"PolicyName"`
	PolicyArn  string `json:"PolicyArn"`
}

type boundaryDetail struct {
	PermissionsBoundaryType string `json:"PermissionsBoundaryType"`
	PermissionsBoundaryArn  string `json:"PermissionsBoundaryArn"`
}

type managedPolicyDetail struct {
	PolicyName                    string          `json:"PolicyName"`
	PolicyID                      string          `json:"PolicyId"`
	Arn                           string          `json:"Arn"`
	Path                          string          `json:"Path"`
	DefaultVersionID              string          `json:"DefaultVersionId"`
	AttachmentCount               int             `json:"AttachmentCount"`
	PermissionsBoundaryUsageCount int             `json:"PermissionsBoundaryUsageCount"`
	IsAttachable                  bool            `json:"IsAttachable"`
	Description                   string          `json:"Description,omitempty"`
	CreateDate                    string          `json:"CreateDate,omitempty"`
	UpdateDate                    string          `json:"UpdateDate,omitempty"`
	PolicyVersionList             []policyVersion `json:"PolicyVersionList"`
	// Extensions: the policy's tags and the number of its next version.
	Tags        []Tag `json:"Tags,omitempty"`
	NextVersion int   `json:"NextVersion,omitempty"`
}

type policyVersion struct {
	Document         json.RawMessage `json:"Document"`
	VersionID        string          `json:"VersionId"`
	IsDefaultVersion bool            `json:"IsDefaultVersion"`
	CreateDate       string          `json:"CreateDate,omitempty"`
}

type organizationPolicy struct {
	Name     string          `json:"Name"`
	Document json.RawMessage `json:"Document"`
}

// Load reads the JSON that `aws iam get-account-authorization-details`
// prints (UserDetailList, GroupDetailList, RoleDetailList, Policies) into an
// Account.
//
// Policy documents may be strings, URL-encoded as the raw API returns them
// (RFC 3986) or plain JSON text, or JSON objects, as the AWS CLI prints them
// after decoding. A string is used exactly, so the statement positions the
// simulator reports are those AWS reports. An object's original layout is
// lost; it is re-indented with four spaces, and positions in it are only as
// good as that guess.
//
// Several responses may follow one another in r (the pages of a call made
// with --no-paginate); their lists are concatenated. Beyond the API's
// shape, Load reads iamsim's extensions, which WriteJSON writes: "AccountId"
// and "Partition" (for an account with no entity to take them from),
// "ServiceControlPolicies" and "ResourceControlPolicies" (each a list of
// levels from the organization root down, each level a list of {"Name",
// "Document"}), "IdCounter", a role's "Description" and
// "MaxSessionDuration", and a managed policy's "Tags" and "NextVersion".
//
// The account ID and partition are taken from the entities' ARNs, which
// must all agree. Names must be unique without regard to case. A missing
// CreateDate is the time of loading. Errors name the list entry at fault.
func Load(r io.Reader, opts ...Option) (*Account, error) {
	dec := json.NewDecoder(r)
	var all authDetails
	pages := 0
	for {
		var page authDetails
		err := dec.Decode(&page)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("authorization details: %w", err)
		}
		pages++
		all.UserDetailList = append(all.UserDetailList, page.UserDetailList...)
		all.GroupDetailList = append(all.GroupDetailList, page.GroupDetailList...)
		all.RoleDetailList = append(all.RoleDetailList, page.RoleDetailList...)
		all.Policies = append(all.Policies, page.Policies...)
		if page.AccountID != "" {
			all.AccountID = page.AccountID
		}
		if page.Partition != "" {
			all.Partition = page.Partition
		}
		if page.ServiceControlPolicies != nil {
			all.ServiceControlPolicies = page.ServiceControlPolicies
		}
		if page.ResourceControlPolicies != nil {
			all.ResourceControlPolicies = page.ResourceControlPolicies
		}
		all.IDCounter = max(all.IDCounter, page.IDCounter)
	}
	if pages == 0 {
		return nil, errors.New("authorization details: no JSON document")
	}
	a := newAccount("", "")
	a.configure(opts)
	if err := all.fill(a); err != nil {
		return nil, err
	}
	return a, nil
}

// accountSetter records the account ID and partition of ARNs and checks that
// they agree.
type accountSetter struct {
	id, partition string
}

func (s *accountSetter) see(where, arn string) error {
	if arn == "" {
		return nil
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" {
		return fmt.Errorf("%s: %q is not an IAM ARN", where, arn)
	}
	if parts[4] == "aws" { // an AWS managed policy
		return nil
	}
	if !iamctx.IsAccountID(parts[4]) {
		return fmt.Errorf("%s: ARN %q has no 12-digit account ID", where, arn)
	}
	if s.id == "" || s.partition == "" {
		if s.id != "" && s.id != parts[4] {
			return fmt.Errorf("%s: ARN %q is not in account %s", where, arn, s.id)
		}
		s.id, s.partition = parts[4], parts[1]
		return nil
	}
	if s.id != parts[4] || s.partition != parts[1] {
		return fmt.Errorf("%s: ARN %q is not in account %s (partition %s) like the entities before it", where, arn, s.id, s.partition)
	}
	return nil
}

// reader converts the wire shapes to entities, remembering the first error
// so that the conversions read straight.
type reader struct {
	now time.Time
	err error
}

func (rd *reader) fail(err error) {
	if rd.err == nil {
		rd.err = err
	}
}

// date reads an ISO 8601 date ("" is the time of loading); where names
// the field for the error, and is called only then.
func (rd *reader) date(s string, where func() string) time.Time {
	if s == "" {
		return rd.now
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Truncate(time.Second)
		}
	}
	rd.fail(fmt.Errorf("%s %q is not an ISO 8601 date", where(), s))
	return time.Time{}
}

// document returns a policy document's text; where names it for the
// error, and is called only then.
func (rd *reader) document(raw json.RawMessage, where func() string) string {
	doc, err := documentText(raw)
	if err != nil {
		rd.fail(fmt.Errorf("%s: %w", where(), err))
	}
	return doc
}

func (rd *reader) inline(where string, list []policyDetail) []InlinePolicy {
	out := make([]InlinePolicy, 0, len(list))
	for i, p := range list {
		if p.PolicyName == "" {
			rd.fail(fmt.Errorf("%s[%d]: PolicyName is empty", where, i))
			continue
		}
		out = append(out, InlinePolicy{PolicyName: p.PolicyName, PolicyDocument: rd.document(p.PolicyDocument, func() string {
			return fmt.Sprintf("%s[%d] (%s): PolicyDocument", where, i, p.PolicyName)
		})})
	}
	return out
}

func attachedArns(list []attachedPolicy) []string {
	out := make([]string, 0, len(list))
	for _, p := range list {
		out = append(out, p.PolicyArn)
	}
	return out
}

func boundaryArn(b *boundaryDetail) string {
	if b == nil {
		return ""
	}
	return b.PermissionsBoundaryArn
}

func (rd *reader) user(w string, d *userDetail) *User {
	return &User{UserName: d.UserName, Path: pathOr(d.Path), UserId: d.UserID, Arn: d.Arn,
		CreateDate: rd.date(d.CreateDate, func() string { return w + ": CreateDate" }), Groups: d.GroupList,
		InlinePolicies:          rd.inline(w+".UserPolicyList", d.UserPolicyList),
		AttachedManagedPolicies: attachedArns(d.AttachedManagedPolicies),
		PermissionsBoundary:     boundaryArn(d.PermissionsBoundary), Tags: d.Tags}
}

func (rd *reader) group(w string, d *groupDetail) *Group {
	return &Group{GroupName: d.GroupName, Path: pathOr(d.Path), GroupId: d.GroupID, Arn: d.Arn,
		CreateDate:              rd.date(d.CreateDate, func() string { return w + ": CreateDate" }),
		InlinePolicies:          rd.inline(w+".GroupPolicyList", d.GroupPolicyList),
		AttachedManagedPolicies: attachedArns(d.AttachedManagedPolicies)}
}

func (rd *reader) role(w string, d *roleDetail) *Role {
	r := &Role{RoleName: d.RoleName, Path: pathOr(d.Path), RoleId: d.RoleID, Arn: d.Arn,
		CreateDate:              rd.date(d.CreateDate, func() string { return w + ": CreateDate" }),
		InlinePolicies:          rd.inline(w+".RolePolicyList", d.RolePolicyList),
		AttachedManagedPolicies: attachedArns(d.AttachedManagedPolicies),
		PermissionsBoundary:     boundaryArn(d.PermissionsBoundary), Tags: d.Tags,
		Description: d.Description, MaxSessionDuration: d.MaxSessionDuration}
	if r.MaxSessionDuration == 0 {
		r.MaxSessionDuration = 3600
	}
	if len(d.AssumeRolePolicyDocument) > 0 && string(d.AssumeRolePolicyDocument) != "null" {
		r.AssumeRolePolicyDocument = rd.document(d.AssumeRolePolicyDocument, func() string {
			return w + " (" + d.RoleName + "): AssumeRolePolicyDocument"
		})
	}
	return r
}

func (rd *reader) policy(w string, d *managedPolicyDetail) *ManagedPolicy {
	name := d.PolicyName
	if name == "" {
		name = lastSegment(d.Arn)
	}
	p := &ManagedPolicy{PolicyName: name, PolicyId: d.PolicyID, Arn: d.Arn, Path: pathOr(d.Path),
		Description: d.Description, DefaultVersionId: d.DefaultVersionID, Tags: d.Tags, NextVersion: d.NextVersion,
		CreateDate: rd.date(d.CreateDate, func() string { return w + ": CreateDate" }),
		UpdateDate: rd.date(d.UpdateDate, func() string { return w + ": UpdateDate" })}
	marked, highest := "", 0
	for j, v := range d.PolicyVersionList {
		where := func() string {
			return fmt.Sprintf("%s (%s).PolicyVersionList[%d] (%s)", w, d.PolicyName, j, v.VersionID)
		}
		p.Versions = append(p.Versions, PolicyVersion{VersionId: v.VersionID, Document: rd.document(v.Document, func() string { return where() + ": Document" }),
			CreateDate: rd.date(v.CreateDate, func() string { return where() + ": CreateDate" })})
		if v.IsDefaultVersion && marked == "" {
			marked = v.VersionID
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(v.VersionID, "v")); err == nil && n > highest {
			highest = n
		}
	}
	// The version DefaultVersionId names, else the one marked default,
	// else the only one.
	if p.DefaultVersionId == "" {
		p.DefaultVersionId = marked
	}
	if p.DefaultVersionId == "" && len(p.Versions) == 1 {
		p.DefaultVersionId = p.Versions[0].VersionId
	}
	if p.NextVersion <= highest {
		p.NextVersion = highest + 1
	}
	return p
}

func (rd *reader) org(name string, levels [][]organizationPolicy) [][]OrganizationPolicy {
	if levels == nil {
		return nil
	}
	out := make([][]OrganizationPolicy, len(levels))
	for l, level := range levels {
		out[l] = []OrganizationPolicy{}
		for i, p := range level {
			doc := rd.document(p.Document, func() string { return fmt.Sprintf("%s[%d][%d] (%s): Document", name, l, i, p.Name) })
			out[l] = append(out[l], OrganizationPolicy{Name: p.Name, Document: doc})
		}
	}
	return out
}

// fill loads d into the empty account a.
func (d *authDetails) fill(a *Account) error {
	rd := &reader{now: a.now().UTC().Truncate(time.Second)}
	var acct accountSetter
	if d.AccountID != "" {
		if !iamctx.IsAccountID(d.AccountID) {
			return fmt.Errorf("AccountId: %q is not a 12-digit account ID", d.AccountID)
		}
		acct.id = d.AccountID
	}
	// unique checks a name and enters it in seen.
	unique := func(seen map[string]bool, w, what, name, field string) error {
		if name == "" {
			return fmt.Errorf("%s: %s is empty", w, field)
		}
		if seen[key(name)] {
			return fmt.Errorf("%s: %s %s is listed twice (names are unique without regard to case)", w, what, name)
		}
		seen[key(name)] = true
		return nil
	}
	var users []*User
	seen := map[string]bool{}
	for i := range d.UserDetailList {
		u := &d.UserDetailList[i]
		w := fmt.Sprintf("UserDetailList[%d]", i)
		if err := unique(seen, w, "user", u.UserName, "UserName"); err != nil {
			return err
		}
		if err := acct.see(w+" ("+u.UserName+")", u.Arn); err != nil {
			return err
		}
		users = append(users, rd.user(w, u))
		if rd.err != nil {
			return rd.err
		}
	}
	var groups []*Group
	seen = map[string]bool{}
	for i := range d.GroupDetailList {
		g := &d.GroupDetailList[i]
		w := fmt.Sprintf("GroupDetailList[%d]", i)
		if err := unique(seen, w, "group", g.GroupName, "GroupName"); err != nil {
			return err
		}
		if err := acct.see(w+" ("+g.GroupName+")", g.Arn); err != nil {
			return err
		}
		groups = append(groups, rd.group(w, g))
		if rd.err != nil {
			return rd.err
		}
	}
	var roles []*Role
	seen = map[string]bool{}
	for i := range d.RoleDetailList {
		r := &d.RoleDetailList[i]
		w := fmt.Sprintf("RoleDetailList[%d]", i)
		if err := unique(seen, w, "role", r.RoleName, "RoleName"); err != nil {
			return err
		}
		if err := acct.see(w+" ("+r.RoleName+")", r.Arn); err != nil {
			return err
		}
		roles = append(roles, rd.role(w, r))
		if rd.err != nil {
			return rd.err
		}
	}
	var policies []*ManagedPolicy
	seenArn := map[string]bool{}
	for i := range d.Policies {
		p := &d.Policies[i]
		w := fmt.Sprintf("Policies[%d]", i)
		if p.Arn == "" {
			return fmt.Errorf("%s: Arn is empty", w)
		}
		if seenArn[p.Arn] {
			return fmt.Errorf("%s: policy %s is listed twice", w, p.Arn)
		}
		seenArn[p.Arn] = true
		if err := acct.see(w+" ("+p.PolicyName+")", p.Arn); err != nil {
			return err
		}
		policies = append(policies, rd.policy(w, p))
		if rd.err != nil {
			return rd.err
		}
	}
	scps := rd.org("ServiceControlPolicies", d.ServiceControlPolicies)
	rcps := rd.org("ResourceControlPolicies", d.ResourceControlPolicies)
	if rd.err != nil {
		return rd.err
	}
	a.id, a.partition = acct.id, acct.partition
	if d.Partition != "" && a.partition == "" {
		a.partition = d.Partition
	}
	c := &Change{Op: "Load", NextID: d.IDCounter}
	for _, u := range users {
		if u.Arn == "" {
			u.Arn = a.ARN("user", u.Path, u.UserName)
		}
		c.Users = append(c.Users, u)
	}
	for _, g := range groups {
		if g.Arn == "" {
			g.Arn = a.ARN("group", g.Path, g.GroupName)
		}
		c.Groups = append(c.Groups, g)
	}
	for _, r := range roles {
		if r.Arn == "" {
			r.Arn = a.ARN("role", r.Path, r.RoleName)
		}
		c.Roles = append(c.Roles, r)
	}
	c.Policies = policies
	a.install(c)
	a.scps, a.rcps = scps, rcps
	return nil
}

// documentText turns a policy document as found in the snapshot into its
// text: a JSON string is used as is, URL-decoded when it is URL-encoded (the
// raw API's form); a JSON object is re-indented with four spaces.
func documentText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", errors.New("missing")
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		t := strings.TrimSpace(s)
		if t == "" {
			return "", errors.New("empty")
		}
		if t[0] != '{' && strings.Contains(t, "%") {
			// RFC 3986 encoding: '+' is a literal plus, not a space.
			dec, err := url.PathUnescape(s)
			if err != nil {
				return "", fmt.Errorf("not valid URL-encoded text: %w", err)
			}
			return dec, nil
		}
		return s, nil
	case '{':
		var compact, out bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return "", err
		}
		if err := json.Indent(&out, compact.Bytes(), "", "    "); err != nil {
			return "", err
		}
		return out.String(), nil
	}
	return "", fmt.Errorf("want a JSON object or a string, got %.20s", raw)
}

// WriteJSON writes the account in the JSON of `aws iam
// get-account-authorization-details`, with the extensions Load reads (see
// Load), so that Load reads it back to the same account. Entities come in
// name order, policies in ARN order. Policy documents are JSON strings
// holding their exact text, so that statement positions survive the trip.
func (a *Account) WriteJSON(w io.Writer) error {
	a.mu.RLock()
	d := a.details()
	a.mu.RUnlock()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	return enc.Encode(d)
}

// details converts the account to its wire shape; a.mu is held.
func (a *Account) details() *authDetails {
	d := &authDetails{AccountID: a.id, IDCounter: a.nextID,
		UserDetailList: []userDetail{}, GroupDetailList: []groupDetail{}, RoleDetailList: []roleDetail{}, Policies: []managedPolicyDetail{},
		ServiceControlPolicies: a.wireOrg(a.scps), ResourceControlPolicies: a.wireOrg(a.rcps)}
	if a.partition != "" && a.partition != "aws" {
		d.Partition = a.partition
	}
	for _, u := range sortedByKey(a.users) {
		d.UserDetailList = append(d.UserDetailList, a.userDetail(u))
	}
	for _, g := range sortedByKey(a.groups) {
		d.GroupDetailList = append(d.GroupDetailList, a.groupDetail(g))
	}
	for _, r := range sortedByKey(a.roles) {
		d.RoleDetailList = append(d.RoleDetailList, a.roleDetail(r))
	}
	for _, p := range sortedByKey(a.policies) {
		d.Policies = append(d.Policies, a.policyDetail(p))
	}
	return d
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// jsonString encodes s as a JSON string, without escaping HTML characters.
func jsonString(s string) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimRight(b.Bytes(), "\n")
}

func wireInline(list []InlinePolicy) []policyDetail {
	out := make([]policyDetail, len(list))
	for i, ip := range list {
		out[i] = policyDetail{PolicyName: ip.PolicyName, PolicyDocument: jsonString(ip.PolicyDocument)}
	}
	return out
}

// wireAttached gives attached policies their names, as the account knows
// them (a may be nil: then the last segment of the ARN).
func (a *Account) wireAttached(arns []string) []attachedPolicy {
	out := make([]attachedPolicy, len(arns))
	for i, arn := range arns {
		name := lastSegment(arn)
		if a != nil {
			if p := a.policies[arn]; p != nil {
				name = policyNameOf(p)
			}
		}
		out[i] = attachedPolicy{PolicyName: name, PolicyArn: arn}
	}
	return out
}

func wireBoundary(arn string) *boundaryDetail {
	if arn == "" {
		return nil
	}
	return &boundaryDetail{PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: arn}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (a *Account) userDetail(u *User) userDetail {
	return userDetail{Path: u.Path, UserName: u.UserName, UserID: u.UserId, Arn: u.Arn, CreateDate: isoDate(u.CreateDate),
		UserPolicyList: wireInline(u.InlinePolicies), GroupList: nonNil(u.Groups),
		AttachedManagedPolicies: a.wireAttached(u.AttachedManagedPolicies),
		PermissionsBoundary:     wireBoundary(u.PermissionsBoundary), Tags: nonNil(u.Tags)}
}

func (a *Account) groupDetail(g *Group) groupDetail {
	return groupDetail{Path: g.Path, GroupName: g.GroupName, GroupID: g.GroupId, Arn: g.Arn, CreateDate: isoDate(g.CreateDate),
		GroupPolicyList: wireInline(g.InlinePolicies), AttachedManagedPolicies: a.wireAttached(g.AttachedManagedPolicies)}
}

func (a *Account) roleDetail(r *Role) roleDetail {
	d := roleDetail{Path: r.Path, RoleName: r.RoleName, RoleID: r.RoleId, Arn: r.Arn, CreateDate: isoDate(r.CreateDate),
		RolePolicyList: wireInline(r.InlinePolicies), AttachedManagedPolicies: a.wireAttached(r.AttachedManagedPolicies),
		PermissionsBoundary: wireBoundary(r.PermissionsBoundary), Tags: nonNil(r.Tags),
		Description: r.Description}
	if r.AssumeRolePolicyDocument != "" {
		d.AssumeRolePolicyDocument = jsonString(r.AssumeRolePolicyDocument)
	}
	if r.MaxSessionDuration != 3600 {
		d.MaxSessionDuration = r.MaxSessionDuration
	}
	return d
}

func (a *Account) policyDetail(p *ManagedPolicy) managedPolicyDetail {
	d := managedPolicyDetail{PolicyName: p.PolicyName, PolicyID: p.PolicyId, Arn: p.Arn, Path: p.Path,
		DefaultVersionID: p.DefaultVersionId, IsAttachable: true, Description: p.Description,
		CreateDate: isoDate(p.CreateDate), UpdateDate: isoDate(p.UpdateDate), PolicyVersionList: []policyVersion{},
		Tags: p.Tags, NextVersion: p.NextVersion}
	if a != nil {
		d.AttachmentCount, d.PermissionsBoundaryUsageCount = a.attachments[p.Arn], a.boundaries[p.Arn]
	}
	for _, v := range p.Versions {
		d.PolicyVersionList = append(d.PolicyVersionList, policyVersion{Document: jsonString(v.Document), VersionID: v.VersionId,
			IsDefaultVersion: v.VersionId == p.DefaultVersionId, CreateDate: isoDate(v.CreateDate)})
	}
	return d
}

func (a *Account) wireOrg(levels [][]OrganizationPolicy) [][]organizationPolicy {
	if levels == nil {
		return nil
	}
	out := make([][]organizationPolicy, len(levels))
	for l, level := range levels {
		out[l] = []organizationPolicy{}
		for _, p := range level {
			out[l] = append(out[l], organizationPolicy{Name: p.Name, Document: jsonString(p.Document)})
		}
	}
	return out
}
