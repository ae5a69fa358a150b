package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iamsim/iamsim/cmd/iamsim/internal/awscli"
	"github.com/iamsim/iamsim/simulator"
)

// FuzzContextEntriesShorthand feeds one or two --context-entries arguments
// (shorthand, or the JSON alternative) through the CLI's own pipeline:
// awscli's unpacking of the option, the client-side validation of the
// ContextEntries shape, and contextEntries, which builds the simulator's
// entries. Invariants:
//   - nothing panics;
//   - a failure is an *awscli.ParamError (unpacking) or an
//     *awscli.ValidationError;
//   - accepted entries written back as JSON (one list) and, when every
//     string can be quoted, as shorthand (one argument per entry) parse,
//     validate and convert to the same entries;
//   - the simulator given those entries answers or fails with a
//     *simulator.Error of a declared code, never an internal error.
//
// Arguments that mention "file" are skipped: file:// and fileb:// values
// (and "@=" values) read files, which a fuzzer must not do.
//
// Seeds: the arguments below, the shorthand cases of
// internal/awscli/testdata/shorthand.json, and
// testdata/fuzz/FuzzContextEntriesShorthand (inputs that fuzzing found).
func FuzzContextEntriesShorthand(f *testing.F) {
	seeds := []string{
		"ContextKeyName=k,ContextKeyValues=v1,v2,ContextKeyType=string",
		"ContextKeyName=aws:SourceIp,ContextKeyValues=[10.0.0.1,10.0.0.2],ContextKeyType=ipList",
		"ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date",
		"ContextKeyName=aws:RequestedRegion,ContextKeyValues=us-east-1,ContextKeyType=string",
		"ContextKeyName=aws:SourceIp,ContextKeyValues=10.0.0.1,ContextKeyType=ipaddress",
		"ContextKeyName=aws:SourceIp,ContextKeyValues=not-an-ip,ContextKeyType=ip",
		"ContextKeyName=aws:username,ContextKeyName=x",
		"ContextKeyName=aws:username,",
		"ContextKeyName=k,ContextKeyValues=v",
		"ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=true,ContextKeyType=boolean",
		"ContextKeyName=s3:max-keys,ContextKeyValues=[1,2.5,-3],ContextKeyType=numericList",
		`ContextKeyName="aws:TagKeys",ContextKeyValues=["a\"b",'c\'d',e\,f],ContextKeyType=stringList`,
		"ContextKeyName=aws:PrincipalTag/team,ContextKeyValues=[],ContextKeyType=stringList",
		"ContextKeyName=k:bin,ContextKeyValues=QmluYXJ5,ContextKeyType=binary",
		`[{"ContextKeyName": "aws:username", "ContextKeyValues": ["bob"], "ContextKeyType": "string"}]`,
		`[{"ContextKeyName": 5}`,
		`{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2019-04-25T11:00:00Z"], "ContextKeyType": "date"}`,
		`[{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["\u0031.2.3.4", "::1"], "ContextKeyType": "ipList"}, {}]`,
		`[]`,
	}
	for _, s := range seeds {
		f.Add(s, "")
	}
	f.Add("ContextKeyName=aws:CurrentTime,ContextKeyValues=2019-04-25T11:00:00Z,ContextKeyType=date",
		"ContextKeyName=aws:SourceIp,ContextKeyValues=[10.0.0.1,10.0.0.2],ContextKeyType=ipList")
	f.Add(`{"ContextKeyName": "aws:username", "ContextKeyValues": ["bob"]}`, `{"ContextKeyName": "aws:userid"}`)
	f.Add(`{"ContextKeyName": "aws:username"}`, "ContextKeyName=k2:bb")
	for _, in := range shorthandInputs(f) {
		f.Add(in, "")
	}

	sim := simulator.New()
	allowAll := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
	f.Fuzz(func(t *testing.T, a, b string) {
		vals := []string{a}
		if b != "" {
			vals = append(vals, b)
		}
		for _, v := range vals {
			if strings.Contains(strings.ToLower(v), "file") {
				t.Skip("would read files")
			}
		}
		entries, err := parseContextEntries(vals)
		if err != nil {
			var pe *awscli.ParamError
			var ve *awscli.ValidationError
			if !errors.As(err, &pe) && !errors.As(err, &ve) {
				t.Fatalf("%q: error %T is neither an *awscli.ParamError nor an *awscli.ValidationError: %v", vals, err, err)
			}
			return
		}

		js := entriesJSON(t, entries)
		again, err := parseContextEntries([]string{js})
		if err != nil {
			t.Fatalf("%q: entries %q written as JSON %s do not parse: %v", vals, entries, js, err)
		}
		if !sameEntries(entries, again) {
			t.Fatalf("%q: JSON round trip\n got %q\nwant %q\nJSON %s", vals, again, entries, js)
		}

		if sh, ok := entriesShorthand(entries); ok && len(sh) > 0 {
			again, err := parseContextEntries(sh)
			if err != nil {
				t.Fatalf("%q: entries %q written as shorthand %q do not parse: %v", vals, entries, sh, err)
			}
			if !sameEntries(entries, again) {
				t.Fatalf("%q: shorthand round trip\n got %q\nwant %q\nshorthand %q", vals, again, entries, sh)
			}
		}

		_, err = sim.SimulateCustomPolicy(context.Background(), &simulator.SimulateCustomPolicyInput{
			PolicyInputList: []string{allowAll},
			ActionNames:     []string{"s3:GetObject"},
			ContextEntries:  entries,
		})
		if err != nil {
			var se *simulator.Error
			if !errors.As(err, &se) {
				t.Fatalf("%q: simulator error %T is not a *simulator.Error: %v", vals, err, err)
			}
			if se.Code != simulator.CodeInvalidInput || strings.Contains(se.Message, "internal error") {
				t.Fatalf("%q: entries %q: %v (want InvalidInput or success)", vals, entries, err)
			}
		}
	})
}

// shorthandInputs returns the inputs of awscli's shorthand cases.
func shorthandInputs(f *testing.F) []string {
	data, err := os.ReadFile(filepath.Join("internal", "awscli", "testdata", "shorthand.json"))
	if err != nil {
		f.Fatal(err)
	}
	var file struct{ Cases []struct{ In string } }
	if err := json.Unmarshal(data, &file); err != nil {
		f.Fatal(err)
	}
	var ins []string
	for _, c := range file.Cases {
		ins = append(ins, c.In)
	}
	return ins
}

// parseContextEntries runs --context-entries arguments through the CLI's
// steps: unpacking, the client's validation of the ContextEntries member,
// conversion to the simulator's type.
func parseContextEntries(vals []string) ([]simulator.ContextEntry, error) {
	v, err := optContextEntries.Unpack(vals, shapeContextEntries)
	if err != nil {
		return nil, err
	}
	params := awscli.NewObject()
	params.Set("ContextEntries", v)
	in := &awscli.Shape{Type: "structure", Members: []awscli.Member{{Name: "ContextEntries", Shape: shapeContextEntries}}}
	if err := awscli.Validate(params, in); err != nil {
		return nil, err
	}
	return contextEntries(params), nil
}

// entriesJSON writes entries as one JSON list, leaving out the members that
// are empty (an empty ContextKeyName would fail validation; an absent one
// converts to "").
func entriesJSON(t *testing.T, entries []simulator.ContextEntry) string {
	list := make([]map[string]any, len(entries))
	for i, e := range entries {
		o := map[string]any{}
		if e.ContextKeyName != "" {
			o["ContextKeyName"] = e.ContextKeyName
		}
		if len(e.ContextKeyValues) > 0 {
			o["ContextKeyValues"] = e.ContextKeyValues
		}
		if e.ContextKeyType != "" {
			o["ContextKeyType"] = e.ContextKeyType
		}
		list[i] = o
	}
	b, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// entriesShorthand writes entries as shorthand, one argument per entry,
// every string double-quoted. ok is false when a string ends in a
// backslash: the shorthand grammar reads `\"` as an escaped quote, so such
// a value cannot be closed (the AWS CLI has the same limitation).
func entriesShorthand(entries []simulator.ContextEntry) (args []string, ok bool) {
	quote := func(s string) (string, bool) {
		if strings.HasSuffix(s, `\`) {
			return "", false
		}
		s = strings.ReplaceAll(s, `\`, `\\`)
		return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`, true
	}
	for _, e := range entries {
		var parts []string
		if e.ContextKeyName != "" {
			q, ok := quote(e.ContextKeyName)
			if !ok {
				return nil, false
			}
			parts = append(parts, "ContextKeyName="+q)
		}
		if len(e.ContextKeyValues) > 0 {
			var qs []string
			for _, v := range e.ContextKeyValues {
				q, ok := quote(v)
				if !ok {
					return nil, false
				}
				qs = append(qs, q)
			}
			parts = append(parts, "ContextKeyValues=["+strings.Join(qs, ",")+"]")
		}
		// Always present, so that an entry has at least one key; "" and
		// absent convert alike.
		q, ok := quote(e.ContextKeyType)
		if !ok {
			return nil, false
		}
		parts = append(parts, "ContextKeyType="+q)
		args = append(args, strings.Join(parts, ","))
	}
	return args, true
}

// sameEntries compares entries, an absent value list equal to an empty one.
func sameEntries(a, b []simulator.ContextEntry) bool {
	return slices.EqualFunc(a, b, func(x, y simulator.ContextEntry) bool {
		return x.ContextKeyName == y.ContextKeyName && x.ContextKeyType == y.ContextKeyType &&
			slices.Equal(x.ContextKeyValues, y.ContextKeyValues)
	})
}
