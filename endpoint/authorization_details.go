package endpoint

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// GetAccountAuthorizationDetails: every user, group, role and managed
// policy, paged as one sequence.

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

func init() {
	register(&operation{name: "GetAccountAuthorizationDetails", fields: pageFields, run: getAccountAuthorizationDetails})
}

func inlineXML(in []account.InlinePolicy) xList[xPolicyDetail] {
	out := xList[xPolicyDetail]{}
	for _, ip := range in {
		out.Member = append(out.Member, xPolicyDetail{ip.PolicyName, urlEncode(ip.PolicyDocument)})
	}
	return out
}

func (h *Handler) attachedXML(arns []string) xList[xAttached] {
	out := xList[xAttached]{}
	for _, arn := range arns {
		name := arn[strings.LastIndexByte(arn, '/')+1:]
		if p := h.acct.Policy(arn); p != nil {
			name = p.PolicyName
		}
		out.Member = append(out.Member, xAttached{name, arn})
	}
	return out
}

var authorizationFilters = []string{"User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"}

func getAccountAuthorizationDetails(h *Handler, _ *http.Request, p params) (any, error) {
	filter := p.list("Filter")
	for i, f := range filter {
		if !slices.Contains(authorizationFilters, f) {
			return nil, account.ValidationError(iamshape.NotInEnum(fmt.Sprintf("filter.%d.member", i+1), f, authorizationFilters))
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
		for _, u := range h.acct.Users() {
			all = append(all, entry{"1" + nameKey(u.UserName), u})
		}
	}
	if want("Group") {
		for _, g := range h.acct.Groups() {
			all = append(all, entry{"2" + nameKey(g.GroupName), g})
		}
	}
	if want("Role") {
		for _, r := range h.acct.Roles() {
			all = append(all, entry{"3" + nameKey(r.RoleName), r})
		}
	}
	for _, pol := range h.acct.Policies() {
		if pol.IsAWSManaged() && want("AWSManagedPolicy") || !pol.IsAWSManaged() && want("LocalManagedPolicy") {
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
		case *account.User:
			out.UserDetailList.Member = append(out.UserDetailList.Member, xUserDetail{Path: v.Path, UserName: v.UserName,
				UserId: v.UserId, Arn: v.Arn, CreateDate: isoTime(v.CreateDate), UserPolicyList: inlineXML(v.InlinePolicies),
				GroupList: xList[string]{slices.Clone(v.Groups)}, AttachedManagedPolicies: h.attachedXML(v.AttachedManagedPolicies),
				PermissionsBoundary: boundaryOf(v.PermissionsBoundary), Tags: xTagList(v.Tags)})
		case *account.Group:
			out.GroupDetailList.Member = append(out.GroupDetailList.Member, xGroupDetail{Path: v.Path, GroupName: v.GroupName,
				GroupId: v.GroupId, Arn: v.Arn, CreateDate: isoTime(v.CreateDate), GroupPolicyList: inlineXML(v.InlinePolicies),
				AttachedManagedPolicies: h.attachedXML(v.AttachedManagedPolicies)})
		case *account.Role:
			out.RoleDetailList.Member = append(out.RoleDetailList.Member, xRoleDetail{Path: v.Path, RoleName: v.RoleName,
				RoleId: v.RoleId, Arn: v.Arn, CreateDate: isoTime(v.CreateDate), AssumeRolePolicyDocument: urlEncode(v.AssumeRolePolicyDocument),
				RolePolicyList: inlineXML(v.InlinePolicies), AttachedManagedPolicies: h.attachedXML(v.AttachedManagedPolicies),
				PermissionsBoundary: boundaryOf(v.PermissionsBoundary), Tags: xTagList(v.Tags)})
		case *account.ManagedPolicy:
			x := h.policyXML(v)
			d := xManagedPolicyDetail{PolicyName: x.PolicyName, PolicyId: x.PolicyId, Arn: x.Arn, Path: x.Path,
				DefaultVersionId: x.DefaultVersionId, AttachmentCount: x.AttachmentCount,
				PermissionsBoundaryUsageCount: x.PermissionsBoundaryUsageCount, IsAttachable: true,
				Description: x.Description, CreateDate: x.CreateDate, UpdateDate: x.UpdateDate}
			for i := range v.Versions {
				d.PolicyVersionList.Member = append(d.PolicyVersionList.Member, versionXML(v, &v.Versions[i], true))
			}
			out.Policies.Member = append(out.Policies.Member, d)
		}
	}
	return out, nil
}
