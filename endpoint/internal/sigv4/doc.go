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
// one sent. Before that it holds the request to AWS's rules: host among
// the signed headers; a credential scope dated X-Amz-Date's day, with a
// region, for a service the endpoint serves (iam); X-Amz-Date within 15
// minutes of now, or for a presigned request within its X-Amz-Expires (1
// to 604800 seconds); a header-signed request's body covered by the
// signature (no UNSIGNED-PAYLOAD); and no body with a presigned request,
// whose signature covers only the query string.
// URIEncode is the RFC 3986 encoding the canonical query string uses, which
// the endpoint also applies to the policy documents in its responses.
package sigv4
