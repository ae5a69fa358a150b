package eval

import "slices"

// The global lists: statements whose Action has a wildcard in the service
// part, and NotAction statements, can apply to an action of any service.
// For each service of the index, globals works out once which of them can
// apply to its actions, and which of those need their Action matched.

// globals lays out g.globalLists: first the group's global statements, each to
// be matched against the action, for a service outside the service index;
// then, for each service of the service index, the global statements that
// can apply to its actions, marked for a match only when the service alone
// does not decide it (see stmt.forService). A NotAction guard such as
// "iam:*", "sts:*" then costs an S3 request no pattern match. A service
// whose list equals the one before it shares that one. When the lists
// would take more than resolveScan tests per statement, every service
// shares the first list.
func (g *group) globals(b *builder) {
	out := b.globalLists[:0]
	for _, s := range b.global {
		out = append(out, globalStmt{stmt: s, check: true})
	}
	out = append(out, globalStmt{stmt: done})
	cost := 0
	for _, s := range b.global {
		cost += 1 + g.stmts[s].actionElems()
	}
	if len(b.global) > 0 && !b.unresolved && cost*len(g.service.entries) <= resolveScan*max(len(g.stmts), 64) {
		prev := 0 // the previous service's list
		for i := range g.service.entries {
			start := len(out)
			for _, s := range b.global {
				switch g.stmts[s].forService(g.service.entries[i].name) {
				case appliesToAll:
					out = append(out, globalStmt{stmt: s})
				case matchEach:
					out = append(out, globalStmt{stmt: s, check: true})
				}
			}
			out = append(out, globalStmt{stmt: done})
			if n := len(out) - start; prev > 0 && slices.Equal(out[prev:prev+n], out[start:]) {
				out = out[:start]
				start = prev
			}
			g.service.entries[i].link, prev = uint32(start), start
		}
	}
	g.globalLists = slices.Clone(out)
	b.globalLists = out[:0]
}

// serviceDecision is what the service of an action decides about a global
// statement's Action.
type serviceDecision uint8

const (
	matchEach     serviceDecision = iota // nothing: match the action
	appliesToAll                         // it matches every action of the service
	appliesToNone                        // it matches none
)

// actionElems is the number of Action or NotAction elements forService
// looks at.
func (s *stmt) actionElems() int {
	if s.extra == nil {
		return 0
	}
	return len(s.extra.notActions) + len(s.extra.notActionSet) + len(s.extra.wildcards)
}

// forService says what a global statement's Action or NotAction decides
// for every action of the lower-cased service svc (the text before the
// action's first colon, "" when it has none). An Action of stars matches
// every action. A NotAction element can match an action of svc only if its
// text before its first colon is svc or has a wildcard; a pattern "svc:*"
// matches all of them (svc not "", so that every such action has the
// colon), and then the statement applies to none.
func (s *stmt) forService(svc string) serviceDecision {
	if !s.notAction {
		if s.anyAction {
			return appliesToAll
		}
		return matchEach
	}
	if s.extra == nil {
		return appliesToAll
	}
	d := appliesToAll
	for _, l := range s.extra.notActions {
		if serviceOf(l) == svc {
			d = matchEach
		}
	}
	for l := range s.extra.notActionSet {
		if serviceOf(l) == svc {
			d = matchEach
		}
	}
	for i := range s.extra.wildcards {
		t, all, ok := s.extra.wildcards[i].service()
		switch {
		case !ok:
			d = matchEach
		case t != svc:
		case all && svc != "":
			return appliesToNone
		default:
			d = matchEach
		}
	}
	return d
}
