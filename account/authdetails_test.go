package account

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/policy"
)

func TestExampleLoads(t *testing.T) {
	t.Parallel()
	a := Example()
	require.Equal(t, "111122223333", a.ID())
	require.Equal(t, "aws", a.Partition())
	require.Len(t, a.Users(), 3)
	require.Len(t, a.Groups(), 2)
	require.Len(t, a.Roles(), 2)
	require.Len(t, a.Policies(), 7)

	alice := a.User("alice")
	require.NotNil(t, alice)
	require.Same(t, alice, a.User("ALICE"), "names compare without regard to case")
	require.Equal(t, "/engineering/", alice.Path)
	require.Equal(t, "arn:aws:iam::111122223333:user/engineering/alice", alice.Arn)
	require.Equal(t, []string{"developers"}, alice.Groups)
	require.Equal(t, "arn:aws:iam::111122223333:policy/boundaries/DeveloperBoundary", alice.PermissionsBoundary)
	require.Equal(t, []Tag{{"project", "phoenix"}, {"team", "platform"}}, alice.Tags)
	require.Equal(t, []string{"arn:aws:iam::aws:policy/IAMUserChangePassword", "arn:aws:iam::111122223333:policy/ProjectTagAccess"}, alice.AttachedManagedPolicies)
	require.Equal(t, "2024-01-20T10:00:00Z", alice.CreateDate.Format("2006-01-02T15:04:05Z07:00"))
	require.Nil(t, a.User("nobody"))

	dev := a.Policy("arn:aws:iam::111122223333:policy/DeveloperAccess")
	require.NotNil(t, dev)
	require.False(t, dev.IsAWSManaged())
	require.Equal(t, "v2", dev.DefaultVersionId)
	doc, ok := dev.DefaultDocument()
	require.True(t, ok)
	require.Contains(t, doc, "NoTableDeletes", "the default version is v2")
	require.True(t, a.Policy("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess").IsAWSManaged())

	deploy := a.Role("deploy")
	require.NotNil(t, deploy)
	require.Contains(t, deploy.AssumeRolePolicyDocument, "codebuild.amazonaws.com")
	require.Equal(t, 3600, deploy.MaxSessionDuration)
	require.NotNil(t, a.Group("auditors"))
	require.Len(t, a.Members("developers"), 2)

	// Every stored document is a valid policy of its kind.
	for _, p := range a.Policies() {
		for _, v := range p.Versions {
			_, err := policy.ParseKind([]byte(v.Document), policy.KindIdentity)
			require.NoError(t, err, "%s %s", p.PolicyName, v.VersionId)
		}
	}
	for _, r := range a.Roles() {
		_, err := policy.ParseKind([]byte(r.AssumeRolePolicyDocument), policy.KindTrust)
		require.NoError(t, err, r.RoleName)
	}

	// Fresh copies every time.
	require.NoError(t, a.DeleteUserPolicy("alice", "HomeFolder"))
	require.Len(t, Example().User("alice").InlinePolicies, 1)
	j := ExampleJSON()
	j[0] = 'x'
	require.Equal(t, byte('{'), ExampleJSON()[0])
}

// The raw API returns policy documents URL-encoded (RFC 3986); the AWS CLI
// prints them decoded, as JSON objects. Both load to the same account, and a
// string document is kept exactly, so positions are those of its text.
func TestLoadEncodings(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/example-account-urlencoded.json")
	require.NoError(t, err)
	defer f.Close()
	enc, err := Load(f)
	require.NoError(t, err)
	obj := Example()

	require.Equal(t, len(obj.Users()), len(enc.Users()))
	home := enc.User("alice").InlinePolicies[0]
	require.Equal(t, "HomeFolder", home.PolicyName)
	// The encoded text was indented by two spaces; it comes back exactly.
	require.True(t, strings.HasPrefix(home.PolicyDocument, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": ["), home.PolicyDocument)
	require.True(t, strings.HasPrefix(obj.User("alice").InlinePolicies[0].PolicyDocument, "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": ["))
	objPolicies, encPolicies := obj.Policies(), enc.Policies()
	for i := range objPolicies {
		var a, b any
		da, _ := objPolicies[i].DefaultDocument()
		db, _ := encPolicies[i].DefaultDocument()
		require.NoError(t, json.Unmarshal([]byte(da), &a))
		require.NoError(t, json.Unmarshal([]byte(db), &b))
		require.Equal(t, a, b, objPolicies[i].PolicyName)
	}
}

func TestDocumentText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, raw, want, err string
	}{
		{"plain string", `"{\"Version\":\"2012-10-17\"}"`, `{"Version":"2012-10-17"}`, ""},
		{"url-encoded", `"%7B%22Version%22%3A%20%222012-10-17%22%7D"`, `{"Version": "2012-10-17"}`, ""},
		{"url-encoded plus is a plus", `"%7B%22Resource%22%3A%22arn%3Aaws%3Aiam%3A%3A1%3Auser%2Fa+b%22%7D"`, `{"Resource":"arn:aws:iam::1:user/a+b"}`, ""},
		{"object", `{"Version": "2012-10-17", "Statement": []}`, "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}", ""},
		{"null", `null`, "", "missing"},
		{"empty string", `""`, "", "empty"},
		{"bad escape", `"%7B%ZZ"`, "", "URL-encoded"},
		{"number", `12`, "", "want a JSON object or a string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := documentText(json.RawMessage(tc.raw))
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, err string }{
		{"empty input", ``, "no JSON document"},
		{"not json", `{"UserDetailList": [`, "authorization details"},
		{"user without name", `{"UserDetailList": [{"Arn": "arn:aws:iam::111122223333:user/x"}]}`, "UserDetailList[0]: UserName is empty"},
		{"duplicate user", `{"UserDetailList": [{"UserName": "a"}, {"UserName": "a"}]}`, "user a is listed twice"},
		{"duplicate user in another case", `{"UserDetailList": [{"UserName": "a"}, {"UserName": "A"}]}`, "user A is listed twice"},
		{"accounts disagree", `{"UserDetailList": [{"UserName": "a", "Arn": "arn:aws:iam::111122223333:user/a"}], "GroupDetailList": [{"GroupName": "g", "Arn": "arn:aws:iam::444455556666:group/g"}]}`, "is not in account 111122223333"},
		{"bad inline document", `{"UserDetailList": [{"UserName": "a", "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": 7}]}]}`, "UserDetailList[0].UserPolicyList[0] (p): PolicyDocument"},
		{"policy without arn", `{"Policies": [{"PolicyName": "p"}]}`, "Policies[0]: Arn is empty"},
		{"bad account id", `{"AccountId": "12"}`, "AccountId"},
		{"not an iam arn", `{"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:s3:::r"}]}`, "is not an IAM ARN"},
		{"bad date", `{"UserDetailList": [{"UserName": "a", "CreateDate": "yesterday"}]}`, `UserDetailList[0]: CreateDate "yesterday" is not an ISO 8601 date`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(strings.NewReader(tc.in))
			require.ErrorContains(t, err, tc.err)
		})
	}
}

// Several pages (a --no-paginate call repeated with Marker) concatenate; the
// iamsim extensions carry an account ID and organization policies.
func TestLoadPagesAndExtensions(t *testing.T) {
	t.Parallel()
	in := `{"UserDetailList": [{"UserName": "a", "Path": "/"}], "IsTruncated": true, "Marker": "m"}
{"RoleDetailList": [{"RoleName": "r", "Path": "/x/", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}],
 "AccountId": "111122223333",
 "ServiceControlPolicies": [[{"Name": "FullAWSAccess", "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}], []],
 "ResourceControlPolicies": [[{"Name": "RCPFullAWSAccess", "Document": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}]]}`
	a, err := Load(strings.NewReader(in))
	require.NoError(t, err)
	require.Equal(t, "111122223333", a.ID())
	require.Len(t, a.Users(), 1)
	require.Len(t, a.Roles(), 1)
	require.Len(t, a.SCPs(), 2)
	require.Equal(t, "FullAWSAccess", a.SCPs()[0][0].Name)
	require.Empty(t, a.SCPs()[1])
	require.Len(t, a.RCPs(), 1)
	// ARNs the snapshot leaves out are built from the account.
	require.Equal(t, "arn:aws:iam::111122223333:role/x/r", a.Role("r").Arn)
	require.Equal(t, "arn:aws:iam::111122223333:user/a", a.User("a").Arn)
}

// WriteJSON writes what Load reads back to the same account: every entity,
// document text, date, ID and extension.
func TestWriteJSONRoundTrip(t *testing.T) {
	t.Parallel()
	a := Example()
	_, err := a.CreateRole(CreateRoleInput{RoleName: "ops", Description: "operators <&>",
		AssumeRolePolicyDocument: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`,
		MaxSessionDuration:       ptr(7200), Tags: []Tag{{"k", "v"}}})
	require.NoError(t, err)
	p, err := a.CreatePolicy(CreatePolicyInput{PolicyName: "P", PolicyDocument: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, Tags: []Tag{{"a", "b"}}})
	require.NoError(t, err)
	_, _, err = a.CreatePolicyVersion(p.Arn, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}`, false)
	require.NoError(t, err)
	require.NoError(t, a.DeletePolicyVersion(p.Arn, "v2"))
	a.SetOrganizationPolicies([][]OrganizationPolicy{{{Name: "All", Document: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`}}}, nil)

	var buf bytes.Buffer
	require.NoError(t, a.WriteJSON(&buf))
	require.Contains(t, buf.String(), "operators <&>", "no HTML escaping")
	b, err := Load(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	requireSameAccount(t, a, b)
	require.Equal(t, 3, b.Policy(p.Arn).NextVersion, "v2 was deleted, v3 comes next")
	// Both make the same IDs from here on.
	u1, err := a.CreateUser(CreateUserInput{UserName: "next"})
	require.NoError(t, err)
	u2, err := b.CreateUser(CreateUserInput{UserName: "next"})
	require.NoError(t, err)
	require.Equal(t, u1.UserId, u2.UserId)
}

func ptr[T any](v T) *T { return &v }

// requireSameAccount compares two accounts by their JSON, which holds every
// part of the model.
func requireSameAccount(t *testing.T, a, b *Account) {
	t.Helper()
	var ja, jb bytes.Buffer
	require.NoError(t, a.WriteJSON(&ja))
	require.NoError(t, b.WriteJSON(&jb))
	require.Equal(t, ja.String(), jb.String())
}
