package eval

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/iamsim/iamsim/internal/reqcore"
	"github.com/iamsim/iamsim/policy"
)

// The action index: each group files its statements under the lower-cased
// actions they list literally (the exact index) and under the service
// prefixes of their wildcard patterns (the service index), so that a
// request visits only the statements that can match its action. A builder
// collects (key, statement) pairs while the statements compile; freeze
// lays them out as sentinel-terminated lists, end to end in one array per
// index.

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

// svcRef is a statement with wildcard action patterns in one service:
// pats[from:to] of its group.
type svcRef struct {
	stmt, from, to int32
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
