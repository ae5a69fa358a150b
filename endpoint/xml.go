package endpoint

import (
	"encoding/xml"
	"io"
	"net/http"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// The XML envelope of IAM's Query protocol and the shapes several
// operations share. Each entity's file holds its own shapes.

// xList is a list member: <Name><member>…</member>…</Name>.
type xList[T any] struct {
	Member []T `xml:"member"`
}

// xPaged is the IsTruncated and Marker of a List operation's result.
type xPaged struct {
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type (
	xTag      struct{ Key, Value string }
	xBoundary struct{ PermissionsBoundaryType, PermissionsBoundaryArn string }
	xAttached struct{ PolicyName, PolicyArn string }
)

// xTags gives tags in their XML shape, nil when there are none (the
// entity shapes leave Tags out then).
func xTags(tags []account.Tag) *xList[xTag] {
	if len(tags) == 0 {
		return nil
	}
	out := xTagList(tags)
	return &out
}

// xTagList gives tags in their XML shape, always present.
func xTagList(tags []account.Tag) xList[xTag] {
	var out xList[xTag]
	for _, t := range tags {
		out.Member = append(out.Member, xTag(t))
	}
	return out
}

func boundaryOf(arn string) *xBoundary {
	if arn == "" {
		return nil
	}
	return &xBoundary{"PermissionsBoundaryPolicy", arn}
}

// writeResult writes <ActionResponse><ActionResult>…</ActionResult>
// <ResponseMetadata/></ActionResponse>; operations without output have no
// Result element.
func writeResult(w http.ResponseWriter, reqID, action string, res any) {
	var b xmlWriter
	b.Grow(2048)
	b.WriteString(xml.Header)
	b.WriteString("<" + action + `Response xmlns="` + Namespace + `">`)
	switch r := res.(type) {
	case nil:
	case *xSimulateResult:
		r.appendXML(&b, action+"Result")
	default:
		enc := xml.NewEncoder(&b)
		if err := enc.EncodeElement(res, xml.StartElement{Name: xml.Name{Local: action + "Result"}}); err != nil {
			writeError(w, reqID, &apiError{Code: "ServiceFailure", Message: serviceFailureMessage, Status: http.StatusInternalServerError})
			return
		}
		_ = enc.Flush()
	}
	b.WriteString("<ResponseMetadata><RequestId>" + reqID + "</RequestId></ResponseMetadata></" + action + "Response>")
	hd := w.Header()
	hd["Content-Type"] = []string{"text/xml"}
	hd["X-Amzn-Requestid"] = []string{reqID}
	_, _ = io.WriteString(w, b.String())
}

type xmlErrorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

// maxMessageBytes bounds an error's message on the wire. The messages
// shorten the input they quote where they are written; this is the
// backstop for any that does not, so that no request gets an answer that
// repeats it whole.
const maxMessageBytes = 8 << 10

func writeError(w http.ResponseWriter, reqID string, e *apiError) {
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("x-amzn-RequestId", reqID)
	w.WriteHeader(e.Status)
	_, _ = w.Write(errorXML(reqID, e))
}

// errorXML is the ErrorResponse document of e.
func errorXML(reqID string, e *apiError) []byte {
	typ := "Sender"
	if e.Status >= 500 {
		typ = "Receiver"
	}
	msg := iamshape.ShortenTo(e.Message, maxMessageBytes)
	out, _ := xml.Marshal(xmlErrorResponse{Xmlns: Namespace, Type: typ, Code: e.Code, Message: msg, RequestID: reqID})
	return append([]byte(xml.Header), out...)
}
