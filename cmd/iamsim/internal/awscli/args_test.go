package awscli

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

var testOptions = slices.Concat([]Option{
	{Name: "--policy-input-list", Member: "PolicyInputList", Kind: StringList, Required: true},
	{Name: "--action-names", Member: "ActionNames", Kind: StringList, Required: true},
	{Name: "--caller-arn", Member: "CallerArn", Kind: String},
	{Name: "--context-entries", Member: "ContextEntries", Kind: StructList},
	{Name: "--marker", Member: "Marker", Kind: String, Hidden: true},
	{Name: "--verbose", Kind: Flag},
	{Name: "--listen", Kind: String, Default: "127.0.0.1:4566"},
	{Name: "--level", Kind: StringList, Repeat: true},
}, PagingOptions(), GlobalOptions(Option{Name: "--output", Kind: String, Choices: []string{"json", "text"}}))

// show prints parsed arguments compactly: values by option, then the
// positional and unknown arguments.
func show(a *Args) string {
	var parts []string
	for _, o := range a.options {
		if v, ok := a.values[o.Name]; ok {
			parts = append(parts, fmt.Sprintf("%s=%q", o.Name, v))
		}
	}
	if len(a.Positionals) > 0 {
		parts = append(parts, fmt.Sprintf("positionals=%q", a.Positionals))
	}
	if len(a.Unknown) > 0 {
		parts = append(parts, fmt.Sprintf("unknown=%q", a.Unknown))
	}
	return strings.Join(parts, " ")
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    string // show of the result
		wantErr string
	}{
		{name: "list takes arguments up to the next option", args: []string{"--action-names", "a:b", "c:d", "--caller-arn", "x"},
			want: `--action-names=["a:b" "c:d"] --caller-arn=["x"]`},
		{name: "name=value", args: []string{"--caller-arn=a=b", "--action-names=a:b"},
			want: `--action-names=["a:b"] --caller-arn=["a=b"]`},
		{name: "last one wins", args: []string{"--caller-arn", "x", "--caller-arn", "y"}, want: `--caller-arn=["y"]`},
		{name: "last list wins", args: []string{"--action-names", "a:b", "--action-names", "c:d"}, want: `--action-names=["c:d"]`},
		{name: "repeated lists add up", args: []string{"--level", "a", "b", "--verbose", "--level", "c"}, want: `--verbose=[] --level=["a" "b" "c"]`},
		{name: "negative number is a value", args: []string{"--max-items", "-1"}, want: `--max-items=["-1"]`},
		{name: "text with a space is a value", args: []string{"--policy-input-list", "-{ \"Statement\": []}"},
			want: `--policy-input-list=["-{ \"Statement\": []}"]`},
		{name: "double dash ends options", args: []string{"--action-names", "a:b", "--", "--caller-arn"},
			want: `--action-names=["a:b"] positionals=["--caller-arn"]`},
		{name: "unknown options and strays", args: []string{"--bogus", "x", "-y"}, want: `positionals=["x"] unknown=["--bogus" "-y"]`},
		{name: "flag", args: []string{"--verbose"}, want: `--verbose=[]`},
		{name: "optional value absent", args: []string{"--generate-cli-skeleton"}, want: `--generate-cli-skeleton=["input"]`},
		{name: "optional value given", args: []string{"--generate-cli-skeleton", "output"}, want: `--generate-cli-skeleton=["output"]`},
		{name: "flag with a value", args: []string{"--verbose=yes"}, wantErr: "argument --verbose: ignored explicit argument 'yes'"},
		{name: "missing value", args: []string{"--caller-arn"}, wantErr: "argument --caller-arn: expected one argument"},
		{name: "value that looks like an option", args: []string{"--caller-arn", "--verbose"}, wantErr: "argument --caller-arn: expected one argument"},
		{name: "empty list", args: []string{"--action-names", "--verbose"}, wantErr: "argument --action-names: expected at least one argument"},
		{name: "not an integer", args: []string{"--page-size", "ten"}, wantErr: "argument --page-size: invalid int value: 'ten'"},
		{name: "Python integer", args: []string{"--page-size", " 1_0 "}, want: `--page-size=[" 1_0 "]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, err := Parse(tc.args, testOptions)
			switch {
			case tc.wantErr != "":
				if err == nil || err.Error() != tc.wantErr {
					t.Errorf("err = %v, want %s", err, tc.wantErr)
				}
			case err != nil:
				t.Errorf("err = %v", err)
			case show(a) != tc.want:
				t.Errorf("\n got %s\nwant %s", show(a), tc.want)
			}
		})
	}
}

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantTop  string
		wantName string
		wantArgs []string
	}{
		{name: "options on both sides", args: []string{"--output", "text", "simulate", "--region", "x"},
			wantTop: `--output=["text"]`, wantName: "simulate", wantArgs: []string{"--output", "text", "--region", "x"}},
		{name: "no command", args: []string{"--version"}, wantTop: `unknown=["--version"]`},
		{name: "nothing", wantTop: ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			top, name, args, err := SplitCommand(tc.args, GlobalOptions(Option{Name: "--output", Kind: String}))
			if err != nil {
				t.Fatal(err)
			}
			if show(top) != tc.wantTop || name != tc.wantName || !slices.Equal(args, tc.wantArgs) {
				t.Errorf("got %s, %q, %q; want %s, %q, %q", show(top), name, args, tc.wantTop, tc.wantName, tc.wantArgs)
			}
		})
	}
}

func TestArgsCheck(t *testing.T) {
	required := []string{"--policy-input-list", "{}", "--action-names", "a:b"}
	tests := []struct {
		name string
		args []string
		want string // "" when the command line is fine
	}{
		{name: "complete", args: required},
		{name: "required missing", args: []string{"--action-names", "a:b"},
			want: "the following arguments are required: --policy-input-list"},
		{name: "--cli-input-json lifts requirements", args: []string{"--cli-input-json", "{}"}},
		{name: "--generate-cli-skeleton lifts requirements", args: []string{"--generate-cli-skeleton"}},
		{name: "unknown before strays", args: append([]string{"stray", "--bogus"}, required...),
			want: "Unknown options: --bogus, stray"},
		{name: "choice", args: append([]string{"--output", "yaml"}, required...),
			want: "argument --output: Invalid choice 'yaml', valid choices are: json, text"},
		{name: "--query", args: append([]string{"--query", "x"}, required...),
			want: "argument --query: not supported by iamsim; pipe the JSON output to a JSON processor such as jq"},
		{name: "output skeleton", args: []string{"--generate-cli-skeleton", "output"},
			want: "argument --generate-cli-skeleton: only 'input' is supported, not 'output'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, err := Parse(tc.args, testOptions)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if err := a.Check(); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestArgsValueAndHelp(t *testing.T) {
	a, err := Parse([]string{"help", "--caller-arn", "x"}, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		option string
		want   string
		wantOK bool
	}{
		{name: "given", option: "--caller-arn", want: "x", wantOK: true},
		{name: "default", option: "--listen", want: "127.0.0.1:4566"},
		{name: "absent", option: "--marker"},
		{name: "not an option", option: "--nothing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if v, ok := a.Value(tc.option); v != tc.want || ok != tc.wantOK {
				t.Errorf("Value(%s) = %q, %v; want %q, %v", tc.option, v, ok, tc.want, tc.wantOK)
			}
		})
	}
	if !a.Help() {
		t.Error(`"help" first is not a request for help`)
	}
	for _, args := range [][]string{{"-h"}, {"--caller-arn", "x", "--help"}} {
		if a, _ := Parse(args, testOptions); !a.Help() {
			t.Errorf("%q is not a request for help", args)
		}
	}
	if a, _ := Parse([]string{"--caller-arn", "help"}, testOptions); a.Help() {
		t.Error("an option's value help is a request for help")
	}
}
