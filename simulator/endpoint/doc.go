// Package endpoint serves the IAM API's Query protocol over HTTP, so that the
// AWS CLI, the AWS SDKs and scripts written for them can be pointed at iamsim
// (`--endpoint-url http://127.0.0.1:PORT`) and get AWS's answers offline.
//
//	HTTP POST/GET ─► form (Action, Version=2010-05-08, Name.member.N, …)
//	    ─► operation: a read of the current snapshot (the four simulator
//	       operations, Get*/List*) or a change to a copy of the account
//	       (Create*/Put*/Attach*/…), logged when durable, then published
//	    ─► <ActionResponse><ActionResult>…</ActionResult>
//	       <ResponseMetadata><RequestId/></ResponseMetadata></ActionResponse>
//
// The simulator operations are answered by package simulator on an Account
// built from the endpoint's state; the account-management operations
// (users, groups, roles, inline and managed policies and their versions,
// attachments, permissions boundaries, tags, GetAccountAuthorizationDetails)
// validate their input as the IAM service model says (lengths and patterns
// are ValidationError, policy documents MalformedPolicyDocument) and fail with
// the API's codes and HTTP statuses: NoSuchEntity 404, EntityAlreadyExists,
// DeleteConflict and LimitExceeded 409, InvalidInput 400. Errors are
// <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
//
// Policy documents in responses are URL-encoded (RFC 3986), as the live API
// returns them; the AWS CLI decodes them, the SDKs leave that to the caller.
//
// State is in memory unless WithDataDir names a directory, in which every
// acknowledged change is first appended to a write-ahead log and fsynced.
// Requests are accepted unsigned unless WithCredentials turns on Signature
// Version 4 verification.
package endpoint
