package policy

import (
	"strconv"
	"strings"

	"github.com/iamsim/iamsim/internal/grammar"
)

// The value checkers return "" for a good value, or the rest of an error
// message that starts with the element's name ("Action", "Principal AWS").

// checkAction accepts "*" or "service:action"
// (reference_policies_elements_action.md: "a service namespace as an action
// prefix ... followed by the name of the action"). Action names are not
// checked against a catalogue; * and ? may appear anywhere.
func checkAction(s string) string {
	if s == "*" {
		return ""
	}
	service, name, ok := strings.Cut(s, ":")
	if !ok || service == "" || name == "" || !isServicePrefix(service) || !isActionName(name) {
		return quote(s) + ` must be "*" or of the form "service:action"`
	}
	return ""
}

// isServicePrefix: service namespaces are letters, digits and hyphens
// (s3, ec2, execute-api); wildcards are allowed; '.' and '_' are tolerated.
func isServicePrefix(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigit(c) && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') &&
			c != '-' && c != '_' && c != '.' && c != '*' && c != '?' {
			return false
		}
	}
	return true
}

// isActionName rejects a second ':' and white space; anything else is left
// to matching (a name that matches no real action is simply never used).
func isActionName(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':', ' ', '\t', '\n', '\r':
			return false
		}
		if s[i] < 0x20 {
			return false
		}
	}
	return true
}

// checkResourceLiteral and checkResourceVariables accept "*" or an ARN
// pattern "arn:partition:service:region:account:resource" (at least six
// colon-separated parts; the resource part may hold more colons; * and ?
// wildcards may appear in any part). AWS answers other values with
// `Resource ... must be in ARN format or "*"`
// (reference_policies_elements_resource.md; reference_arns.md).
// Under Version 2012-10-17 a policy variable such as ${aws:username} counts
// as ordinary text of its part: its colon does not separate parts.
func checkResourceLiteral(s string) string   { return checkResource(s, false) }
func checkResourceVariables(s string) string { return checkResource(s, true) }

func checkResource(s string, variables bool) string {
	if s == "*" {
		return ""
	}
	if !strings.HasPrefix(s, "arn:") || arnParts(s, variables) < 6 {
		return quote(s) + ` must be in ARN format or "*"`
	}
	return ""
}

// arnParts counts colon-separated parts, up to 6.
func arnParts(s string, variables bool) int {
	parts := 1
	for i := 0; i < len(s) && parts < 6; i++ {
		switch s[i] {
		case ':':
			parts++
		case '$':
			if variables && i+1 < len(s) && s[i+1] == '{' {
				if end := strings.IndexByte(s[i+2:], '}'); end >= 0 {
					i += 2 + end
				}
			}
		}
	}
	return parts
}

// checkAWSPrincipal accepts what reference_policies_elements_principal.md
// lists for "AWS": "*", a 12-digit account ID, an account root, IAM user or
// role ARN, or an STS assumed-role or federated-user session ARN. "You cannot
// use a wildcard to match part of a principal name or ARN."
func checkAWSPrincipal(s string) string {
	if s == "*" || grammar.IsAccountID(s) {
		return ""
	}
	bad := quote(s) + ` is not a valid AWS principal (want "*", a 12-digit account ID, or an IAM user, role or account root ARN or an STS session ARN)`
	if strings.ContainsAny(s, "*?") {
		return bad
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !isPartition(parts[1]) || parts[3] != "" || !grammar.IsAccountID(parts[4]) {
		return bad
	}
	res := parts[5]
	switch parts[2] {
	case "iam":
		if res == "root" {
			return ""
		}
		if rest, ok := strings.CutPrefix(res, "user/"); ok && rest != "" {
			return ""
		}
		if rest, ok := strings.CutPrefix(res, "role/"); ok && rest != "" {
			return ""
		}
	case "sts":
		if rest, ok := strings.CutPrefix(res, "assumed-role/"); ok {
			if role, session, ok := strings.Cut(rest, "/"); ok && role != "" && session != "" {
				return ""
			}
		}
		if rest, ok := strings.CutPrefix(res, "federated-user/"); ok && rest != "" {
			return ""
		}
	}
	return bad
}

func checkNonEmpty(s string) string {
	if s == "" {
		return "must not be an empty string"
	}
	return ""
}

// isPartition: aws, aws-cn, aws-us-gov, aws-iso-b, ...
func isPartition(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z') && !isDigit(c) && c != '-' {
			return false
		}
	}
	return true
}

// quote quotes a value for a message (see shorten).
func quote(s string) string { return strconv.Quote(shorten(s)) }

// shorten cuts long document text quoted in a message to its first
// maxQuoted bytes.
func shorten(s string) string {
	const maxQuoted = 100
	if len(s) > maxQuoted {
		return s[:maxQuoted] + "..."
	}
	return s
}
