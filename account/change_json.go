package account

import (
	"encoding/json"
	"fmt"
	"time"
)

// changeJSON is a Change on the wire: its entities in the shapes of
// GetAccountAuthorizationDetails, as in the account's own JSON.
type changeJSON struct {
	Op              string                `json:"Op"`
	Time            time.Time             `json:"Time"`
	NextID          uint64                `json:"NextId,omitempty"`
	Users           []userDetail          `json:"Users,omitempty"`
	Groups          []groupDetail         `json:"Groups,omitempty"`
	Roles           []roleDetail          `json:"Roles,omitempty"`
	Policies        []managedPolicyDetail `json:"Policies,omitempty"`
	DeletedUsers    []string              `json:"DeletedUsers,omitempty"`
	DeletedGroups   []string              `json:"DeletedGroups,omitempty"`
	DeletedRoles    []string              `json:"DeletedRoles,omitempty"`
	DeletedPolicies []string              `json:"DeletedPolicies,omitempty"`
}

// MarshalJSON writes the change with its entities in the shapes the
// account's JSON uses (see WriteJSON).
func (c *Change) MarshalJSON() ([]byte, error) {
	var a *Account // attached policies are named by their ARNs alone
	w := changeJSON{Op: c.Op, Time: c.Time, NextID: c.NextID,
		DeletedUsers: c.DeletedUsers, DeletedGroups: c.DeletedGroups, DeletedRoles: c.DeletedRoles, DeletedPolicies: c.DeletedPolicies}
	for _, u := range c.Users {
		w.Users = append(w.Users, a.userDetail(u))
	}
	for _, g := range c.Groups {
		w.Groups = append(w.Groups, a.groupDetail(g))
	}
	for _, r := range c.Roles {
		w.Roles = append(w.Roles, a.roleDetail(r))
	}
	for _, p := range c.Policies {
		w.Policies = append(w.Policies, a.policyDetail(p))
	}
	return json.Marshal(&w)
}

// UnmarshalJSON reads a change that MarshalJSON wrote.
func (c *Change) UnmarshalJSON(data []byte) error {
	var w changeJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	rd := &reader{now: w.Time}
	*c = Change{Op: w.Op, Time: w.Time, NextID: w.NextID,
		DeletedUsers: w.DeletedUsers, DeletedGroups: w.DeletedGroups, DeletedRoles: w.DeletedRoles, DeletedPolicies: w.DeletedPolicies}
	for i := range w.Users {
		c.Users = append(c.Users, rd.user(fmt.Sprintf("Users[%d]", i), &w.Users[i]))
	}
	for i := range w.Groups {
		c.Groups = append(c.Groups, rd.group(fmt.Sprintf("Groups[%d]", i), &w.Groups[i]))
	}
	for i := range w.Roles {
		c.Roles = append(c.Roles, rd.role(fmt.Sprintf("Roles[%d]", i), &w.Roles[i]))
	}
	for i := range w.Policies {
		c.Policies = append(c.Policies, rd.policy(fmt.Sprintf("Policies[%d]", i), &w.Policies[i]))
	}
	return rd.err
}
