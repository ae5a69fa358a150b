package awscli

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

// iamPaginator is IAM's paginator of SimulateCustomPolicy
// (paginators-1.json), which TestPaginateMatchesBotocore gives botocore too.
var iamPaginator = &Paginator{InputToken: "Marker", OutputToken: "Marker", MoreResults: "IsTruncated",
	LimitKey: "MaxItems", ResultKey: "EvaluationResults"}

// fakePages serves n results ("r0", "r1", ...) the way IAM pages them:
// MaxItems per call (default 100), Marker the offset of the next result.
func fakePages(n int) func(*Object) (*Object, error) {
	return func(kwargs *Object) (*Object, error) {
		size := int64(100)
		if v, ok := kwargs.Get("MaxItems"); ok {
			size = v.(int64)
		}
		start := 0
		if v, ok := kwargs.Get("Marker"); ok {
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
		page := NewObject()
		page.Set("EvaluationResults", items)
		page.Set("IsTruncated", end < n)
		if end < n {
			page.Set("Marker", strconv.Itoa(end))
		}
		return page, nil
	}
}

func i64(n int64) *int64 { return &n }

func decodeNextToken(t *testing.T, full *Object) string {
	t.Helper()
	v, ok := full.Get("NextToken")
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
			t.Parallel()
			full, err := paginate(iamPaginator, NewObject(), tc.cfg, fakePages(tc.n))
			if err != nil {
				t.Fatal(err)
			}
			items, _ := full.Get("EvaluationResults")
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
		name := "default page size"
		if pageSize != nil {
			name = fmt.Sprintf("page size %d", *pageSize)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got []any
			cfg := pageConfig{maxItems: i64(1), pageSize: pageSize}
			for range 20 {
				full, err := paginate(iamPaginator, NewObject(), cfg, fakePages(7))
				if err != nil {
					t.Fatal(err)
				}
				items, _ := full.Get("EvaluationResults")
				got = append(got, items.([]any)...)
				tok, ok := full.Get("NextToken")
				if !ok {
					break
				}
				s := tok.(string)
				cfg.startingToken = &s
			}
			if s := pyDumps(got); s != `["r0", "r1", "r2", "r3", "r4", "r5", "r6"]` {
				t.Errorf("visited %s", s)
			}
		})
	}
}

func TestPaginateErrors(t *testing.T) {
	stuck := func(*Object) (*Object, error) {
		p := NewObject()
		p.Set("EvaluationResults", []any{"x"})
		p.Set("IsTruncated", true)
		p.Set("Marker", "same")
		return p, nil
	}
	boom := errors.New("boom")
	tests := []struct {
		name string
		cfg  pageConfig
		call func(*Object) (*Object, error)
		want string
	}{
		{name: "token of three parts", cfg: pageConfig{startingToken: strPtrOf("a___b___c")}, call: fakePages(3),
			want: "Bad starting token: a___b___c"},
		{name: "the same token twice", call: stuck,
			want: "Error during pagination: The same next token was received twice: {'Marker': 'same'}"},
		{name: "the call's error", call: func(*Object) (*Object, error) { return nil, boom },
			want: "boom"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := paginate(iamPaginator, NewObject(), tc.cfg, tc.call)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %s", err, tc.want)
			}
		})
	}
	if _, err := paginate(iamPaginator, NewObject(), pageConfig{}, func(*Object) (*Object, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("the call's error is not returned as is: %v", err)
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
		name := fmt.Sprintf("n=%d max-items=%v page-size=%v token=%v", r.N, deref(r.MaxItems), deref(r.PageSize), derefString(r.StartingToken))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			full, err := paginate(iamPaginator, NewObject(), pageConfig{maxItems: r.MaxItems, pageSize: r.PageSize, startingToken: r.StartingToken}, fakePages(r.N))
			if err != nil {
				t.Fatal(err)
			}
			if got := pyDumps(full); got != want[i] {
				t.Errorf("\n   iamsim %s\n botocore %s", got, want[i])
			}
		})
	}
}

func derefString(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}
