package endpoint

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iamsim/iamsim/internal/measure"
)

// serveLimited serves h on a loopback port capped at max connections, with
// the given grace before a waiting connection may be closed to make room,
// and the limiter's clock (nil: the time).
func serveLimited(t *testing.T, max int, grace time.Duration, now func() time.Time, h http.Handler) (string, *ConnLimiter) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lim := LimitConnections(ln, max)
	lim.grace = grace
	if now != nil {
		lim.now = now
	}
	srv := &http.Server{Handler: h, ConnState: lim.ConnState, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(lim)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), lim
}

// silent opens n connections that send nothing and waits until the server
// has taken them in.
func silent(t *testing.T, addr string, n int, lim *ConnLimiter) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, n)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		conns[i] = c
	}
	waitFor(t, func() bool { return lim.Open() == n })
	return conns
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(time.Millisecond)
	}
}

// get makes one request on a new connection: its status and error code
// (when the answer is IAM's error).
func get(addr, query string, timeout time.Duration) (int, string, error) {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return 0, "", err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(timeout))
	if _, err := fmt.Fprintf(c, "GET /?%s HTTP/1.1\r\nHost: iam\r\nConnection: close\r\n\r\n", query); err != nil {
		return 0, "", err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", err
	}
	var e errorDoc
	if resp.StatusCode != http.StatusOK {
		if err := xml.Unmarshal(body, &e); err != nil {
			return resp.StatusCode, "", fmt.Errorf("not IAM's XML error: %v: %s", err, body)
		}
	}
	return resp.StatusCode, e.Code, nil
}

const listUsersQuery = "Action=ListUsers&Version=2010-05-08"

// At the cap, with every connection fresh, a newcomer is answered 503 at
// once in IAM's XML; once the others have waited past the grace, the
// longest waiting is closed to make room and the newcomer is served.
func TestConnLimiterAtTheCap(t *testing.T) {
	t.Parallel()
	var clock atomic.Int64 // seconds
	now := func() time.Time { return time.Unix(clock.Load(), 0) }
	addr, lim := serveLimited(t, 20, time.Second, now, newHandler(t))
	conns := silent(t, addr, 20, lim)

	start := time.Now()
	status, code, err := get(addr, listUsersQuery, 5*time.Second)
	if err != nil || status != http.StatusServiceUnavailable || code != "ServiceUnavailable" {
		t.Fatalf("got %d %s %v", status, code, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("the 503 took %v", d)
	}

	clock.Add(1)
	if status, _, err := get(addr, listUsersQuery, 5*time.Second); err != nil || status != http.StatusOK {
		t.Fatalf("got %d %v", status, err)
	}
	// The longest waiting connection was closed for it.
	conns[0].SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conns[0].Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("the oldest idle connection: %v", err)
	}
	if n := lim.Open(); n > 20 {
		t.Fatalf("%d connections open", n)
	}
}

// A connection whose request is being answered is never closed to make
// room, however many newcomers arrive.
func TestConnLimiterKeepsEstablishedClients(t *testing.T) {
	t.Parallel()
	inner := newHandler(t)
	release := make(chan struct{})
	var entered sync.Once
	inHandler := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("slow") != "" {
			entered.Do(func() { close(inHandler) })
			<-release
		}
		inner.ServeHTTP(w, r)
	})
	addr, lim := serveLimited(t, 4, 0, nil, h)

	type result struct {
		status int
		err    error
	}
	slow := make(chan result, 1)
	go func() {
		status, _, err := get(addr, listUsersQuery+"&slow=1", 20*time.Second)
		slow <- result{status, err}
	}()
	<-inHandler
	for range 200 {
		if status, _, err := get(addr, listUsersQuery, 5*time.Second); err != nil || status != http.StatusOK {
			t.Fatalf("newcomer: %d %v", status, err)
		}
		if n := lim.Open(); n > 4 {
			t.Fatalf("%d connections open", n)
		}
	}
	close(release)
	if r := <-slow; r.err != nil || r.status != http.StatusOK {
		t.Fatalf("the established client: %d %v", r.status, r.err)
	}
}

// Thousands of connections at once: the server never holds more than its
// cap, and every client gets an answer (200 or IAM's 503) or a closed
// connection within seconds, never a hang.
func TestConnLimiterManyConnections(t *testing.T) {
	t.Parallel()
	n := 3000
	if measure.Race {
		n = 1000
	}
	addr, lim := serveLimited(t, 100, time.Second, nil, newHandler(t))
	var peak atomic.Int64
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if o := int64(lim.Open()); o > peak.Load() {
				peak.Store(o)
			}
			time.Sleep(100 * time.Microsecond)
		}
	}()
	var ok, busy, closed, other atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range n {
		wg.Go(func() {
			status, code, err := get(addr, listUsersQuery, 10*time.Second)
			var ne net.Error
			switch {
			case err == nil && status == http.StatusOK:
				ok.Add(1)
			case err == nil && code == "ServiceUnavailable":
				busy.Add(1)
			case errors.As(err, &ne) && ne.Timeout():
				t.Errorf("a client waited %v without an answer", time.Since(start))
			case err != nil && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "reset by peer") || strings.Contains(err.Error(), "broken pipe")):
				closed.Add(1)
			default:
				other.Add(1)
				t.Errorf("%d %s %v", status, code, err)
			}
		})
	}
	wg.Wait()
	close(stop)
	t.Logf("%d clients in %v: %d served, %d answered 503, %d closed; at most %d connections open",
		n, time.Since(start).Round(time.Millisecond), ok.Load(), busy.Load(), closed.Load(), peak.Load())
	if peak.Load() > 100 {
		t.Fatalf("%d connections open at once", peak.Load())
	}
	if ok.Load() == 0 {
		t.Fatal("no client was served")
	}
}
