package endpoint

import (
	"io"
	"net/http"
)

// HTTPClient returns an HTTP client for AWS SDK for Go v2 clients that call
// the endpoint (iam.Options.HTTPClient), sending through base, or through a
// copy of http.DefaultTransport when base is nil.
//
// It works around a race between the SDK and net/http that the endpoint
// makes easy to hit, because it answers within microseconds. The SDK
// (smithy-go v1.28.9 and earlier) closes a request's body as soon as the
// response headers arrive, while net/http may not yet have made its last
// read of that body, the one that checks the body is no longer than its
// Content-Length. That read goes through the body's WriteTo, which reports
// io.EOF once the body is closed; net/http takes it for a write error and
// closes the connection under the response being read. The call then fails
// with "deserialization failed … use of closed network connection", after
// the endpoint has done what was asked, so a retry of a change fails too
// (EntityAlreadyExists). The SDK's own issue is aws/aws-sdk-go-v2#2737.
//
// This client passes request bodies on with Read and Close only, so a body
// closed early reads as a plain end of file. Nothing else is changed.
func HTTPClient(base http.RoundTripper) *http.Client {
	if base == nil {
		base = http.DefaultTransport.(*http.Transport).Clone()
	}
	return &http.Client{Transport: readOnlyBodies{base}}
}

// readOnlyBodies is the RoundTripper of HTTPClient.
type readOnlyBodies struct{ base http.RoundTripper }

// RoundTrip sends r through the base transport with its body stripped of
// every method but Read and Close.
func (t readOnlyBodies) RoundTrip(r *http.Request) (*http.Response, error) {
	if _, ok := r.Body.(io.WriterTo); ok {
		r = r.Clone(r.Context())
		r.Body = readCloser{r.Body}
	}
	return t.base.RoundTrip(r)
}

// CloseIdleConnections closes the base transport's idle connections, so
// that http.Client.CloseIdleConnections reaches them.
func (t readOnlyBodies) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// readCloser hides every method of a request body but Read and Close.
type readCloser struct{ rc io.ReadCloser }

func (b readCloser) Read(p []byte) (int, error) { return b.rc.Read(p) }
func (b readCloser) Close() error               { return b.rc.Close() }
