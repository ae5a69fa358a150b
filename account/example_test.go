package account_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/iamsim/iamsim/account"
)

// An account built with IAM's operations, read back, and exported as the
// JSON of `aws iam get-account-authorization-details`.
func Example() {
	// A fixed clock, so that the dates below do not change.
	clock := func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	a := account.New("111122223333", account.WithClock(clock))
	if _, err := a.CreateUser(account.CreateUserInput{UserName: "alice", Path: "/engineering/"}); err != nil {
		panic(err)
	}
	err := a.PutUserPolicy("alice", "ReadReports",
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}`)
	if err != nil {
		panic(err)
	}

	// IAM's rules apply: names are unique without regard to case.
	_, err = a.CreateUser(account.CreateUserInput{UserName: "ALICE"})
	var e *account.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code, e.HTTPStatus, e.Message)
	}

	p, err := a.Principal(account.EntityUser, "alice")
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Arn)
	for _, ap := range p.Identity {
		fmt.Println(ap.OwnerType, ap.OwnerName, ap.PolicyName)
	}
	_ = a.WriteJSON(os.Stdout) // load it again with account.Load
	// Output:
	// EntityAlreadyExists 409 User with name ALICE already exists.
	// arn:aws:iam::111122223333:user/engineering/alice
	// user alice ReadReports
	// {
	//     "UserDetailList": [
	//         {
	//             "Path": "/engineering/",
	//             "UserName": "alice",
	//             "UserId": "AIDAJRYQRK72N4EVSO3VI",
	//             "Arn": "arn:aws:iam::111122223333:user/engineering/alice",
	//             "CreateDate": "2026-01-01T00:00:00Z",
	//             "UserPolicyList": [
	//                 {
	//                     "PolicyName": "ReadReports",
	//                     "PolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::reports/*\"}}"
	//                 }
	//             ],
	//             "GroupList": [],
	//             "AttachedManagedPolicies": [],
	//             "Tags": []
	//         }
	//     ],
	//     "GroupDetailList": [],
	//     "RoleDetailList": [],
	//     "Policies": [],
	//     "AccountId": "111122223333",
	//     "IdCounter": 1
	// }
}
