package resfilter_test

import (
	"fmt"

	"github.com/iamsim/iamsim/internal/resfilter"
)

// A statement on the team's reports keeps the signature of its pattern's
// literal prefix; a request whose resource shares no bit with it is
// skipped without running the pattern. Sharing a bit only says the
// pattern may match.
func Example() {
	stmt := resfilter.PrefixBits("arn:aws:s3:::team-data/reports/") // of "arn:aws:s3:::team-data/reports/*"
	for _, res := range []string{
		"arn:aws:s3:::team-data/reports/2024/q1.csv",
		"arn:aws:s3:::team-data/archive/2019.csv", // the same cut, "arn:aws:s3:::team": the pattern decides
		"arn:aws:dynamodb:us-east-1:111122223333:table/orders",
		"arn:aws:s3:::other-bucket/key",
	} {
		fmt.Println(resfilter.ResourceBits(res)&stmt != 0, res)
	}
	// A prefix too short to tell resources apart lets every one through.
	fmt.Println(resfilter.PrefixBits("arn:aws") == ^uint64(0))
	// Output:
	// true arn:aws:s3:::team-data/reports/2024/q1.csv
	// true arn:aws:s3:::team-data/archive/2019.csv
	// false arn:aws:dynamodb:us-east-1:111122223333:table/orders
	// false arn:aws:s3:::other-bucket/key
	// true
}
