package sigv4_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/iamsim/iamsim/endpoint/internal/sigv4"
)

var (
	testNow   = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	testCreds = map[string]string{"AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
)

const (
	testTarget = "http://iam.local/"
	testBody   = "Action=GetUser&UserName=alice&Version=2010-05-08"
	testQuery  = "Action=GetUser&UserName=alice&Version=2010-05-08"
)

// signing says how a test request is signed. Its zero value signs as the
// AWS General Reference describes ("Create a signed AWS API request"): a
// POST with testBody, the Authorization header form, scope
// DATE/us-east-1/iam/aws4_request, signed at testNow.
type signing struct {
	presign       bool   // the query-string form (GET with testQuery)
	secret        string // default testCreds' secret
	key           string // default AKIDEXAMPLE
	date          string // X-Amz-Date; default testNow
	scope         string // the credential scope after the key; default DATE/us-east-1/iam/aws4_request
	signedHeaders string // default host;x-amz-date (header) or host (presigned)
	payloadHash   string // the canonical request's last line; default the SHA-256 of the body (header), UNSIGNED-PAYLOAD (presigned)
	contentSHA256 string // an X-Amz-Content-Sha256 header, signed
	expires       string // X-Amz-Expires (presigned)
}

// sign builds the request a client would send, signed by hand from the
// steps of "Create a signed AWS API request" (IAM User Guide), so that
// each element of the signature can be set wrong on purpose.
func sign(t *testing.T, s signing) (*http.Request, []byte) {
	t.Helper()
	date := s.date
	if date == "" {
		date = testNow.Format("20060102T150405Z")
	}
	key := s.key
	if key == "" {
		key = "AKIDEXAMPLE"
	}
	secret := s.secret
	if secret == "" {
		secret = testCreds["AKIDEXAMPLE"]
	}
	scope := s.scope
	if scope == "" {
		scope = date[:8] + "/us-east-1/iam/aws4_request"
	}
	method, body, query := http.MethodPost, []byte(testBody), url.Values{}
	if s.presign {
		method, body = http.MethodGet, nil
		query, _ = url.ParseQuery(testQuery)
	}
	headers := http.Header{}
	if s.contentSHA256 != "" {
		headers.Set("X-Amz-Content-Sha256", s.contentSHA256)
	}
	signedHeaders := s.signedHeaders
	payloadHash := s.payloadHash
	if s.presign {
		if signedHeaders == "" {
			signedHeaders = "host"
		}
		if payloadHash == "" {
			payloadHash = "UNSIGNED-PAYLOAD"
		}
		query.Set("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
		query.Set("X-Amz-Credential", key+"/"+scope)
		query.Set("X-Amz-Date", date)
		query.Set("X-Amz-SignedHeaders", signedHeaders)
		if s.expires != "" {
			query.Set("X-Amz-Expires", s.expires)
		}
	} else {
		if signedHeaders == "" {
			signedHeaders = "host;x-amz-date"
			if s.contentSHA256 != "" {
				signedHeaders = "host;x-amz-content-sha256;x-amz-date"
			}
		}
		if payloadHash == "" {
			sum := sha256.Sum256(body)
			payloadHash = hex.EncodeToString(sum[:])
		}
		headers.Set("X-Amz-Date", date)
	}
	u, _ := url.Parse(testTarget)
	// url.Values.Encode sorts by name and escapes all but RFC 3986's
	// unreserved characters, save for the space.
	canonicalQuery := strings.ReplaceAll(query.Encode(), "+", "%20")
	var canonicalHeaders strings.Builder
	for _, name := range strings.Split(signedHeaders, ";") {
		v := headers.Get(name)
		if name == "host" {
			v = u.Host
		}
		canonicalHeaders.WriteString(name + ":" + v + "\n")
	}
	canonicalRequest := strings.Join([]string{method, "/", canonicalQuery, canonicalHeaders.String(), signedHeaders, payloadHash}, "\n")
	crSum := sha256.Sum256([]byte(canonicalRequest))
	stringToSign := "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex.EncodeToString(crSum[:])
	k := []byte("AWS4" + secret)
	for _, p := range strings.Split(scope, "/") {
		k = hmacSHA256(k, p)
	}
	signature := hex.EncodeToString(hmacSHA256(k, stringToSign))

	if s.presign {
		u.RawQuery = canonicalQuery + "&X-Amz-Signature=" + signature
	} else {
		headers.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+key+"/"+scope+", SignedHeaders="+signedHeaders+", Signature="+signature)
		headers.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	}
	r := httptest.NewRequest(method, u.String(), strings.NewReader(string(body)))
	for name, vs := range headers {
		r.Header[name] = vs
	}
	return r, body
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// sdkSigned is a request signed by the AWS SDK for Go v2 at testNow: with
// the Authorization header, or presigned with payloadHash.
func sdkSigned(t *testing.T, presign bool, payloadHash string) (*http.Request, []byte) {
	t.Helper()
	creds := aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: testCreds["AKIDEXAMPLE"]}
	if presign {
		out, err := http.NewRequest(http.MethodGet, testTarget+"?"+testQuery, nil)
		if err != nil {
			t.Fatal(err)
		}
		u, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, out, payloadHash, "iam", "us-east-1", testNow)
		if err != nil {
			t.Fatal(err)
		}
		return httptest.NewRequest(http.MethodGet, u, nil), nil
	}
	out, err := http.NewRequest(http.MethodPost, testTarget, strings.NewReader(testBody))
	if err != nil {
		t.Fatal(err)
	}
	out.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(testBody))
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, out, hex.EncodeToString(sum[:]), "iam", "us-east-1", testNow); err != nil {
		t.Fatal(err)
	}
	// The server sees the request as it comes off the wire, with its
	// Content-Length header (which the SDK signs).
	var wire bytes.Buffer
	if err := out.Write(&wire); err != nil {
		t.Fatal(err)
	}
	in, err := http.ReadRequest(bufio.NewReader(&wire))
	if err != nil {
		t.Fatal(err)
	}
	return in, []byte(testBody)
}

// The verifier's rules, each with the AWS error code (and the start of
// the message where AWS documents it) that a request breaking it gets.
// Messages are those of "Troubleshoot signed requests for AWS APIs" (IAM
// User Guide) and codes those of the IAM API Reference's common errors.
func TestVerify(t *testing.T) {
	t.Parallel()
	minutes := func(m int) string { return testNow.Add(time.Duration(m) * time.Minute).Format("20060102T150405Z") }
	for _, c := range []struct {
		name string
		req  func(t *testing.T) (*http.Request, []byte)
		code string // "" accepted
		msg  string // the message starts so
	}{
		{name: "SDK, Authorization header", req: func(t *testing.T) (*http.Request, []byte) { return sdkSigned(t, false, "") }},
		{name: "SDK, presigned, unsigned payload", req: func(t *testing.T) (*http.Request, []byte) { return sdkSigned(t, true, "UNSIGNED-PAYLOAD") }},
		{name: "SDK, presigned, empty payload", req: func(t *testing.T) (*http.Request, []byte) { return sdkSigned(t, true, sha256Hex("")) }},
		{name: "Authorization header", req: signed(signing{})},
		{name: "presigned, empty payload", req: signed(signing{presign: true, payloadHash: sha256Hex("")})},
		{name: "presigned, payload hash of another body", req: signed(signing{presign: true, payloadHash: sha256Hex(testBody)}), code: "SignatureDoesNotMatch"},
		{name: "presigned", req: signed(signing{presign: true})},
		{name: "content hash header, signed", req: signed(signing{contentSHA256: sha256Hex(testBody)})},
		{name: "signed 14 minutes ago", req: signed(signing{date: minutes(-14)})},
		{name: "no signature", req: func(t *testing.T) (*http.Request, []byte) {
			return httptest.NewRequest(http.MethodPost, testTarget, strings.NewReader(testBody)), []byte(testBody)
		}, code: "MissingAuthenticationToken"},
		{name: "other algorithm", req: func(t *testing.T) (*http.Request, []byte) {
			r, body := sign(t, signing{})
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1", 1))
			return r, body
		}, code: "IncompleteSignature"},
		{name: "no X-Amz-Date", req: func(t *testing.T) (*http.Request, []byte) {
			r, body := sign(t, signing{})
			r.Header.Del("X-Amz-Date")
			return r, body
		}, code: "IncompleteSignature"},
		{name: "scope without terminator", req: signed(signing{scope: "20240501/us-east-1/iam"}), code: "IncompleteSignature"},
		{name: "host not signed", req: signed(signing{signedHeaders: "x-amz-date"}), code: "SignatureDoesNotMatch", msg: "'Host' must be a 'SignedHeader' in the AWS Authorization."},
		{name: "host not signed, presigned", req: signed(signing{presign: true, contentSHA256: sha256Hex(""), signedHeaders: "x-amz-content-sha256"}),
			code: "SignatureDoesNotMatch", msg: "'Host' must be a 'SignedHeader' in the AWS Authorization."},
		{name: "scope date empty", req: signed(signing{scope: "/us-east-1/iam/aws4_request"}), code: "SignatureDoesNotMatch",
			msg: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '' != '20240501', from '20240501T120000Z'."},
		{name: "scope date short", req: signed(signing{scope: "2024/us-east-1/iam/aws4_request"}), code: "SignatureDoesNotMatch",
			msg: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '2024' != '20240501'"},
		{name: "scope date of another day", req: signed(signing{scope: "20240430/us-east-1/iam/aws4_request"}), code: "SignatureDoesNotMatch",
			msg: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240430' != '20240501'"},
		{name: "scope date empty, presigned", req: signed(signing{presign: true, scope: "/us-east-1/iam/aws4_request"}), code: "SignatureDoesNotMatch",
			msg: "Date in Credential scope does not match YYYYMMDD"},
		{name: "scope date not a day", req: signed(signing{scope: "20240230/us-east-1/iam/aws4_request"}), code: "SignatureDoesNotMatch",
			msg: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240230' != '20240501'"},
		{name: "X-Amz-Date not a day", req: signed(signing{date: "20240230T120000Z"}), code: "IncompleteSignature", msg: "Date must be in ISO-8601 'basic format'. Got '20240230T120000Z'."},
		{name: "X-Amz-Date extended format", req: signed(signing{date: "2024-05-01T12:00:00Z", scope: "2024-05-/us-east-1/iam/aws4_request"}), code: "IncompleteSignature", msg: "Date must be in ISO-8601 'basic format'."},
		{name: "X-Amz-Date with a fraction", req: signed(signing{date: "20240501T120000.5Z"}), code: "IncompleteSignature", msg: "Date must be in ISO-8601 'basic format'."},
		{name: "scope region empty", req: signed(signing{scope: "20240501//iam/aws4_request"}), code: "SignatureDoesNotMatch", msg: "Credential should be scoped to a valid region, not ''."},
		{name: "scope for sts", req: signed(signing{scope: "20240501/us-east-1/sts/aws4_request"}), code: "SignatureDoesNotMatch", msg: "Credential should be scoped to correct service: 'iam'."},
		{name: "scope for s3, presigned", req: signed(signing{presign: true, scope: "20240501/us-east-1/s3/aws4_request"}), code: "SignatureDoesNotMatch", msg: "Credential should be scoped to correct service: 'iam'."},
		{name: "scope for IAM in capitals", req: signed(signing{scope: "20240501/us-east-1/IAM/aws4_request"}), code: "SignatureDoesNotMatch", msg: "Credential should be scoped to correct service: 'iam'."},
		{name: "unknown key", req: signed(signing{key: "AKIDUNKNOWN"}), code: "InvalidClientTokenId"},
		{name: "wrong secret", req: signed(signing{secret: "not-the-secret"}), code: "SignatureDoesNotMatch",
			msg: "The request signature we calculated does not match the signature you provided."},
		{name: "body changed after signing", req: func(t *testing.T) (*http.Request, []byte) {
			r, _ := sign(t, signing{})
			return r, []byte(strings.Replace(testBody, "alice", "admin", 1))
		}, code: "SignatureDoesNotMatch"},
		{name: "query changed after presigning", req: func(t *testing.T) (*http.Request, []byte) {
			r, body := sign(t, signing{presign: true})
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "alice", "admin", 1)
			return r, body
		}, code: "SignatureDoesNotMatch"},
		{name: "presigned, with a body", req: func(t *testing.T) (*http.Request, []byte) {
			r, _ := sign(t, signing{presign: true})
			return r, []byte("Action=DeleteUser&UserName=bob")
		}, code: "SignatureDoesNotMatch", msg: "A presigned request is signed without a body"},
		{name: "UNSIGNED-PAYLOAD, header-signed", req: signed(signing{contentSHA256: "UNSIGNED-PAYLOAD", payloadHash: "UNSIGNED-PAYLOAD"}),
			code: "SignatureDoesNotMatch", msg: "X-Amz-Content-Sha256: UNSIGNED-PAYLOAD is not accepted"},
		{name: "UNSIGNED-PAYLOAD, header-signed, body replaced", req: func(t *testing.T) (*http.Request, []byte) {
			r, _ := sign(t, signing{contentSHA256: "UNSIGNED-PAYLOAD", payloadHash: "UNSIGNED-PAYLOAD"})
			return r, []byte("Action=DeleteUser&UserName=bob&Version=2010-05-08")
		}, code: "SignatureDoesNotMatch", msg: "X-Amz-Content-Sha256: UNSIGNED-PAYLOAD is not accepted"},
		{name: "content hash header, wrong", req: signed(signing{contentSHA256: sha256Hex("other")}), code: "XAmzContentSHA256Mismatch"},
		{name: "signed 16 minutes ago", req: signed(signing{date: minutes(-16)}), code: "SignatureDoesNotMatch", msg: "Signature expired: 20240501T114400Z is now earlier than 20240501T114500Z"},
		{name: "presigned, no expiry, signed 16 minutes ago", req: signed(signing{presign: true, date: minutes(-16)}), code: "SignatureDoesNotMatch", msg: "Signature expired: 20240501T114400Z is now earlier than 20240501T114500Z (20240501T120000Z - 15 min.)"},
		{name: "presigned for 60 s, signed 59 s ago", req: signed(signing{presign: true, expires: "60", date: testNow.Add(-59 * time.Second).Format("20060102T150405Z")})},
		{name: "presigned for 60 s, signed 2 minutes ago", req: signed(signing{presign: true, expires: "60", date: minutes(-2)}), code: "SignatureDoesNotMatch",
			msg: "Signature expired: 20240501T115800Z is now earlier than 20240501T115900Z (20240501T120000Z - 60 sec.)"},
		{name: "presigned for 1 hour, signed 30 minutes ago", req: signed(signing{presign: true, expires: "3600", date: minutes(-30)})},
		{name: "presigned for 7 days, signed 6 days ago", req: signed(signing{presign: true, expires: "604800", date: minutes(-6 * 24 * 60)})},
		{name: "presigned for 1 hour, signed 20 minutes ahead", req: signed(signing{presign: true, expires: "3600", date: minutes(20)}), code: "SignatureDoesNotMatch",
			msg: "Signature not yet current: 20240501T122000Z is still later than 20240501T121500Z (20240501T120000Z + 15 min.)"},
		{name: "signed 14 minutes ahead", req: signed(signing{date: minutes(14)})},
		{name: "signed 16 minutes ahead", req: signed(signing{date: minutes(16)}), code: "SignatureDoesNotMatch",
			msg: "Signature not yet current: 20240501T121600Z is still later than 20240501T121500Z (20240501T120000Z + 15 min.)"},
		{name: "X-Amz-Expires 0", req: signed(signing{presign: true, expires: "0"}), code: "IncompleteSignature", msg: "X-Amz-Expires must be a whole number of seconds from 1 to 604800"},
		{name: "X-Amz-Expires over 7 days", req: signed(signing{presign: true, expires: "604801"}), code: "IncompleteSignature", msg: "X-Amz-Expires must be"},
		{name: "X-Amz-Expires negative", req: signed(signing{presign: true, expires: "-5"}), code: "IncompleteSignature", msg: "X-Amz-Expires must be"},
		{name: "X-Amz-Expires with a sign", req: signed(signing{presign: true, expires: "+5"}), code: "IncompleteSignature", msg: "X-Amz-Expires must be"},
		{name: "X-Amz-Expires not a number", req: signed(signing{presign: true, expires: "abc"}), code: "IncompleteSignature", msg: "X-Amz-Expires must be"},
		{name: "X-Amz-Expires a fraction", req: signed(signing{presign: true, expires: "1.5"}), code: "IncompleteSignature", msg: "X-Amz-Expires must be"},
		{name: "X-Amz-Expires twice", req: func(t *testing.T) (*http.Request, []byte) {
			r, body := sign(t, signing{presign: true, expires: "60"})
			r.URL.RawQuery += "&X-Amz-Expires=600"
			return r, body
		}, code: "IncompleteSignature", msg: "X-Amz-Expires must be"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r, body := c.req(t)
			err := sigv4.Verify(r, body, testCreds, testNow)
			switch {
			case c.code == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.code != "" && err == nil:
				t.Fatalf("accepted, want %s", c.code)
			case c.code != "" && (err.Code != c.code || !strings.HasPrefix(err.Message, c.msg)):
				t.Fatalf("got %v, want %s: %s…", err, c.code, c.msg)
			}
		})
	}
}

func signed(s signing) func(t *testing.T) (*http.Request, []byte) {
	return func(t *testing.T) (*http.Request, []byte) { return sign(t, s) }
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// The values an error quotes are cut short: a 100 KB credential does not
// come back whole.
func TestErrorsQuoteBoundedValues(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("x", 100_000)
	r, _ := http.NewRequest(http.MethodPost, "http://localhost/", strings.NewReader("Action=ListUsers"))
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+huge+", SignedHeaders=host, Signature=abc")
	r.Header.Set("X-Amz-Date", "20240501T120000Z")
	err := sigv4.Verify(r, []byte("Action=ListUsers"), map[string]string{"AKID": "secret"}, time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC))
	if err == nil || len(err.Message) > 1024 || !strings.HasSuffix(err.Message, "...") {
		t.Fatalf("got %.200v", err)
	}
}
