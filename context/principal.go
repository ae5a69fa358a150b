package context

import (
	"strings"

	"github.com/iamsim/iamsim/internal/grammar"
)

// PrincipalKind says what kind of principal makes a request. The kinds are
// the ones IAM's evaluation logic tells apart (reference_policies_variables.md,
// "Principal key values"; access_policies_boundaries.md, the table of
// resource-based policy grants by principal).
type PrincipalKind uint8

// Principal kinds.
const (
	// PrincipalNone means no principal was given.
	PrincipalNone PrincipalKind = iota
	// PrincipalAccount is the account root user, arn:aws:iam::ID:root.
	PrincipalAccount
	// PrincipalUser is an IAM user, arn:aws:iam::ID:user/path/name.
	PrincipalUser
	// PrincipalRole is an IAM role named by its role ARN,
	// arn:aws:iam::ID:role/path/name (an iamsim extension: real callers
	// are role sessions).
	PrincipalRole
	// PrincipalAssumedRole is a role session,
	// arn:aws:sts::ID:assumed-role/RoleName/SessionName.
	PrincipalAssumedRole
	// PrincipalFederatedUser is a federated user session,
	// arn:aws:sts::ID:federated-user/Name.
	PrincipalFederatedUser
	// PrincipalService is an AWS service principal such as
	// s3.amazonaws.com.
	PrincipalService
	// PrincipalAnonymous is an unauthenticated caller.
	PrincipalAnonymous
)

var kindNames = [...]string{"None", "Account", "User", "Role", "AssumedRole", "FederatedUser", "Service", "Anonymous"}

// String names the kind.
func (k PrincipalKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "PrincipalKind(?)"
}

// Principal is the caller of a request, parsed from its ARN.
type Principal struct {
	Kind PrincipalKind
	// ARN is the principal's ARN as given (for a service, its name).
	ARN string
	// Partition is the ARN partition: aws, aws-cn, aws-us-gov, ...
	Partition string
	// Account is the 12-digit account ID ("" for services and anonymous).
	Account string
	// Name is the user, role or federated user name, or the service
	// principal name.
	Name string
	// Path is the IAM path of a user or role ("/" when none is written).
	Path string
	// Session is a role session's name.
	Session string
}

// AnonymousPrincipal is the text ParsePrincipal reads as an anonymous caller.
const AnonymousPrincipal = "anonymous"

// ParsePrincipal reads a caller: an IAM user, role, root, assumed-role or
// federated-user ARN, a service principal name (ending in .amazonaws.com or
// .amazonaws.com.cn), "anonymous", or "" for none.
func ParsePrincipal(s string) (Principal, error) {
	switch {
	case s == "":
		return Principal{}, nil
	case s == AnonymousPrincipal || s == "*":
		return Principal{Kind: PrincipalAnonymous, ARN: s}, nil
	case !strings.HasPrefix(s, "arn:") && (strings.HasSuffix(s, ".amazonaws.com") || strings.HasSuffix(s, ".amazonaws.com.cn")):
		return Principal{Kind: PrincipalService, ARN: s, Name: s}, nil
	}
	bad := func(why string) (Principal, error) {
		return Principal{}, invalid("", "principal %q is not a valid principal ARN: %s", s, why)
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return bad("want arn:partition:iam::account-id:user/name (or role/, root, sts assumed-role/, federated-user/)")
	}
	p := Principal{ARN: s, Partition: parts[1], Account: parts[4]}
	if p.Partition == "" {
		return bad("empty partition")
	}
	if parts[3] != "" {
		return bad("IAM and STS ARNs have no region")
	}
	if !grammar.IsAccountID(p.Account) {
		return bad("account ID must be 12 digits")
	}
	res := parts[5]
	switch parts[2] {
	case "iam":
		switch {
		case res == "root":
			p.Kind = PrincipalAccount
			return p, nil
		case strings.HasPrefix(res, "user/"):
			p.Kind = PrincipalUser
		case strings.HasPrefix(res, "role/"):
			p.Kind = PrincipalRole
		default:
			return bad("an IAM principal is root, user/... or role/...")
		}
		rest := res[strings.IndexByte(res, '/')+1:]
		i := strings.LastIndexByte(rest, '/')
		p.Path, p.Name = "/"+rest[:i+1], rest[i+1:]
		if p.Name == "" {
			return bad("empty name")
		}
		return p, nil
	case "sts":
		switch {
		case strings.HasPrefix(res, "assumed-role/"):
			f := strings.Split(res, "/")
			if len(f) != 3 || f[1] == "" || f[2] == "" {
				return bad("want assumed-role/RoleName/SessionName")
			}
			p.Kind, p.Name, p.Session, p.Path = PrincipalAssumedRole, f[1], f[2], "/"
			return p, nil
		case strings.HasPrefix(res, "federated-user/"):
			name := strings.TrimPrefix(res, "federated-user/")
			if name == "" || strings.Contains(name, "/") {
				return bad("want federated-user/Name")
			}
			p.Kind, p.Name = PrincipalFederatedUser, name
			return p, nil
		}
		return bad("an STS principal is assumed-role/... or federated-user/...")
	}
	return bad("service must be iam or sts")
}

// PrincipalARN returns the value of aws:PrincipalArn: for a role session it is
// the role's ARN, not the session's (reference_policies_condition-keys.md,
// aws:PrincipalArn). A role session ARN carries no path, so the role ARN
// built from it has none either.
func (p Principal) PrincipalARN() string {
	if p.Kind == PrincipalAssumedRole {
		return "arn:" + p.Partition + ":iam::" + p.Account + ":role/" + p.Name
	}
	if p.Kind == PrincipalService {
		return ""
	}
	return p.ARN
}

// Type returns the value of aws:PrincipalType (Account, User, FederatedUser,
// AssumedRole, Anonymous), or "" where IAM documents none.
func (p Principal) Type() string {
	switch p.Kind {
	case PrincipalAccount:
		return "Account"
	case PrincipalUser:
		return "User"
	case PrincipalFederatedUser:
		return "FederatedUser"
	case PrincipalAssumedRole, PrincipalRole:
		return "AssumedRole"
	case PrincipalAnonymous:
		return "Anonymous"
	}
	return ""
}

// IsAccountID reports whether s is a 12-digit AWS account ID.
func IsAccountID(s string) bool { return grammar.IsAccountID(s) }
