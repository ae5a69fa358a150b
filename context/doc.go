// Package context describes the request that a policy decision is about: the
// action, the resource, the principal making the call and the request
// context keys (aws:SourceIp, s3:prefix, aws:PrincipalTag/team, ...).
//
// In the iamsim pipeline it sits beside package policy:
//
//	policy.Parse ─► eval.Compile ─► Engine.Evaluate(*context.Request) ─► Result
//
// A Request is built once with New from an Input whose context entries use the
// IAM API's twelve ContextKeyType names (string, stringList, numeric, ...). New
// validates and parses every typed value, lower-cases key names (condition key
// names are case-insensitive, see reference_policies_elements_condition.md),
// and derives the keys that follow from the principal (aws:PrincipalArn,
// aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:userid) unless the
// caller gave them. After New the Request is immutable and may be shared by
// goroutines.
//
// The package name shares the standard library's; files that need both
// import this one as iamctx.
package context
