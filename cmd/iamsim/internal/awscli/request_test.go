package awscli

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

var testOperation = &Operation{
	Name: "SimulateCustomPolicy",
	Input: &Shape{Type: "structure", Required: []string{"PolicyInputList", "ActionNames"}, Members: []Member{
		{Name: "PolicyInputList", Shape: &Shape{Type: "list", Elem: &Shape{Type: "string", Min: 1}}},
		{Name: "ActionNames", Shape: &Shape{Type: "list", Elem: &Shape{Type: "string", Min: 3}}},
		{Name: "CallerArn", Shape: &Shape{Type: "string", Min: 1}},
		{Name: "ContextEntries", Shape: testEntriesShape},
		{Name: "MaxItems", Shape: &Shape{Type: "integer", Min: 1}},
		{Name: "Marker", Shape: &Shape{Type: "string", Min: 1}},
	}},
	Paginator: iamPaginator,
}

// TestRequest follows command lines to the calls they make and what is
// printed, against a service of five results.
func TestRequest(t *testing.T) {
	required := []string{"--policy-input-list", "{}", "--action-names", "a:b"}
	tests := []struct {
		name      string
		args      []string
		wantCalls string // the parameters of each call, one line each
		wantOut   string // what PrintText prints
		wantWarn  string
		wantErr   string
	}{
		{name: "pages until the end", args: []string{"--page-size", "2"},
			wantCalls: `{"PolicyInputList": ["{}"], "ActionNames": ["a:b"], "MaxItems": 2}
{"PolicyInputList": ["{}"], "ActionNames": ["a:b"], "MaxItems": 2, "Marker": "2"}
{"PolicyInputList": ["{}"], "ActionNames": ["a:b"], "MaxItems": 2, "Marker": "4"}`,
			wantOut: "EVALUATIONRESULTS\tr0\nEVALUATIONRESULTS\tr1\nEVALUATIONRESULTS\tr2\nEVALUATIONRESULTS\tr3\nEVALUATIONRESULTS\tr4\n"},
		{name: "--max-items cuts and gives a token", args: []string{"--max-items", "1"},
			wantCalls: `{"PolicyInputList": ["{}"], "ActionNames": ["a:b"]}`,
			wantOut:   "EVALUATIONRESULTS\tr0\nNEXTTOKEN\teyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==\n"},
		{name: "--no-paginate: one call, --max-items is the limit", args: []string{"--no-paginate", "--max-items", "2"},
			wantCalls: `{"PolicyInputList": ["{}"], "ActionNames": ["a:b"], "MaxItems": 2}`,
			wantOut:   "True\t2\nEVALUATIONRESULTS\tr0\nEVALUATIONRESULTS\tr1\n"},
		{name: "the API's marker: one call", args: []string{"--marker", "3"},
			wantCalls: `{"PolicyInputList": ["{}"], "ActionNames": ["a:b"], "Marker": "3"}`,
			wantOut:   "False\nEVALUATIONRESULTS\tr3\nEVALUATIONRESULTS\tr4\n"},
		{name: "non-positive --max-items warns", args: []string{"--max-items", "0"},
			wantCalls: `{"PolicyInputList": ["{}"], "ActionNames": ["a:b"]}`,
			wantOut:   "NEXTTOKEN\teyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAwfQ==\n",
			wantWarn:  "warning: Non-positive values for --max-items may result in undefined behavior."},
		{name: "--cli-input-json fills what the command line does not", args: []string{"--cli-input-json", `{"ActionNames": ["x:y"], "CallerArn": "c"}`},
			wantCalls: `{"PolicyInputList": ["{}"], "ActionNames": ["a:b"], "CallerArn": "c"}`,
			wantOut:   "EVALUATIONRESULTS\tr0\nEVALUATIONRESULTS\tr1\nEVALUATIONRESULTS\tr2\nEVALUATIONRESULTS\tr3\nEVALUATIONRESULTS\tr4\n"},
		{name: "paging options with --no-paginate", args: []string{"--no-paginate", "--page-size", "1", "--starting-token", "x"},
			wantErr: "Error during pagination: Cannot specify --no-paginate along with pagination arguments: --starting-token, --page-size"},
		{name: "validation before the call", args: []string{"--caller-arn", "", "--page-size", "0"},
			wantErr: "Parameter validation failed:\nInvalid length for parameter CallerArn, value: 0, valid min length: 1\n" +
				"Invalid value for parameter MaxItems, value: 0, valid min value: 1"},
		{name: "bad --cli-input-json", args: []string{"--cli-input-json", `[]`},
			wantErr: "Error parsing parameter 'cli-input-json': Invalid JSON: expected an object, got class 'list'\nJSON received: []"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args, err := Parse(append(append([]string{}, required...), tc.args...), testOptions)
			if err != nil {
				t.Fatal(err)
			}
			var calls []string
			pages := fakePages(5)
			call := func(params *Object) (*Object, error) {
				calls = append(calls, pyDumps(params))
				return pages(params)
			}
			req, err := NewRequest(testOperation, args)
			var resp *Object
			if err == nil {
				resp, err = req.Send(call)
			}
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Errorf("err = %v, want %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(calls, "\n"); got != tc.wantCalls {
				t.Errorf("calls:\n%s\nwant:\n%s", got, tc.wantCalls)
			}
			var b bytes.Buffer
			if err := PrintText(&b, resp); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.wantOut {
				t.Errorf("output:\n%q\nwant:\n%q", b.String(), tc.wantOut)
			}
			if got := strings.Join(req.Warnings, "\n"); got != tc.wantWarn {
				t.Errorf("warnings %q, want %q", got, tc.wantWarn)
			}
		})
	}
}

func TestServiceError(t *testing.T) {
	cause := errors.New("cause")
	err := &ServiceError{Operation: "SimulateCustomPolicy", Code: "InvalidInput", Message: "bad", Err: cause}
	if want := "An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: bad"; err.Error() != want {
		t.Errorf("got %s, want %s", err, want)
	}
	if !errors.Is(err, cause) {
		t.Error("the cause is not wrapped")
	}
}

func TestSkeleton(t *testing.T) {
	got := pyDumps(Skeleton(testOperation.Input))
	want := `{"PolicyInputList": [""], "ActionNames": [""], "CallerArn": "", ` +
		`"ContextEntries": [{"ContextKeyName": "", "ContextKeyValues": [""], "ContextKeyType": ""}], "MaxItems": 0, "Marker": ""}`
	if got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	enum := &Shape{Type: "structure", Members: []Member{{Name: "Type", Shape: &Shape{Type: "string", Enum: []string{"string", "ip"}}}}}
	if got := pyDumps(Skeleton(enum)); got != `{"Type": "string"}` {
		t.Errorf("enum: got %s", got)
	}
}
