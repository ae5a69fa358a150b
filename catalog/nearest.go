package catalog

import (
	"cmp"
	"slices"
	"strings"
)

// maxSuggestions bounds what NearestActions returns.
const maxSuggestions = 3

// NearestActions returns the names of up to three actions nearest to name
// ("prefix:Name"), nearest first, for a "did you mean s3:GetObject?" hint:
// within the service when its prefix is known, else within the services
// whose prefixes are nearest to it. Nearness is the number of characters
// inserted, deleted, replaced or swapped, case aside, and a name is only
// suggested within a distance that grows with its length. The result is
// empty when nothing is near, and for a name the catalog knows.
func (c *Catalog) NearestActions(name string) []string {
	if _, ok := c.ordinal(name); ok {
		return nil
	}
	prefix, action, ok := strings.Cut(strings.ToLower(name), ":")
	if !ok {
		return nil
	}
	type candidate struct {
		ordinal, distance int
	}
	var cands []candidate
	consider := func(s *Service, base int) {
		limit := 1 + len(action)/4
		for o := s.first; o < s.first+s.count; o++ {
			other := c.lowerName(o)[len(s.Prefix)+1:]
			if d := distance(action, other, limit); d <= limit {
				cands = append(cands, candidate{o, base + d})
			}
		}
	}
	if s, ok := c.byPrefix[prefix]; ok {
		consider(s, 0)
	} else {
		limit := 1
		if len(prefix) > 3 {
			limit = 2
		}
		for _, s := range c.services {
			if d := distance(prefix, s.Prefix, limit); d <= limit {
				consider(s, d)
			}
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.distance, b.distance), cmp.Compare(a.ordinal, b.ordinal))
	})
	out := make([]string, 0, min(len(cands), maxSuggestions))
	for _, cd := range cands[:min(len(cands), maxSuggestions)] {
		out = append(out, c.fullName(cd.ordinal))
	}
	return out
}

// distance returns the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of adjacent bytes), or
// limit+1 once it is sure to exceed limit.
func distance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// Three rows of the table: i-2, i-1 and i.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}
