package iamshape_test

import (
	"fmt"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// Every violation of a request is gathered before it is answered: here a
// CreateUser whose name has a space and whose path lacks its slashes, in
// the ValidationError AWS returns for it.
func ExampleField_CheckMember() {
	var msgs []string
	msgs = iamshape.UserName.CheckMember(msgs, "alice smith")
	msgs = iamshape.Path.CheckMember(msgs, "team")
	fmt.Println(account.ValidationError(msgs...))

	// A valid value adds nothing.
	fmt.Println(iamshape.UserName.CheckMember(nil, "alice.smith@example.com") == nil)
	// Output:
	// ValidationError: 2 validation errors detected: Value 'alice smith' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+; Value 'team' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (/)|(/[\x{21}-\x{7E}]+/)
	// true
}
