// Package policy is the syntax of IAM policy documents: the AST and the
// parser, nothing that evaluates.
//
//	bytes ─► policy.ParseKind ─► *policy.Policy ─► eval.Compile ─► Engine.Evaluate
//	                                   │
//	                                   └─► policy.Marshal (canonical JSON)
//
// ParseKind reads a JSON policy document the way IAM does
// (reference_policies_grammar.md and reference_policies_elements_*.md in
// the IAM User Guide): Version, Id and Statement at the top; in each
// statement Sid, Effect, Action or NotAction, Resource or NotResource,
// Principal or NotPrincipal and Condition, with the elements a Kind
// requires or forbids (a Principal only in resource-based, trust and
// resource control policies, for example). Each condition operator
// (ParseOperator), key and value list is checked against the operator's
// value syntax, so a policy that parses also compiles with package
// condition, which builds on this package's Operator.
//
// Every rejection is a *Error with the IAM API code MalformedPolicyDocument,
// a message naming the problem, and a Position (line, column, byte offset)
// of the offending text. Each Statement keeps its Span as the IAM
// simulator reports it in MatchedStatements (StartPosition, EndPosition),
// so later stages can say which statements decided a request.
//
// The parser makes one pass to check the IAM API's length and character set
// (at most MaxDocumentChars characters from tab, line feed, carriage return
// and U+0020 to U+00FF), one to read the JSON into a flat tree, and one to
// walk the grammar; positions come from a line table in O(log n). Nothing
// is quadratic in the document size and nesting is bounded by
// MaxNestingDepth.
package policy
