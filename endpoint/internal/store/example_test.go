package store_test

import (
	"fmt"
	"os"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/endpoint/internal/store"
)

// A change made through the account is in the data directory once it
// returns: reopening the directory gives the account back with it.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "iamsim-store")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	seed := func() *account.Account { return account.New("111122223333") }

	// The directory is empty: Open seeds it and journals the account.
	s, acct, err := store.Open(dir, seed)
	if err != nil {
		panic(err)
	}
	if _, err := acct.CreateUser(account.CreateUserInput{UserName: "alice", Path: "/team/"}); err != nil {
		panic(err)
	}
	if err := s.Close(); err != nil {
		panic(err)
	}

	// Reopened, the directory gives the snapshot written when it was seeded
	// with the log replayed on it: seed is not called again.
	s, acct, err = store.Open(dir, seed)
	if err != nil {
		panic(err)
	}
	defer s.Close()
	for _, u := range acct.Users() {
		fmt.Println(u.Arn)
	}
	fmt.Println("log records:", s.Records())
	// Output:
	// arn:aws:iam::111122223333:user/team/alice
	// log records: 1
}
