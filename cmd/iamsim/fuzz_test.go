package main

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/iamsim/iamsim/simulator"
)

// FuzzContextEntriesShorthand feeds one or two --context-entries arguments
// (shorthand, or the JSON alternative) through the CLI's own pipeline:
// unpackStructList, the client-side validation of the ContextEntries shape,
// and contextEntries, which builds the simulator's entries. Invariants:
//   - nothing panics;
//   - a failure is a *paramError (unpacking) or a *validationError;
//   - accepted entries written back as JSON (pyDumps, one list) and, when
//     every string can be quoted, as shorthand (one argument per entry)
//     parse, validate and convert to the same entries;
//   - the simulator given those entries answers or fails with a
//     *simulator.Error of a declared code, never an internal error.
//
// Arguments that mention "file" are skipped: file:// and fileb:// values
// (and "@=" values) read files, which a fuzzer must not do.
//
// Seeds: the arguments below and testdata/fuzz/FuzzContextEntriesShorthand
// (inputs earlier runs found).
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
	for _, tc := range shorthandCases {
		f.Add(tc.in, "")
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
			var pe *paramError
			var ve *validationError
			if !errors.As(err, &pe) && !errors.As(err, &ve) {
				t.Fatalf("%q: error %T is neither a *paramError nor a *validationError: %v", vals, err, err)
			}
			return
		}

		js := entriesJSON(entries)
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

// parseContextEntries runs --context-entries arguments through the CLI's
// steps: unpacking, the client's validation of the ContextEntries member,
// conversion to the simulator's type.
func parseContextEntries(vals []string) ([]simulator.ContextEntry, error) {
	v, err := unpackStructList(optContextEntries, vals)
	if err != nil {
		return nil, err
	}
	params := newObject()
	params.set("ContextEntries", v)
	in := &shape{typ: "structure", members: []member{{"ContextEntries", shapeContextEntries}}}
	if err := validateParams(params, in); err != nil {
		return nil, err
	}
	return contextEntries(params), nil
}

// entriesJSON writes entries as one JSON list, leaving out the members that
// are empty (an empty ContextKeyName would fail validation; an absent one
// converts to "").
func entriesJSON(entries []simulator.ContextEntry) string {
	list := make([]any, len(entries))
	for i, e := range entries {
		o := newObject()
		if e.ContextKeyName != "" {
			o.set("ContextKeyName", e.ContextKeyName)
		}
		if len(e.ContextKeyValues) > 0 {
			vals := make([]any, len(e.ContextKeyValues))
			for j, v := range e.ContextKeyValues {
				vals[j] = v
			}
			o.set("ContextKeyValues", vals)
		}
		if e.ContextKeyType != "" {
			o.set("ContextKeyType", e.ContextKeyType)
		}
		list[i] = o
	}
	return pyDumps(list)
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
