// Package sigv4 verifies AWS Signature Version 4 on incoming requests (AWS
// General Reference, "Signature Version 4 signing process"): the
// Authorization header form the SDKs and the CLI send, and the presigned
// query-string form.
//
// It is the endpoint's gate when WithCredentials gives it access keys:
//
//	HTTP request ─► Verify(request, body, access key ID → secret, now) ─► operation
//	                    │
//	                    └─► *Error (MissingAuthenticationToken, InvalidClientTokenId,
//	                        IncompleteSignature, SignatureDoesNotMatch, …), HTTP 403
//
// Verify recomputes the signature from the request as received (canonical
// request, string to sign, derived signing key) and compares it with the
// one sent; it also refuses a request dated more than 15 minutes from now.
// URIEncode is the RFC 3986 encoding the canonical query string uses, which
// the endpoint also applies to the policy documents in its responses.
package sigv4
