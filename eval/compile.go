package eval

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/iamsim/iamsim/condition"
	"github.com/iamsim/iamsim/internal/pattern"
	"github.com/iamsim/iamsim/internal/reqcore"
	"github.com/iamsim/iamsim/internal/resfilter"
	"github.com/iamsim/iamsim/policy"
)

// Engine is a compiled PolicySet. It is immutable and safe for concurrent
// use; build it with Compile.
type Engine struct {
	groups       []group
	identity     int // index into groups, or -1
	resource     int
	boundary     int
	session      int
	scps         []int
	rcps         []int
	resourceKind ResourceKind
	// nkeys is the number of distinct lower-cased context keys the
	// statements read (keyRef.id numbers them), for Result's de-duplication
	// of missing keys.
	nkeys int
}

// group is the statements of one policy type (one level, for SCPs and RCPs),
// indexed by action so that a request only visits statements that can match
// it.
type group struct {
	typ   PolicyType
	level int
	stmts []stmt
	// rbits holds each statement's resource filter (by statement): the
	// OR of resfilter.PrefixBits of its Resource patterns' literal prefixes,
	// every bit when the filter cannot rule it out (see stmt.resourceBits).
	// A statement whose rbits share no bit with the Request's
	// ResourceBits matches no resource pattern and is skipped.
	rbits []uint64
	// exact maps a lower-cased action to the statements that list it
	// literally in Action and, once resolved, those whose wildcard
	// patterns in its service match it; service maps a service prefix to
	// the statements with a wildcard action pattern in that service, each
	// with those patterns only (a range of pats), and to the service's
	// global list; the global statements are those whose pattern has a
	// wildcard in the service part, and NotAction statements. Every list
	// is sorted by statement and ends with done.
	exact   hashIndex // entry: post[a:] up to the sentinel done; b: its service entry
	post    []int32   // the exact index's lists, end to end
	service hashIndex // entry: svcs[a:] up to a sentinel; b: its global list
	svcs    []svcRef  // the service index's lists, end to end
	pats    []actPat
	// globs holds the global lists: first all the global statements, for
	// an action of a service not in the service index, then one list per
	// service, of those that can apply to its actions (see globals).
	globs []globRef

	policyIDs []string // by stmt.pol
}

// hashIndex maps lower-cased strings (actions, service prefixes) to two
// numbers, keyed by reqcore.Key so that a lookup does not hash the
// Request's action again: open addressing over slots (0 empty, else
// 1 + index into ents), linear probing, at most half full.
type hashIndex struct {
	slots []uint32
	ents  []hashEnt
}

type hashEnt struct {
	name string
	// a is where the entry's list starts (it runs to its sentinel): in
	// post for the exact index, in svcs for the service index.
	a uint32
	// b is, in the exact index, the entry of the action's service in the
	// service index plus one (0: none), so that a request whose action
	// is listed needs one lookup, with the bit resolved set when the
	// action's list already holds the pattern statements of its service
	// that match it (see resolve). In the service index, b is where the
	// service's global list starts in globs (see globals).
	b uint32
}

// resolved marks, in hashEnt.b, an action whose list needs no service list.
const resolved = 1 << 31

// linearIndex is the number of entries up to which a hashIndex has no
// slots and is searched entry by entry (at most four string comparisons,
// no hashing): for the small documents of a cold simulation that saves two
// allocations.
const linearIndex = 4

func newHashIndex(n int) hashIndex {
	if n <= linearIndex {
		return hashIndex{ents: make([]hashEnt, 0, n)}
	}
	size := 8
	for size < 2*n {
		size *= 2
	}
	return hashIndex{slots: make([]uint32, size), ents: make([]hashEnt, 0, n)}
}

// add adds name, which must not be in h yet.
func (h *hashIndex) add(name string, a uint32) {
	h.ents = append(h.ents, hashEnt{name: name, a: a})
	if h.slots == nil {
		return
	}
	mask := uint64(len(h.slots) - 1)
	i := reqcore.MakeKey(name).Hash() & mask
	for h.slots[i] != 0 {
		i = (i + 1) & mask
	}
	h.slots[i] = uint32(len(h.ents))
}

// find returns the entry of k, or nil.
func (h *hashIndex) find(k reqcore.Key) *hashEnt {
	if e := h.slot(k); e != 0 {
		return &h.ents[e-1]
	}
	return nil
}

// slot returns 1 + the index in ents of k's entry, or 0.
func (h *hashIndex) slot(k reqcore.Key) uint32 {
	if h.slots == nil {
		for i := range h.ents {
			if h.ents[i].name == k.Name() {
				return uint32(i + 1)
			}
		}
		return 0
	}
	mask := uint64(len(h.slots) - 1)
	hash := k.Hash()
	for i := hash & mask; ; i = (i + 1) & mask {
		e := h.slots[i]
		if e == 0 {
			return 0
		}
		// At most half full, the table seldom probes past a first
		// slot of another name: comparing names (their lengths first)
		// costs no more than keeping each name's hash.
		if h.ents[e-1].name == k.Name() {
			return e
		}
	}
}

// done is the sentinel that ends every statement list of a frozen group
// (no statement has that number: compileGroup stops before it).
const done = math.MaxInt32

var (
	noStmts = []int32{done}
	noSvcs  = []svcRef{{stmt: done}}
)

// lists returns, for the action of ak in the service of sk, three lists
// that each end with the sentinel done: the statements found for the action
// itself (those that list it literally and, once resolved, those whose
// patterns in its service match it), the statements with wildcard patterns
// in its service (none once resolved), and the global statements that can
// apply to an action of its service.
func (g *group) lists(ak, sk reqcore.Key) ([]int32, []svcRef, []globRef) {
	ex, sv := noStmts, noSvcs
	var se *hashEnt // the service's entry
	if e := g.exact.find(ak); e != nil {
		ex = g.post[e.a:]
		if i := e.b &^ resolved; i != 0 {
			se = &g.service.ents[i-1]
			if e.b&resolved == 0 {
				sv = g.svcs[se.a:]
			}
		}
	} else if se = g.service.find(sk); se != nil {
		sv = g.svcs[se.a:]
	}
	if se == nil {
		return ex, sv, g.globs // the list for any service
	}
	return ex, sv, g.globs[se.b:]
}

// globRef is a global statement in one of a group's global lists; check
// says whether its Action must be matched (stmt.matchesAction), or whether
// the service of the list has already decided that it applies.
type globRef struct {
	stmt  int32
	check bool
}

// builder holds a group's action indexes while it is compiled: each key
// (a lower-cased action, or a service prefix) gets a number, and the
// statements are recorded as (key number, statement) pairs in statement
// order; freeze lays the pairs out as the lists of exact, post, service and
// svcs with a counting sort. Builders are pooled (their maps and arrays
// serve compilation after compilation): compiling a small policy then
// allocates no index scaffolding, and a large one no list per action.
type builder struct {
	exactID   map[string]int32
	exactKeys []string
	exact     []keyStmt
	svcID     map[string]int32
	svcKeys   []string
	svc       []keySvc
	// lastStmt is, by exact key, the last statement filed under it.
	lastStmt []int32
	pats     []actPat  // the group's pats, while compiled
	global   []int32   // the group's global, while compiled
	scratch  []svcPat  // index's buffer
	count    []int32   // freeze's buffer
	post     []int32   // freeze's exact lists, before resolve
	merged   []int32   // resolve's buffer
	order    []int32   // byService's buffer
	buckets  buckets   // resolve's buckets
	globs    []globRef // globals' buffer
	// unresolved turns resolve and the per-service global lists off.
	unresolved bool
}

type keyStmt struct{ key, stmt int32 }

type keySvc struct {
	key int32
	ref svcRef
}

var builders = sync.Pool{New: func() any {
	return &builder{exactID: map[string]int32{}, svcID: map[string]int32{}}
}}

// maxPooled bounds the keys and pairs of a builder that goes back to the
// pool (a map keeps its size when cleared): the one that compiled a very
// large group is left to the collector.
const maxPooled = 1 << 10

// release empties b (dropping its references to policy text) and pools it.
func (b *builder) release() {
	if max(len(b.exactKeys), len(b.svcKeys), len(b.exact), len(b.svc), len(b.pats), len(b.global), cap(b.merged), cap(b.post), cap(b.globs), cap(b.order), cap(b.buckets.pairs)) > maxPooled {
		return
	}
	clear(b.exactID)
	clear(b.svcID)
	clear(b.exactKeys)
	clear(b.svcKeys)
	clear(b.pats)
	clear(b.scratch[:cap(b.scratch)])
	b.exactKeys, b.svcKeys, b.exact, b.svc = b.exactKeys[:0], b.svcKeys[:0], b.exact[:0], b.svc[:0]
	b.lastStmt, b.pats, b.global = b.lastStmt[:0], b.pats[:0], b.global[:0]
	builders.Put(b)
}

// keyOf returns the number of key k in ids/keys, adding it if new.
func keyOf(ids map[string]int32, keys *[]string, k string) int32 {
	id, ok := ids[k]
	if !ok {
		id = int32(len(*keys))
		ids[k] = id
		*keys = append(*keys, k)
	}
	return id
}

// layout returns, for n keys with the given pair keys, the start of each
// key's list in an array of all the lists end to end, each list followed by
// a sentinel, and that array's length. The starts are in b.count, which it
// reuses.
func (b *builder) layout(n int, keyAt func(i int) int32, pairs int) ([]int32, int) {
	if cap(b.count) < n+1 {
		b.count = make([]int32, n+1)
	}
	start := b.count[:n+1]
	clear(start)
	for i := range pairs {
		start[keyAt(i)+1]++
	}
	total := 0
	for k := range n {
		c := int(start[k+1])
		start[k] = int32(total)
		total += c + 1 // and the sentinel
	}
	return start[:n], total
}

// freeze builds the compact, exactly sized indexes from the builder's
// pairs.
func (g *group) freeze(b *builder) error {
	if len(b.exact)+len(b.exactKeys) > math.MaxInt32 || len(b.svc)+len(b.svcKeys) > math.MaxInt32 {
		return fmt.Errorf("too many actions")
	}
	start, total := b.layout(len(b.exactKeys), func(i int) int32 { return b.exact[i].key }, len(b.exact))
	if cap(b.post) < total {
		b.post = make([]int32, total)
	}
	post := b.post[:total]
	g.exact = newHashIndex(len(b.exactKeys))
	for k, name := range b.exactKeys {
		g.exact.add(name, uint32(start[k]))
		// Every listed action's service gets an entry, for its global list.
		keyOf(b.svcID, &b.svcKeys, serviceOf(name))
	}
	for _, p := range b.exact { // start[k] runs to the end of k's list
		post[start[p.key]] = p.stmt
		start[p.key]++
	}
	for _, s := range start {
		post[s] = done
	}
	start, total = b.layout(len(b.svcKeys), func(i int) int32 { return b.svc[i].key }, len(b.svc))
	g.svcs = make([]svcRef, total)
	g.service = newHashIndex(len(b.svcKeys))
	for k, name := range b.svcKeys {
		g.service.add(name, uint32(start[k]))
	}
	for _, p := range b.svc {
		g.svcs[start[p.key]] = p.ref
		start[p.key]++
	}
	for _, s := range start {
		g.svcs[s] = svcRef{stmt: done}
	}
	for i := range g.exact.ents {
		e := &g.exact.ents[i]
		e.b = g.service.slot(reqcore.MakeKey(serviceOf(e.name)))
	}
	g.pats = slices.Clone(b.pats)
	g.globals(b)
	g.resolve(b, post)
	return nil
}

// globals lays out g.globs: first the group's global statements, each to
// be matched against the action, for a service outside the service index;
// then, for each service of the service index, the global statements that
// can apply to its actions, marked for a match only when the service alone
// does not decide it (see stmt.forService). A NotAction guard such as
// "iam:*", "sts:*" then costs an S3 request no pattern match. A service
// whose list equals the one before it shares that one. When the lists
// would take more than resolveScan tests per statement, every service
// shares the first list.
func (g *group) globals(b *builder) {
	out := b.globs[:0]
	for _, s := range b.global {
		out = append(out, globRef{stmt: s, check: true})
	}
	out = append(out, globRef{stmt: done})
	cost := 0
	for _, s := range b.global {
		cost += 1 + g.stmts[s].actionElems()
	}
	if len(b.global) > 0 && !b.unresolved && cost*len(g.service.ents) <= resolveScan*max(len(g.stmts), 64) {
		prev := 0 // the previous service's list
		for i := range g.service.ents {
			start := len(out)
			for _, s := range b.global {
				switch g.stmts[s].forService(g.service.ents[i].name) {
				case svcAlways:
					out = append(out, globRef{stmt: s})
				case svcCheck:
					out = append(out, globRef{stmt: s, check: true})
				}
			}
			out = append(out, globRef{stmt: done})
			if n := len(out) - start; prev > 0 && slices.Equal(out[prev:prev+n], out[start:]) {
				out = out[:start]
				start = prev
			}
			g.service.ents[i].b, prev = uint32(start), start
		}
	}
	g.globs = slices.Clone(out)
	b.globs = out[:0]
}

// svcDecision is what the service of an action decides about a global
// statement's Action.
type svcDecision uint8

const (
	svcCheck  svcDecision = iota // nothing: match the action
	svcAlways                    // it matches every action of the service
	svcNever                     // it matches none
)

// actionElems is the number of Action or NotAction elements forService
// looks at.
func (s *stmt) actionElems() int {
	if s.x == nil {
		return 0
	}
	return len(s.x.lits) + len(s.x.litSet) + len(s.x.wild)
}

// forService says what a global statement's Action or NotAction decides
// for every action of the lower-cased service svc (the text before the
// action's first colon, "" when it has none). An Action of stars matches
// every action. A NotAction element can match an action of svc only if its
// text before its first colon is svc or has a wildcard; a pattern "svc:*"
// matches all of them (svc not "", so that every such action has the
// colon), and then the statement applies to none.
func (s *stmt) forService(svc string) svcDecision {
	if !s.notAction {
		if s.anyAction {
			return svcAlways
		}
		return svcCheck
	}
	if s.x == nil {
		return svcAlways
	}
	d := svcAlways
	for _, l := range s.x.lits {
		if serviceOf(l) == svc {
			d = svcCheck
		}
	}
	for l := range s.x.litSet {
		if serviceOf(l) == svc {
			d = svcCheck
		}
	}
	for i := range s.x.wild {
		t, all, ok := s.x.wild[i].service()
		switch {
		case !ok:
			d = svcCheck
		case t != svc:
		case all && svc != "":
			return svcNever
		default:
			d = svcCheck
		}
	}
	return d
}

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

// svcRef is a statement with wildcard action patterns in one service:
// pats[from:to] of its group.
type svcRef struct {
	stmt, from, to int32
}

// actPat is a lower-cased wildcard action pattern: prefix* (matched with
// strings.HasPrefix) when p is nil, p otherwise.
type actPat struct {
	prefix string
	p      *pattern.Action
}

func (a *actPat) match(action string) bool { return a.matchAt(action, 0) }

// service returns the pattern's lower-cased text before its first colon,
// and whether the text after it is only stars (it matches every action of
// that service); ok is false when the pattern has no colon or a wildcard
// before it.
func (a *actPat) service() (svc string, all, ok bool) {
	if a.p == nil { // prefix*
		c := strings.IndexByte(a.prefix, ':')
		if c < 0 {
			return "", false, false
		}
		return a.prefix[:c], c == len(a.prefix)-1, true
	}
	svc, ok = a.p.Service()
	if !ok {
		return "", false, false
	}
	src := a.p.String()
	rest := src[strings.IndexByte(src, ':')+1:]
	return svc, rest != "" && strings.Trim(rest, "*") == "", true
}

// matchAt is match, first comparing the byte at c (where patterns of one
// list are likely to differ: 0, or just after the service's colon).
func (a *actPat) matchAt(action string, c int) bool {
	if a.p == nil {
		if c < len(a.prefix) && (c >= len(action) || action[c] != a.prefix[c]) {
			return false
		}
		return strings.HasPrefix(action, a.prefix)
	}
	return a.p.Match(action)
}

// compileActPat compiles a lower-cased wildcard action pattern.
func compileActPat(orig, lower string) (actPat, error) {
	if n := len(lower); n > 0 && lower[n-1] == '*' && !hasWildcard(lower[:n-1]) {
		return actPat{prefix: lower[:n-1]}, nil
	}
	p, err := pattern.CompileAction(orig)
	if err != nil {
		return actPat{}, fmt.Errorf("action %q: %w", orig, err)
	}
	return actPat{p: p}, nil
}

// stmt is a compiled statement: what the hot path reads first, then a
// pointer to the parts few statements have, then what only a match reports.
type stmt struct {
	effect       policy.Effect
	notAction    bool
	noResource   bool // neither Resource nor NotResource (trust policies)
	notResource  bool
	resAny       bool // Resource includes "*"
	notPrincipal bool
	anyAction    bool // Action (not NotAction) has a pattern made only of stars
	principal    bool // x.princ is set: spares identity statements a load of x
	oneKind      oneKind
	wideSpan     bool  // span does not fit span32: x.span has it
	index        int32 // in its policy
	pol          int32 // policy ID: group.policyIDs[pol]

	res []*pattern.Resource
	// one is the text of res's only pattern when that pattern is fast
	// (ResourcePattern.Literal) and Resource has no "*": the most common
	// statement then matches its resource without reaching the pattern.
	one   string
	conds []cond
	x     *stmtExtra // nil when the statement has none of its parts

	sid  string
	span span32
}

// span32 is a policy.Span in 24 bytes instead of 48: documents from
// policy.Parse are at most policy.MaxDocumentChars long, so their
// positions fit; a hand-built document's that do not are kept whole in
// stmtExtra.span.
type span32 struct {
	startLine, startColumn, startOffset int32
	endLine, endColumn, endOffset       int32
}

// packSpan returns sp as a span32, and whether it fits.
func packSpan(sp policy.Span) (span32, bool) {
	v := [6]int{sp.Start.Line, sp.Start.Column, sp.Start.Offset, sp.End.Line, sp.End.Column, sp.End.Offset}
	for _, n := range v {
		if n < math.MinInt32 || n > math.MaxInt32 {
			return span32{}, false
		}
	}
	return span32{int32(v[0]), int32(v[1]), int32(v[2]), int32(v[3]), int32(v[4]), int32(v[5])}, true
}

// spanInto writes the statement's span into sp field by field (building a
// policy.Span and copying it would store it to the stack in 8-byte words
// and load it back in 16-byte ones, which stalls).
func (s *stmt) spanInto(sp *policy.Span) {
	if s.wideSpan {
		*sp = *s.x.span
		return
	}
	p := &s.span
	sp.Start.Line, sp.Start.Column, sp.Start.Offset = int(p.startLine), int(p.startColumn), int(p.startOffset)
	sp.End.Line, sp.End.Column, sp.End.Offset = int(p.endLine), int(p.endColumn), int(p.endOffset)
}

// oneKind says how stmt.one matches.
type oneKind uint8

const (
	oneNone   oneKind = iota // no single fast pattern: use res
	oneEqual                 // the resource equals one
	onePrefix                // the resource starts with one
)

// resourceBits returns the statement's resource filter: the PrefixBits of
// its patterns' literal prefixes (no bit for no pattern: an empty Resource
// list matches nothing), or every bit when the statement may apply, or
// report missing keys, whatever the resource: NotResource, no Resource
// element, Resource "*", and patterns with policy variables (Match reports
// their missing keys even when it fails).
func (s *stmt) resourceBits() uint64 {
	if s.noResource || s.notResource || s.resAny || (s.x != nil && s.x.resVars != nil) {
		return ^uint64(0)
	}
	if s.oneKind != oneNone {
		return resfilter.PrefixBits(s.one) // one is its pattern's LiteralPrefix
	}
	var b uint64
	for _, p := range s.res {
		b |= resfilter.PrefixBits(p.LiteralPrefix())
	}
	return b
}

// maxLitScan is the number of NotAction literals up to which they are
// compared one by one rather than looked up in a map.
const maxLitScan = 8

// stmtExtra holds the parts of a statement that few statements have.
type stmtExtra struct {
	wild    []actPat            // patterns with a wildcard in the service part (all wildcard patterns for NotAction)
	lits    []string            // NotAction literals (few)
	litSet  map[string]struct{} // NotAction literals (many: more than maxLitScan)
	resVars []keyRef            // variables of the Resource patterns
	princ   *principalMatcher   // nil: no Principal element
	span    *policy.Span        // the span, when it does not fit span32
}

type cond struct {
	c    *condition.Condition
	keys []keyRef
}

// keyRef is a context key as written and lower-cased and hashed (to look
// up in requests), with id numbering its lower-cased form within the
// Engine.
type keyRef struct {
	name  string
	lower reqcore.Key
	id    int32
}

// keyTable numbers the distinct lower-cased context keys of an Engine.
type keyTable map[string]int32

func (kt keyTable) refs(names []string) []keyRef {
	if len(names) == 0 {
		return nil
	}
	out := make([]keyRef, len(names))
	for i, n := range names {
		l := strings.ToLower(n)
		id, ok := kt[l]
		if !ok {
			id = int32(len(kt))
			kt[l] = id
		}
		out[i] = keyRef{name: n, lower: reqcore.MakeKey(l), id: id}
	}
	return out
}

// CompileError reports a policy that cannot be compiled.
type CompileError struct {
	// PolicyID is the ID of the Policy at fault, as the PolicySet gave it.
	PolicyID string
	// Statement is the statement's 0-based index, or -1 when the policy as
	// a whole is at fault.
	Statement int
	// Err is the cause (a *condition.Error for a condition or pattern that
	// does not compile).
	Err error
}

// Error names the policy and, when one is at fault, its 1-based statement.
func (e *CompileError) Error() string {
	if e.Statement < 0 {
		return fmt.Sprintf("policy %s: %v", e.PolicyID, e.Err)
	}
	return fmt.Sprintf("policy %s, statement %d: %v", e.PolicyID, e.Statement+1, e.Err)
}

// Unwrap returns the underlying error.
func (e *CompileError) Unwrap() error { return e.Err }

// Compile builds an Engine from a PolicySet. Documents come from
// policy.Parse, which has already checked the grammar; Compile fails only on
// a nil document or a condition or pattern that does not compile.
func Compile(set PolicySet) (*Engine, error) {
	return compile(set, false)
}

// compile is Compile; unresolved leaves out what resolve and globals
// precompute (tests compare both engines).
func compile(set PolicySet, unresolved bool) (*Engine, error) {
	e := &Engine{identity: -1, resource: -1, boundary: -1, session: -1, resourceKind: set.ResourceKind}
	kt := keyTable{}
	add := func(t PolicyType, level int, ps []Policy) (int, error) {
		g, err := compileGroup(t, level, ps, kt, unresolved)
		if err != nil {
			return -1, err
		}
		e.groups = append(e.groups, g)
		return len(e.groups) - 1, nil
	}
	var err error
	if len(set.Identity) > 0 {
		if e.identity, err = add(Identity, 0, set.Identity); err != nil {
			return nil, err
		}
	}
	if set.Resource != nil {
		if e.resource, err = add(Resource, 0, []Policy{*set.Resource}); err != nil {
			return nil, err
		}
	}
	if len(set.PermissionsBoundary) > 0 {
		if e.boundary, err = add(PermissionsBoundary, 0, set.PermissionsBoundary); err != nil {
			return nil, err
		}
	}
	if len(set.Session) > 0 {
		if e.session, err = add(Session, 0, set.Session); err != nil {
			return nil, err
		}
	}
	for lvl, ps := range set.SCPs {
		i, err := add(SCP, lvl, ps)
		if err != nil {
			return nil, err
		}
		e.scps = append(e.scps, i)
	}
	for lvl, ps := range set.RCPs {
		i, err := add(RCP, lvl, ps)
		if err != nil {
			return nil, err
		}
		e.rcps = append(e.rcps, i)
	}
	e.nkeys = len(kt)
	return e, nil
}

func compileGroup(t PolicyType, level int, ps []Policy, kt keyTable, unresolved bool) (group, error) {
	g := group{typ: t, level: level}
	b := builders.Get().(*builder)
	b.unresolved = unresolved
	defer b.release()
	n := 0
	for _, p := range ps {
		if p.Document != nil {
			n += len(p.Document.Statements)
		}
	}
	g.stmts = make([]stmt, 0, n)
	g.rbits = make([]uint64, 0, n)
	for _, p := range ps {
		if p.Document == nil {
			return g, &CompileError{PolicyID: p.ID, Statement: -1, Err: fmt.Errorf("no policy document")}
		}
		opts := condition.Options{Variables: p.Document.VariablesEnabled()}
		pol := int32(len(g.policyIDs))
		g.policyIDs = append(g.policyIDs, p.ID)
		for si := range p.Document.Statements {
			if len(g.stmts) >= math.MaxInt32 {
				return g, &CompileError{PolicyID: p.ID, Statement: si, Err: fmt.Errorf("too many statements")}
			}
			s, err := compileStmt(pol, si, &p.Document.Statements[si], opts, kt)
			if err != nil {
				return g, &CompileError{PolicyID: p.ID, Statement: si, Err: err}
			}
			idx := int32(len(g.stmts))
			g.stmts = append(g.stmts, s)
			g.rbits = append(g.rbits, s.resourceBits())
			if err := g.index(b, idx, &p.Document.Statements[si]); err != nil {
				return g, &CompileError{PolicyID: p.ID, Statement: si, Err: err}
			}
		}
	}
	if err := g.freeze(b); err != nil {
		return g, &CompileError{PolicyID: ps[len(ps)-1].ID, Statement: -1, Err: err}
	}
	return g, nil
}

// index files statement idx under the actions it can match (in b, for
// freeze). Statements are indexed in order, so a statement already filed
// under a key is its last pair there.
func (g *group) index(b *builder, idx int32, st *policy.Statement) error {
	inGlobal := func() {
		if n := len(b.global); n == 0 || b.global[n-1] != idx {
			b.global = append(b.global, idx)
		}
	}
	if st.NotAction {
		inGlobal()
		return nil
	}
	svc := b.scratch[:0] // wildcard patterns with a literal service
	defer func() { b.scratch = svc[:0] }()
	for _, a := range st.Action {
		if !hasWildcard(a) {
			k := keyOf(b.exactID, &b.exactKeys, lowerASCII(a))
			if len(b.lastStmt) <= int(k) {
				b.lastStmt = append(b.lastStmt, -1)
			}
			if b.lastStmt[k] != idx { // not an action listed twice
				b.lastStmt[k] = idx
				b.exact = append(b.exact, keyStmt{k, idx})
			}
			continue
		}
		sv, _, ok := strings.Cut(a, ":")
		if !ok || hasWildcard(sv) {
			inGlobal()
			continue
		}
		svc = append(svc, svcPat{svc: lowerASCII(sv), orig: a})
	}
	// Each service's patterns go to pats in one run.
	slices.SortStableFunc(svc, func(a, b svcPat) int { return strings.Compare(a.svc, b.svc) })
	for i := 0; i < len(svc); {
		from := len(b.pats)
		j := i
		for ; j < len(svc) && svc[j].svc == svc[i].svc; j++ {
			ap, err := compileActPat(svc[j].orig, lowerASCII(svc[j].orig))
			if err != nil {
				return err
			}
			b.pats = append(b.pats, ap)
		}
		if len(b.pats) > math.MaxInt32 {
			return fmt.Errorf("too many action patterns")
		}
		k := keyOf(b.svcID, &b.svcKeys, svc[i].svc)
		b.svc = append(b.svc, keySvc{k, svcRef{stmt: idx, from: int32(from), to: int32(len(b.pats))}})
		i = j
	}
	return nil
}

type svcPat struct{ svc, orig string }

// hasWildcard reports whether s holds * or ? (strings.ContainsAny builds a
// byte set each call, which Compile notices over thousands of actions).
func hasWildcard(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' || s[i] == '?' {
			return true
		}
	}
	return false
}

// lowerASCII lower-cases s, returning s itself (no allocation) when it is
// already lower case.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

func compileStmt(pol int32, index int, st *policy.Statement, opts condition.Options, kt keyTable) (stmt, error) {
	s := stmt{
		pol:          pol,
		index:        int32(index),
		sid:          st.Sid,
		effect:       st.Effect,
		notAction:    st.NotAction,
		notResource:  st.NotResource,
		noResource:   st.Resource == nil && !st.NotResource,
		notPrincipal: st.NotPrincipal,
	}
	var x stmtExtra
	for _, a := range st.Action {
		if !s.notAction && strings.Trim(a, "*") == "" && a != "" {
			s.anyAction = true
		}
		if s.notAction && !hasWildcard(a) {
			x.lits = append(x.lits, lowerASCII(a))
			continue
		}
		if !s.notAction {
			if !hasWildcard(a) {
				continue // found through the exact index
			}
			if svc, _, ok := strings.Cut(a, ":"); ok && !hasWildcard(svc) {
				continue // found through the service index
			}
		}
		p, err := compileActPat(a, lowerASCII(a))
		if err != nil {
			return s, err
		}
		x.wild = append(x.wild, p)
	}
	if len(x.lits) > maxLitScan {
		x.litSet = make(map[string]struct{}, len(x.lits))
		for _, l := range x.lits {
			x.litSet[l] = struct{}{}
		}
		x.lits = nil
	}
	var vars []string
	if len(st.Resource) == 1 && st.Resource[0] != "*" {
		// The most common Resource, kept inline with no pattern compiled.
		if lit, prefix, ok := pattern.ResourceLiteral(st.Resource[0], opts.Variables); ok {
			s.one, s.oneKind = lit, oneEqual
			if prefix {
				s.oneKind = onePrefix
			}
		}
	}
	if s.oneKind == oneNone {
		for _, r := range st.Resource {
			if r == "*" && !st.NotResource {
				s.resAny = true
				continue
			}
			p, err := pattern.CompileResource(r, opts.Variables)
			if err != nil {
				return s, fmt.Errorf("resource %q: %w", r, err)
			}
			if s.res == nil {
				s.res = make([]*pattern.Resource, 0, len(st.Resource))
			}
			s.res = append(s.res, p)
			vars = append(vars, p.Variables()...)
		}
		if len(s.res) == 1 && !s.resAny {
			// A fast pattern ResourceLiteral does not recognise.
			if lit, prefix, ok := s.res[0].Literal(); ok {
				s.one, s.oneKind = lit, oneEqual
				if prefix {
					s.oneKind = onePrefix
				}
				s.res = nil // matchResource and resourceBits read one alone
			}
		}
	}
	x.resVars = kt.refs(vars)
	if st.Principal != nil {
		x.princ = compilePrincipal(st.Principal)
		s.principal = true
	}
	var fits bool
	if s.span, fits = packSpan(st.Span); !fits {
		s.wideSpan = true
		sp := st.Span
		x.span = &sp
	}
	if x.wild != nil || x.lits != nil || x.litSet != nil || x.resVars != nil || x.princ != nil || x.span != nil {
		s.x = new(stmtExtra) // only then: &x would put every x on the heap
		*s.x = x
	}
	if len(st.Condition) > 0 {
		s.conds = make([]cond, 0, len(st.Condition))
	}
	for _, c := range st.Condition {
		cc, err := condition.Compile(c.Operator, c.Key, c.Values, opts)
		if err != nil {
			return s, fmt.Errorf("condition %s %q: %w", c.Operator, c.Key, err)
		}
		s.conds = append(s.conds, cond{c: cc, keys: kt.refs(cc.ContextKeys())})
	}
	return s, nil
}
