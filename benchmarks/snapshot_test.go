package benchmarks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/internal/measure"
	"github.com/iamsim/iamsim/simulator"
)

// The account-snapshot workload: the JSON of
// `aws iam get-account-authorization-details` for an account with 5,000 roles
// and 5,000 customer-managed policies of 4 versions each (20,000 policy
// versions), as the AWS CLI prints it (documents as JSON objects). Target:
// loading it takes ≤ 2 s and ≤ 500 MB.

const snapshotAccount = "111122223333"

// snapshotJSON builds the snapshot deterministically.
func snapshotJSON(roles, policies, versions int) []byte {
	doc := func(i, v int) map[string]any {
		return map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{
				map[string]any{"Sid": "Read", "Effect": "Allow",
					"Action":   []string{"s3:GetObject", "s3:ListBucket", fmt.Sprintf("dynamodb:Get%d*", v)},
					"Resource": []string{fmt.Sprintf("arn:aws:s3:::bucket-%d", i), fmt.Sprintf("arn:aws:s3:::bucket-%d/*", i)}},
				map[string]any{"Sid": "Tables", "Effect": "Allow", "Action": "dynamodb:*",
					"Resource":  fmt.Sprintf("arn:aws:dynamodb:eu-west-1:%s:table/t-%d", snapshotAccount, i),
					"Condition": map[string]any{"StringEquals": map[string]any{"aws:RequestedRegion": "eu-west-1"}}},
				map[string]any{"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
			},
		}
	}
	var pols []any
	for i := range policies {
		var vl []any
		for v := range versions {
			vl = append(vl, map[string]any{"Document": doc(i, v), "VersionId": fmt.Sprintf("v%d", v+1),
				"IsDefaultVersion": v == versions-1, "CreateDate": "2024-01-15T09:30:00+00:00"})
		}
		pols = append(pols, map[string]any{
			"PolicyName": fmt.Sprintf("policy-%d", i), "PolicyId": fmt.Sprintf("ANPA%016d", i),
			"Arn": fmt.Sprintf("arn:aws:iam::%s:policy/policy-%d", snapshotAccount, i), "Path": "/",
			"DefaultVersionId": fmt.Sprintf("v%d", versions), "AttachmentCount": 1, "IsAttachable": true,
			"CreateDate": "2024-01-15T09:30:00+00:00", "UpdateDate": "2024-01-15T09:30:00+00:00",
			"PolicyVersionList": vl,
		})
	}
	var rl []any
	for i := range roles {
		p := i % max(policies, 1)
		var attached []any
		if policies > 0 {
			attached = []any{map[string]any{"PolicyName": fmt.Sprintf("policy-%d", p),
				"PolicyArn": fmt.Sprintf("arn:aws:iam::%s:policy/policy-%d", snapshotAccount, p)}}
		}
		rl = append(rl, map[string]any{
			"Path": "/", "RoleName": fmt.Sprintf("role-%d", i), "RoleId": fmt.Sprintf("AROA%016d", i),
			"Arn":        fmt.Sprintf("arn:aws:iam::%s:role/role-%d", snapshotAccount, i),
			"CreateDate": "2024-01-16T09:00:00+00:00",
			"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{
				map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}}},
			"InstanceProfileList":     []any{},
			"RolePolicyList":          []any{map[string]any{"PolicyName": "inline", "PolicyDocument": doc(i, 0)}},
			"AttachedManagedPolicies": attached,
			"Tags":                    []any{map[string]any{"Key": "team", "Value": fmt.Sprintf("t%d", i%17)}},
		})
	}
	b, err := json.Marshal(map[string]any{"UserDetailList": []any{}, "GroupDetailList": []any{}, "RoleDetailList": rl, "Policies": pols})
	if err != nil {
		panic(err)
	}
	return b
}

// checkSnapshot simulates one role of a loaded snapshot: its managed
// policy's default version allows dynamodb:* on its table in eu-west-1.
func checkSnapshot(tb testing.TB, acct *account.Account, role int) {
	tb.Helper()
	sim := simulator.New(simulator.WithAccount(acct))
	out, err := sim.SimulatePrincipalPolicy(context.Background(), &simulator.SimulatePrincipalPolicyInput{
		PolicySourceArn: fmt.Sprintf("arn:aws:iam::%s:role/role-%d", snapshotAccount, role),
		SimulateCustomPolicyInput: simulator.SimulateCustomPolicyInput{
			ActionNames:    []string{"dynamodb:PutItem", "s3:DeleteBucket"},
			ResourceArns:   []string{fmt.Sprintf("arn:aws:dynamodb:eu-west-1:%s:table/t-%d", snapshotAccount, role)},
			ContextEntries: []simulator.ContextEntry{{ContextKeyName: "aws:RequestedRegion", ContextKeyValues: []string{"eu-west-1"}, ContextKeyType: "string"}},
		},
	})
	if err != nil {
		tb.Fatal(err)
	}
	if got := out.EvaluationResults[0].EvalDecision; got != "allowed" {
		tb.Fatalf("role %d dynamodb:PutItem: %s, want allowed", role, got)
	}
	if got := out.EvaluationResults[1].EvalDecision; got != "explicitDeny" {
		tb.Fatalf("role %d s3:DeleteBucket: %s, want explicitDeny", role, got)
	}
}

func TestAccountSnapshot(t *testing.T) {
	t.Parallel()
	data := snapshotJSON(50, 50, 4)
	acct, err := account.Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(acct.Roles()) != 50 || len(acct.Policies()) != 50 {
		t.Fatalf("loaded %d roles and %d policies", len(acct.Roles()), len(acct.Policies()))
	}
	checkSnapshot(t, acct, 7)
}

// BenchmarkLoadAccountSnapshot loads the 5,000-role, 20,000-version
// snapshot. B/op is what one load allocates in all; live-MB is the heap the
// loaded account keeps (measured after a GC).
func BenchmarkLoadAccountSnapshot(b *testing.B) {
	data := snapshotJSON(5000, 5000, 4)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := measure.ProcessCPU()
	n := 0
	var acct *account.Account
	for b.Loop() {
		var err error
		acct, err = account.Load(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(measure.ProcessCPU()-cpu0)/float64(n), "cpu-ns/op")
	b.StopTimer()
	checkSnapshot(b, acct, 4321)
	acct = nil
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	kept, err := account.Load(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	runtime.KeepAlive(kept)
	b.ReportMetric(float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc))/(1<<20), "live-MB")
	b.ReportMetric(float64(len(data))/(1<<20), "input-MB")
}
