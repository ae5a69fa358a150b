package endpoint

import (
	"net/http"

	"github.com/iamsim/iamsim/internal/iamshape"
)

// operation is one IAM API action. Each entity's file registers its
// operations (users.go, groups.go, roles.go, …): adding an operation is its
// handler there, its XML shape, and a test.
type operation struct {
	name string
	// fields are the members the service model constrains; they are
	// checked before run, and every violation is reported at once.
	fields []iamshape.Field
	run    func(h *Handler, r *http.Request, p params) (any, error)
}

// operations maps an Action to its operation.
var operations = map[string]*operation{}

func register(ops ...*operation) {
	for _, op := range ops {
		if operations[op.name] != nil {
			panic("endpoint: operation " + op.name + " registered twice")
		}
		operations[op.name] = op
	}
}

// pageFields are Marker and MaxItems, which every List operation takes.
var pageFields = []iamshape.Field{iamshape.Marker}

// listFields returns fields followed by the paging members.
func listFields(fields ...iamshape.Field) []iamshape.Field {
	return append(fields, pageFields...)
}
