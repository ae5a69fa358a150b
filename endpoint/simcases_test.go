package endpoint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/simulator"
)

// The simulator's own case files (../simulator/testdata/cases_*.json: documented and
// publicly captured AWS responses) replayed through the official SDK
// against the endpoint: every response must come back as the simulator's
// JSON says, every error with its code and HTTP status.

type simCase struct {
	Name      string `json:"name"`
	Operation string `json:"operation"`
	Options   *struct {
		Account            string `json:"account"`
		AllowAnyCaller     bool   `json:"allowAnyCaller"`
		EvaluateTrust      bool   `json:"evaluateTrust"`
		PreciseMissing     bool   `json:"preciseMissing"`
		RequireKeyPolicies bool   `json:"requireKeyPolicies"`
	} `json:"options"`
	Input  json.RawMessage `json:"input"`
	Output json.RawMessage `json:"output"`
	Error  *struct {
		Code    string `json:"code"`
		Status  int    `json:"status"`
		Message string `json:"message"`
	} `json:"error"`
}

// documentsAsText replaces policy documents written as JSON objects by
// their compact text, as the simulator's tests do.
func documentsAsText(t *testing.T, in json.RawMessage) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	compact := func(raw json.RawMessage) json.RawMessage {
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || raw[0] != '{' {
			return raw
		}
		var buf bytes.Buffer
		_ = json.Compact(&buf, raw)
		s, _ := json.Marshal(buf.String())
		return s
	}
	for _, k := range []string{"PolicyInputList", "PermissionsBoundaryPolicyInputList"} {
		if raw, ok := m[k]; ok {
			var list []json.RawMessage
			_ = json.Unmarshal(raw, &list)
			for i := range list {
				list[i] = compact(list[i])
			}
			m[k], _ = json.Marshal(list)
		}
	}
	if raw, ok := m["ResourcePolicy"]; ok {
		m["ResourcePolicy"] = compact(raw)
	}
	out, _ := json.Marshal(m)
	return out
}

// normalize drops the nulls the SDK's structs carry for absent members, so
// that SDK output and simulator JSON compare equal.
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if e == nil {
				delete(t, k)
				continue
			}
			t[k] = normalize(e)
		}
		// The simulator omits IsTruncated=false and a nil Marker.
		if t["IsTruncated"] == false {
			delete(t, "IsTruncated")
		}
	case []any:
		for i := range t {
			t[i] = normalize(t[i])
		}
	}
	return v
}

func jsonOf(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var g any
	_ = json.Unmarshal(b, &g)
	b, _ = json.MarshalIndent(normalize(g), "", " ")
	return string(b)
}

func TestSDKSimulatorCases(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob("../simulator/testdata/cases_*.json")
	if len(paths) == 0 {
		t.Fatal("no simulator case files")
	}
	type caseFile struct {
		name  string
		cases []*simCase
	}
	var files []caseFile
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var f struct{ Cases []*simCase }
		if err := json.Unmarshal(raw, &f); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		files = append(files, caseFile{strings.TrimSuffix(filepath.Base(path), ".json"), f.Cases})
	}
	// One endpoint for each set of options, made before the cases run in
	// parallel and read only by them.
	clients := map[string]*iam.Client{}
	for _, f := range files {
		for _, c := range f.cases {
			if k := c.optionsKey(); clients[k] == nil {
				clients[k] = newTestClient(t, newHandler(t, c.endpointOptions()...))
			}
		}
	}
	n := 0
	for _, f := range files {
		n += len(f.cases)
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			for _, c := range f.cases {
				t.Run(c.Name, func(t *testing.T) {
					t.Parallel()
					runSDKCase(t, clients[c.optionsKey()], c)
				})
			}
		})
	}
	t.Logf("%d cases", n)
}

// optionsKey identifies the endpoint a case needs.
func (c *simCase) optionsKey() string {
	k, _ := json.Marshal(c.Options)
	return string(k)
}

// endpointOptions are the options of the endpoint a case needs.
func (c *simCase) endpointOptions() []Option {
	var opts []Option
	var sopts []simulator.Option
	if o := c.Options; o != nil {
		if o.Account == "example" {
			opts = append(opts, WithAccount(account.Example()))
		}
		if o.AllowAnyCaller {
			sopts = append(sopts, simulator.AllowAnyCaller())
		}
		if o.EvaluateTrust {
			sopts = append(sopts, simulator.EvaluateTrustPolicies())
		}
		if o.PreciseMissing {
			sopts = append(sopts, simulator.PreciseMissingContextValues())
		}
		if o.RequireKeyPolicies {
			sopts = append(sopts, simulator.RequireKeyPolicies())
		}
	}
	return append(opts, WithSimulatorOptions(sopts...))
}

// runSDKCase sends the case's request through cl and compares the answer
// with the case's output or error.
func runSDKCase(t *testing.T, cl *iam.Client, c *simCase) {
	in := documentsAsText(t, c.Input)
	ctx := context.Background()
	var out any
	var err error
	dec := func(v any) {
		if err := json.Unmarshal(in, v); err != nil {
			t.Skipf("input does not fit the SDK's request shape: %v", err)
		}
	}
	switch c.Operation {
	case "SimulateCustomPolicy":
		var req iam.SimulateCustomPolicyInput
		dec(&req)
		var o *iam.SimulateCustomPolicyOutput
		if o, err = cl.SimulateCustomPolicy(ctx, &req); err == nil {
			out = struct {
				EvaluationResults any
				IsTruncated       bool
				Marker            *string
			}{o.EvaluationResults, o.IsTruncated, o.Marker}
		}
	case "SimulatePrincipalPolicy":
		var req iam.SimulatePrincipalPolicyInput
		dec(&req)
		var o *iam.SimulatePrincipalPolicyOutput
		if o, err = cl.SimulatePrincipalPolicy(ctx, &req); err == nil {
			out = struct {
				EvaluationResults any
				IsTruncated       bool
				Marker            *string
			}{o.EvaluationResults, o.IsTruncated, o.Marker}
		}
	case "GetContextKeysForCustomPolicy":
		var req iam.GetContextKeysForCustomPolicyInput
		dec(&req)
		var o *iam.GetContextKeysForCustomPolicyOutput
		if o, err = cl.GetContextKeysForCustomPolicy(ctx, &req); err == nil {
			out = struct{ ContextKeyNames []string }{o.ContextKeyNames}
		}
	case "GetContextKeysForPrincipalPolicy":
		var req iam.GetContextKeysForPrincipalPolicyInput
		dec(&req)
		var o *iam.GetContextKeysForPrincipalPolicyOutput
		if o, err = cl.GetContextKeysForPrincipalPolicy(ctx, &req); err == nil {
			out = struct{ ContextKeyNames []string }{o.ContextKeyNames}
		}
	default:
		t.Fatalf("unknown operation %s", c.Operation)
	}
	if c.Error != nil {
		if err == nil {
			t.Fatalf("want %s, got success", c.Error.Code)
		}
		if got := apiCode(err); got != c.Error.Code {
			if strings.Contains(err.Error(), "validation error(s) found") {
				t.Skipf("the SDK refuses the request itself: %v", err)
			}
			t.Fatalf("code %q, want %q (%v)", got, c.Error.Code, err)
		}
		var re *awshttp.ResponseError
		if !errors.As(err, &re) || re.HTTPStatusCode() != c.Error.Status {
			t.Fatalf("status: %v, want %d", err, c.Error.Status)
		}
		if c.Error.Message != "" && !strings.Contains(err.Error(), c.Error.Message) {
			t.Fatalf("message %v, want %q", err, c.Error.Message)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	var want any
	_ = json.Unmarshal(c.Output, &want)
	if got, w := jsonOf(t, out), jsonOf(t, want); got != w {
		t.Fatalf("got\n%s\nwant\n%s", got, w)
	}
}
