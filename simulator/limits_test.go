package simulator

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/iamsim/iamsim/account"

	"github.com/iamsim/iamsim/internal/measure"
)

// Limits: every member the IAM service model bounds (the length
// constraints of
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
// and
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html)
// is checked, with InvalidInput naming the member. Of the inputs the model
// does not bound, the lengths of ActionNames, ResourceArns, ContextEntries
// and ContextKeyValues are accepted (MaxItems bounds a page's work); the
// total size of the request's documents and the size of context values are
// bounded by iamsim's own InputLimits. Several tests measure what the
// largest accepted inputs cost, in allocation or time, and so run serially;
// their figures are logged (go test -v -run Limits). With -limits.worst the
// full-size worst cases run too (minutes):
//
//	go test ./simulator -run Limits -v -limits.worst

var limitsWorst = flag.Bool("limits.worst", false, "run the full-size worst cases of the Limits tests and log their cost (minutes)")

func limitsRepeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

const limitsHead = `{"Version":"2012-10-17","Statement":`

// limitsDoc is a real-shaped identity policy padded with spaces to exactly n
// characters.
func limitsDoc(n int) string {
	doc := measure.Fill(limitsHead+"[\n", `  {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket/*"}`, ",\n", "\n]}", n-64)
	return doc[:len(doc)-1] + strings.Repeat(" ", n-len(doc)) + "}"
}

// TestLimitsDocumentSize: a document of 131,073 characters is InvalidInput
// naming the member and its position in the list, in every operation and
// every member that takes documents; 131,072 characters are accepted.
func TestLimitsDocumentSize(t *testing.T) {
	ctx := context.Background()
	s := New(WithAccount(account.Example()))
	atLimit, over := limitsDoc(maxDocumentChars), limitsDoc(maxDocumentChars+1)
	require.Len(t, []rune(over), 131073)
	trust := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}}`
	trustOver := trust[:len(trust)-1] + strings.Repeat(" ", maxDocumentChars+1-len(trust)) + "}"
	user := "arn:aws:iam::111122223333:user/bob"
	action := []string{"s3:GetObject"}

	out, err := s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{atLimit}, ActionNames: action, ResourceArns: []string{"arn:aws:s3:::bucket/k"}})
	require.NoError(t, err, "131072 characters")
	require.Equal(t, DecisionAllowed, out.EvaluationResults[0].EvalDecision)
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, PermissionsBoundaryPolicyInputList: []string{atLimit}, ActionNames: action})
	require.NoError(t, err, "131072-character boundary")

	const tooLong = "must be 1 to 131072 characters long, got 131073"
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"SimulateCustomPolicy PolicyInputList.1", func() error {
			_, err := s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{over}, ActionNames: action})
			return err
		}, "PolicyInputList.1 " + tooLong},
		{"SimulateCustomPolicy PolicyInputList.3", func() error {
			_, err := s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll, atLimit, over}, ActionNames: action})
			return err
		}, "PolicyInputList.3 " + tooLong},
		{"SimulateCustomPolicy PermissionsBoundaryPolicyInputList.1", func() error {
			_, err := s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, PermissionsBoundaryPolicyInputList: []string{over}, ActionNames: action})
			return err
		}, "PermissionsBoundaryPolicyInputList.1 " + tooLong},
		{"SimulateCustomPolicy ResourcePolicy", func() error {
			_, err := s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ResourcePolicy: &trustOver, CallerArn: &user, ActionNames: action})
			return err
		}, "ResourcePolicy " + tooLong},
		{"SimulatePrincipalPolicy PolicyInputList.1", func() error {
			_, err := s.SimulatePrincipalPolicy(ctx, &SimulatePrincipalPolicyInput{PolicySourceArn: user, SimulateCustomPolicyInput: SimulateCustomPolicyInput{PolicyInputList: []string{over}, ActionNames: action}})
			return err
		}, "PolicyInputList.1 " + tooLong},
		{"SimulatePrincipalPolicy ResourcePolicy", func() error {
			_, err := s.SimulatePrincipalPolicy(ctx, &SimulatePrincipalPolicyInput{PolicySourceArn: user, SimulateCustomPolicyInput: SimulateCustomPolicyInput{ResourcePolicy: &trustOver, ActionNames: action}})
			return err
		}, "ResourcePolicy " + tooLong},
		{"GetContextKeysForCustomPolicy PolicyInputList.2", func() error {
			_, err := s.GetContextKeysForCustomPolicy(ctx, &GetContextKeysForCustomPolicyInput{PolicyInputList: []string{allowAll, over}})
			return err
		}, "PolicyInputList.2 " + tooLong},
		{"GetContextKeysForPrincipalPolicy PolicyInputList.1", func() error {
			_, err := s.GetContextKeysForPrincipalPolicy(ctx, &GetContextKeysForPrincipalPolicyInput{PolicySourceArn: user, PolicyInputList: []string{over}})
			return err
		}, "PolicyInputList.1 " + tooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			_, alloc, _ := measure.Call(func() { err = tc.call() })
			requireCode(t, err, CodeInvalidInput, tc.want)
			// Rejected by the length check, before anything is parsed.
			require.Less(t, alloc, uint64(1<<20), "bytes allocated rejecting it")
		})
	}

	// 131,073 Latin-1 characters (more bytes) and far larger input.
	latin := strings.Replace(over, "bucket", "bücket", -1)
	latin = latin[:len(latin)-1-(len([]rune(latin))-131073)] + "}"
	require.Len(t, []rune(latin), 131073)
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{latin}, ActionNames: action})
	requireCode(t, err, CodeInvalidInput, "PolicyInputList.1 "+tooLong)
	huge := measure.Fill(limitsHead+"[", `{"Effect":"Allow","Action":"*","Resource":"*"}`, ",", "]}", 16<<20)
	var d time.Duration
	d, alloc, _ := measure.Call(func() {
		_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{huge}, ActionNames: action})
	})
	requireCode(t, err, CodeInvalidInput, "PolicyInputList.1 must be 1 to 131072 characters long, got 16777")
	t.Logf("16 MB document rejected in %v, %d bytes allocated", d, alloc)
	require.Less(t, alloc, uint64(1<<20))
}

// TestLimitsNestingInput: nesting beyond policy.MaxNestingDepth is
// InvalidInput naming the document, with the parser's error inside.
func TestLimitsNestingInput(t *testing.T) {
	ctx := context.Background()
	s := New()
	deep := limitsHead + `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":` +
		strings.Repeat("[", 60000) + strings.Repeat("]", 60000) + `}}}}`
	var err error
	d, alloc, _ := measure.Call(func() {
		_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll, deep}, ActionNames: []string{"s3:GetObject"}})
	})
	e := requireCode(t, err, CodeInvalidInput, "PolicyInputList.2 is not a valid policy document")
	require.Contains(t, e.Message, "nesting deeper than 64 levels")
	t.Logf("60,000 levels of nesting rejected in %v, %d bytes allocated", d, alloc)
	require.Less(t, alloc, uint64(4<<20))
	_, err = s.GetContextKeysForCustomPolicy(ctx, &GetContextKeysForCustomPolicyInput{PolicyInputList: []string{deep}})
	requireCode(t, err, CodeInvalidInput, "nesting deeper than 64 levels")
}

// TestLimitsMembers: the minimum and maximum of every bounded member, at
// the bound (accepted) and one past it (InvalidInput naming the member).
func TestLimitsMembers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := New(WithAccount(account.Example()))
	user := "arn:aws:iam::111122223333:user/bob"
	arn := func(n int) string { return "arn:aws:s3:::" + strings.Repeat("b", n-13) }
	custom := func(f func(in *SimulateCustomPolicyInput)) func() error {
		return func() error {
			in := &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: []string{"s3:GetObject"}}
			f(in)
			_, err := s.SimulateCustomPolicy(ctx, in)
			return err
		}
	}
	principal := func(f func(in *SimulatePrincipalPolicyInput)) func() error {
		return func() error {
			in := &SimulatePrincipalPolicyInput{PolicySourceArn: user, SimulateCustomPolicyInput: SimulateCustomPolicyInput{ActionNames: []string{"s3:GetObject"}}}
			f(in)
			_, err := s.SimulatePrincipalPolicy(ctx, in)
			return err
		}
	}
	entry := func(name string) []ContextEntry {
		return []ContextEntry{{ContextKeyName: name, ContextKeyValues: []string{"v"}, ContextKeyType: "string"}}
	}
	for _, tc := range []struct {
		name string
		call func() error
		want string // "" when accepted
	}{
		{"ActionNames 3 chars", custom(func(in *SimulateCustomPolicyInput) { in.ActionNames = []string{"s:g"} }), ""},
		{"ActionNames 2 chars", custom(func(in *SimulateCustomPolicyInput) { in.ActionNames = []string{"s3:GetObject", "s:"} }), "ActionNames.2 must be 3 to 128 characters long, got 2"},
		{"ActionNames 128 chars", custom(func(in *SimulateCustomPolicyInput) { in.ActionNames = []string{"s3:" + strings.Repeat("x", 125)} }), ""},
		{"ActionNames 129 chars", custom(func(in *SimulateCustomPolicyInput) { in.ActionNames = []string{"s3:" + strings.Repeat("x", 126)} }), "ActionNames.1 must be 3 to 128 characters long, got 129"},
		{"ActionNames empty list", custom(func(in *SimulateCustomPolicyInput) { in.ActionNames = nil }), "ActionNames is required"},
		{"ResourceArns 2048 chars", custom(func(in *SimulateCustomPolicyInput) { in.ResourceArns = []string{arn(2048)} }), ""},
		{"ResourceArns 2049 chars", custom(func(in *SimulateCustomPolicyInput) { in.ResourceArns = []string{"*", arn(2049)} }), "ResourceArns.2 must be 1 to 2048 characters long, got 2049"},
		{"ResourceArns empty", custom(func(in *SimulateCustomPolicyInput) { in.ResourceArns = []string{""} }), "ResourceArns.1 must be 1 to 2048 characters long, got 0"},
		{"ResourceOwner 2049 chars", custom(func(in *SimulateCustomPolicyInput) { in.ResourceOwner = ptr(arn(2049)) }), "ResourceOwner must be 1 to 2048 characters long, got 2049"},
		{"CallerArn 2049 chars", custom(func(in *SimulateCustomPolicyInput) { in.CallerArn = ptr(arn(2049)) }), "CallerArn must be 1 to 2048 characters long, got 2049"},
		{"ContextKeyName 5 chars", custom(func(in *SimulateCustomPolicyInput) { in.ContextEntries = entry("a:bcd") }), ""},
		{"ContextKeyName 4 chars", custom(func(in *SimulateCustomPolicyInput) { in.ContextEntries = entry("a:bc") }), "ContextEntries.1.ContextKeyName must be 5 to 256 characters long, got 4"},
		{"ContextKeyName 256 chars", custom(func(in *SimulateCustomPolicyInput) { in.ContextEntries = entry("a:" + strings.Repeat("k", 254)) }), ""},
		{"ContextKeyName 257 chars", custom(func(in *SimulateCustomPolicyInput) { in.ContextEntries = entry("a:" + strings.Repeat("k", 255)) }), "ContextEntries.1.ContextKeyName must be 5 to 256 characters long, got 257"},
		{"ContextKeyType unknown", custom(func(in *SimulateCustomPolicyInput) {
			in.ContextEntries = []ContextEntry{{ContextKeyName: "aws:username", ContextKeyValues: []string{"v"}, ContextKeyType: "String"}}
		}), `ContextEntries.1.ContextKeyType "String" is not one of`},
		{"ResourceHandlingOption 65 chars", custom(func(in *SimulateCustomPolicyInput) { in.ResourceHandlingOption = ptr(strings.Repeat("E", 65)) }), "ResourceHandlingOption must be 1 to 64 characters long, got 65"},
		{"MaxItems 1", custom(func(in *SimulateCustomPolicyInput) { in.MaxItems = ptr(int32(1)) }), ""},
		{"MaxItems 1000", custom(func(in *SimulateCustomPolicyInput) { in.MaxItems = ptr(int32(1000)) }), ""},
		{"MaxItems 0", custom(func(in *SimulateCustomPolicyInput) { in.MaxItems = ptr(int32(0)) }), "MaxItems must be between 1 and 1000, got 0"},
		{"MaxItems 1001", custom(func(in *SimulateCustomPolicyInput) { in.MaxItems = ptr(int32(1001)) }), "MaxItems must be between 1 and 1000, got 1001"},
		{"MaxItems -2147483648", custom(func(in *SimulateCustomPolicyInput) { in.MaxItems = ptr(int32(-1 << 31)) }), "MaxItems must be between 1 and 1000, got -2147483648"},
		{"Marker 321 chars", custom(func(in *SimulateCustomPolicyInput) { in.Marker = ptr(strings.Repeat("m", 321)) }), "Marker must be 1 to 320 characters long, got 321"},
		{"Marker 320 chars, foreign", custom(func(in *SimulateCustomPolicyInput) { in.Marker = ptr(strings.Repeat("m", 320)) }), "is not valid for this request"},
		{"two boundaries", custom(func(in *SimulateCustomPolicyInput) {
			in.PermissionsBoundaryPolicyInputList = []string{allowAll, allowAll}
		}), "PermissionsBoundaryPolicyInputList holds 2 policies"},
		{"PolicyInputList empty document", custom(func(in *SimulateCustomPolicyInput) { in.PolicyInputList = []string{""} }), "PolicyInputList.1 must be 1 to 131072 characters long, got 0"},
		{"PolicySourceArn 19 chars", principal(func(in *SimulatePrincipalPolicyInput) { in.PolicySourceArn = "arn:aws:iam::1:u/ab" }), "PolicySourceArn must be 20 to 2048 characters long, got 19"},
		{"PolicySourceArn 2049 chars", principal(func(in *SimulatePrincipalPolicyInput) {
			in.PolicySourceArn = "arn:aws:iam::111122223333:user/" + strings.Repeat("u", 2049-31)
		}), "PolicySourceArn must be 20 to 2048 characters long, got 2049"},
		{"PolicySourceArn 2048 chars", principal(func(in *SimulatePrincipalPolicyInput) {
			in.PolicySourceArn = "arn:aws:iam::111122223333:user/" + strings.Repeat("u", 2048-31)
		}), "The user with name " + strings.Repeat("u", 2048-31) + " cannot be found"},
		{"principal ActionNames 129 chars", principal(func(in *SimulatePrincipalPolicyInput) { in.ActionNames = []string{"s3:" + strings.Repeat("x", 126)} }), "ActionNames.1 must be 3 to 128 characters long, got 129"},
		{"principal MaxItems 1001", principal(func(in *SimulatePrincipalPolicyInput) { in.MaxItems = ptr(int32(1001)) }), "MaxItems must be between 1 and 1000, got 1001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.call()
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			code := CodeInvalidInput
			if strings.Contains(tc.want, "cannot be found") {
				code = CodeNoSuchEntity
			}
			var e *Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, code, e.Code, err)
			require.Contains(t, e.Message, tc.want)
		})
	}
}

// TestLimitsUnboundedLists: the service model sets no maximum on the
// number of policies, actions, resources or context entries. Long lists are
// accepted; the work and memory of one call are bounded by MaxItems (at most
// 1,000 results a page), not by actions × resources.
func TestLimitsUnboundedLists(t *testing.T) {
	ctx := context.Background()
	s := New()
	actions := make([]string, 5000)
	for i := range actions {
		actions[i] = fmt.Sprintf("s3:Action%d", i)
	}
	resources := make([]string, 400)
	for i := range resources {
		resources[i] = fmt.Sprintf("arn:aws:s3:::bucket/key%d", i)
	}
	in := &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: actions, ResourceArns: resources, MaxItems: ptr(int32(1000))}
	var out *SimulatePolicyResponse
	var err error
	d, alloc, _ := measure.Call(func() { out, err = s.SimulateCustomPolicy(ctx, in) })
	require.NoError(t, err)
	require.Len(t, out.EvaluationResults, 1000)
	require.True(t, out.IsTruncated)
	t.Logf("5,000 actions x 400 resources (2,000,000 results): first page of 1,000 in %v, %.1f MB allocated", d, float64(alloc)/1e6)
	require.Less(t, alloc, uint64(64<<20), "one page must cost what 1,000 results cost")
	// The last page, reached with a Marker built like the service's.
	last := limitsMarkerAt(t, out.Marker, len(actions)*len(resources)-1)
	in.Marker = &last
	out, err = s.SimulateCustomPolicy(ctx, in)
	require.NoError(t, err)
	require.Len(t, out.EvaluationResults, 1)
	require.False(t, out.IsTruncated)
	require.Equal(t, actions[len(actions)-1], out.EvaluationResults[0].EvalActionName)

	// 2,000 context entries of 64 values each, and one value of the
	// largest size InputLimits accept.
	entries := make([]ContextEntry, 2000)
	for i := range entries {
		entries[i] = ContextEntry{ContextKeyName: fmt.Sprintf("svc:key%d", i), ContextKeyValues: limitsRepeat("value", 64), ContextKeyType: "stringList"}
	}
	entries = append(entries, ContextEntry{ContextKeyName: "aws:username", ContextKeyValues: []string{strings.Repeat("u", DefaultInputLimits.ContextValueBytes)}, ContextKeyType: "string"})
	d, alloc, _ = measure.Call(func() {
		out, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: []string{"s3:GetObject"}, ContextEntries: entries})
	})
	require.NoError(t, err)
	require.Equal(t, DecisionAllowed, out.EvaluationResults[0].EvalDecision)
	t.Logf("2,001 context entries (128,001 values, one of 8 KiB): %v, %.1f MB allocated", d, float64(alloc)/1e6)

	// The most documents of the largest size that InputLimits accept.
	// Memory grows with their number: each compiles to several times its
	// size.
	docs := limitsRepeat(limitsDoc(maxDocumentChars), DefaultInputLimits.PolicyBytes/maxDocumentChars)
	for i := range docs {
		docs[i] = strings.Replace(docs[i], "bucket", fmt.Sprintf("bkt%03d", i), 1)
	}
	var peak uint64
	d, alloc, peak = measure.Call(func() {
		out, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: docs, ActionNames: []string{"s3:GetObject"}})
	})
	require.NoError(t, err)
	t.Logf("%d policies of 131,072 characters: %v, %.1f MB allocated, live heap peak +%.1f MB", len(docs), d, float64(alloc)/1e6, float64(peak)/1e6)
	require.Less(t, alloc, uint64(1<<30), "the largest accepted request must stay well under a gigabyte")
}

// TestLimitsInputGuards: iamsim's own bounds (InputLimits) on what the
// service model leaves unbounded: the total size of a request's documents
// and the size of context values. Just over a limit is InvalidInput naming
// the member and the limit, in every operation that takes the member, and
// is refused before anything is parsed; at the limit is accepted; the
// limits can be changed or turned off.
func TestLimitsInputGuards(t *testing.T) {
	ctx := context.Background()
	s := New()
	def := DefaultInputLimits
	doc := limitsDoc(maxDocumentChars)
	nMax := def.PolicyBytes / len(doc) // documents of 131,072 bytes that fit
	require.Equal(t, 8, nMax)
	overDocs := limitsRepeat(doc, nMax+1)
	wantPolicy := fmt.Sprintf("total %d bytes; iamsim accepts at most %d", (nMax+1)*len(doc), def.PolicyBytes)
	requireGuard := func(name string, err error, want string) {
		t.Helper()
		var e *Error
		require.ErrorAs(t, err, &e, name)
		require.Equal(t, CodeInvalidInput, e.Code, name)
		require.Contains(t, e.Message, want, name)
	}

	// Refused before parsing: a fraction of what compiling would allocate.
	var err error
	_, alloc, _ := measure.Call(func() {
		_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: overDocs, ActionNames: []string{"s3:GetObject"}})
	})
	requireGuard("SimulateCustomPolicy", err, wantPolicy)
	require.Less(t, alloc, uint64(1<<20), "refused before parsing")
	// The boundary and the resource policy count too.
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: overDocs[:nMax], PermissionsBoundaryPolicyInputList: []string{allowAll}, ActionNames: []string{"s3:GetObject"}})
	requireGuard("boundary", err, "PermissionsBoundaryPolicyInputList")
	rp := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`
	_, err = s.SimulateCustomPolicy(ctx, &SimulateCustomPolicyInput{PolicyInputList: overDocs[:nMax], ResourcePolicy: &rp, CallerArn: ptr("arn:aws:iam::123456789012:user/alice"), ActionNames: []string{"s3:GetObject"}})
	requireGuard("resource policy", err, "ResourcePolicy total")
	acct := account.Example()
	sp := New(WithAccount(acct))
	_, err = sp.SimulatePrincipalPolicy(ctx, &SimulatePrincipalPolicyInput{PolicySourceArn: "arn:aws:iam::111122223333:user/carol", SimulateCustomPolicyInput: SimulateCustomPolicyInput{PolicyInputList: overDocs, ActionNames: []string{"s3:GetObject"}}})
	requireGuard("SimulatePrincipalPolicy", err, wantPolicy)
	_, err = s.GetContextKeysForCustomPolicy(ctx, &GetContextKeysForCustomPolicyInput{PolicyInputList: overDocs})
	requireGuard("GetContextKeysForCustomPolicy", err, wantPolicy)
	_, err = sp.GetContextKeysForPrincipalPolicy(ctx, &GetContextKeysForPrincipalPolicyInput{PolicySourceArn: "arn:aws:iam::111122223333:user/carol", PolicyInputList: overDocs})
	requireGuard("GetContextKeysForPrincipalPolicy", err, wantPolicy)
	// At the limit, and with the limit turned off or raised.
	_, err = s.GetContextKeysForCustomPolicy(ctx, &GetContextKeysForCustomPolicyInput{PolicyInputList: overDocs[:nMax]})
	require.NoError(t, err)
	_, err = New(WithInputLimits(InputLimits{PolicyBytes: -1})).GetContextKeysForCustomPolicy(ctx, &GetContextKeysForCustomPolicyInput{PolicyInputList: overDocs})
	require.NoError(t, err)
	_, err = New(WithInputLimits(InputLimits{PolicyBytes: 10})).GetContextKeysForCustomPolicy(ctx, &GetContextKeysForCustomPolicyInput{PolicyInputList: []string{allowAll}})
	requireGuard("a lower limit", err, "iamsim accepts at most 10 in one request")

	// Context values: one too long, and too many together.
	value := func(n int) []ContextEntry {
		return []ContextEntry{{ContextKeyName: "aws:username", ContextKeyValues: []string{strings.Repeat("u", n)}, ContextKeyType: "string"}}
	}
	in := &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: []string{"s3:GetObject"}, ContextEntries: value(def.ContextValueBytes)}
	_, err = s.SimulateCustomPolicy(ctx, in)
	require.NoError(t, err)
	in.ContextEntries = value(def.ContextValueBytes + 1)
	_, err = s.SimulateCustomPolicy(ctx, in)
	requireGuard("one value", err, fmt.Sprintf("ContextEntries.1.ContextKeyValues.1 is %d bytes long; iamsim accepts context values of at most %d bytes", def.ContextValueBytes+1, def.ContextValueBytes))
	_, err = sp.SimulatePrincipalPolicy(ctx, &SimulatePrincipalPolicyInput{PolicySourceArn: "arn:aws:iam::111122223333:user/carol", SimulateCustomPolicyInput: SimulateCustomPolicyInput{ActionNames: []string{"s3:GetObject"}, ContextEntries: in.ContextEntries}})
	requireGuard("one value, SimulatePrincipalPolicy", err, "ContextEntries.1.ContextKeyValues.1")
	many := limitsRepeat(strings.Repeat("v", def.ContextValueBytes), def.ContextBytes/def.ContextValueBytes+1)
	in.ContextEntries = []ContextEntry{{ContextKeyName: "aws:CalledVia", ContextKeyValues: many, ContextKeyType: "stringList"}}
	_, err = s.SimulateCustomPolicy(ctx, in)
	requireGuard("all values", err, fmt.Sprintf("the values of ContextEntries total %d bytes; iamsim accepts at most %d", len(many)*def.ContextValueBytes, def.ContextBytes))
	_, err = New(WithInputLimits(InputLimits{ContextBytes: -1})).SimulateCustomPolicy(ctx, in)
	require.NoError(t, err)
}

// limitsMarkerAt returns the Marker of the page at offset of the request
// that marker (a Marker the simulator returned) belongs to.
func limitsMarkerAt(t *testing.T, marker *string, offset int) string {
	t.Helper()
	require.NotNil(t, marker)
	b, err := base64.RawURLEncoding.DecodeString(*marker)
	require.NoError(t, err)
	require.Len(t, b, markerSize)
	return encodeMarker(offset, b[5:])
}

// TestLimitsExpensiveInputs measures the inputs within every limit that
// cost the most to evaluate, at a reduced size (the full size with
// -limits.worst). They are accepted and decided correctly; their cost is
// logged, not asserted (condition's TestGlobLinearWork asserts the
// matcher's linearity by counting its work): wildcard matching is
// O(len(text) x ⌈len(segment)/64⌉) per pattern, and the number of patterns
// is bounded by the documents' size (InputLimits.PolicyBytes), the text by
// the ARN and action limits and InputLimits.ContextValueBytes.
func TestLimitsExpensiveInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("measurements")
	}
	ctx := context.Background()
	s := New(WithCacheSize(0))
	// The reduced size is 1/scale of the full one: documents, actions and
	// texts shrink alike, so the quadratic cases cost about 1/scale².
	scale := 32
	if measure.Race {
		scale = 128
	}
	if *limitsWorst {
		scale = 1
	}
	size := maxDocumentChars / scale
	run := func(name string, in *SimulateCustomPolicyInput, want string) {
		t.Helper()
		var out *SimulatePolicyResponse
		var err error
		d, alloc, peak := measure.Call(func() { out, err = s.SimulateCustomPolicy(ctx, in) })
		require.NoError(t, err, name)
		for _, r := range out.EvaluationResults {
			require.Equal(t, want, r.EvalDecision, name)
		}
		n := len(out.EvaluationResults)
		t.Logf("%-58s %4d results in %10v (%9v each), %6.1f MB allocated, live heap peak +%.1f MB",
			name, n, d.Round(time.Millisecond), (d / time.Duration(n)).Round(time.Microsecond), float64(alloc)/1e6, float64(peak)/1e6)
	}

	// Action patterns match case-insensitively: "s3:*?a?a...?ab" defeats
	// a literal search, so the matcher falls back to shift-and over the
	// 128-character action, for each pattern.
	act := "s3:" + strings.Repeat("a", 125)
	actPats := measure.Fill(limitsHead+`{"Effect":"Allow","Resource":"*","Action":[`, `"s3:*`+strings.Repeat("?a", 32)+`b"`, ",", "]}}", size)
	nActs := 1000 / scale
	run(fmt.Sprintf("action patterns, %d chars, %d actions", len(actPats), nActs), &SimulateCustomPolicyInput{PolicyInputList: []string{actPats}, ActionNames: limitsRepeat(act, nActs), MaxItems: ptr(int32(1000))}, DecisionImplicitDeny)

	// Compile-time work of the action index: one statement of s3
	// patterns and one listing s3 actions, each half the document, would
	// make eval.Compile test every pattern against every listed action
	// but for its budget (pattern tests per statement); and a hundred
	// NotAction statements each naming a service, with actions listed in
	// as many services, ask for per-service global lists.
	var pats, acts strings.Builder
	for i := 0; pats.Len()+acts.Len() < size-200; i++ {
		if i > 0 {
			pats.WriteByte(',')
			acts.WriteByte(',')
		}
		fmt.Fprintf(&pats, `"s3:P%d*"`, i)
		fmt.Fprintf(&acts, `"s3:P%dx"`, i)
	}
	cross := limitsHead + `[{"Effect":"Allow","Resource":"*","Action":[` + pats.String() + `]},{"Effect":"Deny","Resource":"arn:aws:s3:::x/*","Action":[` + acts.String() + `]}]}`
	run(fmt.Sprintf("s3 patterns x listed s3 actions, %d chars", len(cross)), &SimulateCustomPolicyInput{PolicyInputList: []string{cross}, ActionNames: []string{"s3:P1x"}}, DecisionAllowed)
	var guards strings.Builder
	guards.WriteString(limitsHead + `[`)
	for i := 0; guards.Len() < size-200; i++ {
		fmt.Fprintf(&guards, `{"Effect":"Deny","Resource":"*","NotAction":"svc%d:*"},{"Effect":"Allow","Resource":"*","Action":"svc%d:Get"},`, i, i)
	}
	guards.WriteString(`{"Effect":"Allow","Resource":"*","Action":"*"}]}`)
	run(fmt.Sprintf("NotAction guards x services, %d chars", guards.Len()), &SimulateCustomPolicyInput{PolicyInputList: []string{guards.String()}, ActionNames: []string{"svc0:Get"}}, DecisionExplicitDeny)

	// Resource patterns: "?" defeats the literal search of the segment
	// after the "*" in a 2,048-character ARN.
	resLen := 2048 / scale
	res := "arn:aws:s3:::" + strings.Repeat("a", resLen-13)
	resPats := measure.Fill(limitsHead+`{"Effect":"Allow","Action":"*","Resource":[`, `"arn:aws:s3:::*`+strings.Repeat("?a", resLen/4)+`b"`, ",", "]}}", size)
	run(fmt.Sprintf("resource patterns, %d chars, 4 x %d-char ARNs", len(resPats), resLen), &SimulateCustomPolicyInput{PolicyInputList: []string{resPats}, ActionNames: []string{"s3:GetObject"}, ResourceArns: limitsRepeat(res, 4)}, DecisionImplicitDeny)

	// StringLike against a context value as long as InputLimits accept.
	for _, n := range []int{size / 4, size} {
		doc := limitsHead + `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:username":"*` + strings.Repeat("?a", n/4) + `b"}}}}`
		v := min(n, DefaultInputLimits.ContextValueBytes)
		run(fmt.Sprintf("StringLike, %d-char pattern, %d-char value", len(doc), v), &SimulateCustomPolicyInput{
			PolicyInputList: []string{doc}, ActionNames: []string{"s3:GetObject"},
			ContextEntries: []ContextEntry{{ContextKeyName: "aws:username", ContextKeyValues: []string{strings.Repeat("a", v)}, ContextKeyType: "string"}},
		}, DecisionImplicitDeny)
	}

	// Many short patterns against the longest context value: each scans
	// the whole value (work = patterns x value length).
	short := measure.Fill(limitsHead+`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:username":[`, `"*a?b*"`, ",", "]}}}}", size)
	v := min(size, DefaultInputLimits.ContextValueBytes)
	run(fmt.Sprintf("StringLike, %d-char list of *a?b*, %d-char value", len(short), v), &SimulateCustomPolicyInput{
		PolicyInputList: []string{short}, ActionNames: []string{"s3:GetObject"},
		ContextEntries: []ContextEntry{{ContextKeyName: "aws:username", ContextKeyValues: []string{strings.Repeat("a", v)}, ContextKeyType: "string"}},
	}, DecisionImplicitDeny)

	// Thousands of condition keys, none in the request: each is a missing
	// context value.
	var keys strings.Builder
	keys.WriteString(limitsHead + `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{`)
	for i := 0; keys.Len() < size-40; i++ {
		if i > 0 {
			keys.WriteByte(',')
		}
		fmt.Fprintf(&keys, `"svc:k%d":"v"`, i)
	}
	keys.WriteString(`}}}}`)
	run(fmt.Sprintf("condition keys, %d chars, all missing", keys.Len()), &SimulateCustomPolicyInput{PolicyInputList: []string{keys.String()}, ActionNames: []string{"s3:GetObject"}, ResourceArns: limitsRepeat("arn:aws:s3:::b/k", 4)}, DecisionImplicitDeny)

	// Condition value lists: many compiled patterns per document.
	vals := measure.Fill(limitsHead+`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:username":[`, `"a*b?c"`, ",", "]}}}}", size-16) // room for a Sid
	// As many documents as InputLimits accept.
	nDocs := max(1, min(32/scale, DefaultInputLimits.PolicyBytes/size))
	docs := make([]string, nDocs)
	for i := range docs {
		docs[i] = strings.Replace(vals, `"Effect"`, fmt.Sprintf(`"Sid":"s%d","Effect"`, i), 1)
	}
	entries := []ContextEntry{{ContextKeyName: "aws:username", ContextKeyValues: []string{"alice"}, ContextKeyType: "string"}}
	run(fmt.Sprintf("%d x %d-char condition value lists", nDocs, len(vals)), &SimulateCustomPolicyInput{PolicyInputList: docs, ActionNames: []string{"s3:GetObject"}, ContextEntries: entries}, DecisionImplicitDeny)
}

// TestLimitsCancellation: a deadline ends even an expensive simulation,
// with the context's error, long before the page would be done: each
// evaluation matches thousands of ?-patterns against an 8 KiB context
// value, and the page has 1,000 of them.
func TestLimitsCancellation(t *testing.T) {
	s := New()
	size := maxDocumentChars / 8
	if measure.Race {
		size = maxDocumentChars / 64
	}
	doc := measure.Fill(limitsHead+`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:username":[`, `"*a?b*"`, ",", "]}}}}", size)
	in := &SimulateCustomPolicyInput{
		PolicyInputList: []string{doc}, ActionNames: limitsRepeat("s3:GetObject", 1000), MaxItems: ptr(int32(1000)),
		ContextEntries: []ContextEntry{{ContextKeyName: "aws:username", ContextKeyValues: []string{strings.Repeat("a", DefaultInputLimits.ContextValueBytes)}, ContextKeyType: "string"}},
	}
	// One evaluation first, for the log and to have the documents cached.
	one := *in
	one.ActionNames = in.ActionNames[:1]
	start := time.Now()
	_, err := s.SimulateCustomPolicy(context.Background(), &one)
	require.NoError(t, err)
	each := time.Since(start)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = s.SimulateCustomPolicy(ctx, in)
	if err == nil {
		t.Skipf("the machine finished 1,000 evaluations of %v each within 20ms", each)
	}
	require.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	t.Logf("one evaluation %v; deadline of 20ms on a page of 1,000: returned after %v", each, time.Since(start))
}

// countingContext is a context whose Err counts its calls and reports
// context.Canceled from call cancelAt on (never when 0).
type countingContext struct {
	context.Context
	calls, cancelAt int
}

func (c *countingContext) Err() error {
	c.calls++
	if c.cancelAt > 0 && c.calls >= c.cancelAt {
		return context.Canceled
	}
	return nil
}

// TestLimitsCancellationEveryResult: the context is consulted before every
// result of a page, so a cancellation is seen within one evaluation (whose
// cost InputLimits bound), and the simulation returns the context's error
// at once.
func TestLimitsCancellationEveryResult(t *testing.T) {
	t.Parallel()
	s := New()
	in := &SimulateCustomPolicyInput{PolicyInputList: []string{allowAll}, ActionNames: limitsRepeat("s3:GetObject", 500), ResourceArns: []string{"arn:aws:s3:::b/1", "arn:aws:s3:::b/2"}, MaxItems: ptr(int32(1000))}
	c := &countingContext{Context: context.Background()}
	out, err := s.SimulateCustomPolicy(c, in)
	require.NoError(t, err)
	require.Len(t, out.EvaluationResults, 1000)
	require.GreaterOrEqual(t, c.calls, 1000, "one check per result")
	for _, at := range []int{1, 2, 500} {
		t.Run(fmt.Sprintf("cancelAt=%d", at), func(t *testing.T) {
			t.Parallel()
			c := &countingContext{Context: context.Background(), cancelAt: at}
			_, err := s.SimulateCustomPolicy(c, in)
			require.ErrorIs(t, err, context.Canceled)
			require.Equal(t, at, c.calls, "returned at the first check that saw the cancellation")
		})
	}
}
