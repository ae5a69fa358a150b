package eval

import (
	"fmt"
	"strings"

	"github.com/iamsim/iamsim/internal/pattern"
)

// Wildcard action patterns, as the index holds them.

// actionPattern is a lower-cased wildcard action pattern: prefix* (matched
// with strings.HasPrefix) when compiled is nil, compiled otherwise.
type actionPattern struct {
	prefix   string
	compiled *pattern.Action
}

func (a *actionPattern) match(action string) bool { return a.matchAt(action, 0) }

// service returns the pattern's lower-cased text before its first colon,
// and whether the text after it is only stars (it matches every action of
// that service); ok is false when the pattern has no colon or a wildcard
// before it.
func (a *actionPattern) service() (service string, all, ok bool) {
	if a.compiled == nil { // prefix*
		c := strings.IndexByte(a.prefix, ':')
		if c < 0 {
			return "", false, false
		}
		return a.prefix[:c], c == len(a.prefix)-1, true
	}
	service, ok = a.compiled.Service()
	if !ok {
		return "", false, false
	}
	src := a.compiled.String()
	rest := src[strings.IndexByte(src, ':')+1:]
	return service, rest != "" && strings.Trim(rest, "*") == "", true
}

// matchAt is match, first comparing the byte at index at (where patterns of
// one list are likely to differ: 0, or just after the service's colon).
func (a *actionPattern) matchAt(action string, at int) bool {
	if a.compiled == nil {
		if at < len(a.prefix) && (at >= len(action) || action[at] != a.prefix[at]) {
			return false
		}
		return strings.HasPrefix(action, a.prefix)
	}
	return a.compiled.Match(action)
}

// compileActionPattern compiles a wildcard action pattern, given as written
// and lower-cased.
func compileActionPattern(written, lower string) (actionPattern, error) {
	if n := len(lower); n > 0 && lower[n-1] == '*' && !hasWildcard(lower[:n-1]) {
		return actionPattern{prefix: lower[:n-1]}, nil
	}
	p, err := pattern.CompileAction(written)
	if err != nil {
		return actionPattern{}, fmt.Errorf("action %q: %w", written, err)
	}
	return actionPattern{compiled: p}, nil
}
