package simulator

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/account"
)

// A string document is kept exactly, so positions are those of its text:
// the URL-encoded example account's documents are indented by two spaces.
func TestPositionsInStoredDocuments(t *testing.T) {
	t.Parallel()
	f, err := os.Open("../account/testdata/example-account-urlencoded.json")
	require.NoError(t, err)
	defer f.Close()
	enc, err := account.Load(f)
	require.NoError(t, err)
	s := New(WithAccount(enc))
	out, err := s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
		PolicySourceArn: "arn:aws:iam::111122223333:user/engineering/alice",
		SimulateCustomPolicyInput: SimulateCustomPolicyInput{
			ActionNames:  []string{"s3:PutObject"},
			ResourceArns: []string{"arn:aws:s3:::example-home/alice/x"},
		},
	})
	require.NoError(t, err)
	m := out.EvaluationResults[0].MatchedStatements[0]
	require.Equal(t, "user_alice_HomeFolder", m.SourcePolicyId)
	// Two-space layout: `  "Statement": [` puts '[' in column 16.
	require.Equal(t, Position{Line: 3, Column: 17}, *m.StartPosition)
	require.Equal(t, Position{Line: 12, Column: 6}, *m.EndPosition)
}

// An account built with the account package's operations, without any
// snapshot, is simulated like a loaded one, and each change shows in the
// next simulation.
func TestAccountBuiltWithOperations(t *testing.T) {
	t.Parallel()
	acct := account.New("111122223333")
	_, err := acct.CreateUser(account.CreateUserInput{UserName: "dana", Tags: []account.Tag{{Key: "team", Value: "ops"}}})
	require.NoError(t, err)
	_, err = acct.CreateGroup(account.CreateGroupInput{GroupName: "ops"})
	require.NoError(t, err)
	require.NoError(t, acct.AddUserToGroup("ops", "dana"))
	require.NoError(t, acct.PutGroupPolicy("ops", "Logs", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"logs:*","Resource":"*"}}`))
	ops, err := acct.CreatePolicy(account.CreatePolicyInput{PolicyName: "Ops",
		PolicyDocument: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ops"}}}}`})
	require.NoError(t, err)
	require.NoError(t, acct.AttachUserPolicy("dana", ops.Arn))

	s := New(WithAccount(acct))
	require.Same(t, acct, s.Account())
	simulate := func() [][2]string {
		out, err := s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
			PolicySourceArn: "arn:aws:iam::111122223333:user/dana",
			SimulateCustomPolicyInput: SimulateCustomPolicyInput{
				ActionNames: []string{"ec2:RebootInstances", "logs:PutLogEvents", "s3:GetObject"},
			},
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
		return got
	}
	require.Equal(t, [][2]string{{"allowed", "Ops"}, {"allowed", "group_ops_Logs"}, {"implicitDeny", ""}}, simulate())
	require.NoError(t, acct.RemoveUserFromGroup("ops", "dana"))
	require.NoError(t, acct.TagUser("dana", []account.Tag{{Key: "team", Value: "dev"}}))
	require.Equal(t, [][2]string{{"implicitDeny", ""}, {"implicitDeny", ""}, {"implicitDeny", ""}}, simulate())
	require.NoError(t, acct.DetachUserPolicy("dana", ops.Arn))
	require.NoError(t, acct.DeleteUser("dana"))
	_, err = s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
		PolicySourceArn:           "arn:aws:iam::111122223333:user/dana",
		SimulateCustomPolicyInput: SimulateCustomPolicyInput{ActionNames: []string{"s3:GetObject"}},
	})
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, CodeNoSuchEntity, e.Code)
	require.Equal(t, "The user with name dana cannot be found.", e.Message)
}

// A snapshot that lacks a policy it refers to cannot be simulated
// faithfully: PolicyEvaluation (500), naming what is missing.
func TestIncompleteSnapshot(t *testing.T) {
	t.Parallel()
	acct := loadAccount(`{"AccountId": "111122223333", "UserDetailList": [
		{"UserName": "a", "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]},
		{"UserName": "b", "GroupList": ["ghosts"]},
		{"UserName": "c", "UserPolicyList": [{"PolicyName": "bad", "PolicyDocument": "{\"Statement\": 1}"}]}]}`)
	s := New(WithAccount(acct))
	for user, msg := range map[string]string{
		"a": "managed policy arn:aws:iam::aws:policy/ReadOnlyAccess attached to user a is not in the account snapshot",
		"b": "group ghosts of user b is not in the account snapshot",
		"c": "policy user_c_bad in the account snapshot is not a valid policy document: line 1",
	} {
		t.Run(user, func(t *testing.T) {
			t.Parallel()
			_, err := s.SimulatePrincipalPolicy(context.Background(), &SimulatePrincipalPolicyInput{
				PolicySourceArn:           "arn:aws:iam::111122223333:user/" + user,
				SimulateCustomPolicyInput: SimulateCustomPolicyInput{ActionNames: []string{"s3:GetObject"}},
			})
			var e *Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, CodePolicyEvaluation, e.Code)
			require.Equal(t, 500, e.HTTPStatus)
			require.Contains(t, e.Message, msg)
		})
	}
}
