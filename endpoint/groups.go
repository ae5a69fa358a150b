package endpoint

import (
	"net/http"
	"slices"
	"strings"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// Groups: CreateGroup, GetGroup (with its members), ListGroups,
// DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser.

type xGroup struct{ Path, GroupName, GroupId, Arn, CreateDate string }

func groupXML(g *account.Group) xGroup {
	return xGroup{Path: g.Path, GroupName: g.GroupName, GroupId: g.GroupId, Arn: g.Arn, CreateDate: isoTime(g.CreateDate)}
}

func init() {
	register(
		&operation{name: "CreateGroup", fields: []iamshape.Field{iamshape.Path.Optional(), iamshape.GroupName}, run: createGroup},
		&operation{name: "GetGroup", fields: listFields(iamshape.GroupName), run: getGroup},
		&operation{name: "ListGroups", fields: listFields(iamshape.PathPrefix), run: listGroups},
		&operation{name: "DeleteGroup", fields: []iamshape.Field{iamshape.GroupName}, run: deleteGroup},
		&operation{name: "AddUserToGroup", fields: []iamshape.Field{iamshape.GroupName, iamshape.ExistingUserName}, run: addUserToGroup},
		&operation{name: "RemoveUserFromGroup", fields: []iamshape.Field{iamshape.GroupName, iamshape.ExistingUserName}, run: removeUserFromGroup},
		&operation{name: "ListGroupsForUser", fields: listFields(iamshape.ExistingUserName), run: listGroupsForUser},
	)
}

func createGroup(h *Handler, _ *http.Request, p params) (any, error) {
	g, err := h.acct.CreateGroup(account.CreateGroupInput{Path: p.get("Path"), GroupName: p.get("GroupName")})
	if err != nil {
		return nil, err
	}
	return &struct{ Group xGroup }{groupXML(g)}, nil
}

func getGroup(h *Handler, _ *http.Request, p params) (any, error) {
	g, err := h.acct.GetGroup(p.get("GroupName"))
	if err != nil {
		return nil, err
	}
	users, pg, err := pageOf(p, h.acct.Members(g.GroupName), func(u *account.User) string { return nameKey(u.UserName) }, func(u *account.User) xUser {
		x := userXML(u)
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
	}{groupXML(g), users, pg}, nil
}

func listGroupsOf(p params, groups []*account.Group) (any, error) {
	list, pg, err := pageOf(p, groups, func(g *account.Group) string { return nameKey(g.GroupName) }, groupXML)
	if err != nil {
		return nil, err
	}
	return &struct {
		Groups xList[xGroup]
		xPaged
	}{list, pg}, nil
}

func listGroups(h *Handler, _ *http.Request, p params) (any, error) {
	return listGroupsOf(p, withPath(p, h.acct.Groups(), func(g *account.Group) string { return g.Path }))
}

func listGroupsForUser(h *Handler, _ *http.Request, p params) (any, error) {
	u, err := h.acct.GetUser(p.get("UserName"))
	if err != nil {
		return nil, err
	}
	var gs []*account.Group
	for _, name := range u.Groups {
		if g := h.acct.Group(name); g != nil {
			gs = append(gs, g)
		}
	}
	slices.SortFunc(gs, func(a, b *account.Group) int { return strings.Compare(nameKey(a.GroupName), nameKey(b.GroupName)) })
	return listGroupsOf(p, gs)
}

func deleteGroup(h *Handler, _ *http.Request, p params) (any, error) {
	return nil, h.acct.DeleteGroup(p.get("GroupName"))
}

func addUserToGroup(h *Handler, _ *http.Request, p params) (any, error) {
	return nil, h.acct.AddUserToGroup(p.get("GroupName"), p.get("UserName"))
}

func removeUserFromGroup(h *Handler, _ *http.Request, p params) (any, error) {
	return nil, h.acct.RemoveUserFromGroup(p.get("GroupName"), p.get("UserName"))
}
