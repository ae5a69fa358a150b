package endpoint

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/measure"
	"github.com/iamsim/iamsim/simulator"
)

// maxErrorReply bounds the whole XML answer to a bad request: the message
// quotes values shortened, lists the first violations only, and is cut at
// maxMessageBytes at worst.
const maxErrorReply = maxMessageBytes + 1<<10

// bigForm returns the form-encoded body prefix&item(1)&item(2)... with as
// many items as fit in about limit bytes and in the ten thousand
// parameters net/url parses.
func bigForm(prefix string, item func(i int) string, limit int) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i := 1; i < 9990; i++ {
		it := item(i)
		if b.Len()+1+len(it) > limit {
			break
		}
		b.WriteString("&")
		b.WriteString(it)
	}
	return b.String()
}

// hugeValue is a form value of about 8 MB, less room for the rest of the
// request.
var hugeValue = strings.Repeat("a", DefaultMaxRequestBytes-4<<10)

// Errors never repeat a request's input whole: whichever member is huge or
// breaks a constraint thousands of times, the answer stays a few KiB.
func TestErrorsDoNotRepeatInput(t *testing.T) {
	t.Parallel()
	h := newHandler(t, WithSimulatorOptions(simulator.WithInputLimits(simulator.InputLimits{PolicyBytes: -1, ContextValueBytes: -1, ContextBytes: -1})))
	mustOK(t, h, "Action=CreateUser&UserName=alice")
	mustOK(t, h, "Action=CreatePolicy&PolicyName=P&PolicyDocument="+url.QueryEscape(allowS3))
	badKey := "%21" + strings.Repeat("b", 790) // "!": outside tagKeyType's pattern
	doc := func(body string) string {
		return url.QueryEscape(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":` + body + `}}`)
	}
	long := strings.Repeat("x", 130000)
	for _, c := range []struct {
		name, body, code string
	}{
		{"tags", bigForm("Action=TagUser&Version=2010-05-08&UserName=alice",
			func(i int) string { return fmt.Sprintf("Tags.member.%d.Key=%s", i, badKey) }, DefaultMaxRequestBytes), "ValidationError"},
		{"tag keys", bigForm("Action=UntagUser&Version=2010-05-08&UserName=alice",
			func(i int) string { return fmt.Sprintf("TagKeys.member.%d=%s", i, badKey) }, DefaultMaxRequestBytes), "ValidationError"},
		{"Action", "Version=2010-05-08&Action=" + hugeValue, "InvalidAction"},
		{"Version", "Action=ListUsers&Version=" + hugeValue, "InvalidAction"},
		{"VersionId", "Action=GetPolicyVersion&Version=2010-05-08&PolicyArn=arn:aws:iam::123456789012:policy/P&VersionId=v1." + hugeValue, "NoSuchEntity"},
		{"ContextKeyType", "Action=SimulateCustomPolicy&Version=2010-05-08&PolicyInputList.member.1=" + url.QueryEscape(allowS3) +
			"&ActionNames.member.1=s3:GetObject&ContextEntries.member.1.ContextKeyName=aws:x" +
			"&ContextEntries.member.1.ContextKeyValues.member.1=v&ContextEntries.member.1.ContextKeyType=" + hugeValue, "InvalidInput"},
		{"context value", "Action=SimulateCustomPolicy&Version=2010-05-08&PolicyInputList.member.1=" + url.QueryEscape(allowS3) +
			"&ActionNames.member.1=s3:GetObject&ContextEntries.member.1.ContextKeyName=aws:x" +
			"&ContextEntries.member.1.ContextKeyType=numeric&ContextEntries.member.1.ContextKeyValues.member.1=" + hugeValue, "InvalidInput"},
		{"mixed actions", bigForm("Action=SimulateCustomPolicy&Version=2010-05-08&PolicyInputList.member.1="+url.QueryEscape(allowS3)+
			"&ActionNames.member.1=s3:PutBucketReplication",
			func(i int) string { return fmt.Sprintf("ActionNames.member.%d=s3:%s", i+1, strings.Repeat("g", 120)) }, DefaultMaxRequestBytes), "InvalidInput"},
		{"condition operator", "Action=CreatePolicy&Version=2010-05-08&PolicyName=Q&PolicyDocument=" + doc(`{"`+long+`":{"aws:x":"v"}}`), "MalformedPolicyDocument"},
		{"condition value", "Action=CreatePolicy&Version=2010-05-08&PolicyName=Q&PolicyDocument=" + doc(`{"NumericEquals":{"aws:x":"`+long+`"}}`), "MalformedPolicyDocument"},
		{"custom condition value", "Action=SimulateCustomPolicy&Version=2010-05-08&ActionNames.member.1=s3:GetObject&PolicyInputList.member.1=" +
			doc(`{"NumericEquals":{"aws:x":"`+long+`"}}`), "InvalidInput"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			status, out := do(t, h, "POST", "/", c.body)
			if status < 400 || !strings.Contains(out, "<Code>"+c.code+"</Code>") {
				t.Fatalf("%d %.300s", status, out)
			}
			if len(out) > maxErrorReply {
				t.Fatalf("a request of %d bytes got an answer of %d bytes: %.300s...", len(c.body), len(out), out)
			}
		})
	}
}

// Clients that send a large bad request and never read the answer do not
// hold the server's memory: the answer is small enough for the socket's
// buffer, so each handler returns at once and lets go of the request. (Not
// parallel: it measures the live heap.)
func TestErrorAnswerNotHeldByNonReadingClients(t *testing.T) {
	h := newHandler(t)
	mustOK(t, h, "Action=CreateUser&UserName=alice")
	var running, served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		running.Add(1)
		defer running.Add(-1)
		defer served.Add(1)
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()

	body := bigForm("Action=TagUser&Version=2010-05-08&UserName=alice",
		func(i int) string { return fmt.Sprintf("Tags.member.%d.Key=%%21%s", i, strings.Repeat("b", 790)) }, DefaultMaxRequestBytes)
	clients := 6
	if measure.Race {
		clients = 3
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for range clients {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		w := bufio.NewWriter(conn)
		fmt.Fprintf(w, "POST / HTTP/1.1\r\nHost: iam\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		// The answer is never read.
	}
	deadline := time.Now().Add(20 * time.Second)
	for served.Load() < int64(clients) || running.Load() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d handlers still writing to clients that do not read", running.Load(), clients)
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 16<<20 {
		t.Fatalf("the live heap grew by %d MB for %d idle clients", grew>>20, clients)
	}
}

// failingJournal fails every change as a full disk would.
type failingJournal struct{}

func (failingJournal) Record(*account.Change) error {
	return &os.PathError{Op: "write", Path: "/srv/iamsim/data/wal.log", Err: syscall.ENOSPC}
}

// An internal failure is a ServiceFailure that does not say what failed:
// the cause, which names the server's files, goes to the error log only.
func TestServiceFailureKeepsDetailsInTheLog(t *testing.T) {
	t.Parallel()
	var logged strings.Builder
	var mu sync.Mutex
	h := newHandler(t, WithErrorLog(log.New(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logged.Write(p)
	}), "", 0)))
	h.Account().SetJournal(failingJournal{})
	status, body := do(t, h, "POST", "/", "Action=CreateUser&Version=2010-05-08&UserName=bob")
	if status != http.StatusInternalServerError || !strings.Contains(body, "<Code>ServiceFailure</Code>") || strings.Contains(body, "/srv/iamsim") {
		t.Fatalf("%d %s", status, body)
	}
	mu.Lock()
	if !strings.Contains(logged.String(), "/srv/iamsim/data/wal.log") || !strings.Contains(logged.String(), "CreateUser") {
		t.Errorf("the log says %q", logged.String())
	}
	mu.Unlock()

	// An error of no known kind says no more.
	e := toAPIError(fmt.Errorf("open %s: %w", "/srv/iamsim/data/state.json", syscall.EIO))
	if e.Status != http.StatusInternalServerError || e.Code != "ServiceFailure" || strings.Contains(e.Message, "/srv") {
		t.Fatalf("%+v", e)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// A body that stops coming is answered without the server's or the
// client's addresses.
func TestSlowBodyErrorSaysNoAddresses(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(newHandler(t))
	srv.Config.ReadTimeout = 300 * time.Millisecond
	srv.Start()
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: iam\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAction=ListUsers")
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	var e errorDoc
	if err := xml.Unmarshal(body, &e); err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if strings.Contains(e.Message, "127.0.0.1") || strings.Contains(e.Message, "timeout") {
		t.Fatalf("the message tells the server's internals: %q", e.Message)
	}
}

// A header over MaxHeaderBytes is IAM's XML error, before the body is read.
func TestHeaderTooLarge(t *testing.T) {
	t.Parallel()
	h := newHandler(t)
	req := httptest.NewRequest("POST", "/", strings.NewReader("Action=ListUsers&Version=2010-05-08"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Pad", strings.Repeat("p", MaxHeaderBytes))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var e errorDoc
	if err := xml.Unmarshal(rec.Body.Bytes(), &e); err != nil || rec.Code != http.StatusRequestHeaderFieldsTooLarge || e.Code != "RequestHeaderSectionTooLarge" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	// Just under the bound is served.
	req.Header.Set("X-Pad", strings.Repeat("p", MaxHeaderBytes-1000))
	req.Body = io.NopCloser(strings.NewReader("Action=ListUsers&Version=2010-05-08"))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}
