package endpoint

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/measure"
)

// TestLoad runs 64 concurrent clients against the endpoint over loopback
// HTTP for a bounded time: mostly simulations (the typical workload:
// SimulatePrincipalPolicy of a user with group, managed and inline policies
// and a boundary, and SimulateCustomPolicy of a small policy), with one
// change in 50 (inline policies, tags, attachments of the client's own
// user). Every response must be 200. It runs 3 s by default, 1 s with
// -short, and IAMSIM_LOAD_SECONDS=60 for the full run (IAMSIM_LOAD_NO_CHANGES=1
// leaves the changes out); the figure is logged (go test -run TestLoad -v).
// It runs alone, without t.Parallel: it measures the process's CPU time.
func TestLoad(t *testing.T) {
	dur := 3 * time.Second
	if testing.Short() {
		dur = time.Second
	}
	if s := os.Getenv("IAMSIM_LOAD_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 600 {
			t.Fatalf("IAMSIM_LOAD_SECONDS=%q: want 1..600", s)
		}
		dur = time.Duration(n) * time.Second
	}
	const clients = 64
	h := newHandler(t, WithAccount(account.Example()))
	srv := httptest.NewServer(h) // 127.0.0.1
	defer srv.Close()
	target := srv.URL
	// IAMSIM_LOAD_URL points the clients at a separate `iamsim serve
	// --account-snapshot <(iamsim demo --print-account)` on this machine
	// instead, so that the server's own CPU time can be measured apart
	// from the clients'.
	if u := os.Getenv("IAMSIM_LOAD_URL"); u != "" {
		if !strings.HasPrefix(u, "http://127.0.0.1:") {
			t.Fatalf("IAMSIM_LOAD_URL=%s: only http://127.0.0.1:PORT", u)
		}
		target, h = u, nil
	}
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	form := func(v url.Values) string { v.Set("Version", APIVersion); return v.Encode() }
	principal := form(url.Values{"Action": {"SimulatePrincipalPolicy"},
		"PolicySourceArn":      {"arn:aws:iam::111122223333:user/engineering/alice"},
		"ActionNames.member.1": {"s3:GetObject"}, "ActionNames.member.2": {"dynamodb:DeleteTable"},
		"ResourceArns.member.1":                             {"arn:aws:s3:::example-home/alice/notes.txt"},
		"ContextEntries.member.1.ContextKeyName":            {"aws:RequestedRegion"},
		"ContextEntries.member.1.ContextKeyType":            {"string"},
		"ContextEntries.member.1.ContextKeyValues.member.1": {"eu-west-1"}})
	custom := form(url.Values{"Action": {"SimulateCustomPolicy"},
		"PolicyInputList.member.1": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::bucket/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`},
		"ActionNames.member.1":     {"s3:GetObject"}, "ResourceArns.member.1": {"arn:aws:s3:::bucket/key"},
		"ContextEntries.member.1.ContextKeyName": {"aws:SourceIp"}, "ContextEntries.member.1.ContextKeyType": {"ip"},
		"ContextEntries.member.1.ContextKeyValues.member.1": {"10.1.2.3"}})

	var sims, changes, failures atomic.Int64
	var firstErr atomic.Value
	post := func(body string) bool {
		resp, err := hc.Post(target, "application/x-www-form-urlencoded; charset=utf-8", strings.NewReader(body))
		if err != nil {
			firstErr.CompareAndSwap(nil, err.Error())
			failures.Add(1)
			return false
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			firstErr.CompareAndSwap(nil, fmt.Sprintf("%d %s", resp.StatusCode, b))
			failures.Add(1)
			return false
		}
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	start, cpu0 := time.Now(), measure.ProcessCPU()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			me := fmt.Sprintf("load-%d-%d", time.Now().UnixNano()%1e6, c)
			if h != nil {
				me = fmt.Sprintf("load-%d", c)
			}
			if !post(form(url.Values{"Action": {"CreateUser"}, "UserName": {me}})) {
				return
			}
			for i := 0; ctx.Err() == nil && failures.Load() == 0; i++ {
				if i%50 == 49 && os.Getenv("IAMSIM_LOAD_NO_CHANGES") == "" {
					var body string
					switch (i / 50) % 3 {
					case 0:
						body = form(url.Values{"Action": {"PutUserPolicy"}, "UserName": {me}, "PolicyName": {"p"},
							"PolicyDocument": {fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b%d/*"}}`, i)}})
					case 1:
						body = form(url.Values{"Action": {"TagUser"}, "UserName": {me}, "Tags.member.1.Key": {"n"}, "Tags.member.1.Value": {strconv.Itoa(i)}})
					default:
						body = form(url.Values{"Action": {"AttachUserPolicy"}, "UserName": {me}, "PolicyArn": {"arn:aws:iam::111122223333:policy/DenyOutsideEU"}})
					}
					if post(body) {
						changes.Add(1)
					}
					continue
				}
				body := principal
				if i%2 == 1 {
					body = custom
				}
				if post(body) {
					sims.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed, cpu := time.Since(start), measure.ProcessCPU()-cpu0
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d failed requests; first: %v", n, firstErr.Load())
	}
	// Every client's user is there with the changes it made.
	if h != nil {
		acct := h.Account()
		for c := range clients {
			if acct.User(fmt.Sprintf("load-%d", c)) == nil {
				t.Fatalf("user load-%d missing", c)
			}
		}
	}
	t.Logf("%d clients, %v: %d simulations (%.0f/s), %d changes (%.0f/s)", clients, elapsed.Round(time.Millisecond),
		sims.Load(), float64(sims.Load())/elapsed.Seconds(), changes.Load(), float64(changes.Load())/elapsed.Seconds())
	if cpu > 0 {
		// Clients and server share the process: this is the cost of both.
		t.Logf("process CPU %v (%.2f cores busy on average): %.0f simulations per CPU-second, %.0f/s on 2 dedicated cores",
			cpu.Round(time.Millisecond), cpu.Seconds()/elapsed.Seconds(), float64(sims.Load())/cpu.Seconds(), 2*float64(sims.Load())/cpu.Seconds())
	}
}
