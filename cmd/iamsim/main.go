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
	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
	"github.com/iamsim/iamsim/simulator"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

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

// api is the part of *simulator.Simulator the commands call. Tests
// substitute fakes to check what the CLI sends and how it prints canned
// answers.
type api interface {
	SimulateCustomPolicy(context.Context, *simulator.SimulateCustomPolicyInput) (*simulator.SimulatePolicyResponse, error)
	SimulatePrincipalPolicy(context.Context, *simulator.SimulatePrincipalPolicyInput) (*simulator.SimulatePolicyResponse, error)
	GetContextKeysForCustomPolicy(context.Context, *simulator.GetContextKeysForCustomPolicyInput) (*simulator.GetContextKeysForPolicyResponse, error)
	GetContextKeysForPrincipalPolicy(context.Context, *simulator.GetContextKeysForPrincipalPolicyInput) (*simulator.GetContextKeysForPolicyResponse, error)
}

var _ api = (*simulator.Simulator)(nil)

// cli is one run of the command. newAPI builds the simulator; tests replace
// it. Like the AWS CLI's simulator commands, iamsim reads nothing from
// standard input; stdin is kept for symmetry with run.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	newAPI         func(opts ...simulator.Option) api
	// account is used by the principal commands when no snapshot is named
	// (the demo's built-in account).
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
	top, name, cmdArgs, err := awscli.SplitCommand(args, globalOptions)
	if err != nil {
		return c.usage(err)
	}
	if name == "" {
		switch {
		case top.Help():
			c.printMainHelp()
			return exitOK
		case slices.Contains(top.Unknown, "--version"):
			return versionCommand.run(c, versionCommand, nil)
		case len(top.Unknown) > 0:
			return c.usage(&awscli.UsageError{Unknown: top.Unknown})
		}
		return c.usage(&awscli.UsageError{Msg: "the following arguments are required: command"})
	}
	cmd := lookupCommand(name)
	if cmd == nil {
		var names []string
		for _, k := range commands {
			if !k.hidden {
				names = append(names, k.name)
			}
		}
		return c.usage(&awscli.UsageError{Msg: fmt.Sprintf("argument command: Invalid choice '%s', valid choices are:\n\n  %s",
			name, strings.Join(names, "\n  "))})
	}
	return cmd.run(c, cmd, cmdArgs)
}

// runOperation runs a command that makes an IAM API operation, as the AWS
// CLI runs `aws iam <command>`: it reads the command line into a request,
// checks it, calls the simulator (page by page, unless --no-paginate) and
// prints the response in the --output format.
func (c *cli) runOperation(cmd *command, argv []string) int {
	op := cmd.op
	args, status, done := c.parseArgs(cmd, argv, slices.Concat(cmd.options, globalOptions))
	if done {
		return status
	}
	if args.Has("--generate-cli-skeleton") {
		// Always JSON, whatever --output says, as the AWS CLI prints it.
		return c.print("json", op.Name, awscli.Skeleton(op.Input))
	}
	req, err := awscli.NewRequest(&op.Operation, args)
	if err != nil {
		return c.fail(err, exitUsage, op.Name)
	}
	for _, w := range req.Warnings {
		fmt.Fprintln(c.stderr, w)
	}

	opts := simulatorOptions(args)
	// A command that takes --account-snapshot simulates the principals of
	// an account.
	if cmd.takes(optAccountSnapshot.Name) {
		path, ok := args.Value(optAccountSnapshot.Name)
		if !ok {
			path = os.Getenv(envAccountSnapshot)
		}
		acct := c.account
		if path != "" {
			if acct, err = loadAccount(path); err != nil {
				return c.fail(err, exitError, op.Name)
			}
		}
		if acct != nil {
			opts = append(opts, simulator.WithAccount(acct))
		}
	}
	sim := c.newAPI(opts...)
	if cmd.takes(optStrictActions.Name) {
		sim = newCheckedActions(sim, c.stderr, args)
	}
	ctx := context.Background()
	result, err := req.Send(func(params *awscli.Object) (*awscli.Object, error) {
		return op.call(ctx, sim, params)
	})
	if err != nil {
		return c.fail(err, exitError, op.Name)
	}
	format, ok := args.Value("--output")
	if !ok {
		format = formats[0].name
	}
	return c.print(format, op.Name, result)
}

// simulatorOptions turns iamsim's own options, which the IAM commands and
// serve share, into the simulator's.
func simulatorOptions(args *awscli.Args) []simulator.Option {
	var opts []simulator.Option
	if args.Has(optAllowAnyCaller.Name) {
		opts = append(opts, simulator.AllowAnyCaller())
	}
	if args.Has(optEvaluateTrust.Name) {
		opts = append(opts, simulator.EvaluateTrustPolicies())
	}
	if args.Has(optPreciseMissing.Name) {
		opts = append(opts, simulator.PreciseMissingContextValues())
	}
	if args.Has(optRequireKeyPolicies.Name) {
		opts = append(opts, simulator.RequireKeyPolicies())
	}
	if args.Has(optNoInputLimits.Name) {
		// Every limit of simulator.InputLimits off.
		opts = append(opts, simulator.WithInputLimits(simulator.InputLimits{PolicyBytes: -1, ContextValueBytes: -1, ContextBytes: -1}))
	}
	return opts
}

// snapshotError is an account snapshot that cannot be read.
type snapshotError struct {
	path string // as given; empty when the file could not be opened
	err  error
}

func (e *snapshotError) Error() string {
	if e.path == "" {
		return "Unable to read account snapshot: " + e.err.Error()
	}
	return fmt.Sprintf("Unable to read account snapshot %s: %v", e.path, e.err)
}

func (e *snapshotError) Unwrap() error { return e.err }

// loadAccount reads an account snapshot: the JSON that `aws iam
// get-account-authorization-details` prints. path may be written as
// file://PATH, with ~ and $VAR, as the AWS CLI reads paths.
func loadAccount(path string) (*account.Account, error) {
	f, err := awscli.Open(path)
	if err != nil {
		return nil, &snapshotError{err: err}
	}
	defer f.Close()
	acct, err := account.Load(f)
	if err != nil {
		return nil, &snapshotError{path: strings.TrimPrefix(path, "file://"), err: err}
	}
	return acct, nil
}

// print writes a response in the format called format.
func (c *cli) print(format, title string, v *awscli.Object) int {
	if err := lookupFormat(format).print(c.stdout, title, v); err != nil {
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
	var valErr *awscli.ValidationError
	var parErr *awscli.ParamError
	var useErr *awscli.UsageError
	switch {
	case errors.As(err, &useErr):
		return c.usage(useErr)
	case errors.As(err, &simErr):
		status = exitService
		err = &awscli.ServiceError{Operation: operation, Code: simErr.Code, Message: simErr.Message, Err: err}
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
	var ue *awscli.UsageError
	if errors.As(err, &ue) && len(ue.Unknown) > 0 {
		fmt.Fprintf(c.stderr, "\n%s\n", ue)
	} else {
		fmt.Fprintf(c.stderr, "iamsim: error: %s\n", err)
	}
	return exitUsage
}

// parseArgs reads a command's arguments against options. done reports
// that the command has nothing left to do, with the exit status: its help
// was asked for and printed, or the command line cannot be used.
func (c *cli) parseArgs(cmd *command, argv []string, options []awscli.Option) (args *awscli.Args, status int, done bool) {
	args, err := awscli.Parse(argv, options)
	if err != nil {
		return nil, c.usage(err), true
	}
	if args.Help() {
		cmd.help(c, cmd)
		return nil, exitOK, true
	}
	if err := args.Check(); err != nil {
		return nil, c.usage(err), true
	}
	return args, exitOK, false
}
