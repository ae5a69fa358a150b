package sigv4_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/iamsim/iamsim/endpoint/internal/sigv4"
)

// A request signed with the AWS SDK's signer passes; the same request with
// its body changed after signing, or with a key the server does not know,
// is refused with AWS's error code.
func ExampleVerify() {
	creds := map[string]string{"AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

	// The client signs...
	body := "Action=GetUser&UserName=alice&Version=2010-05-08"
	out, err := http.NewRequest("POST", "http://127.0.0.1:8080/", strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	out.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(),
		aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: creds["AKIDEXAMPLE"]},
		out, hex.EncodeToString(sum[:]), "iam", "us-east-1", now); err != nil {
		panic(err)
	}
	// ...and the server verifies the request as it reads it off the wire.
	var wire bytes.Buffer
	if err := out.Write(&wire); err != nil {
		panic(err)
	}
	in, err := http.ReadRequest(bufio.NewReader(&wire))
	if err != nil {
		panic(err)
	}

	fmt.Println("signed:", sigv4.Verify(in, []byte(body), creds, now) == nil)
	tampered := strings.Replace(body, "alice", "admin", 1)
	fmt.Println("tampered:", sigv4.Verify(in, []byte(tampered), creds, now).Code)
	fmt.Println("unknown key:", sigv4.Verify(in, []byte(body), map[string]string{}, now).Code)
	// Output:
	// signed: true
	// tampered: SignatureDoesNotMatch
	// unknown key: InvalidClientTokenId
}
