package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

const mainHelp = `iamsim simulates AWS IAM policies offline, deciding as AWS decides. Its
commands take the options of the matching ` + "`aws iam`" + ` commands and print
what ` + "`aws iam ... --output json`" + ` prints, without credentials or network.

usage: iamsim [options] <command> [parameters]

Commands:
%s
Options for every command:
%s
Exit status: 0 success; 252 the command line is wrong (nothing was
simulated); 254 the simulator rejected the request (InvalidInput,
NoSuchEntity, PolicyEvaluation); 255 any other error.

Examples:
  iamsim demo
  iamsim simulate-custom-policy \
      --policy-input-list file://policy.json \
      --action-names s3:GetObject s3:PutObject \
      --resource-arns arn:aws:s3:::example-bucket/report.csv
  iamsim simulate-principal-policy --account-snapshot account.json \
      --policy-source-arn arn:aws:iam::123456789012:user/alice \
      --action-names s3:GetObject \
      --context-entries ContextKeyName=aws:SourceIp,ContextKeyValues=10.0.0.7,ContextKeyType=ip

Run 'iamsim <command> help' for a command's options.
`

// printMainHelp prints the overview.
func (c *cli) printMainHelp() {
	var cmds strings.Builder
	for _, cmd := range commands {
		fmt.Fprintf(&cmds, "  %-38s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintf(&cmds, "  %-38s %s\n", "demo", "Simulate an example account built into iamsim and explain the result.")
	fmt.Fprintf(&cmds, "  %-38s %s\n", "serve", serveSummary)
	fmt.Fprintf(&cmds, "  %-38s %s\n", "help [command]", "Show this help, or a command's.")
	fmt.Fprintf(c.stdout, mainHelp, cmds.String(), optionList(globalOptions))
}

// printCommandHelp prints a command's synopsis and options.
func (c *cli) printCommandHelp(cmd *command) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s - %s\n\n", cmd.name, cmd.summary)
	fmt.Fprintf(&b, "Like `aws iam %s`; the request is the %s API's.\n\n", cmd.name, cmd.operation)
	b.WriteString("usage: iamsim " + cmd.name + "\n")
	for _, o := range cmd.options {
		if o.hidden {
			continue
		}
		syn := o.name
		if o.kind != kindFlag {
			syn += " <value>"
		}
		if !o.required {
			syn = "[" + syn + "]"
		}
		b.WriteString("    " + syn + "\n")
	}
	b.WriteString("    [--output json|text|table] [--cli-input-json <value>] [--generate-cli-skeleton]\n")
	b.WriteString("\nOptions:\n")
	b.WriteString(optionList(cmd.options))
	b.WriteString("\nOptions for every command:\n")
	b.WriteString(optionList(globalOptions))
	if cmd.paginated {
		b.WriteString(`
Results are paged as the AWS CLI pages them: all results are printed unless
--max-items cuts them short, in which case the output ends with a NextToken
to pass to --starting-token.
`)
	}
	b.WriteString(`
Any value may be written as file://PATH (the file's text) or fileb://PATH.
Exit status: 0 success; 252 command-line error; 254 simulator error; 255 other.
`)
	fmt.Fprint(c.stdout, b.String())
}

// optionList formats options for help, one paragraph each.
func optionList(opts []option) string {
	var b strings.Builder
	for _, o := range opts {
		if o.hidden {
			continue
		}
		head := o.name
		switch o.kind {
		case kindStringList, kindStructList:
			head += " " + o.metavar + " [" + o.metavar + " ...]"
		case kindOptional:
			head += " [" + o.metavar + "]"
		case kindFlag:
		default:
			head += " " + o.metavar
		}
		if o.required {
			head += "  (required)"
		}
		fmt.Fprintf(&b, "  %s\n      %s\n", head, o.help)
	}
	return b.String()
}

// versionString names the build.
func versionString() string {
	v := "(devel)"
	goVersion := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		goVersion = " " + bi.GoVersion
	}
	return "iamsim " + v + goVersion
}

// skeleton is the --generate-cli-skeleton template: every request member
// with an empty value of its type, in the service model's order.
func skeleton(cmd *command) *object {
	o := newObject()
	for _, m := range cmd.members {
		switch m {
		case "ContextEntries":
			e := newObject()
			e.set("ContextKeyName", "")
			e.set("ContextKeyValues", []any{""})
			e.set("ContextKeyType", "string")
			o.set(m, []any{e})
		case "MaxItems":
			o.set(m, int64(0))
		default:
			if memberShapes[m].typ == "list" {
				o.set(m, []any{""})
			} else {
				o.set(m, "")
			}
		}
	}
	return o
}
