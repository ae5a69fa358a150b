package pattern

import (
	"strings"

	"github.com/iamsim/iamsim/policy"
)

// Action is a compiled Action or NotAction value. It is immutable and
// safe for concurrent use.
type Action struct {
	src        string
	lower      string
	template   template
	literal    bool
	service    string
	hasService bool
}

// CompileAction compiles "service:Name" with * and ? wildcards, or "*".
// Matching ignores case ("The prefix and the action name are case
// insensitive", reference_policies_elements_action.md). An empty pattern is
// a *policy.ConditionError. Action names are not checked against any catalogue.
func CompileAction(pattern string) (*Action, error) {
	if pattern == "" {
		return nil, &policy.ConditionError{Index: -1, Reason: "empty Action"}
	}
	lower := strings.ToLower(pattern)
	p := &Action{src: pattern, lower: lower, template: parseTemplate(lower, true, false)}
	p.literal = !p.template.hasWildcard
	if service, _, ok := strings.Cut(lower, ":"); ok && !strings.ContainsAny(service, "*?") {
		p.service, p.hasService = service, true
	}
	return p, nil
}

// Match reports whether the lower-cased action matches. It does not
// allocate.
func (p *Action) Match(lowerAction string) bool {
	if p.literal {
		return p.lower == lowerAction
	}
	if p.template.allStars {
		return true
	}
	e := expanded{toks: p.template.toks}
	return globMatch(&e, e.begin(), e.end(), lowerAction, false)
}

// Literal returns the lower-cased action and true when the pattern has no
// wildcard.
func (p *Action) Literal() (string, bool) {
	if p.literal {
		return p.lower, true
	}
	return "", false
}

// Service returns the lower-cased service prefix and true when the pattern
// has a ':' and the part before it has no wildcard.
func (p *Action) Service() (string, bool) { return p.service, p.hasService }

// String returns the pattern as written.
func (p *Action) String() string { return p.src }
