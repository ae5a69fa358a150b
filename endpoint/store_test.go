package endpoint

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/endpoint/internal/store"
)

func mustOK(t *testing.T, h http.Handler, body string) {
	t.Helper()
	if status, out := do(t, h, "POST", "/", body+"&Version=2010-05-08"); status != 200 {
		t.Fatalf("%s: %d %s", body, status, out)
	}
}

// accountJSON is the account's own JSON, which holds every part of it.
func accountJSON(t *testing.T, a *account.Account) string {
	t.Helper()
	var b bytes.Buffer
	if err := a.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Reloading a data directory gives back the same account: after plain
// appends, after compaction, and with a torn last record.
func TestStoreReload(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h, err := New(WithDataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	mustOK(t, h, "Action=CreateUser&UserName=alice&Tags.member.1.Key=team&Tags.member.1.Value=core")
	mustOK(t, h, "Action=CreateGroup&GroupName=devs")
	mustOK(t, h, "Action=AddUserToGroup&GroupName=devs&UserName=alice")
	mustOK(t, h, "Action=CreatePolicy&PolicyName=P&PolicyDocument="+strings.ReplaceAll(allowS3, `"`, "%22"))
	mustOK(t, h, "Action=AttachUserPolicy&UserName=alice&PolicyArn=arn:aws:iam::123456789012:policy/P")
	want := accountJSON(t, h.Account())
	if _, err := New(WithDataDir(dir)); err == nil {
		t.Fatal("a second server opened a data directory in use")
	}
	h.Close()

	// A torn record at the end (a crash mid-write) is dropped.
	f, _ := os.OpenFile(filepath.Join(dir, "wal.log"), os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`deadbeef {"Seq":6,"Change":{"Op":"CreateUser","Users":[{"UserName":"ghost`)
	f.Close()
	h2, err := New(WithDataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if got := accountJSON(t, h2.Account()); got != want {
		t.Fatalf("reloaded account differs:\n%s\n%s", got, want)
	}
	// New records follow the last whole one.
	mustOK(t, h2, "Action=CreateUser&UserName=bob")
	// Enough changes to compact the log into state.json.
	for i := range store.CompactEvery {
		mustOK(t, h2, fmt.Sprintf("Action=TagUser&UserName=bob&Tags.member.1.Key=k&Tags.member.1.Value=%d", i))
	}
	want = accountJSON(t, h2.Account())
	h2.Close()
	if fi, _ := os.Stat(filepath.Join(dir, "wal.log")); fi.Size() > 20000 {
		t.Fatalf("log not compacted: %d bytes", fi.Size())
	}
	h3, err := New(WithDataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer h3.Close()
	if got := accountJSON(t, h3.Account()); got != want {
		t.Fatalf("account after compaction differs")
	}
	if _, err := New(WithDataDir(filepath.Join(dir, "state.json"))); err == nil {
		t.Fatal("a file accepted as data directory")
	}
}

// A data directory in the format of older versions is refused with what to
// do, not read as an empty account.
func TestStoreOlderFormat(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "state.json"), []byte(`{"Seq":3,"State":{"AccountID":"123456789012","Users":{}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := New(WithDataDir(dir))
	if err == nil || !strings.Contains(err.Error(), "written by an older iamsim") || !strings.Contains(err.Error(), "--account-snapshot") {
		t.Fatalf("got %v", err)
	}
}
