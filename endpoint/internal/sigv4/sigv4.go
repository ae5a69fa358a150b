package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	sigV4Algorithm = "AWS4-HMAC-SHA256"
	// maxSkew is how far X-Amz-Date may be from the server's clock, and
	// how long a request stays valid without X-Amz-Expires.
	maxSkew = 15 * time.Minute
	// maxExpires is the longest X-Amz-Expires, in seconds: seven days, as
	// long as a signing key is valid ("Authenticating Requests: Using
	// Query Parameters", Amazon S3 API Reference).
	maxExpires    = 604800
	amzDateLayout = "20060102T150405Z"
)

// Error is a refused request: AWS's error code and message. Its HTTP
// status is 403.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Status is the HTTP status of every Error.
const Status = http.StatusForbidden

func authError(code, msg string) *Error { return &Error{Code: code, Message: msg} }

// services are the signing names of the APIs the endpoint serves; a
// request's credential scope must name one of them ("sts" joins them when
// the endpoint answers STS).
var services = []string{"iam"}

var errSignature = authError("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")

var errPresignedBody = authError("SignatureDoesNotMatch", "A presigned request is signed without a body: send its parameters in the query string only, with no request body.")

var errUnsignedPayload = authError("SignatureDoesNotMatch", "X-Amz-Content-Sha256: UNSIGNED-PAYLOAD is not accepted: an IAM request's signature must cover its body (sign the SHA-256 hash of the body).")

// Verify checks the request's signature against creds (access key ID →
// secret access key) at the time now; body is the request's body, which a
// presigned request must not have.
func Verify(r *http.Request, body []byte, creds map[string]string, now time.Time) *Error {
	q := r.URL.Query()
	var credential, signedHeaders, signature, amzDate string
	presigned := false
	if auth := r.Header.Get("Authorization"); auth != "" {
		alg, rest, _ := strings.Cut(auth, " ")
		if alg != sigV4Algorithm {
			return authError("IncompleteSignature", "Unsupported authorization type: "+clip(alg))
		}
		for _, part := range strings.Split(rest, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			switch k {
			case "Credential":
				credential = v
			case "SignedHeaders":
				signedHeaders = v
			case "Signature":
				signature = v
			}
		}
		amzDate = r.Header.Get("X-Amz-Date")
	} else if q.Get("X-Amz-Algorithm") != "" {
		if q.Get("X-Amz-Algorithm") != sigV4Algorithm {
			return authError("IncompleteSignature", "Unsupported X-Amz-Algorithm: "+clip(q.Get("X-Amz-Algorithm")))
		}
		presigned = true
		credential, signedHeaders, signature, amzDate = q.Get("X-Amz-Credential"), q.Get("X-Amz-SignedHeaders"), q.Get("X-Amz-Signature"), q.Get("X-Amz-Date")
	} else {
		return authError("MissingAuthenticationToken", "Request is missing Authentication Token")
	}
	if credential == "" || signedHeaders == "" || signature == "" || amzDate == "" {
		return authError("IncompleteSignature", "Authorization header requires 'Credential', 'Signature', 'SignedHeaders' and X-Amz-Date.")
	}
	// Credential=AKID/DATE/REGION/SERVICE/aws4_request
	parts := strings.Split(credential, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" {
		return authError("IncompleteSignature", "Credential should be scoped to a valid region, service and aws4_request terminator: "+clip(credential))
	}
	// The Host header names the endpoint the request was meant for; it
	// must be signed ("Create a signed AWS API request", IAM User Guide).
	// AWS answers so.
	if !slices.Contains(strings.Split(signedHeaders, ";"), "host") {
		return authError("SignatureDoesNotMatch", "'Host' must be a 'SignedHeader' in the AWS Authorization.")
	}
	// X-Amz-Date is ISO 8601 basic format, to the second, in UTC.
	t, err := time.Parse(amzDateLayout, amzDate)
	if err != nil || len(amzDate) != len(amzDateLayout) {
		return authError("IncompleteSignature", "Date must be in ISO-8601 'basic format'. Got '"+clip(amzDate)+"'.")
	}
	// The credential scope is DATE/REGION/SERVICE/aws4_request, its date
	// that of X-Amz-Date and its service one the endpoint serves. Codes
	// and messages are those of "Troubleshoot signed requests for AWS
	// APIs" (IAM User Guide), credential scope errors.
	if parts[1] != amzDate[:8] {
		return authError("SignatureDoesNotMatch", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"+clip(parts[1])+"' != '"+amzDate[:8]+"', from '"+amzDate+"'.")
	}
	if parts[2] == "" {
		return authError("SignatureDoesNotMatch", "Credential should be scoped to a valid region, not ''.")
	}
	if !slices.Contains(services, parts[3]) {
		return authError("SignatureDoesNotMatch", "Credential should be scoped to correct service: '"+strings.Join(services, "' or '")+"'.")
	}
	secret, ok := creds[parts[0]]
	if !ok {
		return authError("InvalidClientTokenId", "The security token included in the request is invalid.")
	}
	// A request is valid for 15 minutes after X-Amz-Date, a presigned one
	// for X-Amz-Expires seconds if it says so, and none dated more than 15
	// minutes ahead. The messages are those of "Troubleshoot signed
	// requests for AWS APIs" (IAM User Guide). IAM documents no error of
	// its own for a malformed X-Amz-Expires: it is IncompleteSignature,
	// its common error for a signature that does not conform (IAM API
	// Reference, "Common Errors").
	validFor, validForText := maxSkew, "15 min."
	if vs, ok := q["X-Amz-Expires"]; presigned && ok {
		n, ok := parseExpires(vs)
		if !ok {
			return authError("IncompleteSignature", "X-Amz-Expires must be a whole number of seconds from 1 to 604800 (7 days), not '"+strings.Join(vs, ",")+"'.")
		}
		validFor, validForText = time.Duration(n)*time.Second, strconv.Itoa(n)+" sec."
	}
	switch d := now.Sub(t); {
	case d > validFor:
		return authError("SignatureDoesNotMatch", "Signature expired: "+amzDate+" is now earlier than "+now.UTC().Add(-validFor).Format(amzDateLayout)+" ("+now.UTC().Format(amzDateLayout)+" - "+validForText+")")
	case d < -maxSkew:
		return authError("SignatureDoesNotMatch", "Signature not yet current: "+amzDate+" is still later than "+now.UTC().Add(maxSkew).Format(amzDateLayout)+" ("+now.UTC().Format(amzDateLayout)+" + 15 min.)")
	}

	// A presigned request authenticates its query string only: parameters
	// in a body would join the signed ones unchecked. The code is AWS's:
	// a presigned request's canonical request ends with the hash of its
	// body ("Create a signed AWS API request", IAM User Guide), so on AWS
	// a body added to a presigned URL fails as SignatureDoesNotMatch.
	if presigned && len(body) > 0 {
		return errPresignedBody
	}

	// The canonical request.
	var cr strings.Builder
	cr.WriteString(r.Method + "\n")
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	cr.WriteString(path + "\n")
	cr.WriteString(canonicalQuery(q, presigned) + "\n")
	hdrs := strings.Split(signedHeaders, ";")
	for _, name := range hdrs {
		var vals []string
		if name == "host" {
			vals = []string{r.Host}
		} else {
			vals = r.Header.Values(name)
		}
		for i, v := range vals {
			vals[i] = strings.Join(strings.Fields(v), " ")
		}
		cr.WriteString(name + ":" + strings.Join(vals, ",") + "\n")
	}
	cr.WriteString("\n" + signedHeaders + "\n")
	// The payload hash: a header-signed request signs the SHA-256 of its
	// body ("Create a signed AWS API request", IAM User Guide).
	// UNSIGNED-PAYLOAD is Amazon S3's way to leave a body unsigned; IAM
	// signs its body, so a request that claims it is refused rather than
	// have a body anyone could replace. A presigned request has no body:
	// clients presign it with the hash of the empty payload (boto3 does
	// for IAM) or with UNSIGNED-PAYLOAD (as for S3); both describe the
	// same empty body, so either is accepted.
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	payloadHashes := []string{payloadHash}
	if presigned {
		payloadHashes = append(payloadHashes, "UNSIGNED-PAYLOAD")
	} else {
		switch ph := r.Header.Get("X-Amz-Content-Sha256"); ph {
		case "", payloadHash:
		case "UNSIGNED-PAYLOAD":
			return errUnsignedPayload
		default:
			return authError("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
		}
	}
	scope := strings.Join(parts[1:], "/")
	key := hmacSHA256([]byte("AWS4"+secret), parts[1])
	for _, p := range parts[2:] {
		key = hmacSHA256(key, p)
	}
	got := []byte(strings.ToLower(signature))
	for _, ph := range payloadHashes {
		crSum := sha256.Sum256([]byte(cr.String() + ph))
		toSign := sigV4Algorithm + "\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(crSum[:])
		if hmac.Equal([]byte(hex.EncodeToString(hmacSHA256(key, toSign))), got) {
			return nil
		}
	}
	return errSignature
}

// parseExpires reads X-Amz-Expires: one value, 1 to maxExpires seconds,
// in decimal digits only.
func parseExpires(vs []string) (int, bool) {
	if len(vs) != 1 || len(vs[0]) == 0 || len(vs[0]) > 6 || strings.Trim(vs[0], "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(vs[0])
	return n, err == nil && 1 <= n && n <= maxExpires
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// canonicalQuery sorts and RFC 3986-encodes the query parameters (without
// the signature itself when presigned).
func canonicalQuery(q url.Values, presigned bool) string {
	var pairs [][2]string
	for k, vs := range q {
		if presigned && k == "X-Amz-Signature" {
			continue
		}
		for _, v := range vs {
			pairs = append(pairs, [2]string{URIEncode(k), URIEncode(v)})
		}
	}
	slices.SortFunc(pairs, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = p[0] + "=" + p[1]
	}
	return strings.Join(out, "&")
}

// URIEncode percent-encodes everything but RFC 3986's unreserved
// characters, as the canonical query string requires (and as IAM encodes
// the policy documents in its responses).
func URIEncode(s string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// clip shortens a request value that an error message quotes, so that a
// huge header does not come back whole.
func clip(s string) string {
	const limit = 128
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
