package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/endpoint"
	"github.com/iamsim/iamsim/simulator"
)

var serveCommand = &command{
	name:    "serve",
	summary: "Serve the IAM API on a local address for the AWS CLI and SDKs (--endpoint-url).",
	run:     func(c *cli, _ *command, args []string) int { return c.serve(args) },
	help:    func(c *cli, _ *command) { c.serve([]string{"help"}) },
}

const serveHelp = `serve - Serve the IAM API locally, for the AWS CLI and SDKs.

usage: iamsim serve [--listen ADDR] [--account-snapshot FILE] [--data-dir DIR]
                    [--require-sigv4 [--credentials-file FILE]]
                    [--evaluate-trust-policies] [--allow-any-caller]

Answers the IAM Query protocol: the four policy-simulator operations and the
account-management operations needed to build the principals to simulate
(users, groups, roles, inline and managed policies and versions, attachments,
permissions boundaries, tags, GetAccountAuthorizationDetails). Point a client
at it with --endpoint-url:

  iamsim serve --listen 127.0.0.1:4566 &
  aws iam create-user --user-name alice --endpoint-url http://127.0.0.1:4566

Options:
%s
The server prints "listening on http://ADDR" once it accepts connections and
stops cleanly on SIGINT or SIGTERM.
`

// serve runs the local IAM endpoint until interrupted.
func (c *cli) serve(args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	listen := fs.String("listen", "127.0.0.1:4566", "address to listen on (`ADDR`; port 0 picks a free port)")
	snapshot := fs.String("account-snapshot", "", "seed the account from `FILE`, the JSON of `aws iam get-account-authorization-details`\n(with --data-dir, only when the directory holds no state yet)")
	dataDir := fs.String("data-dir", "", "keep the account in `DIR`: every acknowledged change is fsynced to a write-ahead log\nand reloaded on start (default: in memory only)")
	requireSigV4 := fs.Bool("require-sigv4", false, "verify AWS Signature Version 4 with the keys of the credentials file")
	credsFile := fs.String("credentials-file", "", "AWS shared credentials `FILE` for --require-sigv4\n(default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials)")
	evalTrust := fs.Bool("evaluate-trust-policies", false, "evaluate a ResourcePolicy given with sts:AssumeRole* as a role trust policy")
	anyCaller := fs.Bool("allow-any-caller", false, "accept role, assumed-role and federated-user ARNs as CallerArn")
	noLimits := fs.Bool("no-input-limits", false, "lift iamsim's own bounds on a simulation request (documents over 1 MiB in all,\ncontext values over 8 KiB each or 1 MiB in all)")
	fs.Usage = func() {
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(c.stderr)
		fmt.Fprintf(c.stdout, serveHelp, b.String())
	}
	if len(args) > 0 && args[0] == "help" {
		fs.Usage()
		return exitOK
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "iamsim serve: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return exitUsage
	}

	var opts []endpoint.Option
	var simOpts []simulator.Option
	if *evalTrust {
		simOpts = append(simOpts, simulator.EvaluateTrustPolicies())
	}
	if *anyCaller {
		simOpts = append(simOpts, simulator.AllowAnyCaller())
	}
	if *noLimits {
		simOpts = append(simOpts, simulator.WithInputLimits(simulator.InputLimits{PolicyBytes: -1, ContextValueBytes: -1, ContextBytes: -1}))
	}
	opts = append(opts, endpoint.WithSimulatorOptions(simOpts...))
	if *snapshot != "" {
		f, err := os.Open(*snapshot)
		if err != nil {
			fmt.Fprintf(c.stderr, "iamsim serve: %v\n", err)
			return exitError
		}
		acct, err := account.Load(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(c.stderr, "iamsim serve: %s: %v\n", *snapshot, err)
			return exitError
		}
		opts = append(opts, endpoint.WithAccount(acct))
	}
	if *dataDir != "" {
		opts = append(opts, endpoint.WithDataDir(*dataDir))
	}
	if *requireSigV4 {
		path := *credsFile
		if path == "" {
			path = os.Getenv("AWS_SHARED_CREDENTIALS_FILE")
		}
		if path == "" {
			home, _ := os.UserHomeDir()
			path = filepath.Join(home, ".aws", "credentials")
		}
		creds, err := readCredentialsFile(path)
		if err != nil {
			fmt.Fprintf(c.stderr, "iamsim serve: --require-sigv4: %v\n", err)
			return exitError
		}
		opts = append(opts, endpoint.WithCredentials(creds))
	} else if *credsFile != "" {
		fmt.Fprintln(c.stderr, "iamsim serve: --credentials-file needs --require-sigv4")
		return exitUsage
	}

	h, err := endpoint.New(opts...)
	if err != nil {
		fmt.Fprintf(c.stderr, "iamsim serve: %v\n", err)
		return exitError
	}
	defer h.Close()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(c.stderr, "iamsim serve: %v\n", err)
		return exitError
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(c.stdout, "iamsim serve: listening on http://%s\n", ln.Addr())
	if f, ok := c.stdout.(*os.File); ok {
		_ = f.Sync()
	}
	select {
	case err := <-errc:
		fmt.Fprintf(c.stderr, "iamsim serve: %v\n", err)
		return exitError
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(c.stderr, "iamsim serve: shutdown: %v\n", err)
	}
	return exitOK
}

// readCredentialsFile reads the access keys of an AWS shared credentials
// file (INI: [profile] sections with aws_access_key_id and
// aws_secret_access_key); every profile's key is accepted.
func readCredentialsFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	creds := map[string]string{}
	var id, secret string
	flush := func() {
		if id != "" && secret != "" {
			creds[id] = secret
		}
		id, secret = "", ""
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[':
			flush()
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				continue
			}
			switch strings.TrimSpace(k) {
			case "aws_access_key_id":
				id = strings.TrimSpace(v)
			case "aws_secret_access_key":
				secret = strings.TrimSpace(v)
			}
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(creds) == 0 {
		return nil, fmt.Errorf("%s: no aws_access_key_id with an aws_secret_access_key", path)
	}
	return creds, nil
}
