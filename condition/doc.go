// Package condition compiles the Condition element of IAM policies into
// matchers, and the wildcard and ARN patterns that Action and Resource
// elements use.
//
//	policy.Parse ─► condition.Compile (once per operator/key) ─► eval.Engine
//
// Every value is parsed once, at compile time (numbers, dates, CIDRs, base64,
// wildcard patterns); matching a request is a method call that does not
// allocate.
package condition
