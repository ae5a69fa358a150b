package benchmarks

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/endpoint"
)

// usersSnapshot is an account of n users, as get-account-authorization-details
// prints it.
func usersSnapshot(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"UserDetailList":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"UserName":"user-%d","Path":"/","Arn":"arn:aws:iam::%s:user/user-%d"}`, i, accountID, i)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// BenchmarkEndpointCreateUser times one CreateUser through the endpoint's
// handler (no network, account in memory) in an account that already holds
// 1,000 or 20,000 users: what a change costs as the account grows.
func BenchmarkEndpointCreateUser(b *testing.B) {
	for _, n := range []int{1000, 20000} {
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			acct, err := account.Load(bytes.NewReader(usersSnapshot(n)))
			if err != nil {
				b.Fatal(err)
			}
			h, err := endpoint.New(endpoint.WithAccount(acct))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				body := fmt.Sprintf("Action=CreateUser&Version=2010-05-08&UserName=new-%d", i)
				i++
				req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
