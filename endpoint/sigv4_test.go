package endpoint

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
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
