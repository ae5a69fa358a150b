// Package condition compiles the Condition element of IAM policies into
// matchers, and the wildcard and ARN patterns that Action and Resource
// elements use.
//
//	policy.Parse ─► condition.Compile (once per operator/key) ─► eval.Engine
//
// It reads operators with policy.ParseOperator and reports a value that
// does not compile with the parser's error type (Error is
// policy.ConditionError), so a policy that policy.Parse accepts compiles.
// CompileResource and CompileAction compile Resource and Action values,
// which match as they do in eval.
//
// Every value is parsed once, at compile time (numbers, dates, CIDRs, base64,
// booleans, wildcard patterns, policy variables); a value that does not parse
// for its operator is an *Error. Matching a request is a method call chosen
// at compile time, and does not allocate.
//
// What the package decides, with the User Guide pages (doc_source/ of
// awsdocs/iam-user-guide) it follows; Condition.Eval documents each rule:
//
//   - The values of one key OR; a negated operator (StringNotEquals,
//     NotIpAddress, ArnNotLike, ...) holds when the request value matches
//     none of them (reference_policies_multi-value-conditions.md).
//   - A missing key makes a condition false, except negated operators,
//     ...IfExists and ForAllValues (true) and Null, which tests presence
//     (reference_policies_elements_condition_operators.md).
//   - ForAnyValue / ForAllValues apply the operator, negation included, to
//     each request value. Without a qualifier, a request key with several
//     values does not satisfy the condition: set operators are required for
//     multivalued keys (reference_policies_multi-value-conditions.md,
//     reference_policies_single-vs-multi-valued-condition-keys.md).
//   - Policy variables (Options.Variables, Version 2012-10-17) are
//     substituted in string and ARN values, Bool values and Resource
//     patterns; substituted text is literal, ${*} ${?} ${$} are literal
//     characters, and a variable without a value makes its policy value
//     match nothing (reference_policies_variables.md).
//   - Only * and ? are wildcards; ARNs match per colon-delimited component,
//     the resource part after the fifth colon as a whole
//     (reference_policies_elements_resource.md, reference-arns.md,
//     reference_policies_elements_condition_operators.md#Conditions_ARN).
package condition
