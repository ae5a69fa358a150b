package main

import (
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"
)

// A client that sends a request and never reads the answer holds the
// handler, and what it holds, only until the write timeout.
func TestServeWriteTimeout(t *testing.T) {
	t.Parallel()
	returned := make(chan time.Duration, 1)
	chunk := make([]byte, 1<<20)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		defer func() { returned <- time.Since(start) }()
		for range 1024 { // 1 GiB: more than any socket buffers
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	l := defaultServeLimits
	l.write = 300 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(h, l)
	go srv.Serve(ln)
	defer srv.Close()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: iam\r\n\r\n") // and never read
	select {
	case d := <-returned:
		t.Logf("the handler gave up after %v", d)
	case <-time.After(10 * time.Second):
		t.Fatal("the handler is still writing to a client that does not read")
	}
}
