package eval

// WithoutResourceFilter returns a copy of e whose statements all pass the
// resource filter (group.rbits), for tests that compare results with and
// without it.
func WithoutResourceFilter(e *Engine) *Engine {
	c := *e
	c.groups = append([]group(nil), e.groups...)
	for i := range c.groups {
		g := &c.groups[i]
		g.rbits = make([]uint64, len(g.rbits))
		for j := range g.rbits {
			g.rbits[j] = ^uint64(0)
		}
	}
	return &c
}
