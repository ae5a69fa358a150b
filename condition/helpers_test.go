package condition

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/policy"
)

// Doc pages cited by the tests (files of the AWS IAM User Guide, doc_source/).
const (
	docCond       = "reference_policies_elements_condition.md"
	docOps        = "reference_policies_elements_condition_operators.md"
	docString     = docOps + "#Conditions_String"
	docNumeric    = docOps + "#Conditions_Numeric"
	docDate       = docOps + "#Conditions_Date"
	docBool       = docOps + "#Conditions_Boolean"
	docBinary     = docOps + "#Conditions_BinaryEquals"
	docIP         = docOps + "#Conditions_IPAddress"
	docARN        = docOps + "#Conditions_ARN"
	docIfExists   = docOps + "#Conditions_IfExists"
	docNull       = docOps + "#Conditions_Null"
	docMissing    = docOps + " (Important: key not present)"
	docMulti      = "reference_policies_multi-value-conditions.md"
	docMultiEval  = docMulti + "#reference_policies_multiple-conditions-eval"
	docSets       = docMulti + "#reference_policies_multi-key-or-value-conditions"
	docSetsEval   = docMulti + "#reference_policies_multi-value-conditions-eval"
	docSingleVs   = "reference_policies_single-vs-multi-valued-condition-keys.md"
	docDataExch   = "reference_policies_examples_resource_account_data_exch.md"
	docVars       = "reference_policies_variables.md"
	docVarsUse    = docVars + "#policy-vars-using-variables"
	docVarsNone   = docVars + "#policy-vars-no-value"
	docVarsCond   = docVars + "#policy-vars-conditionelement"
	docVarsRes    = docVars + "#policy-vars-resourceelement"
	docVarsSpec   = docVars + "#policy-vars-specialchars"
	docVarsDef    = docVars + "#policy-vars-default-values"
	docResource   = "reference_policies_elements_resource.md"
	docResWild    = docResource + "#reference_policies_elements_resource_wildcards"
	docAction     = "reference_policies_elements_action.md"
	docARNs       = "reference-arns.md#arns-syntax"
	docNoResource = "API_SimulateCustomPolicy (ResourceArns: no resource is \"*\")"
	docWildcards  = docResWild + " (only * and ? are wildcards)"
)

const testUser = "arn:aws:iam::111122223333:user/alice"

// str is a string context entry: type string for one value, stringList
// otherwise.
func str(key string, values ...string) iamctx.Entry {
	t := iamctx.TypeString
	if len(values) != 1 {
		t = iamctx.TypeStringList
	}
	return iamctx.Entry{Key: key, Type: t, Values: values}
}

// typed is a context entry of an explicit type.
func typed(key string, t iamctx.Type, values ...string) iamctx.Entry {
	return iamctx.Entry{Key: key, Type: t, Values: values}
}

func newRequest(t testing.TB, principal string, tags map[string]string, entries ...iamctx.Entry) *iamctx.Request {
	t.Helper()
	r, err := iamctx.New(iamctx.Input{
		Action:        "s3:GetObject",
		Resource:      "*",
		Principal:     principal,
		PrincipalTags: tags,
		Context:       entries,
	})
	if err != nil {
		t.Fatalf("iamctx.New: %v", err)
	}
	return r
}

func mustCompile(t testing.TB, op, key string, values []string, opts Options) *Condition {
	t.Helper()
	c, err := Compile(op, key, values, opts)
	if err != nil {
		t.Fatalf("Compile(%q, %q, %q): %v", op, key, values, err)
	}
	return c
}

// parseCondition parses a policy whose one statement holds the condition
// "op": {key: values}, under Version 2012-10-17 when variables is set and
// 2008-10-17 otherwise, and returns the parser's error. ok is false when
// the condition cannot be written into a document unchanged (text that is
// not valid UTF-8).
func parseCondition(t testing.TB, op, key string, values []string, variables bool) (err error, ok bool) {
	t.Helper()
	for _, s := range append([]string{op, key}, values...) {
		if !utf8.ValidString(s) {
			return nil, false
		}
	}
	version := policy.Version2008
	if variables {
		version = policy.Version2012
	}
	vals := values
	if vals == nil {
		vals = []string{}
	}
	cond, jerr := json.Marshal(map[string]map[string][]string{op: {key: vals}})
	if jerr != nil {
		t.Fatal(jerr)
	}
	doc := `{"Version":"` + version + `","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":` + asciiJSON(string(cond)) + `}}`
	_, err = policy.ParseKindString(doc, policy.KindIdentity)
	return err, true
}

// asciiJSON escapes the characters of JSON text above U+007F, which the IAM
// character set may not allow in a document, as \u escapes.
func asciiJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// checkParseAgrees checks that the policy parser rejects exactly what
// Compile rejects (compileErr), with the same *Error: a policy that
// parses also compiles. The parser finds an unknown operator and an empty
// key on its own, with its own message.
func checkParseAgrees(t testing.TB, op, key string, values []string, variables bool, compileErr error) {
	t.Helper()
	perr, ok := parseCondition(t, op, key, values, variables)
	if !ok {
		return
	}
	if compileErr == nil {
		if perr != nil {
			t.Fatalf("%s %q %q: Compile succeeds, the parser says %v", op, key, values, perr)
		}
		return
	}
	if perr == nil {
		t.Fatalf("%s %q %q: Compile says %v, the parser accepts it", op, key, values, compileErr)
	}
	ce := compileErr.(*Error)
	if ce.Reason == "unknown operator" {
		if inner := errors.Unwrap(perr); inner == nil || inner.Error() != ce.Err.Error() {
			t.Fatalf("%s: Compile says %v, the parser %v", op, compileErr, perr)
		}
		return
	}
	if key == "" {
		return
	}
	var pe *Error
	if !errors.As(perr, &pe) || !reflect.DeepEqual(pe, ce) {
		t.Fatalf("%s %q %q: Compile error %#v, the parser wraps %#v", op, key, values, compileErr, pe)
	}
}
