package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	iamctx "github.com/iamsim/iamsim/context"
)

// The JSON shapes of GetAccountAuthorizationDetails (IAM service model:
// GetAccountAuthorizationDetailsResponse). Fields the simulator does not need
// (CreateDate, InstanceProfileList, RoleLastUsed, ...) are not read.
type authDetails struct {
	UserDetailList  []userDetail          `json:"UserDetailList"`
	GroupDetailList []groupDetail         `json:"GroupDetailList"`
	RoleDetailList  []roleDetail          `json:"RoleDetailList"`
	Policies        []managedPolicyDetail `json:"Policies"`

	// iamsim extensions, absent from the API's output.
	AccountID               string                 `json:"AccountId"`
	ServiceControlPolicies  [][]organizationPolicy `json:"ServiceControlPolicies"`
	ResourceControlPolicies [][]organizationPolicy `json:"ResourceControlPolicies"`
}

type userDetail struct {
	Path                    string           `json:"Path"`
	UserName                string           `json:"UserName"`
	UserID                  string           `json:"UserId"`
	Arn                     string           `json:"Arn"`
	UserPolicyList          []policyDetail   `json:"UserPolicyList"`
	GroupList               []string         `json:"GroupList"`
	AttachedManagedPolicies []attachedPolicy `json:"AttachedManagedPolicies"`
	PermissionsBoundary     *boundaryDetail  `json:"PermissionsBoundary"`
	Tags                    []Tag            `json:"Tags"`
}

type groupDetail struct {
	Path                    string           `json:"Path"`
	GroupName               string           `json:"GroupName"`
	GroupID                 string           `json:"GroupId"`
	Arn                     string           `json:"Arn"`
	GroupPolicyList         []policyDetail   `json:"GroupPolicyList"`
	AttachedManagedPolicies []attachedPolicy `json:"AttachedManagedPolicies"`
}

type roleDetail struct {
	Path                     string           `json:"Path"`
	RoleName                 string           `json:"RoleName"`
	RoleID                   string           `json:"RoleId"`
	Arn                      string           `json:"Arn"`
	AssumeRolePolicyDocument json.RawMessage  `json:"AssumeRolePolicyDocument"`
	RolePolicyList           []policyDetail   `json:"RolePolicyList"`
	AttachedManagedPolicies  []attachedPolicy `json:"AttachedManagedPolicies"`
	PermissionsBoundary      *boundaryDetail  `json:"PermissionsBoundary"`
	Tags                     []Tag            `json:"Tags"`
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
	PolicyName        string          `json:"PolicyName"`
	PolicyID          string          `json:"PolicyId"`
	Arn               string          `json:"Arn"`
	Path              string          `json:"Path"`
	DefaultVersionID  string          `json:"DefaultVersionId"`
	PolicyVersionList []policyVersion `json:"PolicyVersionList"`
}

type policyVersion struct {
	Document         json.RawMessage `json:"Document"`
	VersionID        string          `json:"VersionId"`
	IsDefaultVersion bool            `json:"IsDefaultVersion"`
}

type organizationPolicy struct {
	Name     string          `json:"Name"`
	Document json.RawMessage `json:"Document"`
}

// LoadAuthorizationDetails reads the JSON that
// `aws iam get-account-authorization-details` prints (UserDetailList,
// GroupDetailList, RoleDetailList, Policies) into an Account.
//
// Policy documents may be strings, URL-encoded as the raw API returns them
// (RFC 3986) or plain JSON text, or JSON objects, as the AWS CLI prints them
// after decoding. A string is used exactly, so MatchedStatements positions
// are those AWS reports. An object's original layout is lost; it is
// re-indented with four spaces, and positions in it are only as good as that
// guess.
//
// Several responses may follow one another in r (the pages of a call made
// with --no-paginate); their lists are concatenated. Beyond the API's shape,
// LoadAuthorizationDetails accepts three iamsim extensions: "AccountId" (for a
// snapshot with no entity to take it from), and "ServiceControlPolicies" and
// "ResourceControlPolicies", each a list of levels from the organization root
// down, each level a list of {"Name", "Document"}.
//
// The account ID and partition are taken from the entities' ARNs, which must
// all agree. Errors name the list entry at fault.
func LoadAuthorizationDetails(r io.Reader) (*Account, error) {
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
		if page.ServiceControlPolicies != nil {
			all.ServiceControlPolicies = page.ServiceControlPolicies
		}
		if page.ResourceControlPolicies != nil {
			all.ResourceControlPolicies = page.ResourceControlPolicies
		}
	}
	if pages == 0 {
		return nil, errors.New("authorization details: no JSON document")
	}
	return all.account()
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
	if parts[4] == "aws" { // AWS-managed policy
		return nil
	}
	if !iamctx.IsAccountID(parts[4]) {
		return fmt.Errorf("%s: ARN %q has no 12-digit account ID", where, arn)
	}
	if s.id == "" {
		s.id, s.partition = parts[4], parts[1]
		return nil
	}
	if s.id != parts[4] || s.partition != parts[1] {
		return fmt.Errorf("%s: ARN %q is not in account %s (partition %s) like the entities before it", where, arn, s.id, s.partition)
	}
	return nil
}

func (d *authDetails) account() (*Account, error) {
	a := &Account{}
	var acct accountSetter
	if d.AccountID != "" {
		if !iamctx.IsAccountID(d.AccountID) {
			return nil, fmt.Errorf("AccountId: %q is not a 12-digit account ID", d.AccountID)
		}
		acct.id = d.AccountID
	}
	inline := func(where string, list []policyDetail) ([]InlinePolicy, error) {
		out := make([]InlinePolicy, 0, len(list))
		for i, p := range list {
			w := fmt.Sprintf("%s[%d]", where, i)
			if p.PolicyName == "" {
				return nil, fmt.Errorf("%s: PolicyName is empty", w)
			}
			doc, err := documentText(p.PolicyDocument)
			if err != nil {
				return nil, fmt.Errorf("%s (%s): PolicyDocument: %w", w, p.PolicyName, err)
			}
			out = append(out, InlinePolicy{PolicyName: p.PolicyName, PolicyDocument: doc})
		}
		return out, nil
	}
	attached := func(list []attachedPolicy) []string {
		out := make([]string, 0, len(list))
		for _, p := range list {
			out = append(out, p.PolicyArn)
		}
		return out
	}
	boundary := func(b *boundaryDetail) string {
		if b == nil {
			return ""
		}
		return b.PermissionsBoundaryArn
	}

	seenUser := map[string]bool{}
	for i, u := range d.UserDetailList {
		w := fmt.Sprintf("UserDetailList[%d]", i)
		if u.UserName == "" {
			return nil, fmt.Errorf("%s: UserName is empty", w)
		}
		if seenUser[u.UserName] {
			return nil, fmt.Errorf("%s: user %s is listed twice", w, u.UserName)
		}
		seenUser[u.UserName] = true
		if err := acct.see(w+" ("+u.UserName+")", u.Arn); err != nil {
			return nil, err
		}
		ip, err := inline(w+".UserPolicyList", u.UserPolicyList)
		if err != nil {
			return nil, err
		}
		a.Users = append(a.Users, &User{
			UserName: u.UserName, Path: u.Path, Arn: u.Arn, UserId: u.UserID,
			Groups: u.GroupList, InlinePolicies: ip,
			AttachedManagedPolicies: attached(u.AttachedManagedPolicies),
			PermissionsBoundary:     boundary(u.PermissionsBoundary),
			Tags:                    u.Tags,
		})
	}
	seenGroup := map[string]bool{}
	for i, g := range d.GroupDetailList {
		w := fmt.Sprintf("GroupDetailList[%d]", i)
		if g.GroupName == "" {
			return nil, fmt.Errorf("%s: GroupName is empty", w)
		}
		if seenGroup[g.GroupName] {
			return nil, fmt.Errorf("%s: group %s is listed twice", w, g.GroupName)
		}
		seenGroup[g.GroupName] = true
		if err := acct.see(w+" ("+g.GroupName+")", g.Arn); err != nil {
			return nil, err
		}
		ip, err := inline(w+".GroupPolicyList", g.GroupPolicyList)
		if err != nil {
			return nil, err
		}
		a.Groups = append(a.Groups, &Group{
			GroupName: g.GroupName, Path: g.Path, Arn: g.Arn, GroupId: g.GroupID,
			InlinePolicies: ip, AttachedManagedPolicies: attached(g.AttachedManagedPolicies),
		})
	}
	seenRole := map[string]bool{}
	for i, r := range d.RoleDetailList {
		w := fmt.Sprintf("RoleDetailList[%d]", i)
		if r.RoleName == "" {
			return nil, fmt.Errorf("%s: RoleName is empty", w)
		}
		if seenRole[r.RoleName] {
			return nil, fmt.Errorf("%s: role %s is listed twice", w, r.RoleName)
		}
		seenRole[r.RoleName] = true
		if err := acct.see(w+" ("+r.RoleName+")", r.Arn); err != nil {
			return nil, err
		}
		ip, err := inline(w+".RolePolicyList", r.RolePolicyList)
		if err != nil {
			return nil, err
		}
		var trust string
		if len(r.AssumeRolePolicyDocument) > 0 && string(r.AssumeRolePolicyDocument) != "null" {
			if trust, err = documentText(r.AssumeRolePolicyDocument); err != nil {
				return nil, fmt.Errorf("%s (%s): AssumeRolePolicyDocument: %w", w, r.RoleName, err)
			}
		}
		a.Roles = append(a.Roles, &Role{
			RoleName: r.RoleName, Path: r.Path, Arn: r.Arn, RoleId: r.RoleID,
			AssumeRolePolicyDocument: trust, InlinePolicies: ip,
			AttachedManagedPolicies: attached(r.AttachedManagedPolicies),
			PermissionsBoundary:     boundary(r.PermissionsBoundary),
			Tags:                    r.Tags,
		})
	}
	seenPolicy := map[string]bool{}
	for i, p := range d.Policies {
		w := fmt.Sprintf("Policies[%d]", i)
		if p.Arn == "" {
			return nil, fmt.Errorf("%s: Arn is empty", w)
		}
		if seenPolicy[p.Arn] {
			return nil, fmt.Errorf("%s: policy %s is listed twice", w, p.Arn)
		}
		seenPolicy[p.Arn] = true
		if err := acct.see(w+" ("+p.PolicyName+")", p.Arn); err != nil {
			return nil, err
		}
		mp := &ManagedPolicy{PolicyName: p.PolicyName, Arn: p.Arn, Path: p.Path, PolicyId: p.PolicyID, DefaultVersionId: p.DefaultVersionID}
		for j, v := range p.PolicyVersionList {
			doc, err := documentText(v.Document)
			if err != nil {
				return nil, fmt.Errorf("%s (%s).PolicyVersionList[%d] (%s): Document: %w", w, p.PolicyName, j, v.VersionID, err)
			}
			mp.Versions = append(mp.Versions, PolicyVersion{VersionId: v.VersionID, Document: doc, IsDefaultVersion: v.IsDefaultVersion})
		}
		a.Policies = append(a.Policies, mp)
	}
	org := func(name string, levels [][]organizationPolicy) ([][]OrganizationPolicy, error) {
		if levels == nil {
			return nil, nil
		}
		out := make([][]OrganizationPolicy, len(levels))
		for l, level := range levels {
			out[l] = []OrganizationPolicy{}
			for i, p := range level {
				doc, err := documentText(p.Document)
				if err != nil {
					return nil, fmt.Errorf("%s[%d][%d] (%s): Document: %w", name, l, i, p.Name, err)
				}
				out[l] = append(out[l], OrganizationPolicy{Name: p.Name, Document: doc})
			}
		}
		return out, nil
	}
	var err error
	if a.SCPs, err = org("ServiceControlPolicies", d.ServiceControlPolicies); err != nil {
		return nil, err
	}
	if a.RCPs, err = org("ResourceControlPolicies", d.ResourceControlPolicies); err != nil {
		return nil, err
	}
	a.ID, a.Partition = acct.id, acct.partition
	return a, nil
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
