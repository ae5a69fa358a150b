// Package resfilter is the resource prefix filter with which a compiled
// policy skips a statement whose Resource patterns cannot match a request's
// resource, without running them. Every resource a
// pattern matches starts with the pattern's literal prefix (the text before
// its first wildcard or variable), and ResourceBits and PrefixBits reduce a
// resource and a prefix to 64-bit signatures such that
//
//	strings.HasPrefix(resource, prefix) ⇒ ResourceBits(resource)&PrefixBits(prefix) != 0
//
// A statement ORs the PrefixBits of its patterns' prefixes; a request whose
// ResourceBits share no bit with them matches none of the patterns.
//
// A signature bit stands for a hash of one of two cuts of an ARN: through
// its third colon (partition and service: "arn:aws:s3:") and through its
// fifth colon and the next restBytes bytes ("arn:aws:s3:::team"). A
// prefix gets the bit of the longest cut it holds, or every bit when it
// holds neither (fewer than three colons: it may be a prefix of anything);
// a resource gets the bits of every cut it holds.
//
// Package context computes a request's ResourceBits once, in New; package
// eval ORs the PrefixBits of each statement's patterns at compile time.
package resfilter
