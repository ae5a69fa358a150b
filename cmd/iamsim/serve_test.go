package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/endpoint"
)

// server is a running `iamsim serve`.
type server struct {
	cmd    *exec.Cmd
	url    string
	stderr *strings.Builder
}

// startServe starts the binary on a free loopback port and waits for its
// "listening on" line.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	cmd := exec.Command(iamsimBinary(t), append([]string{"serve", "--listen", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, stderr: &strings.Builder{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.kill() })
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "listening on "); ok {
				line <- u
			}
		}
		close(line)
	}()
	select {
	case u, ok := <-line:
		if !ok {
			cmd.Wait()
			t.Fatalf("iamsim serve exited: %s", s.stderr)
		}
		s.url = u
	case <-time.After(30 * time.Second):
		t.Fatal("iamsim serve did not start")
	}
	return s
}

func (s *server) kill() {
	if s.cmd.ProcessState == nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
}

// stop ends the server as Ctrl-C does and checks that it exits cleanly.
func (s *server) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(os.Interrupt)
	if err := s.cmd.Wait(); err != nil {
		t.Fatalf("iamsim serve: %v: %s", err, s.stderr)
	}
}

func (s *server) client() *iam.Client {
	return iam.New(iam.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(s.url),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   endpoint.HTTPClient(nil),
	})
}

func TestServeWithSnapshot(t *testing.T) {
	dir := t.TempDir()
	snap := writeFile(t, dir, "account.json", string(account.ExampleJSON()))
	s := startServe(t, "--account-snapshot", snap)
	ctx := context.Background()
	c := s.client()
	out, err := c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::111122223333:user/engineering/alice"),
		ActionNames:     []string{"s3:GetObject"},
		ResourceArns:    []string{"arn:aws:s3:::example-home/alice/notes.txt"},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The same request through the CLI command gives the same decision.
	want := iamsim(t, dir, nil, "simulate-principal-policy", "--account-snapshot", snap,
		"--policy-source-arn", "arn:aws:iam::111122223333:user/engineering/alice",
		"--action-names", "s3:GetObject", "--resource-arns", "arn:aws:s3:::example-home/alice/notes.txt")
	if !strings.Contains(want.stdout, `"EvalDecision": "`+string(out.EvaluationResults[0].EvalDecision)+`"`) {
		t.Fatalf("endpoint says %s; CLI says\n%s", out.EvaluationResults[0].EvalDecision, want.stdout)
	}
	if _, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("zed")}); err != nil {
		t.Fatal(err)
	}
	s.stop(t)
}

// TestServeDataDirSurvivesKill kills the server with SIGKILL while a client
// is making changes, restarts it on the same data directory, and checks that
// every change the server acknowledged is there, several times over.
func TestServeDataDirSurvivesKill(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var acked []string
	rounds := 4
	if testing.Short() {
		rounds = 2
	}
	for round := range rounds {
		s := startServe(t, "--data-dir", dir)
		c := s.client()
		// Everything acknowledged before is still there.
		for _, name := range acked {
			err := retryRead(func() error {
				_, err := c.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(name)})
				return err
			})
			if err != nil {
				t.Fatalf("round %d: acknowledged user %s lost: %v", round, name, err)
			}
		}
		var n atomic.Int64
		done := make(chan []string)
		go func() {
			var mine []string
			for i := 0; ; i++ {
				name := fmt.Sprintf("u%d-%d", round, i)
				_, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name),
					Tags: []types.Tag{{Key: aws.String("round"), Value: aws.String(fmt.Sprint(round))}}})
				if err != nil {
					done <- mine
					return
				}
				mine = append(mine, name)
				n.Add(1)
			}
		}()
		// Kill at a different moment each round, once changes are flowing.
		for n.Load() < int64(5+round*7) {
			time.Sleep(time.Millisecond)
		}
		s.cmd.Process.Kill()
		s.cmd.Wait()
		acked = append(acked, <-done...)
	}
	s := startServe(t, "--data-dir", dir)
	var out *iam.ListUsersOutput
	err := retryRead(func() (err error) {
		out, err = s.client().ListUsers(ctx, &iam.ListUsersInput{MaxItems: aws.Int32(1000)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, u := range out.Users {
		have[aws.ToString(u.UserName)] = true
	}
	for _, name := range acked {
		if !have[name] {
			t.Fatalf("acknowledged user %s lost", name)
		}
	}
	t.Logf("%d acknowledged changes over %d kills, %d users after reload", len(acked), rounds, len(out.Users))
	s.stop(t)
	// The data directory is locked while a server uses it.
	entries, _ := os.ReadDir(dir)
	if len(entries) == 0 {
		t.Fatal("empty data directory")
	}
}

// retryRead retries a read that failed at the transport level, a guard
// against a connection to a just-restarted server closed under the client
// ("use of closed network connection", as the SDK race that
// endpoint.HTTPClient works around produces). A read that reaches the
// server and fails (NoSuchEntity: a lost change) is not retried.
func retryRead(read func() error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = read(); err == nil || !isTransportError(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 50 * time.Millisecond)
	}
	return err
}

func isTransportError(err error) bool {
	var re *smithyhttp.RequestSendError
	return errors.As(err, &re) || errors.Is(err, net.ErrClosed)
}

func TestServeRequireSigV4(t *testing.T) {
	dir := t.TempDir()
	creds := writeFile(t, dir, "credentials", "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n\n[other]\naws_access_key_id=AKIDOTHER\naws_secret_access_key=other\n")
	s := startServe(t, "--require-sigv4", "--credentials-file", creds)
	ctx := context.Background()
	if _, err := s.client().CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("a")}); err != nil {
		t.Fatal(err)
	}
	bad := iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: aws.String(s.url), Retryer: aws.NopRetryer{}, HTTPClient: endpoint.HTTPClient(nil),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDOTHER", "wrong", "")})
	if _, err := bad.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("a")}); err == nil || !strings.Contains(err.Error(), "SignatureDoesNotMatch") {
		t.Fatalf("want SignatureDoesNotMatch, got %v", err)
	}
	// The AWS CLI signs its requests with botocore; they pass with the
	// right secret and fail with AWS's code with a wrong one.
	t.Run("AWS CLI", func(t *testing.T) {
		aws := awsCLI(t)
		run := func(secret string, args ...string) (string, error) {
			cmd := exec.Command(aws, append(append([]string{"iam"}, args...), "--endpoint-url", s.url, "--region", "us-east-1", "--output", "json")...)
			cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIDOTHER", "AWS_SECRET_ACCESS_KEY="+secret,
				"AWS_CONFIG_FILE="+filepath.Join(dir, "no-config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "no-credentials"),
				"AWS_MAX_ATTEMPTS=1", "AWS_PAGER=")
			out, err := cmd.CombinedOutput()
			return string(out), err
		}
		if out, err := run("other", "create-user", "--user-name", "cli", "--path", "/signed/", "--tags", "Key=k,Value=v"); err != nil || !strings.Contains(out, `"Arn": "arn:aws:iam::123456789012:user/signed/cli"`) {
			t.Fatalf("create-user: %v: %s", err, out)
		}
		if out, err := run("other", "get-user", "--user-name", "cli"); err != nil || !strings.Contains(out, `"Path": "/signed/"`) {
			t.Fatalf("get-user: %v: %s", err, out)
		}
		if out, err := run("wrong", "get-user", "--user-name", "cli"); err == nil || !strings.Contains(out, "SignatureDoesNotMatch") {
			t.Fatalf("want SignatureDoesNotMatch, got %v: %s", err, out)
		}
	})
	s.stop(t)
}

// A data directory whose log is damaged before its last record is refused
// with where the damage is; `iamsim recover` carries what is whole into a
// new directory, which serves again.
func TestServeRefusesDamagedLogAndRecovers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() + "/data"
	s := startServe(t, "--data-dir", dir)
	c := s.client()
	ctx := context.Background()
	for i := range 20 {
		if _, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(fmt.Sprint("user-", i))}); err != nil {
			t.Fatal(err)
		}
	}
	s.stop(t)
	wal := dir + "/wal.log"
	b, err := os.ReadFile(wal)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x04 // a bit flipped in a middle record
	if err := os.WriteFile(wal, b, 0o600); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(iamsimBinary(t), "serve", "--listen", "127.0.0.1:0", "--data-dir", dir)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitError {
		t.Fatalf("serve: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "wal.log: record ") || !strings.Contains(string(out), "is damaged") ||
		!strings.Contains(string(out), "iamsim recover") {
		t.Fatalf("serve said:\n%s", out)
	}
	if after, _ := os.ReadFile(wal); string(after) != string(b) {
		t.Fatal("the refused log was changed")
	}

	into := t.TempDir() + "/recovered"
	out, err = exec.Command(iamsimBinary(t), "recover", "--data-dir", dir, "--into", into).CombinedOutput()
	if err != nil {
		t.Fatalf("recover: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "records replayed: 19") || !strings.Contains(string(out), "damaged (checksum mismatch)") {
		t.Fatalf("recover said:\n%s", out)
	}
	s = startServe(t, "--data-dir", into)
	users, err := s.client().ListUsers(ctx, &iam.ListUsersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(users.Users) != 19 {
		t.Fatalf("%d users served after recovery, want 19", len(users.Users))
	}
	s.stop(t)
}
