package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/simulator"
)

// Exit statuses, as the AWS CLI (version 2) documents them in "Command line
// return codes".
const (
	exitOK = 0
	// exitUsage: the command line is wrong (unknown or missing option, a
	// value that cannot be parsed or fails the client-side checks); no
	// request was made.
	exitUsage = 252
	// exitService: the simulator answered with an error (InvalidInput,
	// NoSuchEntity, PolicyEvaluation).
	exitService = 254
	// exitError: anything else (an unreadable account snapshot, a bad
	// starting token).
	exitError = 255
)

// envAccountSnapshot names the environment variable that gives a default
// for --account-snapshot.
const envAccountSnapshot = "IAMSIM_ACCOUNT_SNAPSHOT"

// cli is one run of the command. newAPI builds the simulator; tests replace
// it. Like the AWS CLI's simulator commands, iamsim reads nothing from
// standard input; stdin is kept for symmetry with run.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	newAPI         func(opts ...simulator.Option) api
	// account is used by the principal operations when no snapshot is
	// named (the demo's built-in account).
	account *account.Account
}

// run runs iamsim with args (without the program name) and returns the exit
// status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr,
		newAPI: func(opts ...simulator.Option) api { return simulator.New(opts...) }}
	return c.run(args)
}

func (c *cli) run(args []string) int {
	// Global options may come before the command name.
	top, rest, err := parseArgs(nil, args)
	if err != nil {
		return c.usage(err)
	}
	if len(rest) == 0 {
		switch {
		case isHelpFlag(top.unknown):
			c.printMainHelp()
			return exitOK
		case slices.Contains(top.unknown, "--version"):
			fmt.Fprintln(c.stdout, versionString())
			return exitOK
		case len(top.unknown) > 0:
			return c.usage(&usageError{unknown: top.unknown})
		}
		return c.usage(&usageError{msg: "the following arguments are required: command"})
	}
	name, opArgs := rest[0], append(append([]string{}, args[:len(args)-len(rest)]...), rest[1:]...)
	switch name {
	case "help":
		if len(rest) > 1 {
			if cmd := lookupCommand(rest[1]); cmd != nil {
				c.printCommandHelp(cmd)
				return exitOK
			}
			if rest[1] == "demo" {
				c.printDemoHelp()
				return exitOK
			}
			if rest[1] == "serve" {
				return c.serve([]string{"help"})
			}
		}
		c.printMainHelp()
		return exitOK
	case "version":
		fmt.Fprintln(c.stdout, versionString())
		return exitOK
	case "demo":
		return c.demo(opArgs)
	case "serve":
		return c.serve(opArgs)
	}
	cmd := lookupCommand(name)
	if cmd == nil {
		return c.usage(&usageError{msg: invalidChoice(name)})
	}
	return c.runCommand(cmd, opArgs)
}

func isHelpFlag(args []string) bool {
	for _, a := range args {
		if a == "--help" || a == "-h" {
			return true
		}
	}
	return false
}

func invalidChoice(name string) string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	names = append(names, "demo", "serve", "help")
	return fmt.Sprintf("argument command: Invalid choice '%s', valid choices are:\n\n  %s", name, strings.Join(names, "\n  "))
}

// runCommand runs one simulator operation.
func (c *cli) runCommand(cmd *command, args []string) int {
	p, _, err := parseArgs(cmd, args)
	if err != nil {
		return c.usage(err)
	}
	if isHelpFlag(p.unknown) || len(p.positionals) > 0 && p.positionals[0] == "help" {
		c.printCommandHelp(cmd)
		return exitOK
	}
	if err := checkRequired(cmd, p); err != nil {
		return c.usage(err)
	}
	// Like argparse, a stray positional argument is reported with the
	// unknown options.
	if unknown := append(p.unknown, p.positionals...); len(unknown) > 0 {
		return c.usage(&usageError{unknown: unknown})
	}
	format := outputJSON
	if f, ok := p.one("--output"); ok {
		if f != outputJSON && f != outputText && f != outputTable {
			return c.usage(&usageError{msg: fmt.Sprintf("argument --output: Invalid choice '%s', valid choices are: json, text, table", f)})
		}
		format = f
	}
	if p.has("--query") {
		return c.usage(&usageError{msg: "argument --query: not supported by iamsim; pipe the JSON output to a JSON processor such as jq"})
	}
	if s, ok := p.one("--generate-cli-skeleton"); ok {
		if s != "input" {
			return c.usage(&usageError{msg: fmt.Sprintf("argument --generate-cli-skeleton: only 'input' is supported, not '%s'", s)})
		}
		return c.print(outputJSON, cmd.operation, skeleton(cmd))
	}

	// Paging: like the AWS CLI, giving the API's own Marker (--marker) or
	// --no-paginate makes one call and prints the raw response.
	doPaginate := cmd.paginated && !p.has("--no-paginate") && !p.has("--marker")
	if !doPaginate {
		var used []string
		for _, n := range []string{"--starting-token", "--page-size"} {
			if p.has(n) {
				used = append(used, n)
			}
		}
		if len(used) > 0 && cmd.paginated {
			return c.fail(&pagingError{"Cannot specify --no-paginate along with pagination arguments: " + strings.Join(used, ", ")}, exitUsage, cmd.operation)
		}
	}
	params, err := buildParams(cmd, p, !doPaginate)
	if err != nil {
		return c.fail(err, exitUsage, cmd.operation)
	}
	var cfg pageConfig
	if doPaginate {
		if v, ok := p.one("--max-items"); ok {
			n, _ := pyInt(v)
			if n <= 0 {
				fmt.Fprintln(c.stderr, "warning: Non-positive values for --max-items may result in undefined behavior.")
			}
			cfg.maxItems = &n
		}
		if v, ok := p.one("--page-size"); ok {
			n, _ := pyInt(v)
			cfg.pageSize = &n
		}
		if v, ok := p.one("--starting-token"); ok {
			cfg.startingToken = &v
		}
	}

	var opts []simulator.Option
	if p.has("--allow-any-caller") {
		opts = append(opts, simulator.AllowAnyCaller())
	}
	if p.has("--evaluate-trust-policies") {
		opts = append(opts, simulator.EvaluateTrustPolicies())
	}
	if p.has("--precise-missing-context-values") {
		opts = append(opts, simulator.PreciseMissingContextValues())
	}
	if p.has("--no-input-limits") {
		opts = append(opts, simulator.WithInputLimits(noInputLimits))
	}
	if cmd.principal {
		path, ok := p.one("--account-snapshot")
		if !ok {
			path = os.Getenv(envAccountSnapshot)
		}
		acct := c.account
		if path != "" {
			var err error
			if acct, err = loadAccount(path); err != nil {
				return c.fail(err, exitError, cmd.operation)
			}
		}
		if acct != nil {
			opts = append(opts, simulator.WithAccount(acct))
		}
	}
	sim := c.newAPI(opts...)
	shape := cmd.inputShape()
	ctx := context.Background()
	call := func(kwargs *object) (*object, error) {
		if err := validateParams(kwargs, shape); err != nil {
			return nil, err
		}
		return callOperation(ctx, sim, cmd, kwargs)
	}

	var result *object
	if doPaginate {
		result, err = paginate(params, cfg, call)
	} else {
		// One call; the raw response, IsTruncated and Marker included.
		result, err = call(params)
	}
	if err != nil {
		return c.fail(err, exitError, cmd.operation)
	}
	return c.print(format, cmd.operation, result)
}

func (c *cli) print(format, title string, v *object) int {
	if err := printResponse(c.stdout, format, title, v); err != nil {
		fmt.Fprintf(c.stderr, "\n%s\n", err)
		return exitError
	}
	return exitOK
}

// fail prints err as the AWS CLI prints errors (a blank line, then the
// message) and returns its exit status; fallback is the status of errors
// that are not the simulator's or the command line's.
func (c *cli) fail(err error, fallback int, operation string) int {
	status := fallback
	var simErr *simulator.Error
	var valErr *validationError
	var parErr *paramError
	var useErr *usageError
	switch {
	case errors.As(err, &useErr):
		return c.usage(useErr)
	case errors.As(err, &simErr):
		status = exitService
		err = fmt.Errorf("An error occurred (%s) when calling the %s operation: %s", simErr.Code, operation, simErr.Message)
	case errors.As(err, &valErr), errors.As(err, &parErr):
		status = exitUsage
	}
	fmt.Fprintf(c.stderr, "\n%s\n", err)
	return status
}

const usageText = `usage: iamsim [options] <command> [parameters]
To see help text, you can run:

  iamsim help
  iamsim <command> help
`

// usage prints the usage text and the error, as the AWS CLI does for a
// command line it cannot parse.
func (c *cli) usage(err error) int {
	fmt.Fprint(c.stderr, usageText)
	var ue *usageError
	if errors.As(err, &ue) && len(ue.unknown) > 0 {
		fmt.Fprintf(c.stderr, "\n%s\n", ue)
	} else {
		fmt.Fprintf(c.stderr, "iamsim: error: %s\n", err)
	}
	return exitUsage
}

// loadAccount reads an account snapshot: the JSON that `aws iam
// get-account-authorization-details` prints. path may be written as
// file://PATH too.
func loadAccount(path string) (*account.Account, error) {
	path = strings.TrimPrefix(path, prefixFile)
	f, err := os.Open(expandUser(expandVars(path)))
	if err != nil {
		return nil, fmt.Errorf("Unable to read account snapshot: %s", osErrorText(err, path))
	}
	defer f.Close()
	acct, err := account.Load(f)
	if err != nil {
		return nil, fmt.Errorf("Unable to read account snapshot %s: %w", path, err)
	}
	return acct, nil
}

// noInputLimits turns every limit of simulator.InputLimits off
// (--no-input-limits).
var noInputLimits = simulator.InputLimits{PolicyBytes: -1, ContextValueBytes: -1, ContextBytes: -1}
