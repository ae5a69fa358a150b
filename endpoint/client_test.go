package endpoint

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// closedEarlyBody behaves as the SDK's request body does when the SDK has
// closed it before net/http's last read: its bytes read normally, and its
// WriteTo reports io.EOF, as smithy-go's safeWriteToReadCloser does once
// closed. Close tells whether net/http went through WriteTo.
type closedEarlyBody struct {
	r       *bytes.Reader
	wroteTo bool
	closed  chan bool
}

func (b *closedEarlyBody) Read(p []byte) (int, error)       { return b.r.Read(p) }
func (b *closedEarlyBody) WriteTo(io.Writer) (int64, error) { b.wroteTo = true; return 0, io.EOF }
func (b *closedEarlyBody) Close() error {
	select {
	case b.closed <- b.wroteTo:
	default:
	}
	return nil
}

// HTTPClient hides a request body's WriteTo, so net/http's last check of the
// body's length reads a plain end of file where the SDK's closed body
// reports io.EOF as an error. Over net/http's own
// transport the same request fails, because net/http closes the connection.
// The server answers only once the client has closed the body, and, if the
// client went through WriteTo, waits for the connection to close instead,
// so that both outcomes are decided before any response exists.
func TestHTTPClientReadOnlyBodies(t *testing.T) {
	t.Parallel()
	h := newHandler(t)
	closed := make(chan bool, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if <-closed {
			<-r.Context().Done() // the client closes the connection
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()

	send := func(c *http.Client) (string, error) {
		const form = "Action=ListUsers&Version=2010-05-08"
		req, err := http.NewRequest(http.MethodPost, srv.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Body = &closedEarlyBody{r: bytes.NewReader([]byte(form)), closed: closed}
		req.ContentLength = int64(len(form))
		resp, err := c.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		out, err := io.ReadAll(resp.Body)
		return string(out), err
	}

	body, err := send(HTTPClient(nil))
	if err != nil {
		t.Fatalf("over HTTPClient: %v", err)
	}
	if !strings.Contains(body, "<ListUsersResult>") {
		t.Fatalf("over HTTPClient: %s", body)
	}
	if _, err := send(srv.Client()); err == nil {
		t.Fatal("over net/http's transport the request succeeded: net/http no longer reads the body through WriteTo, and HTTPClient may no longer be needed")
	}
}
