package main

import (
	"fmt"
	"strings"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
)

// `iamsim help [command]` prints the overview, or a command's help, which
// `iamsim <command> help` and `--help` print too.

var helpCommand = &command{
	name:    "help",
	usage:   "[command]",
	summary: "Show this help, or a command's.",
	run: func(c *cli, _ *command, args []string) int {
		if p, err := awscli.Parse(args, globalOptions); err == nil && len(p.Positionals) > 0 {
			if cmd := lookupCommand(p.Positionals[0]); cmd != nil && !cmd.hidden && cmd.help != nil {
				cmd.help(c, cmd)
				return exitOK
			}
		}
		c.printMainHelp()
		return exitOK
	},
}

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
		if cmd.hidden {
			continue
		}
		name := cmd.name
		if cmd.usage != "" {
			name += " " + cmd.usage
		}
		fmt.Fprintf(&cmds, "  %-38s %s\n", name, cmd.summary)
	}
	fmt.Fprintf(c.stdout, mainHelp, cmds.String(), optionList(globalOptions))
}

// printCommandHelp prints a command's synopsis and options. The IAM
// commands take the options of every command too, and read values as the
// AWS CLI does.
func (c *cli) printCommandHelp(cmd *command) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s - %s\n\n", cmd.name, cmd.summary)
	if cmd.op != nil {
		fmt.Fprintf(&b, "Like `aws iam %s`; the request is the %s API's.\n\n", cmd.name, cmd.op.Name)
	}
	b.WriteString(cmd.about)
	b.WriteString("usage: iamsim " + cmd.name)
	if cmd.usage != "" {
		b.WriteString(" " + cmd.usage)
	}
	b.WriteString("\n")
	for _, o := range cmd.options {
		if o.Hidden {
			continue
		}
		syn := o.Name
		if o.Kind != awscli.Flag {
			syn += " <value>"
		}
		if !o.Required {
			syn = "[" + syn + "]"
		}
		b.WriteString("    " + syn + "\n")
	}
	if cmd.op != nil {
		b.WriteString("    [--output " + formatNames("|") + "] [--cli-input-json <value>] [--generate-cli-skeleton]\n")
	}
	b.WriteString("\nOptions:\n")
	b.WriteString(optionList(cmd.options))
	if cmd.op != nil {
		b.WriteString("\nOptions for every command:\n")
		b.WriteString(optionList(globalOptions))
		if cmd.op.Paginator != nil {
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
	}
	b.WriteString(cmd.notes)
	fmt.Fprint(c.stdout, b.String())
}

// optionList formats options for help, one paragraph each.
func optionList(opts []awscli.Option) string {
	var b strings.Builder
	for _, o := range opts {
		if o.Hidden {
			continue
		}
		head := o.Name
		switch o.Kind {
		case awscli.StringList, awscli.StructList:
			head += " " + o.Metavar + " [" + o.Metavar + " ...]"
		case awscli.Optional:
			head += " [" + o.Metavar + "]"
		case awscli.Flag:
		default:
			head += " " + o.Metavar
		}
		if o.Required {
			head += "  (required)"
		}
		help := o.Help
		if o.Default != "" {
			help = strings.TrimSuffix(help, ".") + " (default: " + o.Default + ")."
		}
		fmt.Fprintf(&b, "  %s\n      %s\n", head, help)
	}
	return b.String()
}
