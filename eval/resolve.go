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
// service list (hashEntry.link): a request for a listed action then walks one
// list of statements that all match its action, plus the global one.
//
// A service's pattern statements are bucketed by the byte their patterns
// need right after the colon (or none, for "svc:*" and patterns with a
// wildcard there), so an action is tested against its own byte's bucket
// and the wildcard bucket only. An action whose tests would take resolve
// over its compile-time budget (resolveScan pattern tests per statement)
// keeps the link and is matched as before.
func (g *group) resolve(b *builder, exactLists []int32) {
	budget := resolveScan * max(len(g.stmts), 64)
	if b.unresolved {
		budget = -1
	}
	out := b.merged[:0]
	bkt := &b.buckets
	cur := -1 // the service entry bkt holds
	for _, entryIndex := range b.byService(g) {
		e := &g.exact.entries[entryIndex]
		listed := exactLists[e.list:]
		start := len(out)
		e.list = uint32(start)
		serviceEntry := int(e.link) - 1
		afterColon := strings.IndexByte(e.name, ':') + 1
		var own, wild []int32 // the action's bucket and the wildcard one
		if serviceEntry >= 0 {
			if serviceEntry != cur {
				bkt.fill(g, serviceEntry, afterColon)
				cur = serviceEntry
			}
			own, wild = bkt.of(e.name, afterColon)
			if n := bkt.cost(e.name, afterColon); n <= budget {
				budget -= n
			} else {
				serviceEntry = -1
			}
		}
		if serviceEntry < 0 { // no service list, or over budget: as listed
			for _, s := range listed {
				out = append(out, s)
				if s == done {
					break
				}
			}
			continue
		}
		serviceStmts := g.serviceLists[g.service.entries[serviceEntry].list:]
		x, p, q := 0, 0, 0 // into listed, own, wild
		for {
			// The buckets hold positions in serviceStmts, in statement
			// order; a statement in both is the same entry there.
			fromOwn, fromWild := int32(done), int32(done)
			if p < len(own) {
				fromOwn = serviceStmts[own[p]].stmt
			}
			if q < len(wild) {
				fromWild = serviceStmts[wild[q]].stmt
			}
			next := min(listed[x], fromOwn, fromWild)
			if next == done {
				break
			}
			keep := listed[x] == next
			if keep {
				x++
			}
			ref := int32(-1)
			if fromOwn == next {
				ref = own[p]
				p++
			}
			if fromWild == next {
				ref = wild[q]
				q++
			}
			if !keep && ref >= 0 {
				st := serviceStmts[ref]
				for _, ap := range g.patterns[st.from:st.to] {
					if keep = ap.matchAt(e.name, afterColon); keep {
						break
					}
				}
			}
			if keep {
				out = append(out, next)
			}
		}
		out = append(out, done)
		e.link |= resolved
	}
	g.exactLists = slices.Clone(out)
	b.merged = out[:0]
}

// byService returns the indexes of g's exact entries ordered by their
// service entry (a counting sort, in b's buffers), so that resolve buckets
// each service once.
func (b *builder) byService(g *group) []int32 {
	n := len(g.service.entries) + 1 // hashEntry.link: 0 (none) to len
	if cap(b.order) < len(g.exact.entries) {
		b.order = make([]int32, len(g.exact.entries))
	}
	order := b.order[:len(g.exact.entries)]
	start, _ := b.layout(n, func(i int) int32 { return int32(g.exact.entries[i].link) }, len(g.exact.entries))
	for i := range start {
		start[i] -= int32(i) // layout leaves room for a sentinel per list
	}
	for i := range g.exact.entries {
		k := g.exact.entries[i].link
		order[start[k]] = int32(i)
		start[k]++
	}
	return order
}

// anyByte is the bucket of the patterns that may take any byte after the
// colon.
const anyByte = 256

// buckets holds one service's pattern statements (positions in its list in
// serviceLists) by the byte their patterns need after the colon (see
// resolve).
type buckets struct {
	starts [anyByte + 2]int32 // bucket k is refs[starts[k]:starts[k+1]]
	tests  [anyByte + 1]int   // pattern tests of bucket k, for the budget
	refs   []int32
	pairs  []bucketEntry
}

// bucketEntry files position ref of a service list under a bucket.
type bucketEntry struct {
	bucket int16
	ref    int32
}

// fill buckets the pattern statements of service entry serviceEntry, whose
// actions have their colon just before afterColon.
func (bkt *buckets) fill(g *group, serviceEntry, afterColon int) {
	bkt.pairs = bkt.pairs[:0]
	clear(bkt.tests[:])
	serviceStmts := g.serviceLists[g.service.entries[serviceEntry].list:]
	for y := 0; serviceStmts[y].stmt != done; y++ {
		ref := serviceStmts[y]
		patterns := g.patterns[ref.from:ref.to]
		first := len(bkt.pairs)
		for i := range patterns {
			k := anyByte
			if patterns[i].compiled == nil && afterColon < len(patterns[i].prefix) {
				k = int(patterns[i].prefix[afterColon])
			}
			dup := false
			for _, pr := range bkt.pairs[first:] {
				dup = dup || int(pr.bucket) == k
			}
			if !dup {
				bkt.pairs = append(bkt.pairs, bucketEntry{int16(k), int32(y)})
				bkt.tests[k] += len(patterns)
			}
		}
	}
	clear(bkt.starts[:])
	for _, pr := range bkt.pairs {
		bkt.starts[pr.bucket+1]++
	}
	for k := 1; k < len(bkt.starts); k++ {
		bkt.starts[k] += bkt.starts[k-1]
	}
	bkt.refs = slices.Grow(bkt.refs[:0], len(bkt.pairs))[:len(bkt.pairs)]
	next := bkt.starts
	for _, pr := range bkt.pairs { // in statement order: stable
		bkt.refs[next[pr.bucket]] = pr.ref
		next[pr.bucket]++
	}
}

// of returns the buckets an action is tested against: its own byte's
// (none when nothing follows its colon) and the wildcard one.
func (bkt *buckets) of(action string, afterColon int) (own, wild []int32) {
	if afterColon < len(action) {
		k := action[afterColon]
		own = bkt.refs[bkt.starts[k]:bkt.starts[k+1]]
	}
	return own, bkt.refs[bkt.starts[anyByte]:bkt.starts[anyByte+1]]
}

// cost is the number of pattern tests resolving action takes at most.
func (bkt *buckets) cost(action string, afterColon int) int {
	n := bkt.tests[anyByte]
	if afterColon < len(action) {
		n += bkt.tests[action[afterColon]]
	}
	return n
}
