package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/account"
)

// The simulator's cases are data: testdata/cases_*.json. Each file holds
//
//	{"description": "...", "cases": [CASE, ...]}
//
// and each CASE
//
//	{
//	  "name":      "short-name",
//	  "doc":       "where the expected behaviour is stated (an IAM
//	                User Guide page, the API reference, the service model)",
//	  "operation": "SimulateCustomPolicy" | "SimulatePrincipalPolicy" |
//	               "GetContextKeysForCustomPolicy" | "GetContextKeysForPrincipalPolicy",
//	  "options":   {"account": "example", "allowAnyCaller": true, "evaluateTrust": true, "preciseMissing": true},
//	  "input":     the request, in the API's JSON shape,
//	  "output":    the whole expected response, compared as JSON (so fields
//	               that must be absent are checked too),
//	  "error":     {"code": "InvalidInput", "status": 400,
//	                "message": "exact message" | "contains": "substring"}
//	}
//
// In "input", a policy document (an element of PolicyInputList or
// PermissionsBoundaryPolicyInputList, or ResourcePolicy) may be written as a
// JSON object instead of a string: it is passed as its compact text, keys in
// the order written. Positions in such documents are on line 1.
//
// go test -run TestCases -update rewrites each case's "output" with what the
// simulator returns (then review the diff).

var update = flag.Bool("update", false, "rewrite the expected outputs of testdata/cases_*.json")

type caseFile struct {
	Description string     `json:"description"`
	Cases       []*simCase `json:"cases"`
}

type simCase struct {
	Name      string          `json:"name"`
	Doc       string          `json:"doc"`
	Operation string          `json:"operation"`
	Options   *caseOptions    `json:"options,omitempty"`
	Input     json.RawMessage `json:"input"`
	Output    json.RawMessage `json:"output,omitempty"`
	Error     *caseError      `json:"error,omitempty"`
}

type caseOptions struct {
	Account            string `json:"account,omitempty"`
	AllowAnyCaller     bool   `json:"allowAnyCaller,omitempty"`
	EvaluateTrust      bool   `json:"evaluateTrust,omitempty"`
	PreciseMissing     bool   `json:"preciseMissing,omitempty"`
	RequireKeyPolicies bool   `json:"requireKeyPolicies,omitempty"`
}

type caseError struct {
	Code     string `json:"code"`
	Status   int    `json:"status"`
	Message  string `json:"message,omitempty"`
	Contains string `json:"contains,omitempty"`
}

// documentsAsText replaces policy documents written as objects by their
// compact text.
func documentsAsText(t *testing.T, in json.RawMessage) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(in, &m))
	compact := func(raw json.RawMessage) json.RawMessage {
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || raw[0] != '{' {
			return raw
		}
		var buf bytes.Buffer
		require.NoError(t, json.Compact(&buf, raw))
		s, err := json.Marshal(buf.String())
		require.NoError(t, err)
		return s
	}
	for _, k := range []string{"PolicyInputList", "PermissionsBoundaryPolicyInputList"} {
		if raw, ok := m[k]; ok {
			var list []json.RawMessage
			require.NoError(t, json.Unmarshal(raw, &list))
			for i := range list {
				list[i] = compact(list[i])
			}
			m[k], _ = json.Marshal(list)
		}
	}
	if raw, ok := m["ResourcePolicy"]; ok {
		m["ResourcePolicy"] = compact(raw)
	}
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

func (c *simCase) simulator(t *testing.T) *Simulator {
	var opts []Option
	if o := c.Options; o != nil {
		switch o.Account {
		case "":
		case "example":
			opts = append(opts, WithAccount(account.Example()))
		default:
			require.Failf(t, "unknown account", "%q", o.Account)
		}
		if o.AllowAnyCaller {
			opts = append(opts, AllowAnyCaller())
		}
		if o.EvaluateTrust {
			opts = append(opts, EvaluateTrustPolicies())
		}
		if o.PreciseMissing {
			opts = append(opts, PreciseMissingContextValues())
		}
		if o.RequireKeyPolicies {
			opts = append(opts, RequireKeyPolicies())
		}
	}
	return New(opts...)
}

// run calls the case's operation and returns the response as JSON.
func (c *simCase) run(t *testing.T, s *Simulator) (json.RawMessage, error) {
	t.Helper()
	in := documentsAsText(t, c.Input)
	ctx := context.Background()
	strict := func(v any) {
		dec := json.NewDecoder(bytes.NewReader(in))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(v), "input does not match the request shape")
	}
	var out any
	var err error
	switch c.Operation {
	case "SimulateCustomPolicy":
		var req SimulateCustomPolicyInput
		strict(&req)
		out, err = s.SimulateCustomPolicy(ctx, &req)
	case "SimulatePrincipalPolicy":
		var req SimulatePrincipalPolicyInput
		strict(&req)
		out, err = s.SimulatePrincipalPolicy(ctx, &req)
	case "GetContextKeysForCustomPolicy":
		var req GetContextKeysForCustomPolicyInput
		strict(&req)
		out, err = s.GetContextKeysForCustomPolicy(ctx, &req)
	case "GetContextKeysForPrincipalPolicy":
		var req GetContextKeysForPrincipalPolicyInput
		strict(&req)
		out, err = s.GetContextKeysForPrincipalPolicy(ctx, &req)
	default:
		require.Failf(t, "unknown operation", "%q", c.Operation)
	}
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(out)
	require.NoError(t, err)
	return b, nil
}

func TestCases(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/cases_*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".json"), func(t *testing.T) {
			t.Parallel()
			runCaseFile(t, path)
		})
	}
}

// runCaseFile runs each case of the file at path as a subtest, and with
// -update rewrites the file once they are done.
func runCaseFile(t *testing.T, path string) {
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var f caseFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&f))
	var changed atomic.Bool
	names := map[string]bool{}
	for _, c := range f.Cases {
		require.False(t, names[c.Name], "duplicate case name %s", c.Name)
		names[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			require.NotEmpty(t, c.Doc, "every case cites where its behaviour is stated")
			s := c.simulator(t)
			got, err := c.run(t, s)
			if c.Error != nil {
				require.Error(t, err)
				var e *Error
				require.True(t, errors.As(err, &e), "error %v is not a *simulator.Error", err)
				require.Equal(t, c.Error.Code, e.Code, "code (message: %s)", e.Message)
				require.Equal(t, c.Error.Status, e.HTTPStatus)
				if c.Error.Message != "" {
					require.Equal(t, c.Error.Message, e.Message)
				}
				if c.Error.Contains != "" {
					require.Contains(t, e.Message, c.Error.Contains)
				}
				return
			}
			require.NoError(t, err)
			if *update {
				var buf bytes.Buffer
				require.NoError(t, json.Indent(&buf, got, "      ", "  "))
				if !bytes.Equal(bytes.TrimSpace(c.Output), buf.Bytes()) {
					c.Output = buf.Bytes()
					changed.Store(true)
				}
				return
			}
			require.NotEmpty(t, c.Output, "case has neither output nor error")
			require.JSONEq(t, string(c.Output), string(got))
		})
	}
	// Cleanup runs once the parallel cases are done.
	t.Cleanup(func() {
		if !*update || !changed.Load() {
			return
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		require.NoError(t, enc.Encode(f))
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	})
}
