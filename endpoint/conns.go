package endpoint

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// DefaultMaxConnections is the connection cap of `iamsim serve`: far more
// than the AWS CLI, an SDK or a test suite keeps open, and far fewer than
// the file descriptors a process usually has.
const DefaultMaxConnections = 1024

// A ConnLimiter caps how many connections an http.Server holds open. Its
// design:
//
//   - It accepts every connection the listener has, at once, so none waits
//     unanswered in the kernel's queue and no accept fails for lack of file
//     descriptors (net/http backs off for up to a second after such a
//     failure, locking every client out).
//   - Below the cap a connection is served as usual.
//   - At the cap, the connection that has waited longest without a request
//     in progress — idle between keep-alive requests, or open without
//     having sent a whole request header (a slow or silent client) — is
//     closed to make room, provided it has waited a second at least: under
//     pressure the idle timeout shrinks to that second. A connection
//     whose request is being read or answered is never closed, so
//     established clients keep being served.
//   - If every connection is busy or fresh, the newcomer is answered with
//     IAM's XML error, HTTP 503 ServiceUnavailable, and closed: a health
//     check or an SDK (which retries it) learns the state in
//     milliseconds instead of hanging. The answer waits up to 200 ms for
//     the request's header, as HTTP expects (a client may take an answer
//     that comes before its request for a stray one), and the connection
//     is then given up to 200 ms to be closed by the client (closing it
//     with a request unread may reset it under the answer). At most 256
//     connections are turned away so at a time; beyond those, a newcomer
//     is sent the answer at once and closed.
//
// So the process holds at most the cap plus 256 connections, the last
// ones for under half a second each. Use it as the server's listener and
// its ConnState hook:
//
//	lim := endpoint.LimitConnections(ln, endpoint.DefaultMaxConnections)
//	srv := &http.Server{Handler: h, ConnState: lim.ConnState}
//	srv.Serve(lim)
type ConnLimiter struct {
	ln    net.Listener
	max   int
	grace time.Duration // how long a connection may wait before it may be closed to make room
	now   func() time.Time

	mu   sync.Mutex
	open int // admitted connections not yet closed
	// waiting lists the admitted connections without a request in
	// progress, longest waiting first.
	waiting limitedConn // sentinel of a circular list

	turningAway chan struct{} // one token per connection being turned away
}

// Turning a connection away: at most maxTurningAway at once, each waiting
// at most turnAwayWait for the request and as long for the client to
// close.
const (
	maxTurningAway = 256
	turnAwayWait   = 200 * time.Millisecond
)

// LimitConnections returns ln capped at n connections (at least 1).
func LimitConnections(ln net.Listener, n int) *ConnLimiter {
	l := &ConnLimiter{ln: ln, max: max(n, 1), grace: time.Second, now: time.Now,
		turningAway: make(chan struct{}, maxTurningAway)}
	l.waiting.prev, l.waiting.next = &l.waiting, &l.waiting
	return l
}

// errServiceUnavailable is the answer to a connection over the cap.
var errServiceUnavailable = &apiError{Code: "ServiceUnavailable", Status: http.StatusServiceUnavailable,
	Message: "The server holds as many connections as it accepts; retry shortly."}

// Accept returns the next connection to serve, turning away those over the
// cap.
func (l *ConnLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return nil, err
		}
		if lc := l.admit(c); lc != nil {
			return lc, nil
		}
		l.turnAway(c)
	}
}

// admit returns c wrapped for counting if there is room for it, closing the
// longest-waiting connection to make room if need be; nil if there is
// none.
func (l *ConnLimiter) admit(c net.Conn) *limitedConn {
	l.mu.Lock()
	if l.open >= l.max {
		victim := l.waiting.next
		if victim == &l.waiting || l.now().Sub(victim.since) < l.grace {
			l.mu.Unlock()
			return nil
		}
		l.mu.Unlock()
		victim.Close() // releases its place
		l.mu.Lock()
		if l.open >= l.max { // another Accept took the place
			l.mu.Unlock()
			return nil
		}
	}
	l.open++
	lc := &limitedConn{Conn: c, l: l}
	l.wait(lc)
	l.mu.Unlock()
	return lc
}

// turnAway answers c 503 and closes it, in the background while fewer
// than maxTurningAway are, at once otherwise.
func (l *ConnLimiter) turnAway(c net.Conn) {
	select {
	case l.turningAway <- struct{}{}:
		go func() {
			defer func() { <-l.turningAway }()
			answerBusy(c, turnAwayWait)
		}()
	default:
		answerBusy(c, 0)
	}
}

// answerBusy answers c 503 ServiceUnavailable and closes it, waiting up to
// wait for the request's header first and as long for the client to close
// after the answer.
func answerBusy(c net.Conn, wait time.Duration) {
	defer c.Close()
	var buf [4 << 10]byte
	if wait > 0 {
		// Read up to the end of the header (a blank line), 64 KiB, or
		// the deadline; what was read is not needed.
		_ = c.SetReadDeadline(time.Now().Add(wait))
		var tail []byte
		for n := 0; n < 64<<10; {
			k, err := c.Read(buf[:])
			n += k
			tail = append(tail, buf[:k]...)
			if bytes.Contains(tail, []byte("\r\n\r\n")) || err != nil {
				break
			}
			tail = tail[max(len(tail)-3, 0):]
		}
	}
	reqID := newRequestID()
	body := errorXML(reqID, errServiceUnavailable)
	// A new connection's send buffer is empty: the write does not wait,
	// and the deadline makes sure of it.
	_ = c.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
	if _, err := fmt.Fprintf(c, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/xml\r\nX-Amzn-Requestid: %s\r\n"+
		"Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s", reqID, len(body), body); err != nil || wait == 0 {
		return
	}
	_ = closeWrite(c)
	_ = c.SetReadDeadline(time.Now().Add(wait))
	for {
		if _, err := c.Read(buf[:]); err != nil {
			return
		}
	}
}

// ConnState is the http.Server's ConnState hook: it tells the limiter
// which connections have a request in progress.
func (l *ConnLimiter) ConnState(c net.Conn, s http.ConnState) {
	lc, ok := c.(*limitedConn)
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch s {
	case http.StateActive, http.StateHijacked:
		l.unwait(lc)
	case http.StateIdle:
		l.unwait(lc)
		l.wait(lc)
	}
}

// Close closes the listener.
func (l *ConnLimiter) Close() error { return l.ln.Close() }

// Addr returns the listener's address.
func (l *ConnLimiter) Addr() net.Addr { return l.ln.Addr() }

// Open returns how many connections are being served.
func (l *ConnLimiter) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}

// wait puts lc at the end of the waiting list, from now. l.mu is held.
func (l *ConnLimiter) wait(lc *limitedConn) {
	if lc.closed {
		return
	}
	lc.since = l.now()
	lc.prev, lc.next = l.waiting.prev, &l.waiting
	l.waiting.prev.next = lc
	l.waiting.prev = lc
}

// unwait takes lc off the waiting list, if it is there. l.mu is held.
func (l *ConnLimiter) unwait(lc *limitedConn) {
	if lc.next == nil {
		return
	}
	lc.prev.next, lc.next.prev = lc.next, lc.prev
	lc.prev, lc.next = nil, nil
}

// limitedConn is an admitted connection; closing it frees its place.
type limitedConn struct {
	net.Conn
	l *ConnLimiter
	// Guarded by l.mu:
	prev, next *limitedConn // on the waiting list when next != nil
	since      time.Time    // when it began to wait
	closed     bool
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.l.mu.Lock()
	if !c.closed {
		c.closed = true
		c.l.unwait(c)
		c.l.open--
	}
	c.l.mu.Unlock()
	return err
}

// CloseWrite lets net/http half-close the connection before closing it, so
// that the last answer is not lost to a reset.
func (c *limitedConn) CloseWrite() error { return closeWrite(c.Conn) }

func closeWrite(c net.Conn) error {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
