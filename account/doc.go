// Package account models one AWS account's IAM entities: users, groups,
// roles and managed policies with their versions, inline policies,
// attachments, permissions boundaries and tags, and the Organizations
// policies (SCPs and RCPs) that govern the account. It is the one model of
// an account in iamsim:
//
//	get-account-authorization-details JSON ─► Load ─► *Account ─► WriteJSON
//	                                                     │   ▲
//	        simulator (SimulatePrincipalPolicy) ◄─ reads ┘   └─ changes ◄─ endpoint (IAM API)
//	                                                                │
//	                                                  Journal ◄─────┘ (write-ahead log)
//
// Reading. User, Group, Role and Policy find an entity (names without
// regard to case, as IAM compares them); Users, Groups, Roles and Policies
// list them in IAM's order; Principal gathers what applies to a user, group
// or role: its inline policies, its attached managed policies' default
// versions, a user's groups' policies, and its permissions boundary, in the
// order IAM's SimulatePrincipalPolicy evaluates them. Entities are
// immutable values: a change replaces them, so what a reader holds never
// changes under it.
//
// Changing. The methods named after IAM operations (CreateUser,
// PutRolePolicy, AttachGroupPolicy, CreatePolicyVersion, …) apply one
// change each, as IAM applies it: the input is checked against the IAM
// service model's constraints (ValidationError, listing every violation),
// policy documents by the policy grammar (MalformedPolicyDocument with line
// and column), then against the account (NoSuchEntity, EntityAlreadyExists,
// DeleteConflict, LimitExceeded under the Quotas), with the API's messages
// where AWS's wording is known. Operations whose request has optional
// members take an Input struct; the others take their members as
// arguments. Every error is an *Error carrying the API's code and HTTP
// status.
//
// A change touches only what it changes: the entities it replaces and the
// indexes of group members and policy uses. A Journal set with SetJournal
// records each change (the entities it wrote, whole) before it takes
// effect; Replay applies recorded changes to rebuild the account.
//
// An Account is safe for concurrent use: reads proceed while a change is
// validated and journaled, and see it once it is installed, all at once.
package account
