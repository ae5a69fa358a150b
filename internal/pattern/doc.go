// Package pattern matches the text of IAM policies against requests: the
// * and ? wildcards, ARNs component by component, and policy variables
// substituted from the request without building strings.
//
// It serves two packages. Package condition compiles the values of String
// and ARN condition operators with CompileValues; package eval compiles
// Action and Resource elements with CompileAction and CompileResource, and
// reads the shortcuts (MatchFast, Literal, LiteralPrefix, ResourceLiteral)
// that let its index and resource filter skip most patterns. Package
// condition re-exports Resource and Action patterns with the methods a
// user needs.
//
// Every value is parsed once, at compile time, into a template of literal
// text, wildcards and variables; matching does not allocate. The rules,
// from the IAM User Guide: only * and ? are wildcards
// (reference_policies_elements_resource.md#reference_policies_elements_resource_wildcards);
// ARNs match per colon-delimited component, the resource part after the
// fifth colon as a whole
// (reference_policies_elements_condition_operators.md#Conditions_ARN,
// reference-arns.md); substituted text is literal, ${*} ${?} ${$} are
// literal characters, and a variable without a value makes its value
// match nothing (reference_policies_variables.md).
package pattern
