package reqcore_test

import (
	"fmt"

	"github.com/iamsim/iamsim/internal/reqcore"
)

// A compiled policy makes its Keys once; every request's Core then finds
// them in its key table without hashing the names again. (In iamsim the
// Core's type arguments are context.Value and context.Principal, and
// context.New fills it.)
func ExampleCore_LookupKey() {
	team, ip := "analytics", "10.0.0.5"
	var c reqcore.Core[string, string]
	c.SetKeys(map[string]*string{"aws:principaltag/team": &team, "aws:sourceip": &ip})

	keys := []reqcore.Key{reqcore.MakeKey("aws:principaltag/team"), reqcore.MakeKey("aws:sourceip"), reqcore.MakeKey("aws:username")}
	for _, k := range keys {
		if v, ok := c.LookupKey(k); ok {
			fmt.Println(k.Name(), "=", *v)
		} else {
			fmt.Println(k.Name(), "missing")
		}
	}
	// Output:
	// aws:principaltag/team = analytics
	// aws:sourceip = 10.0.0.5
	// aws:username missing
}
