package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"testing"
)

// fakePages serves n results ("r0", "r1", ...) the way IAM pages them:
// MaxItems per call (default 100), Marker the offset of the next result.
func fakePages(n int) func(*object) (*object, error) {
	return func(kwargs *object) (*object, error) {
		size := int64(100)
		if v, ok := kwargs.get("MaxItems"); ok {
			size = v.(int64)
		}
		start := 0
		if v, ok := kwargs.get("Marker"); ok {
			var err error
			if start, err = strconv.Atoi(v.(string)); err != nil {
				return nil, errors.New("bad marker " + v.(string))
			}
		}
		end := min(start+int(size), n)
		items := []any{}
		for i := start; i < end; i++ {
			items = append(items, fmt.Sprintf("r%d", i))
		}
		page := newObject()
		page.set("EvaluationResults", items)
		page.set("IsTruncated", end < n)
		if end < n {
			page.set("Marker", strconv.Itoa(end))
		}
		return page, nil
	}
}

func i64(n int64) *int64 { return &n }

func decodeNextToken(t *testing.T, full *object) string {
	t.Helper()
	v, ok := full.get("NextToken")
	if !ok {
		return ""
	}
	b, err := base64.StdEncoding.DecodeString(v.(string))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPaginate(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		cfg       pageConfig
		wantItems string
		wantToken string // decoded NextToken
	}{
		{name: "all", n: 3, wantItems: `["r0", "r1", "r2"]`},
		{name: "several pages", n: 5, cfg: pageConfig{pageSize: i64(2)}, wantItems: `["r0", "r1", "r2", "r3", "r4"]`},
		{name: "none", n: 0, wantItems: `[]`},
		{name: "cut inside a page", n: 3, cfg: pageConfig{maxItems: i64(1)},
			wantItems: `["r0"]`, wantToken: `{"Marker": null, "boto_truncate_amount": 1}`},
		{name: "cut inside a later page", n: 5, cfg: pageConfig{maxItems: i64(3), pageSize: i64(2)},
			wantItems: `["r0", "r1", "r2"]`, wantToken: `{"Marker": "2", "boto_truncate_amount": 1}`},
		{name: "cut on a page boundary", n: 5, cfg: pageConfig{maxItems: i64(2), pageSize: i64(2)},
			wantItems: `["r0", "r1"]`, wantToken: `{"Marker": "2"}`},
		{name: "max items equals all", n: 3, cfg: pageConfig{maxItems: i64(3)}, wantItems: `["r0", "r1", "r2"]`},
		{name: "resume inside a page", n: 3, cfg: pageConfig{maxItems: i64(1), startingToken: tokenOf(`{"Marker": null, "boto_truncate_amount": 1}`)},
			wantItems: `["r1"]`, wantToken: `{"Marker": null, "boto_truncate_amount": 2}`},
		{name: "resume inside a later page", n: 5, cfg: pageConfig{pageSize: i64(2), startingToken: tokenOf(`{"Marker": "2", "boto_truncate_amount": 1}`)},
			wantItems: `["r3", "r4"]`},
		{name: "resume on a boundary", n: 5, cfg: pageConfig{pageSize: i64(2), startingToken: tokenOf(`{"Marker": "2"}`)},
			wantItems: `["r2", "r3", "r4"]`},
		// botocore reads a token that is not base64 JSON as a raw Marker,
		// optionally followed by "___" and a count to skip.
		{name: "raw marker", n: 5, cfg: pageConfig{startingToken: strPtrOf("3")}, wantItems: `["r3", "r4"]`},
		{name: "raw marker and skip", n: 5, cfg: pageConfig{startingToken: strPtrOf("1___2")}, wantItems: `["r3", "r4"]`},
		{name: "None marker and skip", n: 5, cfg: pageConfig{startingToken: strPtrOf("None___4")}, wantItems: `["r4"]`},
		// Non-positive --max-items: the AWS CLI warns and slices as
		// Python does.
		{name: "zero max items", n: 3, cfg: pageConfig{maxItems: i64(0)},
			wantItems: `[]`, wantToken: `{"Marker": null, "boto_truncate_amount": 0}`},
		{name: "negative max items", n: 3, cfg: pageConfig{maxItems: i64(-1)},
			wantItems: `["r0", "r1"]`, wantToken: `{"Marker": null, "boto_truncate_amount": -1}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			full, err := paginate(newObject(), tc.cfg, fakePages(tc.n))
			if err != nil {
				t.Fatal(err)
			}
			items, _ := full.get("EvaluationResults")
			if got := pyDumps(items); got != tc.wantItems {
				t.Errorf("items = %s, want %s", got, tc.wantItems)
			}
			if got := decodeNextToken(t, full); got != tc.wantToken {
				t.Errorf("NextToken = %s, want %s", got, tc.wantToken)
			}
		})
	}
}

func tokenOf(js string) *string {
	s := base64.StdEncoding.EncodeToString([]byte(js))
	return &s
}

func strPtrOf(s string) *string { return &s }

// Following NextToken with --max-items 1 visits every result once, in order,
// whatever the page size.
func TestPaginateResumeVisitsAll(t *testing.T) {
	for _, pageSize := range []*int64{nil, i64(1), i64(2), i64(3), i64(7)} {
		var got []any
		cfg := pageConfig{maxItems: i64(1), pageSize: pageSize}
		for range 20 {
			full, err := paginate(newObject(), cfg, fakePages(7))
			if err != nil {
				t.Fatal(err)
			}
			items, _ := full.get("EvaluationResults")
			got = append(got, items.([]any)...)
			tok, ok := full.get("NextToken")
			if !ok {
				break
			}
			s := tok.(string)
			cfg.startingToken = &s
		}
		if s := pyDumps(got); s != `["r0", "r1", "r2", "r3", "r4", "r5", "r6"]` {
			t.Errorf("page size %v: %s", pageSize, s)
		}
	}
}

func TestPaginateErrors(t *testing.T) {
	if _, err := paginate(newObject(), pageConfig{startingToken: strPtrOf("a___b___c")}, fakePages(3)); err == nil ||
		err.Error() != "Bad starting token: a___b___c" {
		t.Errorf("err = %v", err)
	}
	stuck := func(*object) (*object, error) {
		p := newObject()
		p.set("EvaluationResults", []any{"x"})
		p.set("IsTruncated", true)
		p.set("Marker", "same")
		return p, nil
	}
	if _, err := paginate(newObject(), pageConfig{}, stuck); err == nil ||
		err.Error() != "Error during pagination: The same next token was received twice: {'Marker': 'same'}" {
		t.Errorf("err = %v", err)
	}
	boom := errors.New("boom")
	if _, err := paginate(newObject(), pageConfig{}, func(*object) (*object, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
}

// TestPaginateMatchesBotocore runs botocore's paginator (when the AWS CLI is
// installed) over the same fake service and compares the full results,
// NextToken included.
func TestPaginateMatchesBotocore(t *testing.T) {
	t.Parallel()
	python := awscliPython(t)
	type run struct {
		N             int     `json:"n"`
		MaxItems      *int64  `json:"max_items"`
		PageSize      *int64  `json:"page_size"`
		StartingToken *string `json:"starting_token"`
	}
	var runs []run
	for _, n := range []int{0, 1, 3, 5} {
		for _, mi := range []*int64{nil, i64(0), i64(1), i64(2), i64(4), i64(6)} {
			for _, ps := range []*int64{nil, i64(1), i64(2)} {
				for _, st := range []*string{nil, tokenOf(`{"Marker": null, "boto_truncate_amount": 1}`),
					tokenOf(`{"Marker": "2"}`), tokenOf(`{"Marker": "1", "boto_truncate_amount": 1}`), strPtrOf("2___1")} {
					if st != nil && n < 3 {
						continue
					}
					runs = append(runs, run{n, mi, ps, st})
				}
			}
		}
	}
	script := `
import json, sys
import botocore.session
from botocore.paginate import Paginator
model = botocore.session.get_session().get_service_model('iam').operation_model('SimulateCustomPolicy')
config = {"input_token": "Marker", "limit_key": "MaxItems", "more_results": "IsTruncated",
          "output_token": "Marker", "result_key": "EvaluationResults"}
out = []
for r in json.load(sys.stdin):
    n = r["n"]
    def method(**kw):
        size = kw.get("MaxItems", 100)
        start = int(kw.get("Marker", 0))
        end = min(start + size, n)
        page = {"EvaluationResults": ["r%d" % i for i in range(start, end)], "IsTruncated": end < n}
        if end < n:
            page["Marker"] = str(end)
        return page
    pc = {}
    for k, name in (("max_items", "MaxItems"), ("page_size", "PageSize"), ("starting_token", "StartingToken")):
        if r[k] is not None:
            pc[name] = r[k]
    full = Paginator(method, config, model).paginate(PaginationConfig=pc).build_full_result()
    out.append(json.dumps(full))
json.dump(out, sys.stdout)
`
	data, _ := json.Marshal(runs)
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i, r := range runs {
		full, err := paginate(newObject(), pageConfig{maxItems: r.MaxItems, pageSize: r.PageSize, startingToken: r.StartingToken}, fakePages(r.N))
		if err != nil {
			t.Errorf("%+v: %v", r, err)
			continue
		}
		if got := pyDumps(full); got != want[i] {
			t.Errorf("n=%d max-items=%v page-size=%v token=%v:\n   iamsim %s\n botocore %s", r.N, deref(r.MaxItems), deref(r.PageSize), r.StartingToken, got, want[i])
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}
