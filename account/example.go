package account

import (
	"bytes"
	_ "embed"
)

// exampleJSON is testdata/example-account.json: a small account,
// 111122223333, as `aws iam get-account-authorization-details` prints it.
//
//go:embed testdata/example-account.json
var exampleJSON []byte

// ExampleJSON returns the authorization details of the example account (see
// Example), as `aws iam get-account-authorization-details` prints them. The
// slice is a fresh copy.
func ExampleJSON() []byte { return bytes.Clone(exampleJSON) }

// Example returns a fresh copy of a small example account, 111122223333,
// for documentation, demos and tests:
//
//   - users alice (/engineering/, group developers, tags project=phoenix and
//     team=platform, inline policy HomeFolder on
//     arn:aws:s3:::example-home/${aws:username}/*, managed policies
//     IAMUserChangePassword and ProjectTagAccess, permissions boundary
//     DeveloperBoundary), bob (group auditors) and carol (groups developers
//     and auditors, no boundary);
//   - groups developers (inline CodeCommitPull; managed DeveloperAccess,
//     whose default version v2 allows dev-* DynamoDB tables, Lambda, logs
//     and the example-dev-artifacts bucket and denies dynamodb:DeleteTable,
//     and DenyOutsideEU) and auditors (AmazonS3ReadOnlyAccess);
//   - roles deploy (/service-role/, trusted by CodeBuild and by alice with
//     MFA) and app-lambda (trusted by Lambda, boundary DeveloperBoundary).
//
// It panics only if the embedded file is broken, which the package's tests
// rule out.
func Example(opts ...Option) *Account {
	a, err := Load(bytes.NewReader(exampleJSON), opts...)
	if err != nil {
		panic("account: embedded example account: " + err.Error())
	}
	return a
}
