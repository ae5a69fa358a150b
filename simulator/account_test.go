package simulator

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/policy"
)

func TestExampleAccountLoads(t *testing.T) {
	a := ExampleAccount()
	require.Equal(t, "111122223333", a.ID)
	require.Equal(t, "aws", a.Partition)
	require.Len(t, a.Users, 3)
	require.Len(t, a.Groups, 2)
	require.Len(t, a.Roles, 2)
	require.Len(t, a.Policies, 7)

	alice := a.User("alice")
	require.NotNil(t, alice)
	require.Equal(t, "/engineering/", alice.Path)
	require.Equal(t, "arn:aws:iam::111122223333:user/engineering/alice", alice.Arn)
	require.Equal(t, []string{"developers"}, alice.Groups)
	require.Equal(t, "arn:aws:iam::111122223333:policy/boundaries/DeveloperBoundary", alice.PermissionsBoundary)
	require.Equal(t, []Tag{{"project", "phoenix"}, {"team", "platform"}}, alice.Tags)
	require.Equal(t, []string{"arn:aws:iam::aws:policy/IAMUserChangePassword", "arn:aws:iam::111122223333:policy/ProjectTagAccess"}, alice.AttachedManagedPolicies)
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
	require.NotNil(t, a.Group("auditors"))

	// Every stored document is a valid policy of its kind.
	for _, p := range a.Policies {
		for _, v := range p.Versions {
			_, err := policy.ParseKind([]byte(v.Document), policy.KindIdentity)
			require.NoError(t, err, "%s %s", p.PolicyName, v.VersionId)
		}
	}
	for _, r := range a.Roles {
		_, err := policy.ParseKind([]byte(r.AssumeRolePolicyDocument), policy.KindTrust)
		require.NoError(t, err, r.RoleName)
	}

	// Fresh copies every time.
	a.Users[0].UserName = "changed"
	require.NotNil(t, ExampleAccount().User("alice"))
	j := ExampleAccountJSON()
	j[0] = 'x'
	require.Equal(t, byte('{'), ExampleAccountJSON()[0])
}

// The raw API returns policy documents URL-encoded (RFC 3986); the AWS CLI
// prints them decoded, as JSON objects. Both load to the same account, and a
// string document is kept exactly, so positions are those of its text.
func TestLoadAuthorizationDetailsEncodings(t *testing.T) {
	f, err := os.Open("testdata/example-account-urlencoded.json")
	require.NoError(t, err)
	defer f.Close()
	enc, err := LoadAuthorizationDetails(f)
	require.NoError(t, err)
	obj := ExampleAccount()

	require.Equal(t, len(obj.Users), len(enc.Users))
	home := enc.User("alice").InlinePolicies[0]
	require.Equal(t, "HomeFolder", home.PolicyName)
	// The encoded text was indented by two spaces; it comes back exactly.
	require.True(t, strings.HasPrefix(home.PolicyDocument, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": ["), home.PolicyDocument)
	require.True(t, strings.HasPrefix(obj.User("alice").InlinePolicies[0].PolicyDocument, "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": ["))
	for i := range obj.Policies {
		var a, b any
		da, _ := obj.Policies[i].DefaultDocument()
		db, _ := enc.Policies[i].DefaultDocument()
		require.NoError(t, json.Unmarshal([]byte(da), &a))
		require.NoError(t, json.Unmarshal([]byte(db), &b))
		require.Equal(t, a, b, obj.Policies[i].PolicyName)
	}

	s := New(WithAccount(enc))
	out, err := s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
		PolicySourceArn: "arn:aws:iam::111122223333:user/engineering/alice",
		ActionNames:     []string{"s3:GetObject"},
	})
	require.NoError(t, err)
	_ = out
	out, err = s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
		PolicySourceArn: "arn:aws:iam::111122223333:user/engineering/alice",
		ActionNames:     []string{"s3:PutObject"},
		ResourceArns:    []string{"arn:aws:s3:::example-home/alice/x"},
	})
	require.NoError(t, err)
	m := out.EvaluationResults[0].MatchedStatements[0]
	require.Equal(t, "user_alice_HomeFolder", m.SourcePolicyId)
	// Two-space layout: `  "Statement": [` puts '[' in column 16.
	require.Equal(t, Position{Line: 3, Column: 17}, *m.StartPosition)
	require.Equal(t, Position{Line: 12, Column: 6}, *m.EndPosition)
}

func TestDocumentText(t *testing.T) {
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

func TestLoadAuthorizationDetailsErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, err string }{
		{"empty input", ``, "no JSON document"},
		{"not json", `{"UserDetailList": [`, "authorization details"},
		{"user without name", `{"UserDetailList": [{"Arn": "arn:aws:iam::111122223333:user/x"}]}`, "UserDetailList[0]: UserName is empty"},
		{"duplicate user", `{"UserDetailList": [{"UserName": "a"}, {"UserName": "a"}]}`, "user a is listed twice"},
		{"accounts disagree", `{"UserDetailList": [{"UserName": "a", "Arn": "arn:aws:iam::111122223333:user/a"}], "GroupDetailList": [{"GroupName": "g", "Arn": "arn:aws:iam::444455556666:group/g"}]}`, "is not in account 111122223333"},
		{"bad inline document", `{"UserDetailList": [{"UserName": "a", "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": 7}]}]}`, "UserDetailList[0].UserPolicyList[0] (p): PolicyDocument"},
		{"policy without arn", `{"Policies": [{"PolicyName": "p"}]}`, "Policies[0]: Arn is empty"},
		{"bad account id", `{"AccountId": "12"}`, "AccountId"},
		{"not an iam arn", `{"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:s3:::r"}]}`, "is not an IAM ARN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadAuthorizationDetails(strings.NewReader(tc.in))
			require.ErrorContains(t, err, tc.err)
		})
	}
}

// Several pages (a --no-paginate call repeated with Marker) concatenate; the
// iamsim extensions carry an account ID and organization policies.
func TestLoadAuthorizationDetailsPagesAndExtensions(t *testing.T) {
	in := `{"UserDetailList": [{"UserName": "a", "Path": "/"}], "IsTruncated": true, "Marker": "m"}
{"RoleDetailList": [{"RoleName": "r", "Path": "/x/", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}],
 "AccountId": "111122223333",
 "ServiceControlPolicies": [[{"Name": "FullAWSAccess", "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}], []],
 "ResourceControlPolicies": [[{"Name": "RCPFullAWSAccess", "Document": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}]]}`
	a, err := LoadAuthorizationDetails(strings.NewReader(in))
	require.NoError(t, err)
	require.Equal(t, "111122223333", a.ID)
	require.Len(t, a.Users, 1)
	require.Len(t, a.Roles, 1)
	require.Len(t, a.SCPs, 2)
	require.Equal(t, "FullAWSAccess", a.SCPs[0][0].Name)
	require.Empty(t, a.SCPs[1])
	require.Len(t, a.RCPs, 1)
	// ARNs the snapshot leaves out are built from the account.
	require.Equal(t, "arn:aws:iam::111122223333:role/x/r", a.Roles[0].arn(a))
	require.Equal(t, "arn:aws:iam::111122223333:user/a", a.Users[0].arn(a))
}

// An Account built in Go, without any ARN, works like a loaded one.
func TestAccountBuiltInGo(t *testing.T) {
	acct := &Account{
		ID: "111122223333",
		Users: []*User{{
			UserName:                "dana",
			Groups:                  []string{"ops"},
			AttachedManagedPolicies: []string{"arn:aws:iam::111122223333:policy/Ops"},
			Tags:                    []Tag{{Key: "team", Value: "ops"}},
		}},
		Groups: []*Group{{GroupName: "ops", InlinePolicies: []InlinePolicy{{PolicyName: "Logs", PolicyDocument: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"logs:*","Resource":"*"}}`}}}},
		Policies: []*ManagedPolicy{{
			PolicyName: "Ops", Arn: "arn:aws:iam::111122223333:policy/Ops",
			Versions: []PolicyVersion{{VersionId: "v1", IsDefaultVersion: true, Document: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ops"}}}}`}},
		}},
	}
	s := New(WithAccount(acct))
	require.Same(t, acct, s.Account())
	out, err := s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
		PolicySourceArn: "arn:aws:iam::111122223333:user/dana",
		ActionNames:     []string{"ec2:RebootInstances", "logs:PutLogEvents", "s3:GetObject"},
	})
	require.NoError(t, err)
	var got [][2]string
	for _, r := range out.EvaluationResults {
		id := ""
		if len(r.MatchedStatements) > 0 {
			id = r.MatchedStatements[0].SourcePolicyId
		}
		got = append(got, [2]string{r.EvalDecision, id})
	}
	require.Equal(t, [][2]string{{"allowed", "Ops"}, {"allowed", "group_ops_Logs"}, {"implicitDeny", ""}}, got)
}

// A snapshot that lacks a policy it refers to cannot be simulated
// faithfully: PolicyEvaluation (500), naming what is missing.
func TestIncompleteSnapshot(t *testing.T) {
	acct := &Account{ID: "111122223333", Users: []*User{
		{UserName: "a", AttachedManagedPolicies: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
		{UserName: "b", Groups: []string{"ghosts"}},
		{UserName: "c", InlinePolicies: []InlinePolicy{{PolicyName: "bad", PolicyDocument: `{"Statement": 1}`}}},
	}}
	s := New(WithAccount(acct))
	for user, msg := range map[string]string{
		"a": "managed policy arn:aws:iam::aws:policy/ReadOnlyAccess attached to user a is not in the account snapshot",
		"b": "group ghosts of user b is not in the account snapshot",
		"c": "policy user_c_bad in the account snapshot is not a valid policy document: line 1",
	} {
		_, err := s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
			PolicySourceArn: "arn:aws:iam::111122223333:user/" + user, ActionNames: []string{"s3:GetObject"},
		})
		var e *Error
		require.ErrorAs(t, err, &e)
		require.Equal(t, CodePolicyEvaluation, e.Code)
		require.Equal(t, 500, e.HTTPStatus)
		require.Contains(t, e.Message, msg)
	}
}
