package endpoint_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/iamsim/iamsim/endpoint"
)

// The endpoint serves the IAM API to an unmodified AWS SDK client: build a
// user with an inline policy, then simulate what it may do, all offline.
func Example() {
	h, err := endpoint.New() // an empty account, 123456789012
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()

	ctx := context.Background()
	client := iam.New(iam.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		HTTPClient:   endpoint.HTTPClient(nil), // see HTTPClient: a race in the SDK
	})
	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("alice")}); err != nil {
		log.Fatal(err)
	}
	if _, err := client.PutUserPolicy(ctx, &iam.PutUserPolicyInput{
		UserName:       aws.String("alice"),
		PolicyName:     aws.String("read-reports"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::reports/*"}}`),
	}); err != nil {
		log.Fatal(err)
	}
	out, err := client.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::123456789012:user/alice"),
		ActionNames:     []string{"s3:GetObject", "s3:PutObject"},
		ResourceArns:    []string{"arn:aws:s3:::reports/q3.csv"},
	})
	if err != nil {
		log.Fatal(err)
	}
	// An inline user policy is reported as user_<UserName>_<PolicyName>, as
	// live responses show; s3:PutObject matches no statement, so it is
	// implicitly denied (reference_policies_evaluation-logic.md).
	for _, r := range out.EvaluationResults {
		fmt.Println(*r.EvalActionName, r.EvalDecision)
		for _, m := range r.MatchedStatements {
			fmt.Println("  matched", *m.SourcePolicyId)
		}
	}
	// Output:
	// s3:GetObject allowed
	//   matched user_alice_read-reports
	// s3:PutObject implicitDeny
}
