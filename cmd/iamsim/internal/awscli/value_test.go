package awscli

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

func mustDecode(t *testing.T, s string) any {
	t.Helper()
	v, err := DecodeJSON(s)
	if err != nil {
		t.Fatalf("DecodeJSON(%q): %v", s, err)
	}
	return v
}

func TestWriteJSONLayout(t *testing.T) {
	// Python's json.dump(indent=4, ensure_ascii=False), as the AWS CLI
	// prints: "key": value, four spaces a level, empty containers inline,
	// non-ASCII and "<>&" as they are, control characters escaped.
	v := mustDecode(t, `{"b": [], "a": {}, "s": "é<>&/\u2028\u007f\b\f\u0001\t\"\\", "n": [1, -2.5, true, null, {"x": 1e21}]}`)
	var b bytes.Buffer
	writeJSON(&b, v, 0)
	want := "{\n" +
		"    \"b\": [],\n" +
		"    \"a\": {},\n" +
		"    \"s\": \"é<>&/\u2028\u007f\\b\\f\\u0001\\t\\\"\\\\\",\n" +
		"    \"n\": [\n" +
		"        1,\n" +
		"        -2.5,\n" +
		"        true,\n" +
		"        null,\n" +
		"        {\n" +
		"            \"x\": 1e+21\n" +
		"        }\n" +
		"    ]\n" +
		"}"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestDecodeJSONKeepsOrder(t *testing.T) {
	v := mustDecode(t, `{"z": 1, "a": 2, "z": 3}`)
	if got := pyDumps(v); got != `{"z": 3, "a": 2}` {
		t.Errorf("got %s", got)
	}
	_, err := DecodeJSON("[{\"a\": 5}")
	if err == nil || !strings.Contains(err.Error(), "line 1 column 10 (char 9)") {
		t.Errorf("error position: %v", err)
	}
}

func TestDecodeJSONRejects(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"empty", ``}, {"unclosed object", `{`}, {"trailing comma", `{"a": 1,}`}, {"extra data", `[1] 2`}, {"no colon", `{"a" 1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if v, err := DecodeJSON(tc.in); err == nil {
				t.Errorf("DecodeJSON(%q) = %s, want an error", tc.in, pyDumps(v))
			}
		})
	}
}

func TestPyRepr(t *testing.T) {
	tests := []struct {
		name string
		json string
		want string
		typ  string
	}{
		{"string", `"plain"`, "plain", "<class 'str'>"},
		{"list", `["a", "it's", "q\"", 1, 2.5, true, null]`, `['a', "it's", 'q"', 1, 2.5, True, None]`, "<class 'list'>"},
		{"dict", `{"k": ["v"]}`, `{'k': ['v']}`, "<class 'dict'>"},
		{"small float", `1e-7`, "1e-07", "<class 'float'>"},
		{"float without exponent", `0.0001`, "0.0001", "<class 'float'>"},
		{"whole float", `100.0`, "100.0", "<class 'float'>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := mustDecode(t, tc.json)
			if got := pyRepr(v, true); got != tc.want {
				t.Errorf("pyRepr(%s) = %s, want %s", tc.json, got, tc.want)
			}
			if got := pyTypeName(v); got != tc.typ {
				t.Errorf("pyTypeName(%s) = %s, want %s", tc.json, got, tc.typ)
			}
		})
	}
}

// TestJSONMatchesPython prints values with writeJSON, pyDumps and pyRepr
// and compares with what Python itself prints for them.
func TestJSONMatchesPython(t *testing.T) {
	t.Parallel()
	python := awscliPython(t)
	docs := []string{
		`{"EvaluationResults": [{"EvalActionName": "s3:GetObject", "MatchedStatements": [], "EvalDecisionDetails": {}}]}`,
		`{"s": "é日本😀 <>& \u0000\u001f\u007f\u0080\u2028\ud83d\ude00 \\ \" / \b\f\n\r\t"}`,
		`[1, -0.5, 1e100, 123456789012345678, true, false, null, "x", [], {}, [[{}]]]`,
		`{"Marker": null, "boto_truncate_amount": 12}`,
		`{"Marker": "AQAAAAI7TDA15iQyJNj5HgQpvmjN"}`,
		`["a", "it's", "both ' and \"", "tab\there", 0.1, 1e16, 1e15, 1e-5, 0.0001]`,
	}
	script := `
import json, sys
out = []
for d in json.load(sys.stdin):
    v = json.loads(d)
    out.append([json.dumps(v, indent=4, ensure_ascii=False), json.dumps(v), str(v)])
json.dump(out, sys.stdout)
`
	in, _ := json.Marshal(docs)
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var want [][3]string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			v := mustDecode(t, d)
			var b bytes.Buffer
			writeJSON(&b, v, 0)
			if b.String() != want[i][0] {
				t.Errorf("writeJSON(%s):\n got %s\nwant %s", d, b.String(), want[i][0])
			}
			if got := pyDumps(v); got != want[i][1] {
				t.Errorf("pyDumps(%s):\n got %s\nwant %s", d, got, want[i][1])
			}
			if got := pyRepr(v, true); got != want[i][2] {
				t.Errorf("pyRepr(%s):\n got %s\nwant %s", d, got, want[i][2])
			}
		})
	}
}

// TestDecodeJSONMatchesPython parses valid and broken JSON with decodeJSON
// and with Python's json.loads (which the AWS CLI uses) and compares the
// values and the error messages.
func TestDecodeJSONMatchesPython(t *testing.T) {
	t.Parallel()
	python := awscliPython(t)
	docs := []string{
		``, ` `, `{`, `[`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `"abc`, "\"a\x01b\"", `"a\qb"`, `"\u12"`, `"\u12G4"`,
		`[1 2]`, `{"a":1 "b":2}`, `1.`, `-`, `01`, `nul`, `tru`, `[1]x`, "\ufeff[]", `{"a":}`, `[,]`, `{"a":1`, `[1`,
		`"\ud83d\ude00"`, `"\u00e9\u65e5"`, `NaN`, `-Infinity`, `[Infinity]`, `1e5`, `1E+2`, `-0`, `1.5e-3`, "[\n 1,\n x]",
		`{"a": [1, {"b": }]}`, `"\`, `"abc\"`, `{"a":1}}`, ` [] `, "\t{}\r\n", "[1,\n]", `{"":{}}`, `{"a"}`,
		`{"a":1,"a":2, "b": [true, false, null]}`, `"\"\\\/\b\f\n\r\t"`, `{"é": "日本"}`, "[\"tab\there\"]", `{"a": 1, }`,
		`{"PolicyInputList": ["{\"Version\": \"2012-10-17\"}"], "MaxItems": 5}`, `[{"ContextKeyName": 5}`, `9223372036854775807`,
	}
	script := `
import json, sys
out = []
for d in json.load(sys.stdin):
    try:
        out.append({"ok": json.dumps(json.loads(d))})
    except json.JSONDecodeError as e:
        out.append({"err": str(e)})
json.dump(out, sys.stdout)
`
	in, _ := json.Marshal(docs)
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var want []struct{ Ok, Err *string }
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			v, err := DecodeJSON(d)
			w := want[i]
			switch {
			case w.Ok != nil && err != nil:
				t.Errorf("%q: Python reads %s; iamsim: %v", d, *w.Ok, err)
			case w.Ok != nil && pyDumps(v) != *w.Ok:
				t.Errorf("%q:\n  Python %s\n  iamsim %s", d, *w.Ok, pyDumps(v))
			case w.Err != nil && err == nil:
				t.Errorf("%q: Python rejects it (%s); iamsim reads %s", d, *w.Err, pyDumps(v))
			case w.Err != nil && err.Error() != *w.Err:
				t.Errorf("%q:\n  Python %s\n  iamsim %s", d, *w.Err, err)
			}
		})
	}
}
