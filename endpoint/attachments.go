package endpoint

import (
	"net/http"
	"slices"
	"strings"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// Managed policies attached to users, groups and roles (Attach, Detach and
// ListAttached User/Group/RolePolicies) and the permissions boundaries of
// users and roles (Put and Delete User/RolePermissionsBoundary).

func init() {
	for _, k := range entityKinds {
		register(
			&operation{name: "Attach" + k.title + "Policy", fields: []iamshape.Field{k.attachField, iamshape.PolicyArn}, run: attach(k.typ, k.attachField.Name)},
			&operation{name: "Detach" + k.title + "Policy", fields: []iamshape.Field{k.attachField, iamshape.PolicyArn}, run: detach(k.typ, k.attachField.Name)},
			&operation{name: "ListAttached" + k.title + "Policies", fields: listFields(k.attachField, iamshape.PolicyPathPrefix), run: listAttached(k.typ, k.attachField.Name)},
		)
	}
	boundary := iamshape.PermissionsBoundary
	boundary.Required = true
	register(
		&operation{name: "PutUserPermissionsBoundary", fields: []iamshape.Field{iamshape.UserName, boundary}, run: putBoundary((*account.Account).PutUserPermissionsBoundary, "UserName")},
		&operation{name: "DeleteUserPermissionsBoundary", fields: []iamshape.Field{iamshape.UserName}, run: deleteBoundary((*account.Account).DeleteUserPermissionsBoundary, "UserName")},
		&operation{name: "PutRolePermissionsBoundary", fields: []iamshape.Field{iamshape.RoleName, boundary}, run: putBoundary((*account.Account).PutRolePermissionsBoundary, "RoleName")},
		&operation{name: "DeleteRolePermissionsBoundary", fields: []iamshape.Field{iamshape.RoleName}, run: deleteBoundary((*account.Account).DeleteRolePermissionsBoundary, "RoleName")},
	)
}

func attach(typ account.EntityType, member string) func(*Handler, *http.Request, params) (any, error) {
	do := map[account.EntityType]func(a *account.Account, name, arn string) error{
		account.EntityUser: (*account.Account).AttachUserPolicy, account.EntityGroup: (*account.Account).AttachGroupPolicy, account.EntityRole: (*account.Account).AttachRolePolicy,
	}[typ]
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		return nil, do(h.acct, p.get(member), p.get("PolicyArn"))
	}
}

func detach(typ account.EntityType, member string) func(*Handler, *http.Request, params) (any, error) {
	do := map[account.EntityType]func(a *account.Account, name, arn string) error{
		account.EntityUser: (*account.Account).DetachUserPolicy, account.EntityGroup: (*account.Account).DetachGroupPolicy, account.EntityRole: (*account.Account).DetachRolePolicy,
	}[typ]
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		return nil, do(h.acct, p.get(member), p.get("PolicyArn"))
	}
}

func listAttached(typ account.EntityType, member string) func(*Handler, *http.Request, params) (any, error) {
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		arns, err := h.acct.AttachedPolicies(typ, p.get(member))
		if err != nil {
			return nil, err
		}
		var all []xAttached
		for _, arn := range arns {
			name := arn[strings.LastIndexByte(arn, '/')+1:]
			if pol := h.acct.Policy(arn); pol != nil {
				if !hasPrefixPath(p, pol.Path) {
					continue
				}
				name = pol.PolicyName
			}
			all = append(all, xAttached{name, arn})
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

func putBoundary(put func(a *account.Account, name, arn string) error, member string) func(*Handler, *http.Request, params) (any, error) {
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		return nil, put(h.acct, p.get(member), p.get("PermissionsBoundary"))
	}
}

func deleteBoundary(del func(a *account.Account, name string) error, member string) func(*Handler, *http.Request, params) (any, error) {
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		return nil, del(h.acct, p.get(member))
	}
}
