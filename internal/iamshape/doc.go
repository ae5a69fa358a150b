// Package iamshape holds the constraints the IAM service model
// (botocore's data/iam/2010-05-08/service-2.json) puts on the string members
// of requests: lengths, patterns and list sizes, and the wording of the
// ValidationError messages AWS gives when a member breaks one. The account
// model checks its inputs with them and the endpoint checks requests on the
// wire with them, so both report the same violations the same way.
//
// A Field checks one member and appends one message per violation, so a
// caller gathers every violation of a request before it answers, as AWS
// does; account.ValidationError joins them into the error.
package iamshape
