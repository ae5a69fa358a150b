package endpoint

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/iamsim/iamsim/account"
)

// With credentials configured, the SDK's signed requests pass and a wrong
// secret, an unknown key or no signature fail with AWS's codes (403).
func TestSigV4(t *testing.T) {
	t.Parallel()
	h := newHandler(t, WithCredentials(map[string]string{"AKIDGOOD": "good-secret"}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := func(id, secret string) *iam.Client {
		return iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Retryer: aws.NopRetryer{}, HTTPClient: HTTPClient(nil),
			Credentials: credentials.NewStaticCredentialsProvider(id, secret, "")})
	}
	ctx := context.Background()
	if _, err := client("AKIDGOOD", "good-secret").CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("a")}); err != nil {
		t.Fatal(err)
	}
	// A policy document with characters that need encoding.
	if _, err := client("AKIDGOOD", "good-secret").GetContextKeysForCustomPolicy(ctx, &iam.GetContextKeysForCustomPolicyInput{
		PolicyInputList: []string{"{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::b/${aws:username}/*+~ é\"}}"}}); err != nil {
		t.Fatal(err)
	}
	_, err := client("AKIDGOOD", "bad-secret").GetUser(ctx, &iam.GetUserInput{UserName: aws.String("a")})
	wantErr(t, err, "SignatureDoesNotMatch", 403)
	_, err = client("AKIDUNKNOWN", "good-secret").GetUser(ctx, &iam.GetUserInput{UserName: aws.String("a")})
	wantErr(t, err, "InvalidClientTokenId", 403)
	anon := iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Retryer: aws.NopRetryer{}, HTTPClient: HTTPClient(nil), Credentials: aws.AnonymousCredentials{}})
	_, err = anon.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("a")})
	wantErr(t, err, "MissingAuthenticationToken", 403)
}

// presigned signs method and target (an absolute URL with the operation's
// parameters in its query string) the way the SDK presigns a URL, at now.
func presigned(t *testing.T, method, target string, now time.Time) string {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	u, _, err := v4.NewSigner().PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKIDGOOD", SecretAccessKey: "good-secret"},
		req, "UNSIGNED-PAYLOAD", "iam", "us-east-1", now)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// A presigned request authenticates its query string ("Authentication
// methods", IAM User Guide), so a body sent with it is refused: its
// parameters would otherwise join the signed ones, change the operation or
// add to it.
func TestSigV4PresignedBodyRefused(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	for _, c := range []struct {
		name, target, body string
	}{
		{"body adds Path and tags", "http://iam.local/?Action=CreateUser&UserName=carol&Version=2010-05-08",
			"Path=%2Fevil%2F&Tags.member.1.Key=team&Tags.member.1.Value=admins"},
		{"body changes the action", "http://iam.local/?Action=CreateUser&UserName=carol&Version=2010-05-08",
			"Action=DeleteUser&UserName=bob"},
		{"body carries the whole request", "http://iam.local/?Version=2010-05-08",
			"Action=DeleteUser&UserName=bob"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHandler(t, WithCredentials(map[string]string{"AKIDGOOD": "good-secret"}))
			if _, err := h.Account().CreateUser(account.CreateUserInput{UserName: "bob"}); err != nil {
				t.Fatal(err)
			}
			status, body := do(t, h, http.MethodPost, presigned(t, http.MethodPost, c.target, now), c.body)
			var e errorDoc
			if err := xml.Unmarshal([]byte(body), &e); err != nil || status != 403 || e.Code != "SignatureDoesNotMatch" {
				t.Fatalf("got %d %s, want 403 SignatureDoesNotMatch", status, body)
			}
			if _, err := h.Account().GetUser("bob"); err != nil {
				t.Fatalf("bob: %v", err)
			}
			if _, err := h.Account().GetUser("carol"); err == nil {
				t.Fatal("carol was created")
			}
		})
	}
	// The same URL without a body does what it was signed for.
	h := newHandler(t, WithCredentials(map[string]string{"AKIDGOOD": "good-secret"}))
	if status, body := do(t, h, http.MethodPost, presigned(t, http.MethodPost, "http://iam.local/?Action=CreateUser&UserName=carol&Version=2010-05-08", now), ""); status != 200 {
		t.Fatalf("got %d %s", status, body)
	}
}
