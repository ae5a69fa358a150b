package awscli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// shorthandCase is a case of testdata/shorthand.json.
type shorthandCase struct {
	Name string          `json:"name"`
	In   string          `json:"in"`
	Want json.RawMessage `json:"want"` // the value; absent when an error is expected
	Err  string          `json:"err"`  // the start of the error message
}

// shorthandCases reads testdata/shorthand.json. The expectations are what
// the AWS CLI's own parser returns for the same input (checked again, when
// the AWS CLI is installed, by TestShorthandMatchesAWSCLI).
func shorthandCases(t *testing.T) []shorthandCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "shorthand.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []shorthandCase }
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	return file.Cases
}

func TestParseShorthand(t *testing.T) {
	for _, tc := range shorthandCases(t) {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			got, err := parseShorthand(tc.In, nil)
			if tc.Err != "" {
				if err == nil {
					t.Errorf("parseShorthand(%q) = %s, want error %q", tc.In, pyDumps(got), tc.Err)
				} else if !strings.HasPrefix(err.Error(), tc.Err) {
					t.Errorf("parseShorthand(%q) error:\n%s\nwant prefix:\n%s", tc.In, err, tc.Err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseShorthand(%q): %v", tc.In, err)
			}
			want, err := DecodeJSON(string(tc.Want))
			if err != nil {
				t.Fatal(err)
			}
			if s := pyDumps(got); s != pyDumps(want) {
				t.Errorf("parseShorthand(%q)\n got %s\nwant %s", tc.In, s, pyDumps(want))
			}
		})
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
// awscli Python package, when installed) on testdata/shorthand.json and on inputs
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
	for _, tc := range shorthandCases(t) {
		inputs = append(inputs, tc.In)
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
		t.Run(s, func(t *testing.T) {
			t.Parallel()
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
		})
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
