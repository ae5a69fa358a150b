// Package endpoint serves the IAM API's Query protocol over HTTP, so that the
// AWS CLI, the AWS SDKs and scripts written for them can be pointed at iamsim
// (`--endpoint-url http://127.0.0.1:PORT`) and get AWS's answers offline.
//
// It is a protocol adapter over the account model and the simulator:
//
//	HTTP POST/GET ─► form (Action, Version=2010-05-08, Name.member.N, …)
//	    ─► operation: members checked against the IAM service model
//	       ─► account.Account (users.go, groups.go, roles.go, policies.go,
//	          inline_policies.go, attachments.go, tags.go,
//	          authorization_details.go): reads, and changes that the
//	          account validates, journals and installs
//	       ─► simulator.Simulator over that account (simulation.go)
//	    ─► <ActionResponse><ActionResult>…</ActionResult>
//	       <ResponseMetadata><RequestId/></ResponseMetadata></ActionResponse>
//
// The account-management operations (users, groups, roles, inline and
// managed policies and their versions, attachments, permissions
// boundaries, tags, GetAccountAuthorizationDetails) check their input as the
// IAM service model says (lengths and patterns are ValidationError, policy
// documents MalformedPolicyDocument) and fail with the API's codes and HTTP
// statuses: NoSuchEntity 404, EntityAlreadyExists, DeleteConflict and
// LimitExceeded 409, InvalidInput 400. Errors are
// <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
//
// Policy documents in responses are URL-encoded (RFC 3986), as the live API
// returns them; the AWS CLI decodes them, the SDKs leave that to the caller.
//
// The account is in memory unless WithDataDir names a directory, in which
// every change is appended to a write-ahead log and fsynced before it takes
// effect. Requests are accepted unsigned unless WithCredentials turns on
// Signature Version 4 verification.
package endpoint
