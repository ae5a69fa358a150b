package eval

import (
	"strings"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/policy"
)

// grant says how a resource-based policy statement's Principal names the
// caller. The class decides which implicit denies still limit the grant
// (reference_policies_evaluation-logic.md, "Determining whether a request is
// allowed or denied within an account", and access_policies_boundaries.md,
// "Resource-based policies"). Larger values are stronger grants.
type grant uint8

const (
	grantNone grant = iota
	// grantAccount: the principal is the caller's account (ID or root
	// ARN). This "delegates authority to the account": the account's
	// identity-based policies must also allow
	// (reference_policies_elements_principal.md, "AWS account principals").
	grantAccount
	// grantRole: the principal is the role whose session is calling.
	// "Resource-based policies that grant permissions to an IAM role ARN
	// are limited by an implicit deny in a permissions boundary or session
	// policy."
	grantRole
	// grantDirect: the principal is the caller itself (IAM user ARN, role
	// session ARN, federated user ARN, service), or everyone ("*"). Not
	// limited by implicit denies in identity-based policies, boundaries or
	// session policies within the same account.
	grantDirect
)

// principalMatcher is a compiled Principal or NotPrincipal element.
type principalMatcher struct {
	wildcard  bool
	accounts  []string // 12-digit IDs, from "ID" or "arn:...:iam::ID:root"
	arns      []string // user, assumed-role session, federated-user ARNs
	roles     []roleRef
	services  []string
	federated []string
}

// roleRef is a role ARN: its sessions carry only the role's name, not its
// path, so a role matches a session by partition, account and name.
type roleRef struct {
	arn, partition, account, name string
}

func compilePrincipal(p *policy.Principal) *principalMatcher {
	m := &principalMatcher{wildcard: p.Wildcard}
	for _, v := range p.AWS {
		switch {
		case v == "*":
			m.wildcard = true
		case iamctx.IsAccountID(v):
			m.accounts = append(m.accounts, v)
		default:
			pr, err := iamctx.ParsePrincipal(v)
			if err != nil {
				continue // the parser has vetted AWS principals; ignore what cannot match
			}
			switch pr.Kind {
			case iamctx.PrincipalAccount:
				m.accounts = append(m.accounts, pr.Account)
			case iamctx.PrincipalRole:
				m.roles = append(m.roles, roleRef{arn: v, partition: pr.Partition, account: pr.Account, name: pr.Name})
			default:
				m.arns = append(m.arns, v)
			}
		}
	}
	m.services = append(m.services, p.Service...)
	m.federated = append(m.federated, p.Federated...)
	// CanonicalUser principals name S3 canonical users, which no request
	// principal of ours is: they never match.
	return m
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// match returns how the Principal element names the caller.
func (m *principalMatcher) match(c *iamctx.Principal) grant {
	if m.wildcard {
		return grantDirect
	}
	switch c.Kind {
	case iamctx.PrincipalService:
		if contains(m.services, c.Name) {
			return grantDirect
		}
		return grantNone
	case iamctx.PrincipalNone, iamctx.PrincipalAnonymous:
		return grantNone
	}
	if contains(m.arns, c.ARN) {
		return grantDirect
	}
	if c.Kind == iamctx.PrincipalFederatedUser && contains(m.federated, c.ARN) {
		return grantDirect
	}
	if m.roleMatches(c) {
		return grantRole
	}
	if contains(m.accounts, c.Account) {
		return grantAccount
	}
	return grantNone
}

func (m *principalMatcher) roleMatches(c *iamctx.Principal) bool {
	for i := range m.roles {
		r := &m.roles[i]
		switch c.Kind {
		case iamctx.PrincipalAssumedRole:
			if r.name == c.Name && r.account == c.Account && r.partition == c.Partition {
				return true
			}
		case iamctx.PrincipalRole:
			if r.arn == c.ARN {
				return true
			}
		}
	}
	return false
}

// exempts reports whether a NotPrincipal element exempts the caller from a
// Deny statement. We read
// reference_policies_elements_notprincipal.md strictly: AWS "might validate
// the account first, then the role, and then the assumed-role user", so a
// caller is exempt only when every identity in its chain is listed (account,
// then user / role and session / federated user). A policy that lists only
// the user's ARN still denies that user, as the page warns it might.
func (m *principalMatcher) exempts(c *iamctx.Principal) bool {
	if m.wildcard {
		return true
	}
	switch c.Kind {
	case iamctx.PrincipalService:
		return contains(m.services, c.Name)
	case iamctx.PrincipalNone, iamctx.PrincipalAnonymous:
		return false
	}
	if !contains(m.accounts, c.Account) {
		return false
	}
	switch c.Kind {
	case iamctx.PrincipalAccount:
		return true
	case iamctx.PrincipalAssumedRole:
		return m.roleMatches(c) && contains(m.arns, c.ARN)
	case iamctx.PrincipalRole:
		return m.roleMatches(c)
	case iamctx.PrincipalFederatedUser:
		return contains(m.arns, c.ARN) || contains(m.federated, c.ARN)
	}
	return contains(m.arns, c.ARN)
}

// names reports whether a NotPrincipal element names the caller by any of
// its identities: the service, the account (ID or root ARN), the user,
// the role of a session or the session, the federated user. A statement
// with "Effect": "Allow" and NotPrincipal "allows all principals except
// the one named" (reference_policies_elements_notprincipal.md,
// "NotPrincipal With Allow"). The strict reading mirrors exempts': since
// AWS "might validate the account first and then the user", an account
// listed names its users and sessions too, and a role listed names its
// sessions, so none of them is granted.
func (m *principalMatcher) names(c *iamctx.Principal) bool {
	if m.wildcard {
		return true
	}
	switch c.Kind {
	case iamctx.PrincipalService:
		return contains(m.services, c.Name)
	case iamctx.PrincipalNone, iamctx.PrincipalAnonymous:
		return false
	}
	return contains(m.accounts, c.Account) || contains(m.arns, c.ARN) || m.roleMatches(c) ||
		c.Kind == iamctx.PrincipalFederatedUser && contains(m.federated, c.ARN)
}

// serviceOf returns the service prefix of a lower-cased action, without
// allocating.
func serviceOf(action string) string {
	if i := strings.IndexByte(action, ':'); i >= 0 {
		return action[:i]
	}
	return ""
}
