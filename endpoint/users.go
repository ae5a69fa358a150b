package endpoint

import (
	"net/http"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// Users: CreateUser, GetUser, ListUsers, DeleteUser.

type xUser struct {
	Path, UserName, UserId, Arn, CreateDate string
	PermissionsBoundary                     *xBoundary   `xml:",omitempty"`
	Tags                                    *xList[xTag] `xml:",omitempty"`
}

func userXML(u *account.User) xUser {
	return xUser{Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, CreateDate: isoTime(u.CreateDate),
		PermissionsBoundary: boundaryOf(u.PermissionsBoundary), Tags: xTags(u.Tags)}
}

func init() {
	register(
		&operation{name: "CreateUser", fields: []iamshape.Field{iamshape.Path.Optional(), iamshape.UserName, iamshape.PermissionsBoundary}, run: createUser},
		&operation{name: "GetUser", fields: []iamshape.Field{iamshape.ExistingUserName.Optional()}, run: getUser},
		&operation{name: "ListUsers", fields: listFields(iamshape.PathPrefix), run: listUsers},
		&operation{name: "DeleteUser", fields: []iamshape.Field{iamshape.ExistingUserName}, run: deleteUser},
	)
}

func createUser(h *Handler, _ *http.Request, p params) (any, error) {
	u, err := h.acct.CreateUser(account.CreateUserInput{Path: p.get("Path"), UserName: p.get("UserName"),
		PermissionsBoundary: p.get("PermissionsBoundary"), Tags: p.tags("Tags")})
	if err != nil {
		return nil, err
	}
	return &struct{ User xUser }{userXML(u)}, nil
}

func getUser(h *Handler, _ *http.Request, p params) (any, error) {
	name, ok := p.str("UserName")
	if !ok {
		// Without a UserName, GetUser describes the caller; offline there
		// is none to describe.
		return nil, invalidInput("Must specify userName when calling with non-User credentials")
	}
	u, err := h.acct.GetUser(name)
	if err != nil {
		return nil, err
	}
	return &struct{ User xUser }{userXML(u)}, nil
}

func listUsers(h *Handler, _ *http.Request, p params) (any, error) {
	all := withPath(p, h.acct.Users(), func(u *account.User) string { return u.Path })
	users, pg, err := pageOf(p, all, func(u *account.User) string { return nameKey(u.UserName) }, func(u *account.User) xUser {
		x := userXML(u)
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

func deleteUser(h *Handler, _ *http.Request, p params) (any, error) {
	return nil, h.acct.DeleteUser(p.get("UserName"))
}
