package endpoint

import (
	"net/http"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// Inline policies of users, groups and roles: Put, Get, Delete and List
// User/Group/RolePolicy (ies).

// entityKinds are the entities that hold policies, with the member that
// names one in the operations on its policies.
var entityKinds = []struct {
	typ   account.EntityType
	title string
	// field names the entity in the inline policy operations; attachField
	// in the Attach, Detach and ListAttached operations (a user's name is
	// existingUserNameType in the first and userNameType in the second).
	field, attachField iamshape.Field
}{
	{account.EntityUser, "User", iamshape.ExistingUserName, iamshape.UserName},
	{account.EntityGroup, "Group", iamshape.GroupName, iamshape.GroupName},
	{account.EntityRole, "Role", iamshape.RoleName, iamshape.RoleName},
}

func init() {
	for _, k := range entityKinds {
		register(
			&operation{name: "Put" + k.title + "Policy", fields: []iamshape.Field{k.field, iamshape.PolicyName, iamshape.PolicyDocument}, run: putInline(k.typ, k.field.Name)},
			&operation{name: "Get" + k.title + "Policy", fields: []iamshape.Field{k.field, iamshape.PolicyName}, run: getInline(k.typ, k.field.Name)},
			&operation{name: "Delete" + k.title + "Policy", fields: []iamshape.Field{k.field, iamshape.PolicyName}, run: deleteInline(k.typ, k.field.Name)},
			&operation{name: "List" + k.title + "Policies", fields: listFields(k.field), run: listInline(k.typ, k.field.Name)},
		)
	}
}

func putInline(typ account.EntityType, member string) func(*Handler, *http.Request, params) (any, error) {
	put := map[account.EntityType]func(a *account.Account, name, policyName, doc string) error{
		account.EntityUser: (*account.Account).PutUserPolicy, account.EntityGroup: (*account.Account).PutGroupPolicy, account.EntityRole: (*account.Account).PutRolePolicy,
	}[typ]
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		return nil, put(h.acct, p.get(member), p.get("PolicyName"), p.get("PolicyDocument"))
	}
}

func getInline(typ account.EntityType, member string) func(*Handler, *http.Request, params) (any, error) {
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		name, ip, err := h.acct.InlinePolicy(typ, p.get(member), p.get("PolicyName"))
		if err != nil {
			return nil, err
		}
		// The result names the entity in a member of its own kind
		// (UserName, GroupName, RoleName).
		switch typ {
		case account.EntityUser:
			return &struct{ UserName, PolicyName, PolicyDocument string }{name, ip.PolicyName, urlEncode(ip.PolicyDocument)}, nil
		case account.EntityGroup:
			return &struct{ GroupName, PolicyName, PolicyDocument string }{name, ip.PolicyName, urlEncode(ip.PolicyDocument)}, nil
		default:
			return &struct{ RoleName, PolicyName, PolicyDocument string }{name, ip.PolicyName, urlEncode(ip.PolicyDocument)}, nil
		}
	}
}

func deleteInline(typ account.EntityType, member string) func(*Handler, *http.Request, params) (any, error) {
	del := map[account.EntityType]func(a *account.Account, name, policyName string) error{
		account.EntityUser: (*account.Account).DeleteUserPolicy, account.EntityGroup: (*account.Account).DeleteGroupPolicy, account.EntityRole: (*account.Account).DeleteRolePolicy,
	}[typ]
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		return nil, del(h.acct, p.get(member), p.get("PolicyName"))
	}
}

func listInline(typ account.EntityType, member string) func(*Handler, *http.Request, params) (any, error) {
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		names, err := h.acct.InlinePolicyNames(typ, p.get(member))
		if err != nil {
			return nil, err
		}
		items, trunc, marker, err := page(p, names, nameKey)
		if err != nil {
			return nil, err
		}
		return &struct {
			PolicyNames xList[string]
			xPaged
		}{xList[string]{items}, xPaged{trunc, marker}}, nil
	}
}
