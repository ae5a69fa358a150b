// Package catdata is the layout of package catalog's generated files: the
// generator (catalog/internal/gen) writes them with Writer, the catalog
// reads them with Reader, and this comment is their specification.
//
//	npm packages ─► gen (Writer, Compress) ─► catalog/data/*.deflate ─► go:embed ─► catalog (Decompress, Reader)
//
// Every file is raw DEFLATE (Compress). Decompressed, it starts with its
// magic string, then holds fields in order, with these encodings:
//
//	uint     an unsigned varint (encoding/binary's uvarint)
//	bool     a uint, 0 or 1
//	string   uint length, then that many bytes of UTF-8 (Writer.Text)
//	strings  uint count, then that many strings
//	ref      a uint indexing the file's string table
//
// services/index.deflate (MagicServiceIndex), read when the catalog is first
// used: every service and its actions' names, enough to look up any action
// name and to expand wildcards without opening a service's own file.
//
//	uint n, then n times:      string prefix ("s3"), string name ("Amazon S3"),
//	                           strings action names ("GetObject"), sorted by
//	                           their lower-case form
//	uint m, then m times:      string key prefix of condition keys that
//	                           services other than the one it names define
//	                           ("token.actions.githubusercontent.com"), uint k,
//	                           k times uint service (index in the list above)
//
// services/PREFIX.deflate (MagicService), read the first time one of the
// service's actions, resource types or condition keys is asked for:
//
//	strings table              every distinct string of the file
//	ref prefix
//	uint n, n condition keys:  ref name, uint type (KeyTypes), ref description
//	uint n, n resource types:  ref name, ref ARN format, uint k, k uint keys
//	                           (condition key indexes)
//	uint n, n actions, in the index's order:
//	                           ref name, ref description, uint access level
//	                           (AccessLevels), uint k, k resource type rows
//	                           (uint resource type index, bool required, uint
//	                           j, j keys, uint j, j refs dependent actions),
//	                           uint j, j keys, uint j, j refs dependent actions
//
// policies/index.deflate (MagicPolicyIndex), read the first time AWS managed
// policies are asked for:
//
//	uint n, n policies, sorted by name:
//	                           string name, string path ("/service-role/"),
//	                           uint default version (N of "vN"), uint create
//	                           date, uint update date (Unix seconds), uint k,
//	                           k versions newest first: uint N, uint create date
//
// policies/NAME.deflate (MagicPolicy): the documents of one policy, newest
// first, so that the default version is read without decompressing the
// older ones (PolicyDocument):
//
//	until the end:             uint N, string document (JSON text)
//
// MANIFEST is text: the source packages, then one line per generated file
// with its SHA-256 (see catalog/internal/gen).
package catdata
