package simulator

import (
	"errors"
	"strings"

	"github.com/iamsim/iamsim/account"
	iamctx "github.com/iamsim/iamsim/context"
)

// The simulator reads the principals of SimulatePrincipalPolicy, and the
// tags of callers, from an account.Account, at every call: changes made to
// the account show in the next simulation.

// entityRef is a PolicySourceArn taken apart.
type entityRef struct {
	arn       string
	partition string
	account   string
	typ       account.EntityType
	path      string
	name      string
}

// parseEntityARN reads arn:PARTITION:iam::ACCOUNT:(user|group|role)/PATH/NAME.
// Anything else is the live service's InvalidInput "Invalid Entity Arn: ARN
// does not clearly define entity type and name." (observed for an
// assumed-role session ARN).
func parseEntityARN(arn string) (entityRef, *Error) {
	bad := func() *Error {
		return invalidInput("Invalid Entity Arn: %s does not clearly define entity type and name.", arn)
	}
	parts, ok := arnFields(arn)
	if !ok || parts[0] != "arn" || parts[1] == "" || parts[2] != "iam" || parts[3] != "" || !iamctx.IsAccountID(parts[4]) {
		return entityRef{}, bad()
	}
	typName, rest, ok := strings.Cut(parts[5], "/")
	var typ account.EntityType
	switch typName {
	case "user":
		typ = account.EntityUser
	case "group":
		typ = account.EntityGroup
	case "role":
		typ = account.EntityRole
	}
	if !ok || typ == 0 {
		return entityRef{}, bad()
	}
	i := strings.LastIndexByte(rest, '/')
	ref := entityRef{arn: arn, partition: parts[1], account: parts[4], typ: typ, path: "/" + rest[:i+1], name: rest[i+1:]}
	if ref.name == "" {
		return entityRef{}, bad()
	}
	return ref, nil
}

// principal returns the user, group or role ref names with the policies
// that apply to it, or a NoSuchEntity error worded as IAM words it for
// GetUser, GetGroup and GetRole. Entities are found by name (names are
// unique in an account); the path in the ARN is not compared. An account
// that lacks a group or managed policy the entity refers to cannot be
// simulated faithfully: that is a PolicyEvaluation error, not a silent
// omission.
func (s *Simulator) principal(ref entityRef) (*account.Principal, *Error) {
	a := s.acct
	if a == nil || (a.ID() != "" && a.ID() != ref.account) || a.Partition() != ref.partition {
		return nil, noSuchEntity("The %s with name %s cannot be found.", ref.typ, ref.name)
	}
	p, err := a.Principal(ref.typ, ref.name)
	if err != nil {
		var ae *account.Error
		if errors.As(err, &ae) && ae.Code == account.CodeNoSuchEntity {
			return nil, noSuchEntity("%s", ae.Message)
		}
		return nil, policyEvaluation(err, "%s", strings.TrimPrefix(err.Error(), account.ErrIncomplete.Error()+": "))
	}
	return p, nil
}

// sourcePolicy is one stored policy of an entity with the SourcePolicyId the
// simulator reports it under.
type sourcePolicy struct {
	id   string
	text string
}

// sourcePolicies returns what SimulatePrincipalPolicy evaluates for an
// entity, in the account's order (API_SimulatePrincipalPolicy: "If you
// specify a user, the simulation also includes all policies that are
// attached to any groups the user belongs to"). Inline policies are
// reported as user_NAME_POLICY, group_NAME_POLICY and role_NAME_POLICY,
// managed ones by name, as live responses report them.
func sourcePolicies(p *account.Principal) (identity []sourcePolicy, boundary *sourcePolicy) {
	identity = make([]sourcePolicy, len(p.Identity))
	for i, ap := range p.Identity {
		identity[i] = sourcePolicy{id: sourcePolicyID(ap), text: ap.Document}
	}
	if p.Boundary != nil {
		boundary = &sourcePolicy{id: sourcePolicyID(*p.Boundary), text: p.Boundary.Document}
	}
	return identity, boundary
}

func sourcePolicyID(ap account.AppliedPolicy) string {
	if ap.PolicyArn != "" {
		return ap.PolicyName
	}
	return ap.OwnerType.String() + "_" + ap.OwnerName + "_" + ap.PolicyName
}

// callerTags returns the tags of the user or role p names in the account,
// if it is there, and the account version they were read at.
func (s *Simulator) callerTags(p iamctx.Principal) (map[string]string, uint64) {
	a := s.acct
	if a == nil {
		return nil, 0
	}
	if a.ID() != "" && p.Account != a.ID() {
		return nil, a.Version()
	}
	var typ account.EntityType
	switch p.Kind {
	case iamctx.PrincipalUser:
		typ = account.EntityUser
	case iamctx.PrincipalRole, iamctx.PrincipalAssumedRole:
		typ = account.EntityRole
	default:
		return nil, a.Version()
	}
	tags, v := a.PrincipalTags(typ, p.Name)
	return tagMap(tags), v
}

// accountVersion returns the version of the Simulator's account (0 when it
// has none): what the caches that hold principal tags are checked against.
func (s *Simulator) accountVersion() uint64 {
	if s.acct == nil {
		return 0
	}
	return s.acct.Version()
}

// tagMap returns tags as a map from key to value (nil for none), the form
// iamctx takes principal tags in.
func tagMap(tags []account.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}
