package main

import (
	"fmt"
	"regexp"
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
//   - the last occurrence of an option wins.

// usageError is a command line the parser rejects. The message follows
// "iamsim: error: " after the usage text; unknown options are listed
// instead, as the AWS CLI does.
type usageError struct {
	msg     string
	unknown []string
}

func (e *usageError) Error() string {
	if len(e.unknown) > 0 {
		return "Unknown options: " + strings.Join(e.unknown, ", ")
	}
	return e.msg
}

// parsedArgs is a parsed command line.
type parsedArgs struct {
	values      map[string][]string // by option name; flags map to an empty slice
	positionals []string
	unknown     []string
}

func (p *parsedArgs) has(name string) bool {
	_, ok := p.values[name]
	return ok
}

// one returns the value of a single-valued option.
func (p *parsedArgs) one(name string) (string, bool) {
	v, ok := p.values[name]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
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

// parseArgs reads args against c's options and the global ones (c nil:
// global options only, stopping at the first positional argument, the
// command name; rest holds what follows it).
func parseArgs(c *command, args []string) (p *parsedArgs, rest []string, err error) {
	p = &parsedArgs{values: map[string][]string{}}
	onlyPositionals := false
	for i := 0; i < len(args); {
		a := args[i]
		if !onlyPositionals && a == "--" {
			onlyPositionals = true
			i++
			continue
		}
		if onlyPositionals || !looksLikeOption(a) {
			if c == nil {
				return p, args[i:], nil
			}
			p.positionals = append(p.positionals, a)
			i++
			continue
		}
		i++
		name, val, hasVal := a, "", false
		o, ok := c.lookupOption(name)
		if !ok {
			if eq := strings.IndexByte(a, '='); eq > 0 {
				name, val, hasVal = a[:eq], a[eq+1:], true
				o, ok = c.lookupOption(name)
			}
		}
		if !ok {
			p.unknown = append(p.unknown, a)
			continue
		}
		switch o.kind {
		case kindFlag:
			if hasVal {
				return nil, nil, &usageError{msg: fmt.Sprintf("argument %s: ignored explicit argument '%s'", o.name, val)}
			}
			p.values[o.name] = []string{}
		case kindString, kindInt:
			if !hasVal {
				if i >= len(args) || looksLikeOption(args[i]) {
					return nil, nil, &usageError{msg: fmt.Sprintf("argument %s: expected one argument", o.name)}
				}
				val = args[i]
				i++
			}
			if o.kind == kindInt {
				if _, err := pyInt(val); err != nil {
					return nil, nil, &usageError{msg: fmt.Sprintf("argument %s: invalid int value: %s", o.name, pyQuote(val))}
				}
			}
			p.values[o.name] = []string{val}
		case kindOptional:
			if !hasVal && i < len(args) && !looksLikeOption(args[i]) {
				val, hasVal = args[i], true
				i++
			}
			if !hasVal {
				val = "input"
			}
			p.values[o.name] = []string{val}
		case kindStringList, kindStructList:
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
				return nil, nil, &usageError{msg: fmt.Sprintf("argument %s: expected at least one argument", o.name)}
			}
			p.values[o.name] = vals
		}
	}
	return p, nil, nil
}

// checkRequired reports the required options of c that p lacks. Like the
// AWS CLI, --cli-input-json lifts the requirement (the JSON may hold them;
// validation checks the merged request), and so does
// --generate-cli-skeleton.
func checkRequired(c *command, p *parsedArgs) error {
	if p.has("--cli-input-json") || p.has("--generate-cli-skeleton") {
		return nil
	}
	var missing []string
	for _, o := range c.options {
		if o.required && !p.has(o.name) {
			missing = append(missing, o.name)
		}
	}
	if len(missing) > 0 {
		return &usageError{msg: "the following arguments are required: " + strings.Join(missing, ", ")}
	}
	return nil
}
