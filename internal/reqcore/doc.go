// Package reqcore holds the part of a request that the evaluation hot path
// reads, and the hashed names it is looked up by.
//
// A context.Request starts with a Core: the lower-cased action and its
// service prefix hashed once, the resource's prefix-filter signature, the
// principal, and a table of the context keys. A compiled policy hashes the
// names it looks for once (MakeKey), and then finds them in every request
// without hashing again. Package reqview gives packages of this module the
// Core of a context.Request; users of iamsim see none of this.
package reqcore
