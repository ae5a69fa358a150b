package endpoint

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// Tags of users and roles: Tag, Untag and List User/RoleTags.

func init() {
	register(
		&operation{name: "TagUser", fields: []iamshape.Field{iamshape.ExistingUserName}, run: tagEntity((*account.Account).TagUser, "UserName")},
		&operation{name: "UntagUser", fields: []iamshape.Field{iamshape.ExistingUserName, iamshape.TagKeys}, run: untagEntity((*account.Account).UntagUser, "UserName")},
		&operation{name: "ListUserTags", fields: listFields(iamshape.ExistingUserName), run: listTags(account.EntityUser, "UserName")},
		&operation{name: "TagRole", fields: []iamshape.Field{iamshape.RoleName}, run: tagEntity((*account.Account).TagRole, "RoleName")},
		&operation{name: "UntagRole", fields: []iamshape.Field{iamshape.RoleName, iamshape.TagKeys}, run: untagEntity((*account.Account).UntagRole, "RoleName")},
		&operation{name: "ListRoleTags", fields: listFields(iamshape.RoleName), run: listTags(account.EntityRole, "RoleName")},
	)
}

func tagEntity(tag func(a *account.Account, name string, tags []account.Tag) error, member string) func(*Handler, *http.Request, params) (any, error) {
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		return nil, tag(h.acct, p.get(member), p.tags("Tags"))
	}
}

func untagEntity(untag func(a *account.Account, name string, keys []string) error, member string) func(*Handler, *http.Request, params) (any, error) {
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		return nil, untag(h.acct, p.get(member), p.list("TagKeys"))
	}
}

func listTags(typ account.EntityType, member string) func(*Handler, *http.Request, params) (any, error) {
	return func(h *Handler, _ *http.Request, p params) (any, error) {
		tags, err := h.acct.Tags(typ, p.get(member))
		if err != nil {
			return nil, err
		}
		list, pg, err := pageOf(p, tags, func(t account.Tag) string { return fmt.Sprintf("%06d", slices.Index(tags, t)) },
			func(t account.Tag) xTag { return xTag(t) })
		if err != nil {
			return nil, err
		}
		return &struct {
			Tags xList[xTag]
			xPaged
		}{list, pg}, nil
	}
}
