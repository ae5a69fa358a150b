package endpoint

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/iamsim/iamsim/account"
)

// Every account-management operation through the official SDK, with the
// error codes and HTTP statuses the SDK surfaces (the IAM service model's
// errors: NoSuchEntity 404, EntityAlreadyExists/DeleteConflict/LimitExceeded
// 409, InvalidInput/MalformedPolicyDocument/ValidationError 400).

const (
	allowS3   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	allowEC2  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`
	allowAll  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	denyS3Put = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}`
	trust     = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
)

// ok(call(...))(t) fails the test on an error and returns the value.
func ok[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantErr(t *testing.T, err error, code string, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s, got success", code)
	}
	var re *awshttp.ResponseError
	if apiCode(err) != code || !errors.As(err, &re) || re.HTTPStatusCode() != status {
		t.Fatalf("want %s (%d), got %v", code, status, err)
	}
}

func decoded(t *testing.T, s *string) string {
	t.Helper()
	d, err := url.QueryUnescape(aws.ToString(s))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func decide(t *testing.T, c *iam.Client, arn string, actions ...string) []string {
	t.Helper()
	out := ok(c.SimulatePrincipalPolicy(context.Background(), &iam.SimulatePrincipalPolicyInput{PolicySourceArn: &arn, ActionNames: actions}))(t)
	var ds []string
	for _, r := range out.EvaluationResults {
		ds = append(ds, string(r.EvalDecision))
	}
	return ds
}

func TestSDKUsersGroupsInline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := newTestClient(t, newHandler(t))
	s := aws.String
	u := ok(c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("alice"), Path: s("/eng/"), Tags: []types.Tag{{Key: s("team"), Value: s("core")}}}))(t)
	if aws.ToString(u.User.Arn) != "arn:aws:iam::123456789012:user/eng/alice" || !strings.HasPrefix(aws.ToString(u.User.UserId), "AIDA") || len(*u.User.UserId) != 21 || u.User.CreateDate == nil {
		t.Fatalf("CreateUser: %+v", u.User)
	}
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("ALICE")})
	wantErr(t, err, "EntityAlreadyExists", 409)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("bad name")})
	wantErr(t, err, "ValidationError", 400)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("x"), Path: s("no-slash")})
	wantErr(t, err, "ValidationError", 400)
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("x"), Tags: []types.Tag{{Key: s("k"), Value: s("1")}, {Key: s("K"), Value: s("2")}}})
	wantErr(t, err, "InvalidInput", 400)
	ok(c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("bob")}))(t)

	g := ok(c.GetUser(ctx, &iam.GetUserInput{UserName: s("Alice")}))(t)
	if aws.ToString(g.User.UserName) != "alice" || len(g.User.Tags) != 1 {
		t.Fatalf("GetUser: %+v", g.User)
	}
	_, err = c.GetUser(ctx, &iam.GetUserInput{UserName: s("nobody")})
	wantErr(t, err, "NoSuchEntity", 404)

	lu := ok(c.ListUsers(ctx, &iam.ListUsersInput{MaxItems: aws.Int32(1)}))(t)
	if len(lu.Users) != 1 || !lu.IsTruncated || lu.Marker == nil || aws.ToString(lu.Users[0].UserName) != "alice" {
		t.Fatalf("ListUsers page 1: %+v", lu)
	}
	lu = ok(c.ListUsers(ctx, &iam.ListUsersInput{Marker: lu.Marker}))(t)
	if len(lu.Users) != 1 || lu.IsTruncated || aws.ToString(lu.Users[0].UserName) != "bob" {
		t.Fatalf("ListUsers page 2: %+v", lu)
	}
	lu = ok(c.ListUsers(ctx, &iam.ListUsersInput{PathPrefix: s("/eng/")}))(t)
	if len(lu.Users) != 1 {
		t.Fatalf("ListUsers PathPrefix: %+v", lu)
	}

	ok(c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: s("devs")}))(t)
	_, err = c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: s("devs")})
	wantErr(t, err, "EntityAlreadyExists", 409)
	ok(c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: s("devs"), UserName: s("alice")}))(t)
	_, err = c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: s("nope"), UserName: s("alice")})
	wantErr(t, err, "NoSuchEntity", 404)
	gg := ok(c.GetGroup(ctx, &iam.GetGroupInput{GroupName: s("devs")}))(t)
	if len(gg.Users) != 1 || aws.ToString(gg.Group.GroupName) != "devs" {
		t.Fatalf("GetGroup: %+v", gg)
	}
	lg := ok(c.ListGroups(ctx, &iam.ListGroupsInput{}))(t)
	if len(lg.Groups) != 1 {
		t.Fatalf("ListGroups: %+v", lg)
	}
	lgu := ok(c.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: s("alice")}))(t)
	if len(lgu.Groups) != 1 {
		t.Fatalf("ListGroupsForUser: %+v", lgu)
	}

	// Inline policies of users and groups, and what the simulator makes of them.
	ok(c.PutGroupPolicy(ctx, &iam.PutGroupPolicyInput{GroupName: s("devs"), PolicyName: s("s3"), PolicyDocument: s(allowS3)}))(t)
	ok(c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: s("alice"), PolicyName: s("deny-put"), PolicyDocument: s(denyS3Put)}))(t)
	_, err = c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: s("alice"), PolicyName: s("bad"), PolicyDocument: s(`{"Version":"2012-10-17","Statement":{"Effect":"Allow"}}`)})
	wantErr(t, err, "MalformedPolicyDocument", 400)
	_, err = c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: s("nobody"), PolicyName: s("p"), PolicyDocument: s(allowS3)})
	wantErr(t, err, "NoSuchEntity", 404)
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + strings.Repeat("b", 2100) + `"}]}`
	_, err = c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: s("alice"), PolicyName: s("big"), PolicyDocument: s(big)})
	wantErr(t, err, "LimitExceeded", 409)
	if got := decide(t, c, "arn:aws:iam::123456789012:user/eng/alice", "s3:GetObject", "s3:PutObject", "ec2:RunInstances"); !slices.Equal(got, []string{"allowed", "explicitDeny", "implicitDeny"}) {
		t.Fatalf("alice: %v", got)
	}
	gp := ok(c.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: s("alice"), PolicyName: s("deny-put")}))(t)
	if decoded(t, gp.PolicyDocument) != denyS3Put || aws.ToString(gp.UserName) != "alice" {
		t.Fatalf("GetUserPolicy: %+v", gp)
	}
	ggp := ok(c.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: s("devs"), PolicyName: s("s3")}))(t)
	if decoded(t, ggp.PolicyDocument) != allowS3 {
		t.Fatalf("GetGroupPolicy: %+v", ggp)
	}
	_, err = c.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: s("alice"), PolicyName: s("nope")})
	wantErr(t, err, "NoSuchEntity", 404)
	if l := ok(c.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: s("alice")}))(t); !slices.Equal(l.PolicyNames, []string{"deny-put"}) {
		t.Fatalf("ListUserPolicies: %v", l.PolicyNames)
	}
	if l := ok(c.ListGroupPolicies(ctx, &iam.ListGroupPoliciesInput{GroupName: s("devs")}))(t); !slices.Equal(l.PolicyNames, []string{"s3"}) {
		t.Fatalf("ListGroupPolicies: %v", l.PolicyNames)
	}

	// Deleting what is still in use is a DeleteConflict.
	_, err = c.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: s("devs")})
	wantErr(t, err, "DeleteConflict", 409)
	_, err = c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: s("alice")})
	wantErr(t, err, "DeleteConflict", 409)
	ok(c.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: s("alice"), PolicyName: s("deny-put")}))(t)
	_, err = c.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: s("alice"), PolicyName: s("deny-put")})
	wantErr(t, err, "NoSuchEntity", 404)
	_, err = c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: s("alice")})
	wantErr(t, err, "DeleteConflict", 409) // still in a group
	ok(c.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: s("devs"), UserName: s("alice")}))(t)
	_, err = c.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: s("devs"), UserName: s("alice")})
	wantErr(t, err, "NoSuchEntity", 404)
	if got := decide(t, c, "arn:aws:iam::123456789012:user/eng/alice", "s3:GetObject"); got[0] != "implicitDeny" {
		t.Fatalf("alice after leaving devs: %v", got)
	}
	_, err = c.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: s("devs")})
	wantErr(t, err, "DeleteConflict", 409) // inline policy
	ok(c.DeleteGroupPolicy(ctx, &iam.DeleteGroupPolicyInput{GroupName: s("devs"), PolicyName: s("s3")}))(t)
	ok(c.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: s("devs")}))(t)
	ok(c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: s("alice")}))(t)
	_, err = c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: s("alice")})
	wantErr(t, err, "NoSuchEntity", 404)
	_, err = c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{PolicySourceArn: s("arn:aws:iam::123456789012:user/eng/alice"), ActionNames: []string{"s3:GetObject"}})
	wantErr(t, err, "NoSuchEntity", 404)
}

func TestSDKRolesTagsBoundaries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := newTestClient(t, newHandler(t))
	s := aws.String
	r := ok(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: s("app"), AssumeRolePolicyDocument: s(trust), Description: s("the app"),
		Tags: []types.Tag{{Key: s("env"), Value: s("prod")}}}))(t)
	if decoded(t, r.Role.AssumeRolePolicyDocument) != trust || aws.ToInt32(r.Role.MaxSessionDuration) != 3600 || !strings.HasPrefix(*r.Role.RoleId, "AROA") {
		t.Fatalf("CreateRole: %+v", r.Role)
	}
	_, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: s("app"), AssumeRolePolicyDocument: s(trust)})
	wantErr(t, err, "EntityAlreadyExists", 409)
	_, err = c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: s("other"), AssumeRolePolicyDocument: s(allowS3)}) // no Principal
	wantErr(t, err, "MalformedPolicyDocument", 400)
	_, err = c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: s("other"), AssumeRolePolicyDocument: s(trust), MaxSessionDuration: aws.Int32(60)})
	wantErr(t, err, "ValidationError", 400)
	gr := ok(c.GetRole(ctx, &iam.GetRoleInput{RoleName: s("APP")}))(t)
	if aws.ToString(gr.Role.Description) != "the app" || len(gr.Role.Tags) != 1 {
		t.Fatalf("GetRole: %+v", gr.Role)
	}
	_, err = c.GetRole(ctx, &iam.GetRoleInput{RoleName: s("nope")})
	wantErr(t, err, "NoSuchEntity", 404)
	if l := ok(c.ListRoles(ctx, &iam.ListRolesInput{}))(t); len(l.Roles) != 1 {
		t.Fatalf("ListRoles: %+v", l)
	}
	newTrust := strings.Replace(trust, "lambda", "ec2", 1)
	ok(c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: s("app"), PolicyDocument: s(newTrust)}))(t)
	_, err = c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: s("app"), PolicyDocument: s("{")})
	wantErr(t, err, "MalformedPolicyDocument", 400)
	if gr := ok(c.GetRole(ctx, &iam.GetRoleInput{RoleName: s("app")}))(t); decoded(t, gr.Role.AssumeRolePolicyDocument) != newTrust {
		t.Fatal("UpdateAssumeRolePolicy did not stick")
	}

	ok(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: s("app"), PolicyName: s("all"), PolicyDocument: s(allowAll)}))(t)
	if gp := ok(c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: s("app"), PolicyName: s("all")}))(t); decoded(t, gp.PolicyDocument) != allowAll {
		t.Fatal("GetRolePolicy")
	}
	if l := ok(c.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: s("app")}))(t); !slices.Equal(l.PolicyNames, []string{"all"}) {
		t.Fatalf("ListRolePolicies: %v", l.PolicyNames)
	}
	roleArn := "arn:aws:iam::123456789012:role/app"
	if got := decide(t, c, roleArn, "s3:GetObject", "ec2:RunInstances"); !slices.Equal(got, []string{"allowed", "allowed"}) {
		t.Fatalf("app: %v", got)
	}

	// A boundary narrows the role to S3.
	b := ok(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: s("S3Boundary"), PolicyDocument: s(allowS3)}))(t)
	_, err = c.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: s("app"), PermissionsBoundary: s("arn:aws:iam::123456789012:policy/Nope")})
	wantErr(t, err, "NoSuchEntity", 404)
	_, err = c.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: s("app"), PermissionsBoundary: s("not-an-arn-at-all-really")})
	wantErr(t, err, "InvalidInput", 400)
	ok(c.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: s("app"), PermissionsBoundary: b.Policy.Arn}))(t)
	if got := decide(t, c, roleArn, "s3:GetObject", "ec2:RunInstances"); !slices.Equal(got, []string{"allowed", "implicitDeny"}) {
		t.Fatalf("app with boundary: %v", got)
	}
	if gp := ok(c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: b.Policy.Arn}))(t); aws.ToInt32(gp.Policy.PermissionsBoundaryUsageCount) != 1 {
		t.Fatalf("boundary usage: %+v", gp.Policy)
	}
	_, err = c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: b.Policy.Arn})
	wantErr(t, err, "DeleteConflict", 409)
	ok(c.DeleteRolePermissionsBoundary(ctx, &iam.DeleteRolePermissionsBoundaryInput{RoleName: s("app")}))(t)
	if got := decide(t, c, roleArn, "ec2:RunInstances"); got[0] != "allowed" {
		t.Fatalf("app without boundary: %v", got)
	}
	ok(c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("carol"), PermissionsBoundary: b.Policy.Arn}))(t)
	if gu := ok(c.GetUser(ctx, &iam.GetUserInput{UserName: s("carol")}))(t); gu.User.PermissionsBoundary == nil || aws.ToString(gu.User.PermissionsBoundary.PermissionsBoundaryArn) != *b.Policy.Arn {
		t.Fatalf("carol: %+v", gu.User)
	}
	ok(c.DeleteUserPermissionsBoundary(ctx, &iam.DeleteUserPermissionsBoundaryInput{UserName: s("carol")}))(t)
	ok(c.PutUserPermissionsBoundary(ctx, &iam.PutUserPermissionsBoundaryInput{UserName: s("carol"), PermissionsBoundary: b.Policy.Arn}))(t)
	_, err = c.PutUserPermissionsBoundary(ctx, &iam.PutUserPermissionsBoundaryInput{UserName: s("nobody"), PermissionsBoundary: b.Policy.Arn})
	wantErr(t, err, "NoSuchEntity", 404)

	// Tags become aws:PrincipalTag/… keys.
	ok(c.TagRole(ctx, &iam.TagRoleInput{RoleName: s("app"), Tags: []types.Tag{{Key: s("team"), Value: s("core")}, {Key: s("ENV"), Value: s("dev")}}}))(t)
	lt := ok(c.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: s("app")}))(t)
	if len(lt.Tags) != 2 || aws.ToString(lt.Tags[0].Key) != "ENV" || aws.ToString(lt.Tags[0].Value) != "dev" {
		t.Fatalf("ListRoleTags: %+v", lt.Tags)
	}
	ok(c.UntagRole(ctx, &iam.UntagRoleInput{RoleName: s("app"), TagKeys: []string{"env"}}))(t)
	if lt := ok(c.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: s("app")}))(t); len(lt.Tags) != 1 {
		t.Fatalf("after UntagRole: %+v", lt.Tags)
	}
	_, err = c.TagRole(ctx, &iam.TagRoleInput{RoleName: s("app"), Tags: []types.Tag{{Key: s("bad*key"), Value: s("v")}}})
	wantErr(t, err, "ValidationError", 400)
	ok(c.TagUser(ctx, &iam.TagUserInput{UserName: s("carol"), Tags: []types.Tag{{Key: s("team"), Value: s("core")}}}))(t)
	if lt := ok(c.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: s("carol")}))(t); len(lt.Tags) != 1 {
		t.Fatalf("ListUserTags: %+v", lt.Tags)
	}
	ok(c.UntagUser(ctx, &iam.UntagUserInput{UserName: s("carol"), TagKeys: []string{"team"}}))(t)
	_, err = c.TagUser(ctx, &iam.TagUserInput{UserName: s("nobody"), Tags: []types.Tag{{Key: s("a"), Value: s("b")}}})
	wantErr(t, err, "NoSuchEntity", 404)
	var many []types.Tag
	for i := range 51 {
		many = append(many, types.Tag{Key: aws.String(strings.Repeat("k", i+1)), Value: s("v")})
	}
	_, err = c.TagUser(ctx, &iam.TagUserInput{UserName: s("carol"), Tags: many})
	wantErr(t, err, "ValidationError", 400)
	_, err = c.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: s("nobody")})
	wantErr(t, err, "NoSuchEntity", 404)

	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: s("app")})
	wantErr(t, err, "DeleteConflict", 409)
	ok(c.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: s("app"), PolicyName: s("all")}))(t)
	ok(c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: s("app")}))(t)
	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: s("app")})
	wantErr(t, err, "NoSuchEntity", 404)
}

func TestSDKManagedPolicies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := newTestClient(t, newHandler(t))
	s := aws.String
	p := ok(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: s("Ops"), Path: s("/team/"), PolicyDocument: s(allowS3), Description: s("ops")}))(t)
	arn := aws.ToString(p.Policy.Arn)
	if arn != "arn:aws:iam::123456789012:policy/team/Ops" || aws.ToString(p.Policy.DefaultVersionId) != "v1" || !p.Policy.IsAttachable {
		t.Fatalf("CreatePolicy: %+v", p.Policy)
	}
	_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: s("Ops"), PolicyDocument: s(allowS3)})
	wantErr(t, err, "EntityAlreadyExists", 409)
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: s("Bad"), PolicyDocument: s(`{"Statement":[]`)})
	wantErr(t, err, "MalformedPolicyDocument", 400)
	_, err = c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: s("arn:aws:iam::123456789012:policy/Nope")})
	wantErr(t, err, "NoSuchEntity", 404)
	_, err = c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: s("arn:aws:s3:::not-a-policy-arn")})
	wantErr(t, err, "InvalidInput", 400)
	if gp := ok(c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: &arn}))(t); aws.ToString(gp.Policy.Description) != "ops" {
		t.Fatalf("GetPolicy: %+v", gp.Policy)
	}

	// Versions: at most five; the default one cannot be deleted.
	for i := 2; i <= 5; i++ {
		v := ok(c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: &arn, PolicyDocument: s(allowEC2), SetAsDefault: i == 3}))(t)
		if want := "v" + string(rune('0'+i)); aws.ToString(v.PolicyVersion.VersionId) != want {
			t.Fatalf("version %s, want %s", aws.ToString(v.PolicyVersion.VersionId), want)
		}
	}
	_, err = c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: &arn, PolicyDocument: s(allowEC2)})
	wantErr(t, err, "LimitExceeded", 409)
	lv := ok(c.ListPolicyVersions(ctx, &iam.ListPolicyVersionsInput{PolicyArn: &arn}))(t)
	if len(lv.Versions) != 5 || aws.ToString(lv.Versions[0].VersionId) != "v5" || !lv.Versions[2].IsDefaultVersion {
		t.Fatalf("ListPolicyVersions: %+v", lv.Versions)
	}
	_, err = c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: &arn, VersionId: s("v3")})
	wantErr(t, err, "DeleteConflict", 409)
	ok(c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: &arn, VersionId: s("v5")}))(t)
	_, err = c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: &arn, VersionId: s("v5")})
	wantErr(t, err, "NoSuchEntity", 404)
	_, err = c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: &arn, VersionId: s("version1")})
	wantErr(t, err, "ValidationError", 400)
	gv := ok(c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: &arn, VersionId: s("v1")}))(t)
	if decoded(t, gv.PolicyVersion.Document) != allowS3 || gv.PolicyVersion.IsDefaultVersion {
		t.Fatalf("GetPolicyVersion: %+v", gv.PolicyVersion)
	}
	_, err = c.SetDefaultPolicyVersion(ctx, &iam.SetDefaultPolicyVersionInput{PolicyArn: &arn, VersionId: s("v9")})
	wantErr(t, err, "NoSuchEntity", 404)

	// Attached to a user, a group and a role; the default version decides.
	ok(c.CreateUser(ctx, &iam.CreateUserInput{UserName: s("dave")}))(t)
	ok(c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: s("g")}))(t)
	ok(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: s("r"), AssumeRolePolicyDocument: s(trust)}))(t)
	ok(c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: s("dave"), PolicyArn: &arn}))(t)
	ok(c.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: s("g"), PolicyArn: &arn}))(t)
	ok(c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: s("r"), PolicyArn: &arn}))(t)
	_, err = c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: s("dave"), PolicyArn: s("arn:aws:iam::aws:policy/ReadOnlyAccess")})
	wantErr(t, err, "NoSuchEntity", 404)
	_, err = c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: s("nope"), PolicyArn: &arn})
	wantErr(t, err, "NoSuchEntity", 404)
	if got := decide(t, c, "arn:aws:iam::123456789012:user/dave", "ec2:RunInstances", "s3:GetObject"); !slices.Equal(got, []string{"allowed", "implicitDeny"}) {
		t.Fatalf("dave with v3: %v", got)
	}
	ok(c.SetDefaultPolicyVersion(ctx, &iam.SetDefaultPolicyVersionInput{PolicyArn: &arn, VersionId: s("v1")}))(t)
	if got := decide(t, c, "arn:aws:iam::123456789012:group/g", "ec2:RunInstances", "s3:GetObject"); !slices.Equal(got, []string{"implicitDeny", "allowed"}) {
		t.Fatalf("group g with v1: %v", got)
	}
	for _, l := range [][]types.AttachedPolicy{
		ok(c.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: s("dave")}))(t).AttachedPolicies,
		ok(c.ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{GroupName: s("g")}))(t).AttachedPolicies,
		ok(c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: s("r")}))(t).AttachedPolicies,
	} {
		if len(l) != 1 || aws.ToString(l[0].PolicyName) != "Ops" || aws.ToString(l[0].PolicyArn) != arn {
			t.Fatalf("ListAttached*Policies: %+v", l)
		}
	}
	if l := ok(c.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: s("dave"), PathPrefix: s("/other/")}))(t); len(l.AttachedPolicies) != 0 {
		t.Fatal("PathPrefix not applied")
	}
	if gp := ok(c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: &arn}))(t); aws.ToInt32(gp.Policy.AttachmentCount) != 3 {
		t.Fatalf("AttachmentCount: %+v", gp.Policy)
	}
	lp := ok(c.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal, OnlyAttached: true}))(t)
	if len(lp.Policies) != 1 {
		t.Fatalf("ListPolicies: %+v", lp.Policies)
	}
	if lp := ok(c.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws}))(t); len(lp.Policies) != 0 {
		t.Fatalf("ListPolicies AWS: %+v", lp.Policies)
	}
	_, err = c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: &arn})
	wantErr(t, err, "DeleteConflict", 409)
	_, err = c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: s("dave")})
	wantErr(t, err, "DeleteConflict", 409)
	ok(c.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: s("dave"), PolicyArn: &arn}))(t)
	_, err = c.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: s("dave"), PolicyArn: &arn})
	wantErr(t, err, "NoSuchEntity", 404)
	ok(c.DetachGroupPolicy(ctx, &iam.DetachGroupPolicyInput{GroupName: s("g"), PolicyArn: &arn}))(t)
	ok(c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: s("r"), PolicyArn: &arn}))(t)
	_, err = c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: &arn})
	wantErr(t, err, "DeleteConflict", 409) // versions other than the default remain
	for _, v := range []string{"v2", "v3", "v4"} {
		ok(c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: &arn, VersionId: s(v)}))(t)
	}
	ok(c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: &arn}))(t)
	_, err = c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: &arn})
	wantErr(t, err, "NoSuchEntity", 404)

	// Ten managed policies per user at most.
	for i := range 11 {
		pi := ok(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("P" + string(rune('a'+i))), PolicyDocument: s(allowS3)}))(t)
		_, err = c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: s("dave"), PolicyArn: pi.Policy.Arn})
		if i < 10 && err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, err, "LimitExceeded", 409)
}

// GetAccountAuthorizationDetails returns what LoadAuthorizationDetails
// reads: the example account survives the round trip through the endpoint.
func TestSDKAccountAuthorizationDetails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := newTestClient(t, newHandler(t, WithAccount(account.Example())))
	var users, groups, roles, policies int
	var marker *string
	pages := 0
	for {
		out := ok(c.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{MaxItems: aws.Int32(3), Marker: marker}))(t)
		pages++
		users += len(out.UserDetailList)
		groups += len(out.GroupDetailList)
		roles += len(out.RoleDetailList)
		policies += len(out.Policies)
		for _, u := range out.UserDetailList {
			if aws.ToString(u.UserName) == "alice" {
				if len(u.GroupList) != 1 || u.PermissionsBoundary == nil || len(u.UserPolicyList) != 1 || len(u.Tags) != 2 {
					t.Fatalf("alice: %+v", u)
				}
				if _, err := url.QueryUnescape(aws.ToString(u.UserPolicyList[0].PolicyDocument)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if !out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	a := account.Example()
	if users != len(a.Users()) || groups != len(a.Groups()) || roles != len(a.Roles()) || policies != len(a.Policies()) || pages < 2 {
		t.Fatalf("got %d users, %d groups, %d roles, %d policies in %d pages", users, groups, roles, policies, pages)
	}
	out := ok(c.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{types.EntityTypeRole}}))(t)
	if len(out.RoleDetailList) != len(a.Roles()) || len(out.UserDetailList) != 0 || len(out.Policies) != 0 {
		t.Fatalf("Filter=Role: %+v", out)
	}
}
