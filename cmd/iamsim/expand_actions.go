package main

import (
	"fmt"
	"strings"

	"github.com/iamsim/iamsim/catalog"
	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
)

// `iamsim expand-actions PATTERN...` lists the actions that Action patterns
// match, from the service catalog.

var optAccessLevel = awscli.Option{Name: "--access-level", Kind: awscli.StringList, Metavar: "LEVEL", Repeat: true,
	Help: "Only actions of these access levels: List, Read, Write, Permissions-management, Tagging " +
		"(any case; repeat the option or give several, each may be a comma-separated list)."}

var expandActionsCommand = &command{
	name:    "expand-actions",
	usage:   "PATTERN [PATTERN ...]",
	summary: "List the actions that Action patterns such as s3:Get* match, with their access levels.",
	options: []awscli.Option{optAccessLevel, outputOption()},
	about: `Each PATTERN is matched as the Action element of a policy matches actions:
service:Name with the * and ? wildcards anywhere, in any case, or * for every
action. The actions come from the service catalog built into iamsim (the
Service Authorization Reference), once each, ordered by service prefix and
then name. A pattern that matches no action is reported on standard error,
with the nearest names when it has no wildcard.

  iamsim expand-actions 's3:Get*' 'iam:*Policy' --access-level Read
  iamsim expand-actions '*' --access-level permissions-management --output text

`,
	notes: `
--output json (the default) prints {"Actions": [{"Action", "AccessLevel",
"Service"}, ...]}; text prints one ACTIONS line per action, table a table.
Exit status: 0 success (even if nothing matched); 252 command-line error.
`,
	run:  (*cli).runExpandActions,
	help: (*cli).printCommandHelp,
}

func (c *cli) runExpandActions(cmd *command, argv []string) int {
	args, err := awscli.Parse(argv, cmd.options)
	if err != nil {
		return c.usage(err)
	}
	if args.Help() {
		cmd.help(c, cmd)
		return exitOK
	}
	// The patterns are the command's positional arguments, which Check
	// would report as strays.
	patterns := args.Positionals
	args.Positionals = nil
	if err := args.Check(); err != nil {
		return c.usage(err)
	}
	if len(patterns) == 0 {
		return c.usage(&awscli.UsageError{Msg: "the following arguments are required: PATTERN"})
	}
	levels, err := accessLevels(args.Values(optAccessLevel.Name))
	if err != nil {
		return c.usage(err)
	}
	cat := catalog.Default()
	var actions []*catalog.Action
	for _, p := range patterns {
		matched, err := cat.ExpandAction(p)
		if err != nil {
			return c.usage(&awscli.UsageError{Msg: fmt.Sprintf("argument PATTERN: %q is not an action pattern: write service:Name, with * and ? as wildcards, or *", p)})
		}
		if len(matched) == 0 {
			fmt.Fprintf(c.stderr, "warning: %s matches no action%s\n", p, didYouMean(cat, p))
		}
		actions = append(actions, matched...)
	}
	// Several patterns: each action once, in the catalog's order.
	if len(patterns) > 1 {
		if actions, err = cat.ExpandAction(patterns...); err != nil {
			return c.usage(err)
		}
	}

	list := make([]any, 0, len(actions))
	for _, a := range actions {
		if levels != nil && !levels[a.AccessLevel] {
			continue
		}
		o := awscli.NewObject()
		o.Set("Action", a.String())
		o.Set("AccessLevel", a.AccessLevel.String())
		o.Set("Service", a.Service.Name)
		list = append(list, o)
	}
	out := awscli.NewObject()
	out.Set("Actions", list)
	format, ok := args.Value("--output")
	if !ok {
		format = formats[0].name
	}
	return c.print(format, "ExpandActions", out)
}

// accessLevels reads --access-level's values, each of which may be a
// comma-separated list; nil when none is given.
func accessLevels(values []string) (map[catalog.AccessLevel]bool, error) {
	if values == nil {
		return nil, nil
	}
	levels := map[catalog.AccessLevel]bool{}
	for _, v := range values {
		for _, s := range strings.Split(v, ",") {
			l, ok := catalog.ParseAccessLevel(strings.TrimSpace(s))
			if !ok {
				var names []string
				for _, l := range catalog.AccessLevels() {
					names = append(names, l.String())
				}
				return nil, &awscli.UsageError{Msg: fmt.Sprintf("argument %s: invalid choice: '%s' (choose from %s)",
					optAccessLevel.Name, s, strings.Join(names, ", "))}
			}
			levels[l] = true
		}
	}
	return levels, nil
}

// didYouMean is ` (did you mean a, b or c?)` for the nearest known names
// of action, or "".
func didYouMean(cat *catalog.Catalog, action string) string {
	near := cat.NearestActions(action)
	switch len(near) {
	case 0:
		return ""
	case 1:
		return " (did you mean " + near[0] + "?)"
	}
	return " (did you mean " + strings.Join(near[:len(near)-1], ", ") + " or " + near[len(near)-1] + "?)"
}
