package eval

import (
	"testing"

	"github.com/stretchr/testify/require"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/policy"
)

func mustPrincipal(t *testing.T, s string) *iamctx.Principal {
	t.Helper()
	p, err := iamctx.ParsePrincipal(s)
	require.NoError(t, err)
	return &p
}

const (
	alice   = "arn:aws:iam::111122223333:user/alice"
	session = "arn:aws:sts::111122223333:assumed-role/MyRole/sess"
	fedBob  = "arn:aws:sts::111122223333:federated-user/bob"
	root    = "arn:aws:iam::111122223333:root"
	myRole  = "arn:aws:iam::111122223333:role/team/MyRole"
)

// The grant classes follow reference_policies_evaluation-logic.md
// ("Resource-based policies and implicit denies in other policy types") and
// reference_policies_elements_principal.md ("AWS account principals").
func TestPrincipalMatch(t *testing.T) {
	cases := []struct {
		name   string
		elem   policy.Principal
		caller string
		want   grant
	}{
		{"wildcard", policy.Principal{Wildcard: true}, alice, grantDirect},
		{"AWS star", policy.Principal{AWS: []string{"*"}}, session, grantDirect},
		{"user ARN names the user", policy.Principal{AWS: []string{alice}}, alice, grantDirect},
		{"other user", policy.Principal{AWS: []string{"arn:aws:iam::111122223333:user/bob"}}, alice, grantNone},
		{"account ID delegates", policy.Principal{AWS: []string{"111122223333"}}, alice, grantAccount},
		{"root ARN delegates", policy.Principal{AWS: []string{root}}, session, grantAccount},
		{"other account", policy.Principal{AWS: []string{"444455556666"}}, alice, grantNone},
		{"role ARN (with path) matches its session", policy.Principal{AWS: []string{myRole}}, session, grantRole},
		{"role ARN of another account", policy.Principal{AWS: []string{"arn:aws:iam::444455556666:role/MyRole"}}, session, grantNone},
		{"session ARN names the session", policy.Principal{AWS: []string{session}}, session, grantDirect},
		{"federated user ARN", policy.Principal{AWS: []string{fedBob}}, fedBob, grantDirect},
		{"service", policy.Principal{Service: []string{"s3.amazonaws.com"}}, "s3.amazonaws.com", grantDirect},
		{"service mismatch", policy.Principal{Service: []string{"sns.amazonaws.com"}}, "s3.amazonaws.com", grantNone},
		{"anonymous needs *", policy.Principal{AWS: []string{"111122223333"}}, "anonymous", grantNone},
		{"anonymous with *", policy.Principal{Wildcard: true}, "anonymous", grantDirect},
		{"canonical user never matches", policy.Principal{CanonicalUser: []string{"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}}, alice, grantNone},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := compilePrincipal(&c.elem)
			require.Equal(t, c.want, m.match(mustPrincipal(t, c.caller)))
		})
	}
}

// reference_policies_elements_notprincipal.md, "NotPrincipal With Deny":
// AWS "might validate the account first, then the role, and then the
// assumed-role user", so every level must be listed to exempt a caller.
func TestNotPrincipalExempts(t *testing.T) {
	cases := []struct {
		name   string
		elem   policy.Principal
		caller string
		want   bool
	}{
		{"user and account listed", policy.Principal{AWS: []string{alice, root}}, alice, true},
		{"user only: account not exempt", policy.Principal{AWS: []string{alice}}, alice, false},
		{"account only: user not exempt", policy.Principal{AWS: []string{root}}, alice, false},
		{"root caller with account listed", policy.Principal{AWS: []string{"111122223333"}}, root, true},
		{"session, role and account", policy.Principal{AWS: []string{session, myRole, root}}, session, true},
		{"session and account without role", policy.Principal{AWS: []string{session, root}}, session, false},
		{"wildcard exempts all", policy.Principal{Wildcard: true}, alice, true},
		{"service listed", policy.Principal{Service: []string{"s3.amazonaws.com"}}, "s3.amazonaws.com", true},
		{"anonymous never exempt", policy.Principal{AWS: []string{root}}, "anonymous", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := compilePrincipal(&c.elem)
			require.Equal(t, c.want, m.exempts(mustPrincipal(t, c.caller)))
		})
	}
}

// reference_policies_elements_notprincipal.md, "NotPrincipal With Allow":
// such a statement "allows all principals except the one named", and a
// principal is named by any of its identities (account, user, role,
// session, federated user, service).
func TestNotPrincipalNames(t *testing.T) {
	cases := []struct {
		name   string
		elem   policy.Principal
		caller string
		want   bool
	}{
		{"user ARN alone", policy.Principal{AWS: []string{alice}}, alice, true},
		{"another user", policy.Principal{AWS: []string{"arn:aws:iam::111122223333:user/bob"}}, alice, false},
		{"account ID names its users", policy.Principal{AWS: []string{"111122223333"}}, alice, true},
		{"root ARN names the account's sessions", policy.Principal{AWS: []string{root}}, session, true},
		{"another account", policy.Principal{AWS: []string{"444455556666"}}, alice, false},
		{"role names its sessions", policy.Principal{AWS: []string{myRole}}, session, true},
		{"session ARN alone", policy.Principal{AWS: []string{session}}, session, true},
		{"another session of the role", policy.Principal{AWS: []string{"arn:aws:sts::111122223333:assumed-role/MyRole/other"}}, session, false},
		{"federated user", policy.Principal{Federated: []string{fedBob}}, fedBob, true},
		{"service", policy.Principal{Service: []string{"s3.amazonaws.com"}}, "s3.amazonaws.com", true},
		{"another service", policy.Principal{Service: []string{"sns.amazonaws.com"}}, "s3.amazonaws.com", false},
		{"wildcard names everyone", policy.Principal{Wildcard: true}, alice, true},
		{"anonymous is named by no account", policy.Principal{AWS: []string{root}}, "anonymous", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := compilePrincipal(&c.elem)
			require.Equal(t, c.want, m.names(mustPrincipal(t, c.caller)))
		})
	}
}

func TestServiceOf(t *testing.T) {
	require.Equal(t, "s3", serviceOf("s3:getobject"))
	require.Equal(t, "", serviceOf("nocolon"))
	require.Equal(t, "", serviceOf(":x"))
}
