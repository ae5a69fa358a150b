package eval_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/eval"
	"github.com/iamsim/iamsim/policy"
)

// The conformance corpus: testdata/conformance/*.json, each case citing the
// AWS IAM User Guide page that states its outcome. The format is described
// in testdata/conformance/README.md.

type confFile struct {
	Description string     `json:"description"`
	Cases       []confCase `json:"cases"`
}

type confCase struct {
	Name         string            `json:"name"`
	Doc          string            `json:"doc"`
	Note         string            `json:"note"`
	Identity     []json.RawMessage `json:"identity"`
	Resource     json.RawMessage   `json:"resource"`
	ResourceKind string            `json:"resourceKind"`
	Boundary     []json.RawMessage `json:"boundary"`
	Session      []json.RawMessage `json:"session"`
	SCPs         [][]json.RawMessage
	RCPs         [][]json.RawMessage
	VPCEndpoint  json.RawMessage `json:"vpcEndpoint"`
	Request      confRequest     `json:"request"`
	Want         string          `json:"want"`
	WantMissing  *[]string       `json:"wantMissing"`
	WantMatched  *[]string       `json:"wantMatched"`
	// WantOverridden: the Allow statements an explicit deny overrode
	// (Result.Overridden), policy id # 1-based statement index.
	WantOverridden *[]string  `json:"wantOverridden"`
	WantError      *confError `json:"wantError"`
}

type confRequest struct {
	Action          string            `json:"action"`
	Resource        *string           `json:"resource"`
	Principal       *string           `json:"principal"`
	ResourceAccount string            `json:"resourceAccount"`
	PrincipalTags   map[string]string `json:"principalTags"`
	Context         []struct {
		Key    string   `json:"key"`
		Type   string   `json:"type"`
		Values []string `json:"values"`
	} `json:"context"`
}

type confError struct {
	Code     string `json:"code"`
	In       string `json:"in"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Contains string `json:"contains"`
}

func (c *confCase) UnmarshalJSON(b []byte) error {
	type plain confCase
	var aux struct {
		plain
		SCPs [][]json.RawMessage `json:"scps"`
		RCPs [][]json.RawMessage `json:"rcps"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*c = confCase(aux.plain)
	c.SCPs, c.RCPs = aux.SCPs, aux.RCPs
	return nil
}

// policyText returns the document text: a JSON string holds the exact text,
// an object is used as written.
func policyText(raw json.RawMessage) []byte {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []byte(s)
	}
	return raw
}

// errorIn marks an expected error from one input.
type errorIn struct {
	in  string
	err error
}

func (e *errorIn) Error() string { return e.in + ": " + e.err.Error() }

func buildSet(c *confCase) (eval.PolicySet, error) {
	var set eval.PolicySet
	parse := func(id string, raw json.RawMessage, kind policy.Kind) (eval.Policy, error) {
		doc, err := policy.ParseKind(policyText(raw), kind)
		if err != nil {
			return eval.Policy{}, &errorIn{id, err}
		}
		return eval.Policy{ID: id, Document: doc}, nil
	}
	for i, raw := range c.Identity {
		p, err := parse(fmt.Sprintf("identity.%d", i+1), raw, policy.KindIdentity)
		if err != nil {
			return set, err
		}
		set.Identity = append(set.Identity, p)
	}
	switch c.ResourceKind {
	case "", "generic":
	case "kms":
		set.ResourceKind = eval.ResourceKMSKey
	case "roleTrust":
		set.ResourceKind = eval.ResourceRoleTrust
	default:
		return set, fmt.Errorf("bad resourceKind %q", c.ResourceKind)
	}
	if len(c.Resource) > 0 && string(c.Resource) != "null" {
		kind := policy.KindResource
		if set.ResourceKind == eval.ResourceRoleTrust {
			kind = policy.KindTrust
		}
		p, err := parse("resource", c.Resource, kind)
		if err != nil {
			return set, err
		}
		set.Resource = &p
	}
	for i, raw := range c.Boundary {
		p, err := parse(fmt.Sprintf("boundary.%d", i+1), raw, policy.KindBoundary)
		if err != nil {
			return set, err
		}
		set.PermissionsBoundary = append(set.PermissionsBoundary, p)
	}
	for i, raw := range c.Session {
		p, err := parse(fmt.Sprintf("session.%d", i+1), raw, policy.KindSession)
		if err != nil {
			return set, err
		}
		set.Session = append(set.Session, p)
	}
	levels := func(name string, in [][]json.RawMessage, kind policy.Kind) ([][]eval.Policy, error) {
		var out [][]eval.Policy
		for l, lvl := range in {
			var ps []eval.Policy
			for i, raw := range lvl {
				p, err := parse(fmt.Sprintf("%s.%d.%d", name, l+1, i+1), raw, kind)
				if err != nil {
					return nil, err
				}
				ps = append(ps, p)
			}
			out = append(out, ps)
		}
		return out, nil
	}
	var err error
	if set.SCPs, err = levels("scp", c.SCPs, policy.KindSCP); err != nil {
		return set, err
	}
	if set.RCPs, err = levels("rcp", c.RCPs, policy.KindRCP); err != nil {
		return set, err
	}
	if len(c.VPCEndpoint) > 0 && string(c.VPCEndpoint) != "null" {
		// An endpoint policy "must contain a Principal element" (AWS
		// PrivateLink Guide, vpc-endpoints-access.md): the resource-based
		// grammar.
		p, err := parse("vpcEndpoint", c.VPCEndpoint, policy.KindResource)
		if err != nil {
			return set, err
		}
		set.VPCEndpoint = &p
	}
	return set, nil
}

func buildRequest(c *confCase) (*iamctx.Request, error) {
	in := iamctx.Input{
		Action:          c.Request.Action,
		Resource:        "*",
		Principal:       "arn:aws:iam::111122223333:user/alice",
		ResourceAccount: c.Request.ResourceAccount,
		PrincipalTags:   c.Request.PrincipalTags,
	}
	if c.Request.Resource != nil {
		in.Resource = *c.Request.Resource
	}
	if c.Request.Principal != nil {
		in.Principal = *c.Request.Principal
	}
	for _, e := range c.Request.Context {
		t, err := iamctx.ParseType(e.Type)
		if err != nil {
			return nil, &errorIn{"request", err}
		}
		in.Context = append(in.Context, iamctx.Entry{Key: e.Key, Type: t, Values: e.Values})
	}
	r, err := iamctx.New(in)
	if err != nil {
		return nil, &errorIn{"request", err}
	}
	return r, nil
}

func checkError(t *testing.T, c *confCase, err error) {
	t.Helper()
	var ein *errorIn
	require.ErrorAs(t, err, &ein, "unexpected error: %v", err)
	w := c.WantError
	require.Equal(t, w.In, ein.in, "error in the wrong input: %v", err)
	var code string
	var pe *policy.Error
	var ce *iamctx.Error
	switch {
	case errors.As(ein.err, &pe):
		code = pe.Code
		if w.Line != 0 {
			require.Equal(t, w.Line, pe.Pos.Line, "line of %v", pe)
		}
		if w.Column != 0 {
			require.Equal(t, w.Column, pe.Pos.Column, "column of %v", pe)
		}
	case errors.As(ein.err, &ce):
		code = ce.Code
	default:
		require.Failf(t, "error of unexpected type", "%T: %v", ein.err, ein.err)
	}
	require.Equal(t, w.Code, code, "error code of %v", ein.err)
	if w.Contains != "" {
		require.Contains(t, strings.ToLower(ein.err.Error()), strings.ToLower(w.Contains))
	}
}

func loadConformance(t testing.TB) map[string]confFile {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "conformance", "*.json"))
	require.NoError(t, err)
	out := map[string]confFile{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var cf confFile
		require.NoError(t, json.Unmarshal(b, &cf), "decoding %s", f)
		out[filepath.Base(f)] = cf
	}
	return out
}

func TestConformance(t *testing.T) {
	files := loadConformance(t)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	total := 0
	for _, fname := range names {
		cf := files[fname]
		t.Run(strings.TrimSuffix(fname, ".json"), func(t *testing.T) {
			seen := map[string]bool{}
			for i := range cf.Cases {
				c := &cf.Cases[i]
				total++
				require.NotEmpty(t, c.Name, "case %d", i+1)
				require.False(t, seen[c.Name], "duplicate case name %q", c.Name)
				seen[c.Name] = true
				t.Run(c.Name, func(t *testing.T) {
					t.Parallel()
					require.NotEmpty(t, c.Doc, "every case cites the AWS doc page that states its outcome")
					runCase(t, c)
				})
			}
		})
	}
	t.Logf("%d conformance cases", total)
}

func runCase(t *testing.T, c *confCase) {
	set, err := buildSet(c)
	if err == nil {
		var req *iamctx.Request
		req, err = buildRequest(c)
		if err == nil {
			require.Nil(t, c.WantError, "expected an error, got none")
			engine, cerr := eval.Compile(set)
			require.NoError(t, cerr)
			res := engine.Evaluate(req)
			require.Equal(t, c.Want, res.Decision.String(), "decision (doc: %s; %s)", c.Doc, c.Note)
			// The fast path agrees with the full one.
			require.Equal(t, res.Decision, engine.Decide(req), "Decide vs Evaluate")
			if c.WantMissing != nil {
				require.ElementsMatch(t, *c.WantMissing, res.Missing, "missing context keys")
			}
			ids := func(ms []eval.MatchedStatement) []string {
				var out []string
				for _, m := range ms {
					out = append(out, fmt.Sprintf("%s#%d", m.PolicyID, m.Index+1))
				}
				return out
			}
			if c.WantMatched != nil {
				require.ElementsMatch(t, *c.WantMatched, ids(res.Matched), "matched statements")
			}
			if c.WantOverridden != nil {
				require.Equal(t, len(*c.WantOverridden), len(res.Overridden), "overridden statements: %v", ids(res.Overridden))
				require.ElementsMatch(t, *c.WantOverridden, ids(res.Overridden), "overridden statements")
			}
			return
		}
	}
	require.NotNil(t, c.WantError, "unexpected error: %v", err)
	checkError(t, c, err)
}
