package eval

import (
	"slices"
	"strings"
)

// Resolving: for an action that the exact index lists, the statements of
// its service whose wildcard patterns match it are found at compile time
// and folded into its list, so such a request matches no action pattern.

// resolveScan bounds, per statement of a group, the pattern tests that
// resolve and globals may make at compile time.
const resolveScan = 128

// resolve folds into the list of each exactly listed action the statements
// of its service whose wildcard patterns match that action, tested here once
// rather than at every evaluation, and then drops the action's link to the
// service list (hashEnt.b): a request for a listed action then walks one
// list of statements that all match its action, plus the global one.
//
// A service's pattern statements are bucketed by the byte their patterns
// need right after the colon (or none, for "svc:*" and patterns with a
// wildcard there), so an action is tested against its own byte's bucket
// and the wildcard bucket only. An action whose tests would take resolve
// over its compile-time budget (resolveScan pattern tests per statement)
// keeps the link and is matched as before.
func (g *group) resolve(b *builder, post []int32) {
	budget := resolveScan * max(len(g.stmts), 64)
	if b.unresolved {
		budget = -1
	}
	out := b.merged[:0]
	bk := &b.buckets
	cur := -1 // the service bk holds
	for _, ei := range b.byService(g) {
		e := &g.exact.ents[ei]
		ex := post[e.a:]
		start := len(out)
		e.a = uint32(start)
		si := int(e.b) - 1
		c := strings.IndexByte(e.name, ':') + 1
		var own, wild []int32 // the action's bucket and the wildcard one
		if si >= 0 {
			if si != cur {
				bk.fill(g, si, c)
				cur = si
			}
			own, wild = bk.of(e.name, c)
			if n := bk.cost(e.name, c); n <= budget {
				budget -= n
			} else {
				si = -1
			}
		}
		if si < 0 { // no service list, or over budget: as listed
			for _, s := range ex {
				out = append(out, s)
				if s == done {
					break
				}
			}
			continue
		}
		sv := g.svcs[g.service.ents[si].a:]
		x, p, q := 0, 0, 0
		for {
			// The buckets hold positions in sv, in statement order; a
			// statement in both is the same entry of sv.
			sa, sb := int32(done), int32(done)
			if p < len(own) {
				sa = sv[own[p]].stmt
			}
			if q < len(wild) {
				sb = sv[wild[q]].stmt
			}
			next := min(ex[x], sa, sb)
			if next == done {
				break
			}
			keep := ex[x] == next
			if keep {
				x++
			}
			y := int32(-1)
			if sa == next {
				y = own[p]
				p++
			}
			if sb == next {
				y = wild[q]
				q++
			}
			if !keep && y >= 0 {
				ref := sv[y]
				for _, pt := range g.pats[ref.from:ref.to] {
					if keep = pt.matchAt(e.name, c); keep {
						break
					}
				}
			}
			if keep {
				out = append(out, next)
			}
		}
		out = append(out, done)
		e.b |= resolved
	}
	g.post = slices.Clone(out)
	b.merged = out[:0]
}

// byService returns the indexes of g's exact entries ordered by their
// service entry (a counting sort, in b's buffers), so that resolve buckets
// each service once.
func (b *builder) byService(g *group) []int32 {
	n := len(g.service.ents) + 1 // hashEnt.b: 0 (none) to len
	if cap(b.order) < len(g.exact.ents) {
		b.order = make([]int32, len(g.exact.ents))
	}
	order := b.order[:len(g.exact.ents)]
	start, _ := b.layout(n, func(i int) int32 { return int32(g.exact.ents[i].b) }, len(g.exact.ents))
	for i := range start {
		start[i] -= int32(i) // layout leaves room for a sentinel per list
	}
	for i := range g.exact.ents {
		k := g.exact.ents[i].b
		order[start[k]] = int32(i)
		start[k]++
	}
	return order
}

// anyByte is the bucket of the patterns that may take any byte after the
// colon.
const anyByte = 256

// buckets holds one service's pattern statements (positions in its svcs
// list) by the byte their patterns need after the colon (see resolve).
type buckets struct {
	at    [anyByte + 2]int32 // bucket k is refs[at[k]:at[k+1]]
	tests [anyByte + 1]int   // pattern tests of bucket k, for the budget
	refs  []int32
	pairs []bucketRef
}

type bucketRef struct {
	k int16
	y int32
}

// fill buckets the pattern statements of service entry si, whose actions
// have their colon just before c.
func (bk *buckets) fill(g *group, si, c int) {
	bk.pairs = bk.pairs[:0]
	clear(bk.tests[:])
	sv := g.svcs[g.service.ents[si].a:]
	for y := 0; sv[y].stmt != done; y++ {
		ref := sv[y]
		ps := g.pats[ref.from:ref.to]
		first := len(bk.pairs)
		for i := range ps {
			k := anyByte
			if ps[i].p == nil && c < len(ps[i].prefix) {
				k = int(ps[i].prefix[c])
			}
			dup := false
			for _, pr := range bk.pairs[first:] {
				dup = dup || int(pr.k) == k
			}
			if !dup {
				bk.pairs = append(bk.pairs, bucketRef{int16(k), int32(y)})
				bk.tests[k] += len(ps)
			}
		}
	}
	clear(bk.at[:])
	for _, pr := range bk.pairs {
		bk.at[pr.k+1]++
	}
	for k := 1; k < len(bk.at); k++ {
		bk.at[k] += bk.at[k-1]
	}
	bk.refs = slices.Grow(bk.refs[:0], len(bk.pairs))[:len(bk.pairs)]
	next := bk.at
	for _, pr := range bk.pairs { // in statement order: stable
		bk.refs[next[pr.k]] = pr.y
		next[pr.k]++
	}
}

// of returns the buckets an action is tested against: its own byte's
// (none when nothing follows its colon) and the wildcard one.
func (bk *buckets) of(action string, c int) (own, wild []int32) {
	if c < len(action) {
		k := action[c]
		own = bk.refs[bk.at[k]:bk.at[k+1]]
	}
	return own, bk.refs[bk.at[anyByte]:bk.at[anyByte+1]]
}

// cost is the number of pattern tests resolving action takes at most.
func (bk *buckets) cost(action string, c int) int {
	n := bk.tests[anyByte]
	if c < len(action) {
		n += bk.tests[action[c]]
	}
	return n
}
