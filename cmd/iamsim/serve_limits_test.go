package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/iamsim/iamsim/endpoint"
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
	lim := endpoint.LimitConnections(ln, endpoint.DefaultMaxConnections)
	srv := newServer(h, lim, l)
	go srv.Serve(lim)
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

// openFiles counts the file descriptors of process pid, or -1 where /proc
// does not tell.
func openFiles(pid int) int {
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return -1
	}
	return len(entries)
}

// healthCheck makes a ListUsers call on a new connection and returns its
// HTTP status and how long the answer took.
func healthCheck(t *testing.T, url string) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get(url + "/?Action=ListUsers&Version=2010-05-08")
	if err != nil {
		t.Fatalf("health check: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK && !strings.Contains(string(body), "<Code>ServiceUnavailable</Code>") {
		t.Fatalf("health check: %d %s", resp.StatusCode, body)
	}
	return resp.StatusCode, time.Since(start)
}

// Thousands of idle connections do not take the server's file
// descriptors, and a health check still gets a prompt answer.
func TestServeCapsConnections(t *testing.T) {
	s := startServe(t)
	pid := s.cmd.Process.Pid
	base := openFiles(pid)
	if base < 0 {
		t.Skip("no /proc/PID/fd to count open files")
	}
	addr := strings.TrimPrefix(s.url, "http://")
	const idle = 3000
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range idle {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	time.Sleep(500 * time.Millisecond) // for the server to accept the last and turn the others away
	held := openFiles(pid) - base
	status, took := healthCheck(t, s.url)
	for _, c := range conns {
		c.Close()
	}
	t.Logf("%d idle connections: the server holds %d more files; a health check got %d in %v", idle, held, status, took)
	if max := endpoint.DefaultMaxConnections + 256 + 16; held > max {
		t.Fatalf("the server holds %d more files for %d idle connections (at most %d expected)", held, idle, max)
	}
	if took > 2*time.Second {
		t.Fatalf("the health check took %v", took)
	}
	s.stop(t)
}

// --max-connections sets the cap: past it, a new connection is answered
// 503 ServiceUnavailable at once.
func TestServeMaxConnectionsOption(t *testing.T) {
	s := startServe(t, "--max-connections", "8")
	addr := strings.TrimPrefix(s.url, "http://")
	var conns []net.Conn
	for range 8 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	time.Sleep(100 * time.Millisecond)
	if status, took := healthCheck(t, s.url); status != http.StatusServiceUnavailable || took > time.Second {
		t.Fatalf("got %d after %v", status, took)
	}
	for _, c := range conns {
		c.Close()
	}
	s.stop(t)

	r := iamsim(t, "", nil, "serve", "--max-connections", "0")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--max-connections") {
		t.Fatalf("--max-connections 0: %d %s", r.code, r.stderr)
	}
}

// Headers over endpoint.MaxHeaderBytes are answered with IAM's XML error,
// read over a raw connection; far larger ones get net/http's own 431 at
// once.
func TestServeHeaderTooLarge(t *testing.T) {
	s := startServe(t)
	addr := strings.TrimPrefix(s.url, "http://")
	send := func(pad int) (*http.Response, string) {
		t.Helper()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		body := "Action=ListUsers&Version=2010-05-08"
		go fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: iam\r\nX-Pad: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s",
			strings.Repeat("p", pad), len(body), body)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%d bytes of header: %v", pad, err)
		}
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := send(100 << 10)
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge || resp.Header.Get("Content-Type") != "text/xml" ||
		!strings.Contains(body, "<Code>RequestHeaderSectionTooLarge</Code>") {
		t.Fatalf("100 KiB of header: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if resp, body := send(1 << 20); resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("1 MiB of header: %d %s", resp.StatusCode, body)
	}
	if resp, body := send(1 << 10); resp.StatusCode != http.StatusOK {
		t.Fatalf("1 KiB of header: %d %s", resp.StatusCode, body)
	}
	s.stop(t)
}
