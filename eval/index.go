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
	// resourceFilters holds each statement's resource filter: the OR of
	// resfilter.PrefixBits of its Resource patterns' literal prefixes,
	// every bit when the filter cannot rule it out (see stmt.resourceBits).
	// A statement whose filter shares no bit with the request's
	// resource signature matches no resource pattern and is skipped.
	resourceFilters []uint64
	// exact maps a lower-cased action to the statements that list it
	// literally in Action and, once resolved, those whose wildcard
	// patterns in its service match it; service maps a service prefix to
	// the statements with a wildcard action pattern in that service, each
	// with those patterns only (a range of patterns), and to the service's
	// global list; the global statements are those whose pattern has a
	// wildcard in the service part, and NotAction statements. Every list
	// is sorted by statement and ends with done.
	exact        hashIndex     // entry: exactLists[list:] up to the sentinel done; link: its service entry
	exactLists   []int32       // the exact index's lists, end to end
	service      hashIndex     // entry: serviceLists[list:] up to a sentinel; link: its global list
	serviceLists []serviceStmt // the service index's lists, end to end
	patterns     []actionPattern
	// globalLists holds the global lists: first all the global statements,
	// for an action of a service not in the service index, then one list
	// per service, of those that can apply to its actions (see globals).
	globalLists []globalStmt

	policyIDs []string // by stmt.policyIndex
}

// hashIndex maps lower-cased strings (actions, service prefixes) to two
// numbers, keyed by reqcore.Key so that a lookup does not hash the
// Request's action again: open addressing over slots (0 empty, else
// 1 + index into entries), linear probing, at most half full.
type hashIndex struct {
	slots   []uint32
	entries []hashEntry
}

type hashEntry struct {
	name string
	// list is where the entry's list starts (it runs to its sentinel): in
	// exactLists for the exact index, in serviceLists for the service
	// index.
	list uint32
	// link is, in the exact index, the entry of the action's service in
	// the service index plus one (0: none), so that a request whose action
	// is listed needs one lookup, with the bit resolved set when the
	// action's list already holds the pattern statements of its service
	// that match it (see resolve). In the service index, link is where the
	// service's global list starts in globalLists (see globals).
	link uint32
}

// resolved marks, in hashEntry.link, an action whose list needs no service list.
const resolved = 1 << 31

// linearIndex is the number of entries up to which a hashIndex has no
// slots and is searched entry by entry, without hashing: the small
// documents of a cold simulation then compile with fewer allocations.
const linearIndex = 4

func newHashIndex(n int) hashIndex {
	if n <= linearIndex {
		return hashIndex{entries: make([]hashEntry, 0, n)}
	}
	size := 8
	for size < 2*n {
		size *= 2
	}
	return hashIndex{slots: make([]uint32, size), entries: make([]hashEntry, 0, n)}
}

// add adds name, which must not be in h yet.
func (h *hashIndex) add(name string, list uint32) {
	h.entries = append(h.entries, hashEntry{name: name, list: list})
	if h.slots == nil {
		return
	}
	mask := uint64(len(h.slots) - 1)
	i := reqcore.MakeKey(name).Hash() & mask
	for h.slots[i] != 0 {
		i = (i + 1) & mask
	}
	h.slots[i] = uint32(len(h.entries))
}

// find returns the entry of k, or nil.
func (h *hashIndex) find(k reqcore.Key) *hashEntry {
	if e := h.slot(k); e != 0 {
		return &h.entries[e-1]
	}
	return nil
}

// slot returns 1 + the index in entries of k's entry, or 0.
func (h *hashIndex) slot(k reqcore.Key) uint32 {
	if h.slots == nil {
		for i := range h.entries {
			if h.entries[i].name == k.Name() {
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
		if h.entries[e-1].name == k.Name() {
			return e
		}
	}
}

// done is the sentinel that ends every statement list of a frozen group
// (no statement has that number: compileGroup stops before it).
const done = math.MaxInt32

var (
	noStmts        = []int32{done}
	noServiceStmts = []serviceStmt{{stmt: done}}
)

// lists returns, for the action of actionKey in the service of serviceKey,
// three lists that each end with the sentinel done: the statements found
// for the action itself (those that list it literally and, once resolved,
// those whose patterns in its service match it), the statements with
// wildcard patterns in its service (none once resolved), and the global
// statements that can apply to an action of its service.
func (g *group) lists(actionKey, serviceKey reqcore.Key) ([]int32, []serviceStmt, []globalStmt) {
	exact, serviceStmts := noStmts, noServiceStmts
	var serviceEntry *hashEntry // the service's entry
	if e := g.exact.find(actionKey); e != nil {
		exact = g.exactLists[e.list:]
		if i := e.link &^ resolved; i != 0 {
			serviceEntry = &g.service.entries[i-1]
			if e.link&resolved == 0 {
				serviceStmts = g.serviceLists[serviceEntry.list:]
			}
		}
	} else if serviceEntry = g.service.find(serviceKey); serviceEntry != nil {
		serviceStmts = g.serviceLists[serviceEntry.list:]
	}
	if serviceEntry == nil {
		return exact, serviceStmts, g.globalLists // the list for any service
	}
	return exact, serviceStmts, g.globalLists[serviceEntry.link:]
}

// globalStmt is a global statement in one of a group's global lists; check
// says whether its Action must be matched (stmt.matchesAction), or whether
// the service of the list has already decided that it applies.
type globalStmt struct {
	stmt  int32
	check bool
}

// serviceStmt is a statement with wildcard action patterns in one service:
// patterns[from:to] of its group.
type serviceStmt struct {
	stmt, from, to int32
}

// builder holds a group's action indexes while it is compiled: each key
// (a lower-cased action, or a service prefix) gets a number, and the
// statements are recorded as (key number, statement) pairs in statement
// order; freeze lays the pairs out as the lists of exactLists and
// serviceLists with a counting sort. Builders are pooled (their maps and arrays
// serve compilation after compilation): compiling a small policy then
// allocates no index scaffolding, and a large one no list per action.
type builder struct {
	exactID     map[string]int32
	exactKeys   []string
	exact       []keyedStmt
	serviceID   map[string]int32
	serviceKeys []string
	service     []keyedServiceStmt
	// lastStmt is, by exact key, the last statement filed under it.
	lastStmt    []int32
	patterns    []actionPattern  // the group's patterns, while compiled
	global      []int32          // the group's global, while compiled
	scratch     []servicePattern // index's buffer
	count       []int32          // freeze's buffer
	exactLists  []int32          // freeze's exact lists, before resolve
	merged      []int32          // resolve's buffer
	order       []int32          // byService's buffer
	buckets     buckets          // resolve's buckets
	globalLists []globalStmt     // globals' buffer
	// unresolved turns resolve and the per-service global lists off.
	unresolved bool
}

type keyedStmt struct{ key, stmt int32 }

type keyedServiceStmt struct {
	key int32
	ref serviceStmt
}

var builders = sync.Pool{New: func() any {
	return &builder{exactID: map[string]int32{}, serviceID: map[string]int32{}}
}}

// maxPooled bounds the keys and pairs of a builder that goes back to the
// pool (a map keeps its size when cleared): the one that compiled a very
// large group is left to the collector.
const maxPooled = 1 << 10

// release empties b (dropping its references to policy text) and pools it.
func (b *builder) release() {
	if max(len(b.exactKeys), len(b.serviceKeys), len(b.exact), len(b.service), len(b.patterns), len(b.global), cap(b.merged), cap(b.exactLists), cap(b.globalLists), cap(b.order), cap(b.buckets.pairs)) > maxPooled {
		return
	}
	clear(b.exactID)
	clear(b.serviceID)
	clear(b.exactKeys)
	clear(b.serviceKeys)
	clear(b.patterns)
	clear(b.scratch[:cap(b.scratch)])
	b.exactKeys, b.serviceKeys, b.exact, b.service = b.exactKeys[:0], b.serviceKeys[:0], b.exact[:0], b.service[:0]
	b.lastStmt, b.patterns, b.global = b.lastStmt[:0], b.patterns[:0], b.global[:0]
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
	withService := b.scratch[:0] // wildcard patterns with a literal service
	defer func() { b.scratch = withService[:0] }()
	for _, a := range st.Action {
		if !hasWildcard(a) {
			k := keyOf(b.exactID, &b.exactKeys, lowerASCII(a))
			if len(b.lastStmt) <= int(k) {
				b.lastStmt = append(b.lastStmt, -1)
			}
			if b.lastStmt[k] != idx { // not an action listed twice
				b.lastStmt[k] = idx
				b.exact = append(b.exact, keyedStmt{k, idx})
			}
			continue
		}
		service, _, ok := strings.Cut(a, ":")
		if !ok || hasWildcard(service) {
			inGlobal()
			continue
		}
		withService = append(withService, servicePattern{service: lowerASCII(service), pattern: a})
	}
	// Each service's patterns go to patterns in one run.
	slices.SortStableFunc(withService, func(a, b servicePattern) int { return strings.Compare(a.service, b.service) })
	for i := 0; i < len(withService); {
		from := len(b.patterns)
		j := i
		for ; j < len(withService) && withService[j].service == withService[i].service; j++ {
			ap, err := compileActionPattern(withService[j].pattern, lowerASCII(withService[j].pattern))
			if err != nil {
				return err
			}
			b.patterns = append(b.patterns, ap)
		}
		if len(b.patterns) > math.MaxInt32 {
			return fmt.Errorf("too many action patterns")
		}
		k := keyOf(b.serviceID, &b.serviceKeys, withService[i].service)
		b.service = append(b.service, keyedServiceStmt{k, serviceStmt{stmt: idx, from: int32(from), to: int32(len(b.patterns))}})
		i = j
	}
	return nil
}

// servicePattern is a wildcard action pattern as written, with its
// lower-cased service prefix.
type servicePattern struct{ service, pattern string }

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
	if len(b.exact)+len(b.exactKeys) > math.MaxInt32 || len(b.service)+len(b.serviceKeys) > math.MaxInt32 {
		return fmt.Errorf("too many actions")
	}
	start, total := b.layout(len(b.exactKeys), func(i int) int32 { return b.exact[i].key }, len(b.exact))
	if cap(b.exactLists) < total {
		b.exactLists = make([]int32, total)
	}
	lists := b.exactLists[:total]
	g.exact = newHashIndex(len(b.exactKeys))
	for k, name := range b.exactKeys {
		g.exact.add(name, uint32(start[k]))
		// Every listed action's service gets an entry, for its global list.
		keyOf(b.serviceID, &b.serviceKeys, serviceOf(name))
	}
	for _, p := range b.exact { // start[k] runs to the end of k's list
		lists[start[p.key]] = p.stmt
		start[p.key]++
	}
	for _, s := range start {
		lists[s] = done
	}
	start, total = b.layout(len(b.serviceKeys), func(i int) int32 { return b.service[i].key }, len(b.service))
	g.serviceLists = make([]serviceStmt, total)
	g.service = newHashIndex(len(b.serviceKeys))
	for k, name := range b.serviceKeys {
		g.service.add(name, uint32(start[k]))
	}
	for _, p := range b.service {
		g.serviceLists[start[p.key]] = p.ref
		start[p.key]++
	}
	for _, s := range start {
		g.serviceLists[s] = serviceStmt{stmt: done}
	}
	for i := range g.exact.entries {
		e := &g.exact.entries[i]
		e.link = g.service.slot(reqcore.MakeKey(serviceOf(e.name)))
	}
	g.patterns = slices.Clone(b.patterns)
	g.globals(b)
	g.resolve(b, lists)
	return nil
}
