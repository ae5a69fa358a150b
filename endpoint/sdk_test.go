package endpoint

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go"
	"github.com/iamsim/iamsim/account"
)

// newTestClient serves h over httptest and returns the official SDK's IAM
// client pointed at it (no retries, so that errors surface at once), over
// HTTPClient, which keeps the SDK from closing a connection under a response
// it is reading.
func newTestClient(t testing.TB, h *Handler) *iam.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return iam.New(iam.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   HTTPClient(nil),
	})
}

func newHandler(t testing.TB, opts ...Option) *Handler {
	t.Helper()
	h, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// apiCode returns the error code the SDK surfaces.
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func TestSDKSimulateCustomPolicyShape(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, newHandler(t, WithAccount(account.Example())))
	out, err := c.SimulateCustomPolicy(context.Background(), &iam.SimulateCustomPolicyInput{
		PolicyInputList: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`},
		ActionNames:     []string{"s3:GetObject", "ec2:RunInstances"},
		ResourceArns:    []string{"arn:aws:s3:::b/k"},
	})
	if err != nil {
		t.Fatal(err)
	}
	// A concrete resource: EvalDecisionDetails present and empty, one
	// ResourceSpecificResults entry; MatchedStatements present even when
	// empty, as live responses have them (API_EvaluationResult).
	r := out.EvaluationResults
	if len(r) != 2 || r[0].EvalDecision != "allowed" || r[0].EvalDecisionDetails == nil || len(r[0].ResourceSpecificResults) != 1 ||
		r[1].MatchedStatements == nil || r[1].MissingContextValues == nil {
		b, _ := json.MarshalIndent(r, "", " ")
		t.Fatalf("unexpected shape:\n%s", b)
	}
}
