package endpoint

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// Managed policies and their versions: CreatePolicy, GetPolicy,
// DeletePolicy, ListPolicies, CreatePolicyVersion, GetPolicyVersion,
// DeletePolicyVersion, ListPolicyVersions, SetDefaultPolicyVersion.

type xPolicy struct {
	PolicyName, PolicyId, Arn, Path, DefaultVersionId string
	AttachmentCount                                   int
	PermissionsBoundaryUsageCount                     int
	IsAttachable                                      bool
	Description                                       string `xml:",omitempty"`
	CreateDate, UpdateDate                            string
	Tags                                              *xList[xTag] `xml:",omitempty"`
}

type xPolicyVersion struct {
	Document         string `xml:",omitempty"`
	VersionId        string
	IsDefaultVersion bool
	CreateDate       string
}

func (h *Handler) policyXML(p *account.ManagedPolicy) xPolicy {
	att, pb := h.acct.PolicyUsage(p.Arn)
	return xPolicy{PolicyName: p.PolicyName, PolicyId: p.PolicyId, Arn: p.Arn, Path: p.Path, DefaultVersionId: p.DefaultVersionId,
		AttachmentCount: att, PermissionsBoundaryUsageCount: pb, IsAttachable: true, Description: p.Description,
		CreateDate: isoTime(p.CreateDate), UpdateDate: isoTime(p.UpdateDate), Tags: xTags(p.Tags)}
}

func versionXML(p *account.ManagedPolicy, v *account.PolicyVersion, withDoc bool) xPolicyVersion {
	x := xPolicyVersion{VersionId: v.VersionId, IsDefaultVersion: v.VersionId == p.DefaultVersionId, CreateDate: isoTime(v.CreateDate)}
	if withDoc {
		x.Document = urlEncode(v.Document)
	}
	return x
}

func init() {
	register(
		&operation{name: "CreatePolicy", fields: []iamshape.Field{iamshape.PolicyName, iamshape.PolicyPath.Optional(), iamshape.PolicyDocument, iamshape.PolicyDescription}, run: createPolicy},
		&operation{name: "GetPolicy", fields: []iamshape.Field{iamshape.PolicyArn}, run: getPolicy},
		&operation{name: "DeletePolicy", fields: []iamshape.Field{iamshape.PolicyArn}, run: deletePolicy},
		&operation{name: "ListPolicies", fields: listFields(iamshape.PolicyPathPrefix), run: listPolicies},
		&operation{name: "CreatePolicyVersion", fields: []iamshape.Field{iamshape.PolicyArn, iamshape.PolicyDocument}, run: createPolicyVersion},
		&operation{name: "GetPolicyVersion", fields: []iamshape.Field{iamshape.PolicyArn, iamshape.VersionID}, run: getPolicyVersion},
		&operation{name: "DeletePolicyVersion", fields: []iamshape.Field{iamshape.PolicyArn, iamshape.VersionID}, run: deletePolicyVersion},
		&operation{name: "ListPolicyVersions", fields: listFields(iamshape.PolicyArn), run: listPolicyVersions},
		&operation{name: "SetDefaultPolicyVersion", fields: []iamshape.Field{iamshape.PolicyArn, iamshape.VersionID}, run: setDefaultPolicyVersion},
	)
}

func createPolicy(h *Handler, _ *http.Request, p params) (any, error) {
	pol, err := h.acct.CreatePolicy(account.CreatePolicyInput{PolicyName: p.get("PolicyName"), Path: p.get("Path"),
		PolicyDocument: p.get("PolicyDocument"), Description: p.get("Description"), Tags: p.tags("Tags")})
	if err != nil {
		return nil, err
	}
	x := h.policyXML(pol)
	x.Description = "" // CreatePolicy's response leaves the description out
	return &struct{ Policy xPolicy }{x}, nil
}

func getPolicy(h *Handler, _ *http.Request, p params) (any, error) {
	pol, err := h.acct.GetPolicy(p.get("PolicyArn"))
	if err != nil {
		return nil, err
	}
	return &struct{ Policy xPolicy }{h.policyXML(pol)}, nil
}

func deletePolicy(h *Handler, _ *http.Request, p params) (any, error) {
	return nil, h.acct.DeletePolicy(p.get("PolicyArn"))
}

func listPolicies(h *Handler, _ *http.Request, p params) (any, error) {
	scope, err := p.enum("Scope", "All", "AWS", "Local")
	if err != nil {
		return nil, err
	}
	usage, err := p.enum("PolicyUsageFilter", "PermissionsPolicy", "PermissionsBoundary")
	if err != nil {
		return nil, err
	}
	onlyAttached, err := p.boolean("OnlyAttached")
	if err != nil {
		return nil, err
	}
	var all []*account.ManagedPolicy
	for _, pol := range h.acct.Policies() {
		att, pb := h.acct.PolicyUsage(pol.Arn)
		switch {
		case scope == "AWS" && !pol.IsAWSManaged(), scope == "Local" && pol.IsAWSManaged():
		case !hasPrefixPath(p, pol.Path):
		case onlyAttached && att+pb == 0:
		case usage == "PermissionsPolicy" && att == 0, usage == "PermissionsBoundary" && pb == 0:
		default:
			all = append(all, pol)
		}
	}
	pols, pg, err := pageOf(p, all, func(pol *account.ManagedPolicy) string { return pol.Arn }, func(pol *account.ManagedPolicy) xPolicy {
		x := h.policyXML(pol)
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

func createPolicyVersion(h *Handler, _ *http.Request, p params) (any, error) {
	setDefault, err := p.boolean("SetAsDefault")
	if err != nil {
		return nil, err
	}
	pol, v, err := h.acct.CreatePolicyVersion(p.get("PolicyArn"), p.get("PolicyDocument"), setDefault)
	if err != nil {
		return nil, err
	}
	return &struct{ PolicyVersion xPolicyVersion }{versionXML(pol, v, false)}, nil
}

func getPolicyVersion(h *Handler, _ *http.Request, p params) (any, error) {
	pol, v, err := h.acct.GetPolicyVersion(p.get("PolicyArn"), p.get("VersionId"))
	if err != nil {
		return nil, err
	}
	return &struct{ PolicyVersion xPolicyVersion }{versionXML(pol, v, true)}, nil
}

func deletePolicyVersion(h *Handler, _ *http.Request, p params) (any, error) {
	return nil, h.acct.DeletePolicyVersion(p.get("PolicyArn"), p.get("VersionId"))
}

func listPolicyVersions(h *Handler, _ *http.Request, p params) (any, error) {
	pol, err := h.acct.GetPolicy(p.get("PolicyArn"))
	if err != nil {
		return nil, err
	}
	// Newest first, as IAM lists them.
	vs := slices.Clone(pol.Versions)
	slices.Reverse(vs)
	versions, pg, err := pageOf(p, vs, func(v account.PolicyVersion) string {
		return fmt.Sprintf("%020d", len(vs)-slices.IndexFunc(vs, func(w account.PolicyVersion) bool { return w.VersionId == v.VersionId }))
	}, func(v account.PolicyVersion) xPolicyVersion { return versionXML(pol, &v, false) })
	if err != nil {
		return nil, err
	}
	return &struct {
		Versions xList[xPolicyVersion]
		xPaged
	}{versions, pg}, nil
}

func setDefaultPolicyVersion(h *Handler, _ *http.Request, p params) (any, error) {
	return nil, h.acct.SetDefaultPolicyVersion(p.get("PolicyArn"), p.get("VersionId"))
}
