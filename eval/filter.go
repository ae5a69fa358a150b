package eval

import "github.com/iamsim/iamsim/internal/resfilter"

// The resource prefix filter (internal/resfilter): a statement whose
// Resource patterns share no signature bit with the request's resource is
// skipped without running them.

// resourceBits returns the statement's resource filter: the PrefixBits of
// its patterns' literal prefixes (no bit for no pattern: an empty Resource
// list matches nothing), or every bit when the statement may apply, or
// report missing keys, whatever the resource: NotResource, no Resource
// element, Resource "*", and patterns with policy variables (Match reports
// their missing keys even when it fails).
func (s *stmt) resourceBits() uint64 {
	if s.noResource || s.notResource || s.anyResource || (s.extra != nil && s.extra.resourceVars != nil) {
		return ^uint64(0)
	}
	if s.literalKind != noLiteral {
		return resfilter.PrefixBits(s.literal) // literal is its pattern's LiteralPrefix
	}
	var b uint64
	for _, p := range s.resources {
		b |= resfilter.PrefixBits(p.LiteralPrefix())
	}
	return b
}
