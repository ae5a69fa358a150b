// Package eval decides requests against a compiled set of IAM policies.
//
//	policy.Parse ─► eval.Compile(PolicySet) ─► Engine.Evaluate(*context.Request) ─► Result
//
// Compile takes the policies grouped by the part they play (identity-based,
// resource-based, permissions boundary, session, SCP levels, RCP levels, VPC
// endpoint), compiles every pattern and condition once, and indexes
// statements by action: exact action names in a map, wildcard patterns by
// service prefix, so a request visits only the statements that can match it. For an action
// a policy names, the service's patterns that match it are worked out at
// compile time, and for each service which NotAction and wildcard-service
// statements can apply to it, so such a request matches no action pattern
// at all. The Engine is immutable and safe for concurrent use.
//
// Evaluate applies AWS's policy evaluation logic
// (reference_policies_evaluation-logic.md and
// reference_policies_evaluation-logic-cross-account.md in the IAM User
// Guide): an applicable Deny anywhere is final; every SCP and RCP level must
// allow, and so must the VPC endpoint policy of a request that goes through
// an endpoint; within one account an Allow in the identity-based policies
// (limited by the permissions boundary and session policies) or in the
// resource-based policy grants, with the documented exceptions by principal type
// (access_policies_boundaries.md); across accounts both sides must allow;
// KMS key policies and role trust policies must allow explicitly.
//
// Evaluate returns the decision with the statements that decided it (policy
// ID and source span, for the simulator's MatchedStatements), for an
// explicit deny the Allow statements it overrode, and the context keys that
// conditions looked for and did not find. EvaluateInto reuses a
// Result so that steady-state evaluation does not allocate; Decide returns
// the decision alone.
package eval
