package endpoint

import (
	"net/http"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// Roles: CreateRole, GetRole, ListRoles, DeleteRole, UpdateAssumeRolePolicy.

type xRole struct {
	Path, RoleName, RoleId, Arn, CreateDate string
	AssumeRolePolicyDocument                string
	Description                             string       `xml:",omitempty"`
	MaxSessionDuration                      int          `xml:",omitempty"`
	PermissionsBoundary                     *xBoundary   `xml:",omitempty"`
	Tags                                    *xList[xTag] `xml:",omitempty"`
	RoleLastUsed                            *struct{}    `xml:",omitempty"`
}

func roleXML(r *account.Role) xRole {
	return xRole{Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: isoTime(r.CreateDate),
		AssumeRolePolicyDocument: urlEncode(r.AssumeRolePolicyDocument), Description: r.Description, MaxSessionDuration: r.MaxSessionDuration,
		PermissionsBoundary: boundaryOf(r.PermissionsBoundary), Tags: xTags(r.Tags)}
}

func init() {
	register(
		&operation{name: "CreateRole", fields: []iamshape.Field{iamshape.Path.Optional(), iamshape.RoleName, iamshape.AssumeRolePolicyDocument, iamshape.RoleDescription, iamshape.PermissionsBoundary}, run: createRole},
		&operation{name: "GetRole", fields: []iamshape.Field{iamshape.RoleName}, run: getRole},
		&operation{name: "ListRoles", fields: listFields(iamshape.PathPrefix), run: listRoles},
		&operation{name: "DeleteRole", fields: []iamshape.Field{iamshape.RoleName}, run: deleteRole},
		&operation{name: "UpdateAssumeRolePolicy", fields: []iamshape.Field{iamshape.RoleName, iamshape.PolicyDocument}, run: updateAssumeRolePolicy},
	)
}

func createRole(h *Handler, _ *http.Request, p params) (any, error) {
	maxSession, err := p.optInt("MaxSessionDuration")
	if err != nil {
		return nil, err
	}
	r, err := h.acct.CreateRole(account.CreateRoleInput{Path: p.get("Path"), RoleName: p.get("RoleName"),
		AssumeRolePolicyDocument: p.get("AssumeRolePolicyDocument"), Description: p.get("Description"),
		MaxSessionDuration: maxSession, PermissionsBoundary: p.get("PermissionsBoundary"), Tags: p.tags("Tags")})
	if err != nil {
		return nil, err
	}
	return &struct{ Role xRole }{roleXML(r)}, nil
}

func getRole(h *Handler, _ *http.Request, p params) (any, error) {
	r, err := h.acct.GetRole(p.get("RoleName"))
	if err != nil {
		return nil, err
	}
	x := roleXML(r)
	x.RoleLastUsed = &struct{}{}
	return &struct{ Role xRole }{x}, nil
}

func listRoles(h *Handler, _ *http.Request, p params) (any, error) {
	all := withPath(p, h.acct.Roles(), func(r *account.Role) string { return r.Path })
	roles, pg, err := pageOf(p, all, func(r *account.Role) string { return nameKey(r.RoleName) }, func(r *account.Role) xRole {
		x := roleXML(r)
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

func deleteRole(h *Handler, _ *http.Request, p params) (any, error) {
	return nil, h.acct.DeleteRole(p.get("RoleName"))
}

func updateAssumeRolePolicy(h *Handler, _ *http.Request, p params) (any, error) {
	return nil, h.acct.UpdateAssumeRolePolicy(p.get("RoleName"), p.get("PolicyDocument"))
}
