package awscli

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Command lines are read the way the AWS CLI's argparse-based parser reads
// them, so that any `aws iam ...` simulator command line works unchanged:
//
//   - "--name value" and "--name=value";
//   - list options take every following argument up to the next option
//     ("--action-names s3:GetObject s3:PutObject");
//   - an argument is an option if it starts with "-", unless it is a
//     negative number or contains a space (a policy document may start
//     with "-" only if it has a space in it, which JSON text usually has);
//   - "--" ends the options;
//   - the last occurrence of an option wins (unless it is an iamsim
//     option marked Repeat).

// Kind says how an option takes its value (argparse's nargs).
type Kind int

// The kinds of options.
const (
	String     Kind = iota // one value
	StringList             // one or more values, or a JSON list
	StructList             // one or more shorthand values, or JSON
	Int                    // one integer
	Flag                   // no value
	Optional               // zero or one value ("input" when none is given)
)

// Option is one command-line option.
type Option struct {
	Name string // as typed: "--policy-input-list"
	// Member is the request member the option fills ("" for options of
	// the CLI itself).
	Member   string
	Kind     Kind
	Required bool
	Metavar  string // what help shows for its value: "ARN"
	Help     string
	Hidden   bool     // accepted, not listed by help
	Choices  []string // the values it accepts, if limited (argparse's choices)
	Default  string   // Args.Value's answer when the option is absent
	// Repeat lets a list option be given more than once, its values
	// adding up (argparse's action="extend"); without it the last
	// occurrence wins, as it does for every option of the AWS CLI.
	Repeat bool
}

// UsageError is a command line the parser rejects. The AWS CLI prints the
// usage text, then either "aws: error: " and the message or, for unknown
// options, the list of them.
type UsageError struct {
	Msg     string
	Unknown []string // unknown options and stray arguments, as given
}

// Error returns the list of unknown options, or the message.
func (e *UsageError) Error() string {
	if len(e.Unknown) > 0 {
		return "Unknown options: " + strings.Join(e.Unknown, ", ")
	}
	return e.Msg
}

// Args is a parsed command line.
type Args struct {
	options     []Option
	values      map[string][]string // by option name; flags map to an empty slice
	Positionals []string            // arguments that are not options or their values
	Unknown     []string            // arguments that look like options no one takes
}

// Has reports whether the option called name was given.
func (a *Args) Has(name string) bool {
	_, ok := a.values[name]
	return ok
}

// Value returns the value of the single-valued option called name and
// whether it was given; when it was not, the value is the option's Default.
func (a *Args) Value(name string) (string, bool) {
	if v, ok := a.values[name]; ok && len(v) > 0 {
		return v[0], true
	}
	if o, ok := lookupOption(a.options, name); ok {
		return o.Default, false
	}
	return "", false
}

// Values returns the values of the list option called name, nil if it was
// not given.
func (a *Args) Values(name string) []string {
	return a.values[name]
}

// Help reports whether the command line asks for help: "--help" or "-h"
// anywhere, or "help" as the first argument that is not an option.
func (a *Args) Help() bool {
	return slices.Contains(a.Unknown, "--help") || slices.Contains(a.Unknown, "-h") ||
		len(a.Positionals) > 0 && a.Positionals[0] == "help"
}

// Check reports, as the AWS CLI does before it reads any value, the
// required options missing, unknown options and stray arguments, and values
// outside an option's choices.
//
// Like the AWS CLI, --cli-input-json lifts the requirement of required
// options (the JSON may hold them; validation checks the merged request),
// and so does --generate-cli-skeleton.
func (a *Args) Check() error {
	if !a.Has("--cli-input-json") && !a.Has("--generate-cli-skeleton") {
		var missing []string
		for _, o := range a.options {
			if o.Required && !a.Has(o.Name) {
				missing = append(missing, o.Name)
			}
		}
		if len(missing) > 0 {
			return &UsageError{Msg: "the following arguments are required: " + strings.Join(missing, ", ")}
		}
	}
	// Like argparse, a stray positional argument is reported with the
	// unknown options.
	if unknown := slices.Concat(a.Unknown, a.Positionals); len(unknown) > 0 {
		return &UsageError{Unknown: unknown}
	}
	for _, o := range a.options {
		if v, ok := a.Value(o.Name); ok && len(o.Choices) > 0 && !slices.Contains(o.Choices, v) {
			return &UsageError{Msg: fmt.Sprintf("argument %s: Invalid choice '%s', valid choices are: %s", o.Name, v, strings.Join(o.Choices, ", "))}
		}
	}
	if a.Has("--query") {
		return &UsageError{Msg: "argument --query: not supported by iamsim; pipe the JSON output to a JSON processor such as jq"}
	}
	if s, ok := a.Value("--generate-cli-skeleton"); ok && s != "input" {
		return &UsageError{Msg: fmt.Sprintf("argument --generate-cli-skeleton: only 'input' is supported, not '%s'", s)}
	}
	return nil
}

var negativeNumber = regexp.MustCompile(`^-\d+$|^-\d*\.\d+$`)

// looksLikeOption reports whether the parser takes arg for an option.
func looksLikeOption(arg string) bool {
	if len(arg) < 2 || arg[0] != '-' {
		return false
	}
	if negativeNumber.MatchString(arg) {
		return false
	}
	if strings.HasPrefix(arg, "--") && strings.Contains(arg, "=") {
		return true // "--name=value with spaces"
	}
	return !strings.Contains(arg, " ")
}

func lookupOption(options []Option, name string) (Option, bool) {
	for _, o := range options {
		if o.Name == name {
			return o, true
		}
	}
	return Option{}, false
}

// Parse reads the arguments of a command (after its name) against the
// options it takes.
func Parse(args []string, options []Option) (*Args, error) {
	a, _, err := parse(args, options, false)
	return a, err
}

// SplitCommand reads a whole command line, `[options] <command>
// [parameters]`: the options before the command name (globals only), the
// name ("" if there is none), and the command's arguments, which are the
// options given before the name followed by everything after it, since the
// AWS CLI lets global options come on either side.
func SplitCommand(args []string, globals []Option) (top *Args, name string, cmdArgs []string, err error) {
	top, rest, err := parse(args, globals, true)
	if err != nil || len(rest) == 0 {
		return top, "", nil, err
	}
	return top, rest[0], slices.Concat(args[:len(args)-len(rest)], rest[1:]), nil
}

// parse reads args against options. With untilCommand it stops at the first
// positional argument, the command name, and returns it and what follows as
// rest.
func parse(args []string, options []Option, untilCommand bool) (a *Args, rest []string, err error) {
	a = &Args{options: options, values: map[string][]string{}}
	onlyPositionals := false
	for i := 0; i < len(args); {
		arg := args[i]
		if !onlyPositionals && arg == "--" {
			onlyPositionals = true
			i++
			continue
		}
		if onlyPositionals || !looksLikeOption(arg) {
			if untilCommand {
				return a, args[i:], nil
			}
			a.Positionals = append(a.Positionals, arg)
			i++
			continue
		}
		i++
		val, hasVal := "", false
		o, ok := lookupOption(options, arg)
		if !ok {
			if eq := strings.IndexByte(arg, '='); eq > 0 {
				val, hasVal = arg[eq+1:], true
				o, ok = lookupOption(options, arg[:eq])
			}
		}
		if !ok {
			a.Unknown = append(a.Unknown, arg)
			continue
		}
		switch o.Kind {
		case Flag:
			if hasVal {
				return nil, nil, &UsageError{Msg: fmt.Sprintf("argument %s: ignored explicit argument '%s'", o.Name, val)}
			}
			a.values[o.Name] = []string{}
		case String, Int:
			if !hasVal {
				if i >= len(args) || looksLikeOption(args[i]) {
					return nil, nil, &UsageError{Msg: fmt.Sprintf("argument %s: expected one argument", o.Name)}
				}
				val = args[i]
				i++
			}
			if o.Kind == Int {
				if _, err := pyInt(val); err != nil {
					return nil, nil, &UsageError{Msg: fmt.Sprintf("argument %s: invalid int value: %s", o.Name, pyQuote(val))}
				}
			}
			a.values[o.Name] = []string{val}
		case Optional:
			if !hasVal && i < len(args) && !looksLikeOption(args[i]) {
				val, hasVal = args[i], true
				i++
			}
			if !hasVal {
				val = "input"
			}
			a.values[o.Name] = []string{val}
		case StringList, StructList:
			var vals []string
			if hasVal {
				vals = []string{val}
			} else {
				for i < len(args) && args[i] != "--" && !looksLikeOption(args[i]) {
					vals = append(vals, args[i])
					i++
				}
			}
			if len(vals) == 0 {
				return nil, nil, &UsageError{Msg: fmt.Sprintf("argument %s: expected at least one argument", o.Name)}
			}
			if o.Repeat {
				vals = append(a.values[o.Name], vals...)
			}
			a.values[o.Name] = vals
		}
	}
	return a, nil, nil
}
