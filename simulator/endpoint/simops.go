package endpoint

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/iamsim/iamsim/simulator"
)

// operation is one IAM API action: either a read of the current snapshot or
// a change to a copy of the state.
type operation struct {
	name   string
	fields []field
	read   func(r *http.Request, sn *snapshot, p params) (any, error)
	change func(st *state, p params, now time.Time) (any, error)
}

// operations maps an Action to its operation.
var operations = map[string]*operation{}

func register(ops ...*operation) {
	for _, op := range ops {
		operations[op.name] = op
	}
}

func init() {
	register(
		&operation{name: "SimulateCustomPolicy", read: simulateCustomPolicy},
		&operation{name: "SimulatePrincipalPolicy", read: simulatePrincipalPolicy},
		&operation{name: "GetContextKeysForCustomPolicy", read: getContextKeysForCustomPolicy},
		&operation{name: "GetContextKeysForPrincipalPolicy", read: getContextKeysForPrincipalPolicy},
	)
}

// Members of the simulator's requests.
func contextEntries(p params) []simulator.ContextEntry {
	var out []simulator.ContextEntry
	for _, n := range p.indices("ContextEntries") {
		pre := "ContextEntries.member." + strconv.Itoa(n) + "."
		out = append(out, simulator.ContextEntry{
			ContextKeyName:   p.get(pre + "ContextKeyName"),
			ContextKeyValues: p.list(pre + "ContextKeyValues"),
			ContextKeyType:   p.get(pre + "ContextKeyType"),
		})
	}
	return out
}

func maxItems(p params) (*int32, error) {
	n, ok, err := p.integer("MaxItems")
	if err != nil || !ok {
		return nil, err
	}
	v := int32(n)
	return &v, nil
}

// customInput reads the members that both Simulate operations take.
func customInput(p params) (*simulator.SimulateCustomPolicyInput, error) {
	mi, err := maxItems(p)
	if err != nil {
		return nil, err
	}
	return &simulator.SimulateCustomPolicyInput{
		PolicyInputList:                    p.list("PolicyInputList"),
		PermissionsBoundaryPolicyInputList: p.list("PermissionsBoundaryPolicyInputList"),
		ActionNames:                        p.list("ActionNames"),
		ResourceArns:                       p.list("ResourceArns"),
		ResourcePolicy:                     p.opt("ResourcePolicy"),
		ResourceOwner:                      p.opt("ResourceOwner"),
		CallerArn:                          p.opt("CallerArn"),
		ContextEntries:                     contextEntries(p),
		ResourceHandlingOption:             p.opt("ResourceHandlingOption"),
		MaxItems:                           mi,
		Marker:                             p.opt("Marker"),
	}, nil
}

// simulated answers a Simulate operation with its result.
func simulated(out *simulator.SimulatePolicyResponse, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return xSimulation(out), nil
}

func simulateCustomPolicy(r *http.Request, sn *snapshot, p params) (any, error) {
	in, err := customInput(p)
	if err != nil {
		return nil, err
	}
	return simulated(sn.sim.SimulateCustomPolicy(r.Context(), in))
}

func simulatePrincipalPolicy(r *http.Request, sn *snapshot, p params) (any, error) {
	c, err := customInput(p)
	if err != nil {
		return nil, err
	}
	in := &simulator.SimulatePrincipalPolicyInput{PolicySourceArn: p.get("PolicySourceArn"), MaxItems: c.MaxItems, Marker: c.Marker}
	in.PolicyInputList, in.PermissionsBoundaryPolicyInputList, in.ActionNames, in.ResourceArns =
		c.PolicyInputList, c.PermissionsBoundaryPolicyInputList, c.ActionNames, c.ResourceArns
	in.ResourcePolicy, in.ResourceOwner, in.CallerArn, in.ContextEntries, in.ResourceHandlingOption =
		c.ResourcePolicy, c.ResourceOwner, c.CallerArn, c.ContextEntries, c.ResourceHandlingOption
	return simulated(sn.sim.SimulatePrincipalPolicy(r.Context(), in))
}

func getContextKeysForCustomPolicy(r *http.Request, sn *snapshot, p params) (any, error) {
	out, err := sn.sim.GetContextKeysForCustomPolicy(r.Context(), &simulator.GetContextKeysForCustomPolicyInput{
		PolicyInputList: p.list("PolicyInputList"),
	})
	if err != nil {
		return nil, err
	}
	return &xContextKeys{ContextKeyNames: xList[string]{Member: out.ContextKeyNames}}, nil
}

func getContextKeysForPrincipalPolicy(r *http.Request, sn *snapshot, p params) (any, error) {
	out, err := sn.sim.GetContextKeysForPrincipalPolicy(r.Context(), &simulator.GetContextKeysForPrincipalPolicyInput{
		PolicySourceArn: p.get("PolicySourceArn"),
		PolicyInputList: p.list("PolicyInputList"),
	})
	if err != nil {
		return nil, err
	}
	return &xContextKeys{ContextKeyNames: xList[string]{Member: out.ContextKeyNames}}, nil
}

// The XML shapes of the simulator's responses. Lists the service always
// sends, even empty, are plain xList values; optional ones are pointers.

// xList is a list member: <Name><member>…</member>…</Name>.
type xList[T any] struct {
	Member []T `xml:"member"`
}

type xContextKeys struct {
	ContextKeyNames xList[string]
}

type xSimulateResult struct {
	EvaluationResults xList[xEvaluationResult]
	IsTruncated       bool
	Marker            string `xml:",omitempty"`
}

type xPosition struct{ Line, Column int32 }

type xStatement struct {
	SourcePolicyId   string
	SourcePolicyType string
	StartPosition    *xPosition `xml:",omitempty"`
	EndPosition      *xPosition `xml:",omitempty"`
}

// xMap is a map member: <Name><entry><key/><value/></entry>…</Name>.
type xMap struct {
	Entry []xEntry `xml:"entry"`
}

type xEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

type xOrganizations struct{ AllowedByOrganizations bool }

type xBoundaryDetail struct{ AllowedByPermissionsBoundary bool }

type xEvaluationResult struct {
	EvalActionName                    string
	EvalResourceName                  string
	EvalDecision                      string
	MatchedStatements                 xList[xStatement]
	MissingContextValues              xList[string]
	OrganizationsDecisionDetail       *xOrganizations    `xml:",omitempty"`
	PermissionsBoundaryDecisionDetail *xBoundaryDetail   `xml:",omitempty"`
	EvalDecisionDetails               *xMap              `xml:",omitempty"`
	ResourceSpecificResults           *xList[xResResult] `xml:",omitempty"`
}

type xResResult struct {
	EvalResourceName                  string
	EvalResourceDecision              string
	MatchedStatements                 xList[xStatement]
	MissingContextValues              xList[string]
	EvalDecisionDetails               *xMap            `xml:",omitempty"`
	PermissionsBoundaryDecisionDetail *xBoundaryDetail `xml:",omitempty"`
}

func xStatements(in []simulator.Statement) xList[xStatement] {
	out := xList[xStatement]{Member: make([]xStatement, len(in))}
	for i, s := range in {
		x := xStatement{SourcePolicyId: s.SourcePolicyId, SourcePolicyType: s.SourcePolicyType}
		if s.StartPosition != nil {
			x.StartPosition = &xPosition{s.StartPosition.Line, s.StartPosition.Column}
		}
		if s.EndPosition != nil {
			x.EndPosition = &xPosition{s.EndPosition.Line, s.EndPosition.Column}
		}
		out.Member[i] = x
	}
	return out
}

func xDetails(m map[string]string, present bool) *xMap {
	if !present {
		return nil
	}
	x := &xMap{Entry: []xEntry{}}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		x.Entry = append(x.Entry, xEntry{Key: k, Value: m[k]})
	}
	return x
}

func xBoundaryDecision(d *simulator.PermissionsBoundaryDecisionDetail) *xBoundaryDetail {
	if d == nil {
		return nil
	}
	return &xBoundaryDetail{d.AllowedByPermissionsBoundary}
}

func xSimulation(out *simulator.SimulatePolicyResponse) *xSimulateResult {
	x := &xSimulateResult{IsTruncated: out.IsTruncated, EvaluationResults: xList[xEvaluationResult]{Member: []xEvaluationResult{}}}
	if out.Marker != nil {
		x.Marker = *out.Marker
	}
	for _, r := range out.EvaluationResults {
		e := xEvaluationResult{
			EvalActionName: r.EvalActionName, EvalResourceName: r.EvalResourceName, EvalDecision: r.EvalDecision,
			MatchedStatements:                 xStatements(r.MatchedStatements),
			MissingContextValues:              xList[string]{Member: r.MissingContextValues},
			PermissionsBoundaryDecisionDetail: xBoundaryDecision(r.PermissionsBoundaryDecisionDetail),
			EvalDecisionDetails:               xDetails(r.EvalDecisionDetails, r.HasEvalDecisionDetails()),
		}
		if r.OrganizationsDecisionDetail != nil {
			e.OrganizationsDecisionDetail = &xOrganizations{r.OrganizationsDecisionDetail.AllowedByOrganizations}
		}
		if r.ResourceSpecificResults != nil {
			rs := &xList[xResResult]{Member: []xResResult{}}
			for _, s := range r.ResourceSpecificResults {
				rs.Member = append(rs.Member, xResResult{
					EvalResourceName: s.EvalResourceName, EvalResourceDecision: s.EvalResourceDecision,
					MatchedStatements:                 xStatements(s.MatchedStatements),
					MissingContextValues:              xList[string]{Member: s.MissingContextValues},
					EvalDecisionDetails:               xDetails(s.EvalDecisionDetails, s.EvalDecisionDetails != nil),
					PermissionsBoundaryDecisionDetail: xBoundaryDecision(s.PermissionsBoundaryDecisionDetail),
				})
			}
			e.ResourceSpecificResults = rs
		}
		x.EvaluationResults.Member = append(x.EvaluationResults.Member, e)
	}
	return x
}
