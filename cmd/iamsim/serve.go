package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
	"github.com/iamsim/iamsim/endpoint"
)

// `iamsim serve` answers the IAM API on a local address until interrupted.

var serveCommand = &command{
	name:    "serve",
	summary: "Serve the IAM API on a local address for the AWS CLI and SDKs (--endpoint-url).",
	options: []awscli.Option{
		{Name: "--listen", Kind: awscli.String, Metavar: "ADDR", Default: "127.0.0.1:4566",
			Help: "The address to listen on; port 0 picks a free port."},
		{Name: "--account-snapshot", Kind: awscli.String, Metavar: "FILE",
			Help: "Seed the account from the JSON printed by `aws iam get-account-authorization-details` (with --data-dir, only when the directory holds no state yet)."},
		{Name: "--data-dir", Kind: awscli.String, Metavar: "DIR",
			Help: "Keep the account in DIR: every acknowledged change is fsynced to a write-ahead log and reloaded on start (default: in memory only)."},
		{Name: "--require-sigv4", Kind: awscli.Flag,
			Help: "Verify AWS Signature Version 4 with the keys of the credentials file."},
		{Name: "--credentials-file", Kind: awscli.String, Metavar: "FILE",
			Help: "The AWS shared credentials file for --require-sigv4 (default: $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials)."},
		withHelp(optEvaluateTrust, "Evaluate a ResourcePolicy given with sts:AssumeRole* as a role trust policy (AWS only parses it)."),
		withHelp(optAllowAnyCaller, "Accept role, assumed-role and federated-user ARNs as CallerArn (AWS accepts IAM users only)."),
		withHelp(optRequireKeyPolicies, "Refuse a KMS key among ResourceArns without its key policy as ResourcePolicy (AWS answers from the identity-based policies)."),
		withHelp(optNoInputLimits, "Lift iamsim's own bounds on a simulation request (documents over 1 MiB in all, context values over 8 KiB each or 1 MiB in all)."),
		{Name: "--max-connections", Kind: awscli.Int, Metavar: "N", Default: strconv.Itoa(endpoint.DefaultMaxConnections),
			Help: "Serve at most N connections at once. At the cap, a connection idle for a second or more is closed to make room; when none is, a new connection is answered at once with HTTP 503 ServiceUnavailable."},
	},
	about: `Answers the IAM Query protocol: the four policy-simulator operations and the
account-management operations needed to build the principals to simulate
(users, groups, roles, inline and managed policies and versions, attachments,
permissions boundaries, tags, GetAccountAuthorizationDetails). Point a client
at it with --endpoint-url:

  iamsim serve --listen 127.0.0.1:4566 &
  aws iam create-user --user-name alice --endpoint-url http://127.0.0.1:4566

`,
	notes: `
The server prints "listening on http://ADDR" once it accepts connections and
stops cleanly on SIGINT or SIGTERM.
Exit status: 0 stopped cleanly; 252 command-line error; 255 other.
`,
	run:  (*cli).runServe,
	help: (*cli).printCommandHelp,
}

func withHelp(o awscli.Option, help string) awscli.Option { o.Help = help; return o }

// runServe runs the local IAM endpoint until interrupted.
func (c *cli) runServe(cmd *command, argv []string) int {
	args, status, done := c.parseArgs(cmd, argv, cmd.options)
	if done {
		return status
	}
	if args.Has("--credentials-file") && !args.Has("--require-sigv4") {
		return c.usage(&awscli.UsageError{Msg: "argument --credentials-file: needs --require-sigv4"})
	}

	v, _ := args.Value("--max-connections")
	maxConns, err := strconv.Atoi(v)
	if err != nil || maxConns < 1 {
		return c.usage(&awscli.UsageError{Msg: "argument --max-connections: must be a whole number of at least 1"})
	}

	opts, err := endpointOptions(args)
	if err != nil {
		fmt.Fprintf(c.stderr, "iamsim serve: %v\n", err)
		return exitError
	}
	h, err := endpoint.New(opts...)
	if err != nil {
		fmt.Fprintf(c.stderr, "iamsim serve: %v\n", err)
		return exitError
	}
	defer h.Close()
	listen, _ := args.Value("--listen")
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		fmt.Fprintf(c.stderr, "iamsim serve: %v\n", err)
		return exitError
	}
	lim := endpoint.LimitConnections(ln, maxConns)
	srv := newServer(h, lim, defaultServeLimits)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lim) }()
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

// serveLimits bound how long a client may hold a connection at each stage
// of a request.
type serveLimits struct {
	// readHeader bounds reading a request's header; read, its header and
	// body.
	readHeader, read time.Duration
	// write bounds the rest of the exchange from the end of the header:
	// the body, the work and the answer. A client that sends a request
	// and never reads a large answer would otherwise hold the handler,
	// the request and the answer for as long as it keeps the connection.
	write time.Duration
	// idle bounds the wait for the next request on a kept-alive
	// connection (shorter when connections run short, see
	// endpoint.ConnLimiter).
	idle time.Duration
}

var defaultServeLimits = serveLimits{
	readHeader: 10 * time.Second,
	read:       60 * time.Second,
	write:      90 * time.Second, // the longest read, then 30 s for the work and the answer
	idle:       120 * time.Second,
}

// newServer returns the HTTP server of `iamsim serve` for h on lim.
func newServer(h http.Handler, lim *endpoint.ConnLimiter, l serveLimits) *http.Server {
	return &http.Server{
		Handler:           h,
		ConnState:         lim.ConnState,
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		// The endpoint refuses headers over endpoint.MaxHeaderBytes with
		// IAM's XML error; net/http, which reads them first, answers
		// plain text for those over its own bound.
		MaxHeaderBytes: 2 * endpoint.MaxHeaderBytes,
	}
}

// endpointOptions turns serve's options into the endpoint's.
func endpointOptions(args *awscli.Args) ([]endpoint.Option, error) {
	opts := []endpoint.Option{endpoint.WithSimulatorOptions(simulatorOptions(args)...)}
	if path, ok := args.Value("--account-snapshot"); ok && path != "" {
		acct, err := loadAccount(path)
		if err != nil {
			return nil, err
		}
		opts = append(opts, endpoint.WithAccount(acct))
	}
	if dir, ok := args.Value("--data-dir"); ok && dir != "" {
		opts = append(opts, endpoint.WithDataDir(dir))
	}
	if args.Has("--require-sigv4") {
		path, _ := args.Value("--credentials-file")
		if path == "" {
			path = os.Getenv("AWS_SHARED_CREDENTIALS_FILE")
		}
		if path == "" {
			home, _ := os.UserHomeDir()
			path = filepath.Join(home, ".aws", "credentials")
		}
		creds, err := readCredentialsFile(path)
		if err != nil {
			return nil, fmt.Errorf("--require-sigv4: %w", err)
		}
		opts = append(opts, endpoint.WithCredentials(creds))
	}
	return opts, nil
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
