package endpoint

import (
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/iamsim/iamsim/simulator"
)

// The four policy-simulator operations, answered by package simulator:
// SimulateCustomPolicy, SimulatePrincipalPolicy, GetContextKeysForCustomPolicy
// and GetContextKeysForPrincipalPolicy. The simulator validates their
// members itself (InvalidInput), as the service model declares.

func init() {
	register(
		&operation{name: "SimulateCustomPolicy", run: simulateCustomPolicy},
		&operation{name: "SimulatePrincipalPolicy", run: simulatePrincipalPolicy},
		&operation{name: "GetContextKeysForCustomPolicy", run: getContextKeysForCustomPolicy},
		&operation{name: "GetContextKeysForPrincipalPolicy", run: getContextKeysForPrincipalPolicy},
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

// simulationInput reads the members that both Simulate operations take:
// the one place a Query request becomes a simulator request.
func simulationInput(p params) (*simulator.SimulateCustomPolicyInput, error) {
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

func simulateCustomPolicy(h *Handler, r *http.Request, p params) (any, error) {
	in, err := simulationInput(p)
	if err != nil {
		return nil, err
	}
	return simulated(h.sim.SimulateCustomPolicy(r.Context(), in))
}

func simulatePrincipalPolicy(h *Handler, r *http.Request, p params) (any, error) {
	in, err := simulationInput(p)
	if err != nil {
		return nil, err
	}
	return simulated(h.sim.SimulatePrincipalPolicy(r.Context(), &simulator.SimulatePrincipalPolicyInput{
		PolicySourceArn: p.get("PolicySourceArn"), SimulateCustomPolicyInput: *in}))
}

func getContextKeysForCustomPolicy(h *Handler, r *http.Request, p params) (any, error) {
	out, err := h.sim.GetContextKeysForCustomPolicy(r.Context(), &simulator.GetContextKeysForCustomPolicyInput{
		PolicyInputList: p.list("PolicyInputList"),
	})
	if err != nil {
		return nil, err
	}
	return &xContextKeys{ContextKeyNames: xList[string]{Member: out.ContextKeyNames}}, nil
}

func getContextKeysForPrincipalPolicy(h *Handler, r *http.Request, p params) (any, error) {
	out, err := h.sim.GetContextKeysForPrincipalPolicy(r.Context(), &simulator.GetContextKeysForPrincipalPolicyInput{
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
