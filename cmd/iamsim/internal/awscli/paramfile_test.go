package awscli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTestFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadParamFile(t *testing.T) {
	dir := t.TempDir()
	policy := writeTestFile(t, dir, "policy.json", "{\r\n  \"Version\": \"2012-10-17\"\r\n}\r\n")
	oldMac := writeTestFile(t, dir, "cr.txt", "a\rb")
	binary := writeTestFile(t, dir, "bin", "\xff\xfe\r\n")
	missing := filepath.Join(dir, "missing.json")

	tests := []struct {
		name    string
		in      string
		want    string
		ok      bool
		wantErr string // a part of the error
	}{
		{name: "plain value", in: "plain value"},
		{name: "action name", in: "s3:GetObject"},
		{name: "prefix is case-sensitive", in: "File://" + policy},
		// file:// is read as text: line ends become "\n", as Python's
		// text mode makes them, so positions count lines the same way.
		{name: "file:// CRLF", in: "file://" + policy, want: "{\n  \"Version\": \"2012-10-17\"\n}\n", ok: true},
		{name: "file:// CR", in: "file://" + oldMac, want: "a\nb", ok: true},
		{name: "fileb:// keeps the bytes", in: "fileb://" + binary, want: "\xff\xfe\r\n", ok: true},
		{name: "file:// not UTF-8", in: "file://" + binary, ok: true,
			wantErr: "Unable to load paramfile (" + binary + "), text contents could not be decoded."},
		{name: "missing file", in: "file://" + missing, ok: true,
			wantErr: "Unable to load paramfile file://" + missing + ": [Errno 2] No such file or directory: '" + missing + "'"},
		{name: "directory", in: "file://" + dir, ok: true, wantErr: "[Errno 21] Is a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok, err := loadParamFile(tc.in)
			if ok != tc.ok {
				t.Errorf("ok = %v, want %v", ok, tc.ok)
			}
			switch {
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("err = %v, want %q", err, tc.wantErr)
				}
			case err != nil:
				t.Errorf("err = %v", err)
			case got != tc.want:
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLoadParamFileExpandsHomeAndVariables(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("IAMSIM_TEST_DIR", home)
	writeTestFile(t, home, "p.json", "{}")
	for _, in := range []string{"file://~/p.json", "file://$IAMSIM_TEST_DIR/p.json", "file://${IAMSIM_TEST_DIR}/p.json"} {
		t.Run(in, func(t *testing.T) {
			got, ok, err := loadParamFile(in)
			if err != nil || !ok || got != "{}" {
				t.Errorf("loadParamFile(%q) = %q, %v, %v", in, got, ok, err)
			}
		})
	}
	// An unknown variable stays as written (Python's os.path.expandvars).
	if got := expandVars("/a/$IAMSIM_NO_SUCH_VARIABLE/b"); got != "/a/${IAMSIM_NO_SUCH_VARIABLE}/b" {
		t.Errorf("expandVars = %q", got)
	}
}

// Open words its errors as the AWS CLI words a file it cannot read.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	p := writeTestFile(t, dir, "a.json", "{}")
	for _, name := range []string{p, "file://" + p} {
		f, err := Open(name)
		if err != nil {
			t.Fatalf("Open(%q): %v", name, err)
		}
		f.Close()
	}
	missing := filepath.Join(dir, "none.json")
	_, err := Open("file://" + missing)
	if want := "[Errno 2] No such file or directory: '" + missing + "'"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err does not wrap the file error: %v", err)
	}
}

var (
	testPolicies = Option{Name: "--policy-input-list", Member: "PolicyInputList", Kind: StringList}
	testActions  = Option{Name: "--action-names", Member: "ActionNames", Kind: StringList}
	testEntries  = Option{Name: "--context-entries", Member: "ContextEntries", Kind: StructList}

	testEntryShape = &Shape{Type: "structure", Members: []Member{
		{Name: "ContextKeyName", Shape: &Shape{Type: "string", Min: 5}},
		{Name: "ContextKeyValues", Shape: &Shape{Type: "list", Elem: &Shape{Type: "string"}}},
		{Name: "ContextKeyType", Shape: &Shape{Type: "string"}},
	}}
	testEntriesShape = &Shape{Type: "list", Elem: testEntryShape}
)

// Every option value goes through loadParamFile, list elements one by one.
func TestUnpackLoadsEachListElement(t *testing.T) {
	dir := t.TempDir()
	p1 := writeTestFile(t, dir, "p1.json", `{"Statement":[]}`)
	p2 := writeTestFile(t, dir, "p2.json", `{"Version":"2012-10-17"}`)
	// A file holding a JSON list is the whole list, as the AWS CLI reads
	// a single argument starting with "[".
	list := writeTestFile(t, dir, "actions.json", ` ["s3:GetObject", "s3:PutObject"]`)

	tests := []struct {
		name    string
		opt     Option
		args    []string
		want    string // pyDumps of the value
		wantErr string // the start of the error
	}{
		{name: "files and inline", opt: testPolicies, args: []string{"file://" + p1, "inline", "file://" + p2},
			want: `["{\"Statement\":[]}", "inline", "{\"Version\":\"2012-10-17\"}"]`},
		{name: "a file holding a JSON list", opt: testActions, args: []string{"file://" + list},
			want: `["s3:GetObject", "s3:PutObject"]`},
		{name: "missing file", opt: testActions, args: []string{"file://" + filepath.Join(dir, "nope")},
			wantErr: "Error parsing parameter '--action-names': Unable to load paramfile file://"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, err := tc.opt.Unpack(tc.args, nil)
			checkUnpacked(t, v, err, tc.want, tc.wantErr)
		})
	}
}

func TestUnpackContextEntries(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    string // pyDumps of the value
		wantErr string // the start of the error
	}{
		{name: "shorthand, one value made a list", args: []string{"ContextKeyName=aws:SourceIp,ContextKeyValues=10.0.0.1,ContextKeyType=ip"},
			want: `[{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.0.0.1"], "ContextKeyType": "ip"}]`},
		{name: "shorthand, two entries", args: []string{"ContextKeyName=a:b1,ContextKeyValues=x,y,ContextKeyType=stringList", "ContextKeyName=c:d1,ContextKeyValues=[z],ContextKeyType=stringList"},
			want: `[{"ContextKeyName": "a:b1", "ContextKeyValues": ["x", "y"], "ContextKeyType": "stringList"}, {"ContextKeyName": "c:d1", "ContextKeyValues": ["z"], "ContextKeyType": "stringList"}]`},
		{name: "JSON list", args: []string{`[{"ContextKeyName": "aws:username", "ContextKeyValues": ["bob"], "ContextKeyType": "string"}]`},
			want: `[{"ContextKeyName": "aws:username", "ContextKeyValues": ["bob"], "ContextKeyType": "string"}]`},
		{name: "JSON objects", args: []string{` {"ContextKeyName": "k1:aa"}`, `{"ContextKeyName": "k2:bb"}`},
			want: `[{"ContextKeyName": "k1:aa"}, {"ContextKeyName": "k2:bb"}]`},
		{name: "JSON then shorthand", args: []string{`{"ContextKeyName": "k1:aa"}`, `ContextKeyName=k2:bb`},
			wantErr: "Error parsing parameter '--context-entries': Invalid JSON:\nContextKeyName=k2:bb"},
		{name: "bad JSON", args: []string{`[{"ContextKeyName": 5}`},
			wantErr: "Error parsing parameter '--context-entries': Invalid JSON: "},
		{name: "bad shorthand", args: []string{"ContextKeyName=a,ContextKeyName=b"},
			wantErr: "Error parsing parameter '--context-entries': Second instance of key \"ContextKeyName\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, err := testEntries.Unpack(tc.args, testEntriesShape)
			checkUnpacked(t, v, err, tc.want, tc.wantErr)
		})
	}
}

func checkUnpacked(t *testing.T, v any, err error, want, wantErr string) {
	t.Helper()
	switch {
	case wantErr != "":
		if err == nil || !strings.HasPrefix(err.Error(), wantErr) {
			t.Errorf("err = %v, want prefix %q", err, wantErr)
		}
	case err != nil:
		t.Errorf("err = %v", err)
	case pyDumps(v) != want:
		t.Errorf("\n got %s\nwant %s", pyDumps(v), want)
	}
}

// A file larger than any parameter value is refused; one at the bound is
// read.
func TestLoadParamFileBound(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sized := func(name string, n int64) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(n); err != nil { // zeros, without writing them
			t.Fatal(err)
		}
		return p
	}
	over := sized("over", maxParamFileBytes+1)
	_, ok, err := loadParamFile("file://" + over)
	want := fmt.Sprintf("Unable to load paramfile file://%s: larger than %d bytes, more than any parameter value", over, maxParamFileBytes)
	if !ok || err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	at := sized("at", maxParamFileBytes)
	got, ok, err := loadParamFile("fileb://" + at)
	if !ok || err != nil || len(got) != maxParamFileBytes {
		t.Fatalf("%d bytes, %v", len(got), err)
	}
}
