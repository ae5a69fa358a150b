package endpoint

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

type errorDoc struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

func do(t *testing.T, h http.Handler, method, target, body string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b)
}

func TestProtocolErrors(t *testing.T) {
	t.Parallel()
	h := newHandler(t, WithMaxRequestBytes(1<<10))
	for _, tc := range []struct {
		name, method, target, body string
		status                     int
		code, contains             string
	}{
		{"unknown action", "POST", "/", "Action=LaunchRockets&Version=2010-05-08", 400, "InvalidAction", "Could not find operation LaunchRockets for version 2010-05-08"},
		{"other version", "POST", "/", "Action=ListUsers&Version=2099-01-01", 400, "InvalidAction", "for version 2099-01-01"},
		{"no action", "POST", "/", "Version=2010-05-08", 400, "MissingAction", "Action"},
		{"bad form", "POST", "/", "Action=ListUsers&x=%zz", 400, "MalformedQueryString", "not valid form encoding"},
		{"oversized", "POST", "/", "Action=ListUsers&Pad=" + strings.Repeat("a", 2000), 400, "RequestEntityTooLarge", "exceeds 1024 bytes"},
		{"method", "PUT", "/", "", 405, "InvalidHttpRequest", "PUT"},
		{"missing member", "POST", "/", "Action=GetUserPolicy&Version=2010-05-08&UserName=a", 400, "ValidationError", "Value null at 'policyName'"},
		{"pattern", "POST", "/", "Action=CreateUser&Version=2010-05-08&UserName=a%20b", 400, "ValidationError", "Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"},
		{"two violations", "POST", "/", "Action=CreateUser&Version=2010-05-08&UserName=a%20b&Path=x", 400, "ValidationError", "2 validation errors detected"},
		{"max items", "GET", "/?Action=ListUsers&Version=2010-05-08&MaxItems=0", "", 400, "ValidationError", "greater than or equal to 1"},
		{"no such user", "GET", "/?Action=GetUser&Version=2010-05-08&UserName=nobody", "", 404, "NoSuchEntity", "The user with name nobody cannot be found."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, body := do(t, h, tc.method, tc.target, tc.body)
			var e errorDoc
			if err := xml.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			if status != tc.status || e.Code != tc.code || !strings.Contains(e.Message, tc.contains) || e.Type != "Sender" || e.RequestID == "" {
				t.Fatalf("got %d %+v, want %d %s %q", status, e, tc.status, tc.code, tc.contains)
			}
		})
	}
}

func TestProtocolGETAndEnvelope(t *testing.T) {
	t.Parallel()
	h := newHandler(t)
	q := url.Values{"Action": {"GetContextKeysForCustomPolicy"}, "Version": {"2010-05-08"},
		"PolicyInputList.member.1": {`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}}`}}
	status, body := do(t, h, "GET", "/?"+q.Encode(), "")
	if status != 200 {
		t.Fatal(status, body)
	}
	for _, want := range []string{
		`<GetContextKeysForCustomPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">`,
		`<GetContextKeysForCustomPolicyResult><ContextKeyNames><member>aws:SecureTransport</member></ContextKeyNames></GetContextKeysForCustomPolicyResult>`,
		`<ResponseMetadata><RequestId>`,
	} {
		if !strings.Contains(body, want) {
			t.Fatalf("response lacks %s:\n%s", want, body)
		}
	}
	// An operation without output has only ResponseMetadata.
	status, body = do(t, h, "POST", "/", "Action=CreateGroup&Version=2010-05-08&GroupName=g")
	if status != 200 {
		t.Fatal(status, body)
	}
	status, body = do(t, h, "POST", "/", "Action=DeleteGroup&Version=2010-05-08&GroupName=g")
	if status != 200 || strings.Contains(body, "DeleteGroupResult") || !strings.Contains(body, "<DeleteGroupResponse") {
		t.Fatal(status, body)
	}
}
