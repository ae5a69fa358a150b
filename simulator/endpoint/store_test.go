package endpoint

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func mustOK(t *testing.T, h http.Handler, body string) {
	t.Helper()
	if status, out := do(t, h, "POST", "/", body+"&Version=2010-05-08"); status != 200 {
		t.Fatalf("%s: %d %s", body, status, out)
	}
}

// Reloading a data directory gives back the same state: after plain
// appends, after compaction, and with a torn last record.
func TestStoreReload(t *testing.T) {
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
	want := h.cur.Load().st
	if _, err := New(WithDataDir(dir)); err == nil {
		t.Fatal("a second server opened a data directory in use")
	}
	h.Close()

	// A torn record at the end (a crash mid-write) is dropped.
	f, _ := os.OpenFile(filepath.Join(dir, walFile), os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`deadbeef {"Seq":6,"Action":"CreateUser","Params":"UserName=ghost`)
	f.Close()
	h2, err := New(WithDataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if got := h2.cur.Load().st; !reflect.DeepEqual(got, want) {
		t.Fatalf("reloaded state differs:\n%+v\n%+v", got, want)
	}
	// New records follow the last whole one.
	mustOK(t, h2, "Action=CreateUser&UserName=bob")
	// Enough changes to compact the log into state.json.
	for i := range compactEvery {
		mustOK(t, h2, fmt.Sprintf("Action=TagUser&UserName=bob&Tags.member.1.Key=k&Tags.member.1.Value=%d", i))
	}
	want = h2.cur.Load().st
	h2.Close()
	if fi, _ := os.Stat(filepath.Join(dir, walFile)); fi.Size() > 20000 {
		t.Fatalf("log not compacted: %d bytes", fi.Size())
	}
	h3, err := New(WithDataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer h3.Close()
	if got := h3.cur.Load().st; !reflect.DeepEqual(got, want) {
		t.Fatalf("state after compaction differs")
	}
	if _, err := New(WithDataDir(filepath.Join(dir, stateFile))); err == nil {
		t.Fatal("a file accepted as data directory")
	}
}
