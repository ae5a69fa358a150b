package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Shorthand syntax: AWS CLI User Guide, "Using shorthand syntax with the AWS
// CLI" (cli-usage-shorthand.md). The expectations below are what the AWS
// CLI's own parser returns for the same input (checked again, when the AWS
// CLI is installed, by TestShorthandMatchesAWSCLI).
var shorthandCases = []struct {
	in   string
	want string // pyDumps of the result; "" when an error is expected
	err  string // start of the error message
}{
	// The forms the simulator's --context-entries documentation uses.
	{in: "ContextKeyName=k,ContextKeyValues=v1,v2,ContextKeyType=string",
		want: `{"ContextKeyName": "k", "ContextKeyValues": ["v1", "v2"], "ContextKeyType": "string"}`},
	{in: "ContextKeyName=k,ContextKeyValues=[v1,v2],ContextKeyType=stringList",
		want: `{"ContextKeyName": "k", "ContextKeyValues": ["v1", "v2"], "ContextKeyType": "stringList"}`},
	{in: "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date",
		want: `{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": "2019-04-25T11:00:00Z", "ContextKeyType": "date"}`},
	{in: "ContextKeyName=aws:SourceIp,ContextKeyValues=10.0.0.0/8,192.168.1.1,ContextKeyType=ipList",
		want: `{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.0.0.0/8", "192.168.1.1"], "ContextKeyType": "ipList"}`},
	// Scalars, lists, hashes.
	{in: "a=b", want: `{"a": "b"}`},
	{in: "a=", want: `{"a": ""}`},
	{in: "a=b,c", want: `{"a": ["b", "c"]}`},
	{in: "a=v1,v2,v3", want: `{"a": ["v1", "v2", "v3"]}`},
	{in: "a=,b=c", want: `{"a": "", "b": "c"}`},
	{in: `a=b\,c,d=e`, want: `{"a": "b,c", "d": "e"}`},
	{in: "a = b , c = d", want: `{"a": "b", "c": "d"}`},
	{in: "a=b c  ,d=e", want: `{"a": "b c", "d": "e"}`},
	{in: "a=[]", want: `{"a": []}`},
	{in: "a=[ x , y ]", want: `{"a": ["x", "y"]}`},
	{in: "a={b=c,d=[e,f]}", want: `{"a": {"b": "c", "d": ["e", "f"]}}`},
	{in: "a=x=y", want: `{"a": "x=y"}`},
	{in: "a=[b,c=d]", want: `{"a": ["b", "c=d"]}`},
	{in: "a=b,=c", want: `{"a": "b", "": "c"}`},
	{in: "a=é,b=日本", want: `{"a": "\u00e9", "b": "\u65e5\u672c"}`},
	// Quoting.
	{in: `a="x,y",b='it\'s'`, want: `{"a": "x,y", "b": "it's"}`},
	{in: `a="q\\"`, want: `{"a": "q\\"}`},
	{in: `a='unterminated\'`, want: `{"a": "unterminated\\"}`},
	// Errors.
	{in: "", err: "Expected: '=', received: 'EOF' for input:\n\n^"},
	{in: "a=b,", err: "Expected: '<second>', received: '<none>' for input:\na=b,\n    ^"},
	{in: "a=b,{c}", err: "Expected: '=', received: '{' for input:\na=b,{c}\n    ^"},
	{in: "a=[b", err: "Expected: ',', received: 'EOF'"},
	{in: "ContextKeyName=a,ContextKeyName=b", err: "Second instance of key \"ContextKeyName\" encountered for input:\n" +
		"ContextKeyName=a,ContextKeyName=b\n                 ^\nThis is often because there is a preceding \",\" instead of a space."},
	{in: "a='open", err: "Expected: '<singled quoted>', received: '<none>' for input:\na='open\n  ^"},
}

func TestParseShorthand(t *testing.T) {
	for _, tc := range shorthandCases {
		got, err := parseShorthand(tc.in, nil)
		if tc.err != "" {
			if err == nil {
				t.Errorf("parseShorthand(%q) = %s, want error %q", tc.in, pyDumps(got), tc.err)
			} else if !strings.HasPrefix(err.Error(), tc.err) {
				t.Errorf("parseShorthand(%q) error:\n%s\nwant prefix:\n%s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseShorthand(%q): %v", tc.in, err)
			continue
		}
		if s := pyDumps(got); s != tc.want {
			t.Errorf("parseShorthand(%q)\n got %s\nwant %s", tc.in, s, tc.want)
		}
	}
}

func TestShorthandAtEqualsLoadsFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.txt")
	if err := os.WriteFile(path, []byte("from file"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := parseShorthand("a@=file://"+path+",b=file://"+path, loadParamFile)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a": "from file", "b": "file://` + path + `"}`
	if s := pyDumps(got); s != want {
		t.Errorf("got %s, want %s", s, want)
	}
	if _, err := parseShorthand("a@=file://"+filepath.Join(dir, "missing"), loadParamFile); err == nil ||
		!strings.Contains(err.Error(), "No such file or directory") {
		t.Errorf("missing file: err = %v", err)
	}
}

// TestShorthandMatchesAWSCLI runs the AWS CLI's own shorthand parser (the
// awscli Python package, when installed) on the cases above and on inputs
// built to probe the corners of the grammar, and compares results.
func TestShorthandMatchesAWSCLI(t *testing.T) {
	t.Parallel()
	python := awscliPython(t)
	inputs := []string{
		"k=v", "k=v1,v2", "k=[v1,v2]", "k={a=b}", "k=a,b,c=d,e=f", `k=a\,b`, "k='a,b'", `k="a\"b"`,
		"k=a b", "k=a,,b", "k=[a,[b,c]]", "k={a=[b,{c=d}]}", "k=a\tb", "k=\ta", "k=a,\n b", "k=!#$%&()*+-./:;<>?@^_`|~",
		"k=a|b", "k=a}b", "k=a]b", "k=a{b", "k=a[b", "k=a'b", `k=a"b`, "k=😀", "k='😀'", "a.b-c_d#e/f:g=h",
		"k=a,b c,d", "k= spaced ", "k=[ ]", "k={}", "k={a=}", "k={=a}", "k=[,]", "k=a,[b]", "k='x'y", "k=\"\"",
		"k=a\\", "k='a\\\\b'", "k=a,b,", "k=,", ",", "=", "k", "k=a=b,c=d",
	}
	for _, tc := range shorthandCases {
		inputs = append(inputs, tc.in)
	}
	script := `
import json, sys
from awscli.shorthand import ShorthandParser
out = []
for s in json.load(sys.stdin):
    try:
        out.append({"ok": json.dumps(ShorthandParser().parse(s))})
    except Exception as e:
        out.append({"err": str(e).split("\n")[0]})
json.dump(out, sys.stdout)
`
	in, _ := json.Marshal(inputs)
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = strings.NewReader(string(in))
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var results []struct{ Ok, Err *string }
	if err := json.Unmarshal(outb, &results); err != nil {
		t.Fatal(err)
	}
	for i, s := range inputs {
		got, err := parseShorthand(s, nil)
		r := results[i]
		switch {
		case r.Ok != nil && err != nil:
			t.Errorf("%q: AWS CLI parses it as %s; iamsim: %v", s, *r.Ok, err)
		case r.Ok != nil && pyDumps(got) != *r.Ok:
			t.Errorf("%q:\n  AWS CLI %s\n   iamsim %s", s, *r.Ok, pyDumps(got))
		case r.Err != nil && err == nil:
			t.Errorf("%q: AWS CLI rejects it (%s); iamsim parses %s", s, *r.Err, pyDumps(got))
		case r.Err != nil && strings.Split(err.Error(), "\n")[0] != *r.Err:
			t.Errorf("%q: error\n  AWS CLI %s\n   iamsim %s", s, *r.Err, strings.Split(err.Error(), "\n")[0])
		}
	}
}

// awscliPython returns a Python interpreter that can import awscli, or
// skips the test.
func awscliPython(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"python3", "python"} {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if exec.Command(p, "-c", "import awscli.shorthand, botocore").Run() == nil {
			return p
		}
	}
	t.Skip("the AWS CLI (Python package awscli) is not installed")
	return ""
}
