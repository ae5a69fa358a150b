package main

import (
	"fmt"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
	"github.com/iamsim/iamsim/endpoint"
)

// `iamsim recover` salvages a data directory that `iamsim serve` refuses to
// start from.

var recoverCommand = &command{
	name:    "recover",
	summary: "Salvage the account of a damaged --data-dir into a new directory.",
	options: []awscli.Option{
		{Name: "--data-dir", Kind: awscli.String, Metavar: "DIR", Required: true,
			Help: "The data directory `iamsim serve` refused to start from. It is only read."},
		{Name: "--into", Kind: awscli.String, Metavar: "DIR", Required: true,
			Help: "A new (or empty) directory to write the salvaged account to; serve from it afterwards."},
	},
	about: `iamsim serve refuses a data directory whose write-ahead log it cannot
replay whole (a damaged record before the last, records missing, a log
without its state.json) rather than lose what follows. recover reads such a
directory, changing nothing in it, carries over the snapshot and every whole
record after it into a new directory, and prints what it could not carry
over:

  iamsim recover --data-dir /var/lib/iamsim --into /var/lib/iamsim.recovered
  iamsim serve --data-dir /var/lib/iamsim.recovered

`,
	notes: `
Exit status: 0 the account was recovered (the report lists what was lost);
252 command-line error; 255 nothing was written.
`,
	run:  (*cli).runRecover,
	help: (*cli).printCommandHelp,
}

func (c *cli) runRecover(cmd *command, argv []string) int {
	args, status, done := c.parseArgs(cmd, argv, cmd.options)
	if done {
		return status
	}
	dir, _ := args.Value("--data-dir")
	into, _ := args.Value("--into")
	report, err := endpoint.RecoverDataDir(dir, into)
	if err != nil {
		fmt.Fprintf(c.stderr, "iamsim recover: %v\n", err)
		return exitError
	}
	fmt.Fprint(c.stdout, report)
	return exitOK
}
