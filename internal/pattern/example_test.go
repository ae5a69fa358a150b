package pattern_test

import (
	"fmt"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/internal/pattern"
)

// A Resource pattern with a wildcard and a policy variable, compiled once
// and matched against the resources of alice's request: the variable is
// her user name, the * matches the rest of the key.
func ExampleCompileResource() {
	p, err := pattern.CompileResource("arn:aws:s3:::home/${aws:username}/*", true)
	if err != nil {
		panic(err)
	}
	alice, err := iamctx.New(iamctx.Input{Principal: "arn:aws:iam::111122223333:user/alice"})
	if err != nil {
		panic(err)
	}
	for _, res := range []string{"arn:aws:s3:::home/alice/notes/todo.txt", "arn:aws:s3:::home/bob/notes.txt"} {
		ok, _ := p.Match(alice, res)
		fmt.Println(ok, res)
	}
	// Without a user name in the request, the pattern matches nothing, and
	// Match says a key it needed was missing.
	anonymous, err := iamctx.New(iamctx.Input{})
	if err != nil {
		panic(err)
	}
	ok, missing := p.Match(anonymous, "arn:aws:s3:::home/alice/notes/todo.txt")
	fmt.Println(ok, "missing:", missing, p.Variables())
	// Output:
	// true arn:aws:s3:::home/alice/notes/todo.txt
	// false arn:aws:s3:::home/bob/notes.txt
	// false missing: true [aws:username]
}

// Action patterns ignore case; the engine indexes them by their service.
func ExampleCompileAction() {
	a, err := pattern.CompileAction("IAM:*AccessKey*")
	if err != nil {
		panic(err)
	}
	service, _ := a.Service()
	fmt.Println(a.Match("iam:createaccesskey"), a.Match("iam:listusers"), service)
	// Output:
	// true false iam
}

// Condition values: ArnLike matches per ARN component, and the values of a
// key OR.
func ExampleCompileValues() {
	v := pattern.CompileValues([]string{"arn:aws:iam::*:role/admin-*", "arn:aws:iam::111122223333:role/ops"}, pattern.ARN, false)
	for _, s := range []string{"arn:aws:iam::444455556666:role/admin-db", "arn:aws:iam::111122223333:role/ops", "arn:aws:iam::111122223333:role/dev"} {
		fmt.Println(v.Match(nil, s), s)
	}
	// Output:
	// true arn:aws:iam::444455556666:role/admin-db
	// true arn:aws:iam::111122223333:role/ops
	// false arn:aws:iam::111122223333:role/dev
}
