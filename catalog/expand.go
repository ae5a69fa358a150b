package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iamsim/iamsim/internal/pattern"
)

// ExpandAction returns the actions that one of patterns matches, as the
// Action element of a policy matches them: "service:Name" with the * and ?
// wildcards anywhere, in any case ("s3:Get*", "*:Get*", "iam:*Policy",
// "s3:GetObject"), or "*" for every action
// (reference_policies_elements_action.md). The actions come once each,
// ordered by service prefix, then by name in lower case. A pattern without
// a colon other than "*" is an error; one that matches no action adds
// nothing.
func (c *Catalog) ExpandAction(patterns ...string) ([]*Action, error) {
	ps, err := compileActions(patterns)
	if err != nil {
		return nil, err
	}
	var ords []int
	for _, p := range ps {
		ords = append(ords, c.matching(p)...)
	}
	if len(ps) > 1 {
		slices.Sort(ords)
		ords = slices.Compact(ords)
	}
	return c.actions(ords), nil
}

// ExpandNotAction returns the actions that within matches and none of
// notActions does: what a statement with NotAction grants or denies
// (reference_policies_elements_notaction.md), within "*" for every service
// or a pattern such as "s3:*" for one. Patterns are read as ExpandAction
// reads them, and the actions come in the same order.
func (c *Catalog) ExpandNotAction(within string, notActions ...string) ([]*Action, error) {
	in, err := compileActions([]string{within})
	if err != nil {
		return nil, err
	}
	not, err := compileActions(notActions)
	if err != nil {
		return nil, err
	}
	ords := slices.DeleteFunc(c.matching(in[0]), func(o int) bool {
		name := c.lowerName(o)
		return slices.ContainsFunc(not, func(p *pattern.Action) bool { return p.Match(name) })
	})
	return c.actions(ords), nil
}

// compileActions compiles Action patterns.
func compileActions(patterns []string) ([]*pattern.Action, error) {
	out := make([]*pattern.Action, len(patterns))
	for i, s := range patterns {
		if s != "*" && !strings.Contains(s, ":") {
			return nil, fmt.Errorf("catalog: action pattern %q is not service:Name or *", s)
		}
		p, err := pattern.CompileAction(s)
		if err != nil {
			return nil, fmt.Errorf("catalog: action pattern %q: %w", s, err)
		}
		out[i] = p
	}
	return out, nil
}

// matching returns the ordinals of the actions p matches, in order.
func (c *Catalog) matching(p *pattern.Action) []int {
	if lit, ok := p.Literal(); ok {
		if o, ok := c.ordinals[lit]; ok {
			return []int{int(o)}
		}
		return nil
	}
	first, end := 0, len(c.starts)-1
	if prefix, ok := p.Service(); ok {
		s, ok := c.byPrefix[prefix]
		if !ok {
			return nil
		}
		first, end = s.first, s.first+s.count
	}
	var out []int
	for o := first; o < end; o++ {
		if p.Match(c.lowerName(o)) {
			out = append(out, o)
		}
	}
	return out
}

// actions returns the actions of ordinals.
func (c *Catalog) actions(ords []int) []*Action {
	out := make([]*Action, len(ords))
	for i, o := range ords {
		out[i] = c.action(o)
	}
	return out
}
