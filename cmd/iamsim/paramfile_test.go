package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadParamFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	policy := write("policy.json", "{\r\n  \"Version\": \"2012-10-17\"\r\n}\r\n")
	oldMac := write("cr.txt", "a\rb")
	binary := write("bin", "\xff\xfe\r\n")

	tests := []struct {
		in      string
		want    string
		ok      bool
		wantErr string
	}{
		{in: "plain value", want: "", ok: false},
		{in: "s3:GetObject", want: "", ok: false},
		{in: "File://" + policy, want: "", ok: false}, // the prefix is case-sensitive
		// file:// is read as text: line ends become "\n", as Python's
		// text mode makes them, so positions count lines the same way.
		{in: "file://" + policy, want: "{\n  \"Version\": \"2012-10-17\"\n}\n", ok: true},
		{in: "file://" + oldMac, want: "a\nb", ok: true},
		// fileb:// keeps the bytes.
		{in: "fileb://" + binary, want: "\xff\xfe\r\n", ok: true},
		{in: "file://" + binary, ok: true, wantErr: "Unable to load paramfile (" + binary + "), text contents could not be decoded."},
		{in: "file://" + filepath.Join(dir, "missing.json"), ok: true,
			wantErr: "Unable to load paramfile file://" + filepath.Join(dir, "missing.json") +
				": [Errno 2] No such file or directory: '" + filepath.Join(dir, "missing.json") + "'"},
		{in: "file://" + dir, ok: true, wantErr: "[Errno 21] Is a directory"},
	}
	for _, tc := range tests {
		got, ok, err := loadParamFile(tc.in)
		if ok != tc.ok {
			t.Errorf("loadParamFile(%q): ok = %v, want %v", tc.in, ok, tc.ok)
		}
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("loadParamFile(%q): err = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("loadParamFile(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("loadParamFile(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLoadParamFileExpandsHomeAndVariables(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("IAMSIM_TEST_DIR", home)
	if err := os.WriteFile(filepath.Join(home, "p.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"file://~/p.json", "file://$IAMSIM_TEST_DIR/p.json", "file://${IAMSIM_TEST_DIR}/p.json"} {
		got, ok, err := loadParamFile(in)
		if err != nil || !ok || got != "{}" {
			t.Errorf("loadParamFile(%q) = %q, %v, %v", in, got, ok, err)
		}
	}
	// An unknown variable stays as written (Python's os.path.expandvars).
	if got := expandVars("/a/$IAMSIM_NO_SUCH_VARIABLE/b"); got != "/a/${IAMSIM_NO_SUCH_VARIABLE}/b" {
		t.Errorf("expandVars = %q", got)
	}
}

// Every option value goes through loadParamFile, list elements one by one.
func TestUnpackLoadsEachListElement(t *testing.T) {
	dir := t.TempDir()
	p1 := filepath.Join(dir, "p1.json")
	p2 := filepath.Join(dir, "p2.json")
	os.WriteFile(p1, []byte(`{"Statement":[]}`), 0o600)
	os.WriteFile(p2, []byte(`{"Version":"2012-10-17"}`), 0o600)
	v, err := unpack(optPolicyInputList, []string{"file://" + p1, "inline", "file://" + p2})
	if err != nil {
		t.Fatal(err)
	}
	want := `["{\"Statement\":[]}", "inline", "{\"Version\":\"2012-10-17\"}"]`
	if got := pyDumps(v); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// A file holding a JSON list is the whole list, as the AWS CLI reads
	// a single argument starting with "[".
	list := filepath.Join(dir, "actions.json")
	os.WriteFile(list, []byte(` ["s3:GetObject", "s3:PutObject"]`), 0o600)
	v, err = unpack(optActionNames, []string{"file://" + list})
	if err != nil {
		t.Fatal(err)
	}
	if got := pyDumps(v); got != `["s3:GetObject", "s3:PutObject"]` {
		t.Errorf("got %s", got)
	}
	_, err = unpack(optActionNames, []string{"file://" + filepath.Join(dir, "nope")})
	if err == nil || !strings.HasPrefix(err.Error(), "Error parsing parameter '--action-names': Unable to load paramfile file://") {
		t.Errorf("err = %v", err)
	}
}

func TestUnpackContextEntries(t *testing.T) {
	tests := []struct {
		args []string
		want string
		err  string
	}{
		{args: []string{"ContextKeyName=aws:SourceIp,ContextKeyValues=10.0.0.1,ContextKeyType=ip"},
			want: `[{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.0.0.1"], "ContextKeyType": "ip"}]`},
		{args: []string{"ContextKeyName=a:b1,ContextKeyValues=x,y,ContextKeyType=stringList", "ContextKeyName=c:d1,ContextKeyValues=[z],ContextKeyType=stringList"},
			want: `[{"ContextKeyName": "a:b1", "ContextKeyValues": ["x", "y"], "ContextKeyType": "stringList"}, {"ContextKeyName": "c:d1", "ContextKeyValues": ["z"], "ContextKeyType": "stringList"}]`},
		{args: []string{`[{"ContextKeyName": "aws:username", "ContextKeyValues": ["bob"], "ContextKeyType": "string"}]`},
			want: `[{"ContextKeyName": "aws:username", "ContextKeyValues": ["bob"], "ContextKeyType": "string"}]`},
		{args: []string{` {"ContextKeyName": "k1:aa"}`, `{"ContextKeyName": "k2:bb"}`},
			want: `[{"ContextKeyName": "k1:aa"}, {"ContextKeyName": "k2:bb"}]`},
		{args: []string{`{"ContextKeyName": "k1:aa"}`, `ContextKeyName=k2:bb`},
			err: "Error parsing parameter '--context-entries': Invalid JSON:\nContextKeyName=k2:bb"},
		{args: []string{`[{"ContextKeyName": 5}`},
			err: "Error parsing parameter '--context-entries': Invalid JSON: "},
		{args: []string{"ContextKeyName=a,ContextKeyName=b"},
			err: "Error parsing parameter '--context-entries': Second instance of key \"ContextKeyName\""},
	}
	for _, tc := range tests {
		v, err := unpack(optContextEntries, tc.args)
		if tc.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
				t.Errorf("%q: err = %v, want prefix %q", tc.args, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if got := pyDumps(v); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.args, got, tc.want)
		}
	}
}
