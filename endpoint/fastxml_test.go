package endpoint

import (
	"encoding/xml"
	"strings"
	"testing"
)

// The hand-written encoder writes what encoding/xml writes.
func TestFastXML(t *testing.T) {
	t.Parallel()
	x := &xSimulateResult{IsTruncated: true, Marker: "m<&>", EvaluationResults: xList[xEvaluationResult]{Member: []xEvaluationResult{
		{EvalActionName: "s3:Get<Object>", EvalResourceName: "*", EvalDecision: "allowed",
			MatchedStatements:    xList[xStatement]{Member: []xStatement{{SourcePolicyId: "a&b", SourcePolicyType: "IAM Policy", StartPosition: &xPosition{1, 2}, EndPosition: &xPosition{3, 4}}}},
			MissingContextValues: xList[string]{Member: []string{"aws:username"}}},
		{EvalActionName: "x:y", EvalResourceName: "arn:aws:s3:::b", EvalDecision: "explicitDeny",
			OrganizationsDecisionDetail:       &xOrganizations{true},
			PermissionsBoundaryDecisionDetail: &xBoundaryDetail{false},
			EvalDecisionDetails:               &xMap{Entry: []xEntry{{"IAM Policy", "allowed"}}},
			ResourceSpecificResults: &xList[xResResult]{Member: []xResResult{{EvalResourceName: "arn:aws:s3:::b", EvalResourceDecision: "explicitDeny",
				EvalDecisionDetails: &xMap{}, PermissionsBoundaryDecisionDetail: &xBoundaryDetail{true}}}}},
	}}}
	var fast xmlWriter
	x.appendXML(&fast, "R")
	var slow strings.Builder
	enc := xml.NewEncoder(&slow)
	if err := enc.EncodeElement(x, xml.StartElement{Name: xml.Name{Local: "R"}}); err != nil {
		t.Fatal(err)
	}
	enc.Flush()
	// encoding/xml writes an empty element as <X></X> too; compare as is.
	if fast.String() != slow.String() {
		t.Fatalf("fast:\n%s\nencoding/xml:\n%s", fast.String(), slow.String())
	}
}
