package condition

import (
	"testing"

	iamctx "github.com/iamsim/iamsim/context"
)

// Doc pages cited by the tests (files of the AWS IAM User Guide, doc_source/).
const (
	docCond      = "reference_policies_elements_condition.md"
	docOps       = "reference_policies_elements_condition_operators.md"
	docString    = docOps + "#Conditions_String"
	docNumeric   = docOps + "#Conditions_Numeric"
	docDate      = docOps + "#Conditions_Date"
	docBool      = docOps + "#Conditions_Boolean"
	docBinary    = docOps + "#Conditions_BinaryEquals"
	docIP        = docOps + "#Conditions_IPAddress"
	docARN       = docOps + "#Conditions_ARN"
	docIfExists  = docOps + "#Conditions_IfExists"
	docNull      = docOps + "#Conditions_Null"
	docMissing   = docOps + " (Important: key not present)"
	docMulti     = "reference_policies_multi-value-conditions.md"
	docMultiEval = docMulti + "#reference_policies_multiple-conditions-eval"
	docSets      = docMulti + "#reference_policies_multi-key-or-value-conditions"
	docSetsEval  = docMulti + "#reference_policies_multi-value-conditions-eval"
	docSingleVs  = "reference_policies_single-vs-multi-valued-condition-keys.md"
	docDataExch  = "reference_policies_examples_resource_account_data_exch.md"
	docVars      = "reference_policies_variables.md"
	docVarsUse   = docVars + "#policy-vars-using-variables"
	docVarsNone  = docVars + "#policy-vars-no-value"
	docVarsCond  = docVars + "#policy-vars-conditionelement"
	docVarsRes   = docVars + "#policy-vars-resourceelement"
	docVarsSpec  = docVars + "#policy-vars-specialchars"
	docVarsDef   = docVars + "#policy-vars-default-values"
	docResource  = "reference_policies_elements_resource.md"
	docResWild   = docResource + "#reference_policies_elements_resource_wildcards"
	docAction    = "reference_policies_elements_action.md"
	docARNs      = "reference-arns.md#arns-syntax"
	docSpec5     = "SPEC.md §5 (request resource *)"
	docSpec2     = "SPEC.md §2 (only * and ? are wildcards)"
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
