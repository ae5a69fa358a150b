package eval

// WithoutResourceFilter returns a copy of e whose statements all pass the
// resource filter (group.resourceFilters), for tests that compare results with and
// without it.
func WithoutResourceFilter(e *Engine) *Engine {
	c := *e
	c.groups = append([]group(nil), e.groups...)
	for i := range c.groups {
		g := &c.groups[i]
		g.resourceFilters = make([]uint64, len(g.resourceFilters))
		for j := range g.resourceFilters {
			g.resourceFilters[j] = ^uint64(0)
		}
	}
	return &c
}

// CompileUnresolved is Compile without what resolve and globals
// precompute: every listed action keeps its link to its service's pattern
// list, and every service shares the one global list, each entry matched
// against the action.
func CompileUnresolved(set PolicySet) (*Engine, error) { return compile(set, true) }

// Resolution counts, over e's groups, the listed actions whose lists were
// resolved and those that were not, and the services with a global list
// of their own (not the shared first one).
func Resolution(e *Engine) (resolvedKeys, unresolvedKeys, ownGlobals int) {
	for i := range e.groups {
		g := &e.groups[i]
		for _, en := range g.exact.entries {
			if en.link&resolved != 0 {
				resolvedKeys++
			} else {
				unresolvedKeys++
			}
		}
		for _, en := range g.service.entries {
			if en.link != 0 {
				ownGlobals++
			}
		}
	}
	return
}

// ResolveScan is the pattern tests per statement that resolve and globals
// may make when compiling a group.
const ResolveScan = resolveScan
