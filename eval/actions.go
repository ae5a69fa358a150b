package eval

import (
	"fmt"
	"strings"

	"github.com/iamsim/iamsim/internal/pattern"
)

// Wildcard action patterns, as the index holds them.

// actPat is a lower-cased wildcard action pattern: prefix* (matched with
// strings.HasPrefix) when p is nil, p otherwise.
type actPat struct {
	prefix string
	p      *pattern.Action
}

func (a *actPat) match(action string) bool { return a.matchAt(action, 0) }

// service returns the pattern's lower-cased text before its first colon,
// and whether the text after it is only stars (it matches every action of
// that service); ok is false when the pattern has no colon or a wildcard
// before it.
func (a *actPat) service() (svc string, all, ok bool) {
	if a.p == nil { // prefix*
		c := strings.IndexByte(a.prefix, ':')
		if c < 0 {
			return "", false, false
		}
		return a.prefix[:c], c == len(a.prefix)-1, true
	}
	svc, ok = a.p.Service()
	if !ok {
		return "", false, false
	}
	src := a.p.String()
	rest := src[strings.IndexByte(src, ':')+1:]
	return svc, rest != "" && strings.Trim(rest, "*") == "", true
}

// matchAt is match, first comparing the byte at c (where patterns of one
// list are likely to differ: 0, or just after the service's colon).
func (a *actPat) matchAt(action string, c int) bool {
	if a.p == nil {
		if c < len(a.prefix) && (c >= len(action) || action[c] != a.prefix[c]) {
			return false
		}
		return strings.HasPrefix(action, a.prefix)
	}
	return a.p.Match(action)
}

// compileActPat compiles a lower-cased wildcard action pattern.
func compileActPat(orig, lower string) (actPat, error) {
	if n := len(lower); n > 0 && lower[n-1] == '*' && !hasWildcard(lower[:n-1]) {
		return actPat{prefix: lower[:n-1]}, nil
	}
	p, err := pattern.CompileAction(orig)
	if err != nil {
		return actPat{}, fmt.Errorf("action %q: %w", orig, err)
	}
	return actPat{p: p}, nil
}
