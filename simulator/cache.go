package simulator

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/iamsim/iamsim/account"
	iamctx "github.com/iamsim/iamsim/context"
	"github.com/iamsim/iamsim/policy"
)

// DefaultCacheSize is how many parsed policy documents a Simulator keeps by
// default.
const DefaultCacheSize = 1024

// DefaultCacheBytes is how much memory a Simulator's caches of documents,
// policy sets and context entries may hold together by default, as their
// entries' costs are estimated (entryCost and the costOf functions).
const DefaultCacheBytes = 256 << 20

// What a cache entry is estimated to hold, from the size of the text it
// was made from. The estimates err high: a cache is kept under its budget
// by them, whatever the documents are like.
const (
	// entryOverhead is an entry's structures beyond its texts.
	entryOverhead = 1 << 10
	// parsedPerByte is a parsed document with its text.
	parsedPerByte = 5
	// compiledPerByte is a set of documents with their texts, parsed
	// documents and compiled engines: compiling costs about 60 bytes per
	// character of policy (see InputLimits).
	compiledPerByte = 64
	// contextPerByte is a list of ContextEntries with the values parsed
	// for each request context built from them.
	contextPerByte = 8
)

// policyCache is a bounded LRU of parsed policy documents keyed by kind and
// document text (by their hash, as the set caches are, the text compared on
// a match). Parsed documents are immutable, so one *policy.Policy may be
// shared by concurrent simulations. Parse failures are not cached: they end
// the request, and a hostile caller could otherwise flush the cache with
// garbage cheaply. A document is cached at its second parse (doorkeeper),
// under the hash its lookup computed.
type policyCache struct {
	max  int
	seed maphash.Seed
	lru  *lru[uint64, *cacheEntry]
	door *doorkeeper
}

type cacheEntry struct {
	sum  uint64
	kind policy.Kind
	text string
	doc  *policy.Policy
}

func newPolicyCache(max int, b *cacheBudget) *policyCache {
	if max <= 0 {
		return nil
	}
	return &policyCache{max: max, seed: maphash.MakeSeed(),
		lru: newLRU(max, b, func(e *cacheEntry) uint64 { return e.sum },
			func(e *cacheEntry) int64 { return entryOverhead + parsedPerByte*int64(len(e.text)) }),
		door: newDoorkeeper(max)}
}

// parse returns the parsed document, from the cache when it is there. A nil
// cache parses every time.
func (c *policyCache) parse(text string, kind policy.Kind) (*policy.Policy, error) {
	if c == nil {
		return policy.ParseKindString(text, kind)
	}
	sum := c.sum(text, kind)
	same := func(e *cacheEntry) bool { return e.kind == kind && e.text == text }
	if e, ok := c.lru.get(sum, same); ok {
		return e.doc, nil
	}

	// Parse outside the lock: two goroutines may parse the same text at
	// once, which is harmless and keeps the lock short.
	doc, err := policy.ParseKindString(text, kind)
	if err != nil {
		return nil, err
	}
	if !c.door.admit(sum) {
		return doc, nil
	}
	return c.lru.add(sum, same, func() *cacheEntry { return &cacheEntry{sum, kind, text, doc} }).doc, nil
}

// sum is the hash a document is cached and admitted under.
func (c *policyCache) sum(text string, kind policy.Kind) uint64 {
	return maphash.String(c.seed, text) ^ uint64(kind)<<56
}

// len returns the number of cached documents.
func (c *policyCache) len() int {
	if c == nil {
		return 0
	}
	return c.lru.len()
}

// setCache is a bounded LRU of the policy sets of SimulateCustomPolicy: the
// parsed documents of one request's PolicyInputList,
// PermissionsBoundaryPolicyInputList and ResourcePolicy, with the engines
// compiled from them and the context keys they use, keyed by the document
// texts and the kind each was parsed as. A request whose documents are all
// the same text as an earlier one's neither parses, checks nor compiles them
// again. Sets are shared by concurrent simulations: their documents are
// immutable, and their engines are compiled under compiledSet's lock.
// Only sets whose every document was valid are cached, from their second
// use on (doorkeeper).
type setCache struct {
	seed maphash.Seed
	lru  *lru[uint64, *policySet] // keyed by the hash of the set's key
	// last is the set most recently looked up or added: a request for the
	// same documents again finds it by comparing the texts (equal strings
	// sharing their bytes compare at once) without hashing them or taking
	// the lock. It may have left the LRU, or not be in it yet (first use);
	// it is still the right set.
	last atomic.Pointer[policySet]
	door *doorkeeper
}

// setKey is what a policySet is looked up by. The identifiers its documents
// are reported under follow from their positions in the lists.
type setKey struct {
	identity []string
	boundary []string
	resource *string
	// trust records that ResourcePolicy is parsed as a role trust policy
	// (an action is sts:AssumeRole*) rather than a resource policy.
	trust bool
	// evaluateTrust is the option of the Simulator that checked the set
	// (it decides whether a trust policy may name a Service principal), as
	// Caches may be shared by Simulators of other options.
	evaluateTrust bool
}

func (k *setKey) equal(o *setKey) bool {
	if len(k.identity) != len(o.identity) || len(k.boundary) != len(o.boundary) ||
		(k.resource == nil) != (o.resource == nil) || k.trust != o.trust || k.evaluateTrust != o.evaluateTrust {
		return false
	}
	for i := range k.identity {
		if k.identity[i] != o.identity[i] {
			return false
		}
	}
	for i := range k.boundary {
		if k.boundary[i] != o.boundary[i] {
			return false
		}
	}
	return k.resource == nil || *k.resource == *o.resource
}

// clone copies the key's slices, which belong to the caller's input.
func (k setKey) clone() setKey {
	k.identity = append([]string(nil), k.identity...)
	k.boundary = append([]string(nil), k.boundary...)
	if k.resource != nil {
		r := *k.resource
		k.resource = &r
	}
	return k
}

// keyHash hashes the keys of the caches: counts, and strings after their
// lengths, so that different lists of strings write different bytes.
type keyHash struct {
	maphash.Hash
	n [8]byte
}

func (h *keyHash) count(l int) {
	binary.LittleEndian.PutUint64(h.n[:], uint64(l))
	h.Write(h.n[:])
}

func (h *keyHash) str(s string) {
	h.count(len(s))
	h.WriteString(s)
}

func (h *keyHash) strs(list []string) {
	h.count(len(list))
	for _, s := range list {
		h.str(s)
	}
}

// resource writes a ResourcePolicy, the kind it is parsed as and the
// evaluateTrust option.
func (h *keyHash) resource(r *string, trust, evaluateTrust bool) {
	switch {
	case r == nil:
		h.WriteByte(0)
	case trust:
		h.WriteByte(2)
		h.str(*r)
	default:
		h.WriteByte(1)
		h.str(*r)
	}
	if evaluateTrust {
		h.WriteByte(1)
	}
}

func (c *setCache) hash(k *setKey) uint64 {
	var h keyHash
	h.SetSeed(c.seed)
	h.strs(k.identity)
	h.strs(k.boundary)
	h.resource(k.resource, k.trust, k.evaluateTrust)
	return h.Sum64()
}

// policySet is a cached set of a request's own documents.
type policySet struct {
	key      setKey
	sum      uint64
	identity []parsedPolicy
	boundary []parsedPolicy
	resource *parsedPolicy
	compiled compiledSet
	// kept records that the set went into the LRU: a set at its first use
	// is only setCache.last, and goes in at its next.
	kept atomic.Bool
}

func newSetCache(max int, b *cacheBudget) *setCache {
	if max <= 0 {
		return nil
	}
	return &setCache{seed: maphash.MakeSeed(),
		lru:  newLRU(max, b, func(ps *policySet) uint64 { return ps.sum }, func(ps *policySet) int64 { return ps.key.cost() }),
		door: newDoorkeeper(max)}
}

// cost estimates what a set of these documents holds once compiled.
func (k *setKey) cost() int64 {
	n := textBytes(k.identity) + textBytes(k.boundary)
	if k.resource != nil {
		n += len(*k.resource)
	}
	return entryOverhead + compiledPerByte*int64(n)
}

func textBytes(list []string) int {
	n := 0
	for _, s := range list {
		n += len(s)
	}
	return n
}

// get returns the cached set of k, or nil, and k's hash for add.
func (c *setCache) get(k *setKey) (*policySet, uint64) {
	if c == nil {
		return nil, 0
	}
	if ps := c.last.Load(); ps != nil && ps.key.equal(k) {
		if !ps.kept.Load() { // its second use
			ps = c.add(ps)
		}
		return ps, ps.sum
	}
	sum := c.hash(k)
	if ps, ok := c.lru.get(sum, func(ps *policySet) bool { return ps.key.equal(k) }); ok {
		c.last.Store(ps)
		return ps, sum
	}
	return nil, sum
}

// add caches ps (whose key and sum are set) unless a set of the same
// documents got there first, and returns the cached one; at the first use
// of its documents, it returns ps uncached.
func (c *setCache) add(ps *policySet) *policySet {
	if c == nil {
		return ps
	}
	if !c.door.admit(ps.sum) {
		c.last.Store(ps)
		return ps
	}
	// Another set with the same hash is replaced by the newer one.
	got := c.lru.add(ps.sum, func(old *policySet) bool { return old.key.equal(&ps.key) },
		func() *policySet { return ps })
	got.kept.Store(true)
	c.last.Store(got)
	return got
}

// len returns the number of cached sets.
func (c *setCache) len() int {
	if c == nil {
		return 0
	}
	return c.lru.len()
}

// contextCache is a bounded LRU of the ContextEntries of SimulateCustomPolicy
// requests, validated and converted, with the request contexts built from
// them for each simulated principal. A request with the same ContextEntries
// as an earlier one neither validates nor parses them again. Only entries
// that were valid are cached; the request contexts are immutable and shared
// by concurrent simulations.
type contextCache struct {
	seed maphash.Seed
	lru  *lru[uint64, *contextSet] // keyed by the hash of the entries
	// last is the set most recently looked up or added (see setCache.last).
	last atomic.Pointer[contextSet]
}

// maxContextBases bounds how many principals' request contexts a contextSet
// keeps (a call without CallerArn simulates one per resource account).
const maxContextBases = 8

// contextSet is a cached list of ContextEntries.
type contextSet struct {
	key     []ContextEntry
	sum     uint64
	entries []iamctx.Entry

	// bases are the request contexts built so far, read without locking
	// (every call looks them up); mu serializes the copy-on-write of
	// addBase.
	mu    sync.Mutex
	bases atomic.Pointer[[]contextBase]
}

// contextBase is a request context built for a principal. In a custom
// simulation the principal (CallerArn or the stand-in user) and whether keys
// are derived from it determine the principal's tags too.
type contextBase struct {
	principal string
	derive    bool
	// version is the account version of the principal's tags.
	version uint64
	r       *iamctx.Request
}

func newContextCache(max int, b *cacheBudget) *contextCache {
	if max <= 0 {
		return nil
	}
	return &contextCache{seed: maphash.MakeSeed(), lru: newLRU(max, b, func(cs *contextSet) uint64 { return cs.sum }, (*contextSet).cost)}
}

// cost estimates what a contextSet holds with all its request contexts.
func (cs *contextSet) cost() int64 {
	n := 0
	for _, e := range cs.key {
		n += len(e.ContextKeyName) + len(e.ContextKeyType) + textBytes(e.ContextKeyValues) + 16*len(e.ContextKeyValues)
	}
	return entryOverhead + contextPerByte*int64(n)
}

func (c *contextCache) hash(k []ContextEntry) uint64 {
	var h keyHash
	h.SetSeed(c.seed)
	h.count(len(k))
	for i := range k {
		h.str(k[i].ContextKeyName)
		h.str(k[i].ContextKeyType)
		h.strs(k[i].ContextKeyValues)
	}
	return h.Sum64()
}

func sameEntries(a, b []ContextEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ContextKeyName != b[i].ContextKeyName || a[i].ContextKeyType != b[i].ContextKeyType ||
			len(a[i].ContextKeyValues) != len(b[i].ContextKeyValues) {
			return false
		}
		for j, v := range a[i].ContextKeyValues {
			if v != b[i].ContextKeyValues[j] {
				return false
			}
		}
	}
	return true
}

// get returns the cached set of k, or nil, and k's hash for add.
func (c *contextCache) get(k []ContextEntry) (*contextSet, uint64) {
	if c == nil {
		return nil, 0
	}
	if cs := c.last.Load(); cs != nil && sameEntries(cs.key, k) {
		return cs, cs.sum
	}
	sum := c.hash(k)
	if cs, ok := c.lru.get(sum, func(cs *contextSet) bool { return sameEntries(cs.key, k) }); ok {
		c.last.Store(cs)
		return cs, sum
	}
	return nil, sum
}

// add caches the validated entries of k (whose hash is sum) unless they got
// there first, and returns the cached set.
func (c *contextCache) add(k []ContextEntry, sum uint64, entries []iamctx.Entry) *contextSet {
	if c == nil {
		return nil
	}
	cs := c.lru.add(sum, func(old *contextSet) bool { return sameEntries(old.key, k) }, func() *contextSet {
		key := make([]ContextEntry, len(k))
		for i, e := range k {
			key[i] = ContextEntry{ContextKeyName: e.ContextKeyName, ContextKeyType: e.ContextKeyType,
				ContextKeyValues: append([]string(nil), e.ContextKeyValues...)}
		}
		// Capped, so that appending to a request's entries copies them.
		return &contextSet{key: key, sum: sum, entries: entries[:len(entries):len(entries)]}
	})
	c.last.Store(cs)
	return cs
}

// base returns the request context cached for principal with tags of the
// account version, or nil.
func (cs *contextSet) base(principal string, derive bool, version uint64) *iamctx.Request {
	if bs := cs.bases.Load(); bs != nil {
		for _, b := range *bs {
			if b.principal == principal && b.derive == derive && b.version == version {
				return b.r
			}
		}
	}
	return nil
}

// addBase caches a request context for principal, if there is room. The
// contexts built at older account versions make way.
func (cs *contextSet) addBase(principal string, derive bool, version uint64, r *iamctx.Request) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	var old []contextBase
	if bs := cs.bases.Load(); bs != nil {
		old = *bs
	}
	if slices.ContainsFunc(old, func(b contextBase) bool { return b.version != version }) {
		// A fresh slice: readers may still be looking at the old one.
		old = slices.DeleteFunc(slices.Clone(old), func(b contextBase) bool { return b.version != version })
	}
	if len(old) < maxContextBases {
		// Readers of the old slice never look past its length, so the
		// append may write into its spare capacity.
		bs := append(old, contextBase{principal, derive, version, r})
		cs.bases.Store(&bs)
	}
}

// len returns the number of cached entry lists.
func (c *contextCache) len() int {
	if c == nil {
		return 0
	}
	return c.lru.len()
}

// callerCache keeps the callers that CallerArn named, parsed and with their
// tags (which depend on the ARN and the account), keyed by the ARN; a
// caller is used only while the account is at the version its tags were
// read at. Only valid callers are kept. It is bounded
// crudely: when full it is emptied, which costs a hostile caller's victims
// one ParsePrincipal each.
type callerCache struct {
	// last is the caller found or added last: simulations in a row mostly
	// name the same caller, and one atomic load is cheaper than the lock.
	last atomic.Pointer[callerInfo]
	mu   sync.RWMutex
	max  int
	m    map[string]*callerInfo
}

func newCallerCache(max int) *callerCache {
	if max <= 0 {
		return nil
	}
	return &callerCache{max: max, m: make(map[string]*callerInfo)}
}

// get returns the cached caller of arn with tags of the account version,
// or nil. The callerInfo is shared: it must not be modified.
func (c *callerCache) get(arn string, version uint64) *callerInfo {
	if c == nil {
		return nil
	}
	if ci := c.last.Load(); ci != nil && ci.arn == arn && ci.version == version {
		return ci
	}
	c.mu.RLock()
	ci := c.m[arn]
	c.mu.RUnlock()
	if ci == nil || ci.version != version {
		return nil
	}
	c.last.Store(ci)
	return ci
}

// add keeps ci, which is not modified afterwards.
func (c *callerCache) add(ci *callerInfo) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[ci.arn] = ci
	c.last.Store(ci)
}

// principalCache is a bounded LRU of the policy sets of
// SimulatePrincipalPolicy: the parsed documents one request evaluates (the
// entity's stored policies, its groups' and its permissions boundary, the
// request's own documents and the account's SCPs and RCPs) with the engines
// compiled from them and the context keys they use. The key holds the
// PolicySourceArn and every document's text with the ID it is reported
// under, so a set is found again only for exactly the same documents: an
// account whose policies changed (or a Simulator built on a new account)
// gets a new set, never a stale one.
type principalCache struct {
	seed maphash.Seed
	lru  *lru[uint64, *principalSet] // keyed by the hash of the set's key
	door *doorkeeper
}

// principalKey is what a principalSet is looked up by.
type principalKey struct {
	source   string
	stored   []sourcePolicy // identity-based policies of the entity and its groups
	inputs   []string       // PolicyInputList
	boundary []sourcePolicy // the stored permissions boundary used, if any
	bInputs  []string       // PermissionsBoundaryPolicyInputList
	resource *string
	trust    bool // ResourcePolicy is parsed as a role trust policy
	// evaluateTrust: see setKey.
	evaluateTrust bool
	scps          [][]account.OrganizationPolicy
	rcps          [][]account.OrganizationPolicy
}

func sameOrg(a, b [][]account.OrganizationPolicy) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for l := range a {
		if len(a[l]) != len(b[l]) {
			return false
		}
		for i := range a[l] {
			if a[l][i] != b[l][i] {
				return false
			}
		}
	}
	return true
}

func (k *principalKey) equal(o *principalKey) bool {
	return k.source == o.source && k.trust == o.trust && k.evaluateTrust == o.evaluateTrust && (k.resource == nil) == (o.resource == nil) &&
		(k.resource == nil || *k.resource == *o.resource) &&
		slices.Equal(k.stored, o.stored) && slices.Equal(k.inputs, o.inputs) &&
		slices.Equal(k.boundary, o.boundary) && slices.Equal(k.bInputs, o.bInputs) &&
		sameOrg(k.scps, o.scps) && sameOrg(k.rcps, o.rcps)
}

// clone copies the key's slices, which belong to the request and the
// account.
func (k principalKey) clone() principalKey {
	k.stored = append([]sourcePolicy(nil), k.stored...)
	k.inputs = append([]string(nil), k.inputs...)
	k.boundary = append([]sourcePolicy(nil), k.boundary...)
	k.bInputs = append([]string(nil), k.bInputs...)
	if k.resource != nil {
		r := *k.resource
		k.resource = &r
	}
	cloneOrg := func(levels [][]account.OrganizationPolicy) [][]account.OrganizationPolicy {
		if levels == nil {
			return nil
		}
		out := make([][]account.OrganizationPolicy, len(levels))
		for l := range levels {
			out[l] = append([]account.OrganizationPolicy{}, levels[l]...)
		}
		return out
	}
	k.scps, k.rcps = cloneOrg(k.scps), cloneOrg(k.rcps)
	return k
}

func (c *principalCache) hash(k *principalKey) uint64 {
	var h keyHash
	h.SetSeed(c.seed)
	h.str(k.source)
	for _, part := range [][]sourcePolicy{k.stored, k.boundary} {
		h.count(len(part))
		for _, p := range part {
			h.str(p.id)
			h.str(p.text)
		}
	}
	h.strs(k.inputs)
	h.strs(k.bInputs)
	h.resource(k.resource, k.trust, k.evaluateTrust)
	for _, org := range [][][]account.OrganizationPolicy{k.scps, k.rcps} {
		if org == nil {
			h.WriteByte(0)
			continue
		}
		h.WriteByte(1)
		h.count(len(org))
		for _, level := range org {
			h.count(len(level))
			for _, p := range level {
				h.str(p.Name)
				h.str(p.Document)
			}
		}
	}
	return h.Sum64()
}

// principalSet is a cached set of a SimulatePrincipalPolicy request's
// documents.
type principalSet struct {
	key      principalKey
	sum      uint64
	identity []parsedPolicy
	boundary []parsedPolicy
	resource *parsedPolicy
	scps     [][]parsedPolicy
	rcps     [][]parsedPolicy
	compiled compiledSet
}

func newPrincipalCache(max int, b *cacheBudget) *principalCache {
	if max <= 0 {
		return nil
	}
	return &principalCache{seed: maphash.MakeSeed(),
		lru:  newLRU(max, b, func(ps *principalSet) uint64 { return ps.sum }, func(ps *principalSet) int64 { return ps.key.cost() }),
		door: newDoorkeeper(max)}
}

// cost estimates what a set of these documents holds once compiled.
func (k *principalKey) cost() int64 {
	n := len(k.source) + textBytes(k.inputs) + textBytes(k.bInputs)
	for _, part := range [][]sourcePolicy{k.stored, k.boundary} {
		for _, p := range part {
			n += len(p.id) + len(p.text)
		}
	}
	if k.resource != nil {
		n += len(*k.resource)
	}
	for _, org := range [][][]account.OrganizationPolicy{k.scps, k.rcps} {
		for _, level := range org {
			for _, p := range level {
				n += len(p.Name) + len(p.Document)
			}
		}
	}
	return entryOverhead + compiledPerByte*int64(n)
}

// get returns the cached set of k, or nil, and k's hash for add.
func (c *principalCache) get(k *principalKey) (*principalSet, uint64) {
	if c == nil {
		return nil, 0
	}
	sum := c.hash(k)
	if ps, ok := c.lru.get(sum, func(ps *principalSet) bool { return ps.key.equal(k) }); ok {
		return ps, sum
	}
	return nil, sum
}

// add caches ps (whose key and sum are set) unless a set of the same
// documents got there first, and returns the cached one; at the first use
// of its documents, it returns ps uncached.
func (c *principalCache) add(ps *principalSet) *principalSet {
	if c == nil || !c.door.admit(ps.sum) {
		return ps
	}
	return c.lru.add(ps.sum, func(old *principalSet) bool { return old.key.equal(&ps.key) },
		func() *principalSet { return ps })
}

// len returns the number of cached sets.
func (c *principalCache) len() int {
	if c == nil {
		return 0
	}
	return c.lru.len()
}
