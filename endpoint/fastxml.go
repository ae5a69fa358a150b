package endpoint

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// A hand-written encoder for the simulation results, the hot path of the
// endpoint: it writes the same XML as encoding/xml would for
// xSimulateResult (TestFastXML checks that), without reflection.

// xmlWriter is a response body under construction.
type xmlWriter struct{ strings.Builder }

func (w *xmlWriter) text(name, v string) {
	w.WriteString("<" + name + ">")
	_ = xml.EscapeText(w, []byte(v))
	w.WriteString("</" + name + ">")
}

func (w *xmlWriter) strList(name string, vs []string) {
	w.WriteString("<" + name + ">")
	for _, v := range vs {
		w.text("member", v)
	}
	w.WriteString("</" + name + ">")
}

func (w *xmlWriter) position(name string, p *xPosition) {
	if p == nil {
		return
	}
	w.WriteString("<" + name + "><Line>" + strconv.Itoa(int(p.Line)) + "</Line><Column>" + strconv.Itoa(int(p.Column)) + "</Column></" + name + ">")
}

func (w *xmlWriter) statements(l xList[xStatement]) {
	w.WriteString("<MatchedStatements>")
	for _, s := range l.Member {
		w.WriteString("<member>")
		w.text("SourcePolicyId", s.SourcePolicyId)
		w.text("SourcePolicyType", s.SourcePolicyType)
		w.position("StartPosition", s.StartPosition)
		w.position("EndPosition", s.EndPosition)
		w.WriteString("</member>")
	}
	w.WriteString("</MatchedStatements>")
}

func (w *xmlWriter) details(m *xMap) {
	if m == nil {
		return
	}
	w.WriteString("<EvalDecisionDetails>")
	for _, e := range m.Entry {
		w.WriteString("<entry>")
		w.text("key", e.Key)
		w.text("value", e.Value)
		w.WriteString("</entry>")
	}
	w.WriteString("</EvalDecisionDetails>")
}

func (w *xmlWriter) boundary(d *xBoundaryDetail) {
	if d != nil {
		w.WriteString("<PermissionsBoundaryDecisionDetail><AllowedByPermissionsBoundary>" + strconv.FormatBool(d.AllowedByPermissionsBoundary) + "</AllowedByPermissionsBoundary></PermissionsBoundaryDecisionDetail>")
	}
}

// appendXML writes <name>…</name> for the result.
func (x *xSimulateResult) appendXML(w *xmlWriter, name string) {
	w.WriteString("<" + name + "><EvaluationResults>")
	for i := range x.EvaluationResults.Member {
		r := &x.EvaluationResults.Member[i]
		w.WriteString("<member>")
		w.text("EvalActionName", r.EvalActionName)
		w.text("EvalResourceName", r.EvalResourceName)
		w.text("EvalDecision", r.EvalDecision)
		w.statements(r.MatchedStatements)
		w.strList("MissingContextValues", r.MissingContextValues.Member)
		if o := r.OrganizationsDecisionDetail; o != nil {
			w.WriteString("<OrganizationsDecisionDetail><AllowedByOrganizations>" + strconv.FormatBool(o.AllowedByOrganizations) + "</AllowedByOrganizations></OrganizationsDecisionDetail>")
		}
		w.boundary(r.PermissionsBoundaryDecisionDetail)
		w.details(r.EvalDecisionDetails)
		if rs := r.ResourceSpecificResults; rs != nil {
			w.WriteString("<ResourceSpecificResults>")
			for j := range rs.Member {
				s := &rs.Member[j]
				w.WriteString("<member>")
				w.text("EvalResourceName", s.EvalResourceName)
				w.text("EvalResourceDecision", s.EvalResourceDecision)
				w.statements(s.MatchedStatements)
				w.strList("MissingContextValues", s.MissingContextValues.Member)
				w.details(s.EvalDecisionDetails)
				w.boundary(s.PermissionsBoundaryDecisionDetail)
				w.WriteString("</member>")
			}
			w.WriteString("</ResourceSpecificResults>")
		}
		w.WriteString("</member>")
	}
	w.WriteString("</EvaluationResults><IsTruncated>" + strconv.FormatBool(x.IsTruncated) + "</IsTruncated>")
	if x.Marker != "" {
		w.text("Marker", x.Marker)
	}
	w.WriteString("</" + name + ">")
}
