package eval

import "slices"

// The global lists: statements whose Action has a wildcard in the service
// part, and NotAction statements, can apply to an action of any service.
// For each service of the index, globals works out once which of them can
// apply to its actions, and which of those need their Action matched.

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
