// Package simulator answers the IAM policy simulator API offline:
// SimulateCustomPolicy, SimulatePrincipalPolicy, GetContextKeysForCustomPolicy
// and GetContextKeysForPrincipalPolicy, with the API's request and response
// shapes and field names (the IAM service model), and the details of the live
// service's answers as public captures of them show.
//
// It sits on top of the rest of iamsim and adapts; it does not re-implement
// evaluation:
//
//	request ─► validate (service-model limits) ─► policy.ParseKind (cached)
//	        ─► eval.Compile(PolicySet) ─► for each action × resource:
//	           context.New(...) ─► Engine.EvaluateInto ─► EvaluationResult
//
// # Simulations
//
// Every action is evaluated against every resource (ResourceArns defaults to
// "*", which is matched as the literal string "*"), actions in request order,
// with EvalActionName as the caller spelled it. A result for "*" carries
// MatchedStatements and MissingContextValues; a result for a concrete
// resource also carries EvalDecisionDetails ({} unless the simulation is
// cross-account, when it maps "IAM Policy", "Resource Policy" and
// "Permissions Boundary Policy" to each side's own decision) and one
// ResourceSpecificResults entry, which holds the missing context values.
// MatchedStatements name their policy ("PolicyInputList.N",
// "PermissionsBoundaryPolicyInputList.N", "ResourcePolicy", a managed
// policy's name, or user_NAME_POLICY / group_NAME_POLICY / role_NAME_POLICY
// for inline policies) and where the statement is, as AWS places it.
// Results come in pages of MaxItems (default 100); the Marker of a truncated
// page continues the same request and is rejected for any other.
//
// The caller is CallerArn (an IAM user; AllowAnyCaller also accepts roles,
// role sessions and federated users). Without one, the simulation has a
// stand-in caller about whom no context key is known. The resource's account
// is the one in its ARN, else ResourceOwner, else the caller's; a resource in
// another account than the caller's is simulated by the cross-account rules.
// A ResourcePolicy applies to every resource: as a KMS key policy for KMS key
// ARNs, and for sts:AssumeRole* as a trust policy that, like the live
// service, is parsed but not evaluated unless EvaluateTrustPolicies is set.
//
// SimulatePrincipalPolicy reads the user, group or role from an
// account.Account (WithAccount), usually loaded with account.Load from the
// output of `aws iam get-account-authorization-details`; account.Example is
// a small account to try things with. The account is read at every call, so
// a change made to it shows in the next simulation.
//
// # Errors
//
// Every error is a *Error carrying one of the codes the service model
// declares for these operations: InvalidInput (400) for a request the API
// would refuse, including a malformed policy (named, with line and column),
// NoSuchEntity (404) for an unknown PolicySourceArn, PolicyEvaluation (500)
// when the simulation itself fails (an account snapshot that lacks a policy
// it refers to, say). A canceled context returns its error; it is
// consulted before every result. No input makes the simulator panic.
//
// Beyond the service model's bounds, InputLimits bounds what the model
// leaves open (the total size of a request's documents, the size of context
// values), so that one call's memory and time stay bounded; a request over
// them is InvalidInput naming the limit. WithInputLimits changes them.
//
// A Simulator is configured once and safe for concurrent use. It keeps parsed
// policy documents, and the engines compiled from each request's set of
// them, in LRU caches bounded in entries (WithCacheSize) and in the memory
// their entries are estimated to hold (WithCacheBytes), keyed by the
// documents' texts, so that a change to the account never leaves a stale
// entry. An entry goes in at its second use, so documents simulated once (a
// fuzzing run, a suite of distinct policies) neither push out those in
// repeated use nor stay in memory.
package simulator
