package endpoint

import "net/http"

// MaxHeaderBytes bounds a request's header fields, as sent. (The query
// string of a GET is bounded as a body is: WithMaxRequestBytes.) A request
// over it is answered HTTP 431 with IAM's XML error
// (RequestHeaderSectionTooLarge) before its body is read. A server in
// front of the endpoint must accept larger headers for clients to get that
// answer rather than its own: `iamsim serve` lets net/http read twice as
// much, which keeps what a connection can make it hold small.
const MaxHeaderBytes = 64 << 10

// headerBytes is the size of r's header fields as sent, each "Name: value"
// and a line end (net/http keeps Host apart from the others).
func headerBytes(r *http.Request) int {
	n := 0
	if r.Host != "" {
		n += len("Host: ") + len(r.Host) + 2
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + 2 + len(v) + 2
		}
	}
	return n
}

// checkHeader refuses a header over MaxHeaderBytes.
func checkHeader(r *http.Request) *apiError {
	if n := headerBytes(r); n > MaxHeaderBytes {
		return errorf(http.StatusRequestHeaderFieldsTooLarge, "RequestHeaderSectionTooLarge",
			"The request header is %d bytes; the endpoint accepts at most %d.", n, MaxHeaderBytes)
	}
	return nil
}
