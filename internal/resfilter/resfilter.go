package resfilter

// restBytes is the number of bytes after an ARN's fifth colon in its
// second cut.
const restBytes = 4

// arnCuts returns the length of s through its third colon and through its
// fifth colon plus restBytes bytes, each 0 when s is too short.
func arnCuts(s string) (c3, c5 int) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] != ':' {
			continue
		}
		n++
		if n == 3 {
			c3 = i + 1
		}
		if n == 5 {
			if i+1+restBytes <= len(s) {
				c5 = i + 1 + restBytes
			}
			break
		}
	}
	return c3, c5
}

// cutBit hashes s (FNV-1a) to one of 64 bits.
func cutBit(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return 1 << (h >> 58)
}

// ResourceBits returns the filter signature of a request resource (see
// PrefixBits). It is never 0.
func ResourceBits(resource string) uint64 {
	c3, c5 := arnCuts(resource)
	if c3 == 0 {
		// Only a prefix with fewer than three colons (every bit) can be
		// a prefix of this resource.
		return 1
	}
	b := cutBit(resource[:c3])
	if c5 > 0 {
		b |= cutBit(resource[:c5])
	}
	return b
}

// PrefixBits returns the filter signature of a literal prefix of resource
// patterns: every resource that starts with prefix has ResourceBits sharing
// a bit with it. It is ^0 (every bit) for a prefix too short to tell
// resources apart.
func PrefixBits(prefix string) uint64 {
	c3, c5 := arnCuts(prefix)
	switch {
	case c5 > 0:
		return cutBit(prefix[:c5])
	case c3 > 0:
		return cutBit(prefix[:c3])
	}
	return ^uint64(0)
}
