package grammar

import "strings"

// Variable is what ScanVariable read inside a "${...}": a policy variable's
// context key and its default, or one of the escapes ${*}, ${?} and ${$}
// (reference_policies_variables.md).
type Variable struct {
	// Name is the context key as written, or for an escape the character
	// it stands for.
	Name string
	// Default is the text of ${key, 'default'}; HasDefault says it was
	// given (it may be empty).
	Default    string
	HasDefault bool
	// Escape reports ${*}, ${?} or ${$}: a literal character, never a
	// wildcard.
	Escape bool
}

// ScanVariable reads the inside of a "${...}"; rest starts right after the
// "${". It returns what it read, how many bytes of rest it used (through
// the closing brace), and whether the syntax was well formed. It does not
// allocate.
//
// The forms, from reference_policies_variables.md:
//   - ${key}: the value of a context key; key names are case-insensitive.
//   - ${key, 'default'}: the default when the key has no value
//     (#policy-vars-default-values; the page writes ", " between the key and
//     the quoted default; any spaces around the comma are accepted).
//   - ${*}, ${?}, ${$}: a literal *, ? or $ (#policy-vars-specialchars).
//
// Anything else (no closing brace, an empty key, an unquoted default, a key
// with one of $ { ' * ?) is not a variable: the caller reads "${" as
// literal text, as the docs give no error for it.
func ScanVariable(rest string) (Variable, int, bool) {
	k := strings.IndexAny(rest, ",}")
	if k < 0 {
		return Variable{}, 0, false
	}
	name := strings.TrimSpace(rest[:k])
	if rest[k] == '}' {
		switch name {
		case "*", "?", "$":
			return Variable{Name: name, Escape: true}, k + 1, true
		}
		if !validVariableKey(name) {
			return Variable{}, 0, false
		}
		return Variable{Name: name}, k + 1, true
	}
	// ${key, 'default'}
	if !validVariableKey(name) {
		return Variable{}, 0, false
	}
	i := k + 1
	for i < len(rest) && rest[i] == ' ' {
		i++
	}
	if i >= len(rest) || rest[i] != '\'' {
		return Variable{}, 0, false
	}
	end := strings.IndexByte(rest[i+1:], '\'')
	if end < 0 {
		return Variable{}, 0, false
	}
	def := rest[i+1 : i+1+end]
	i += end + 2
	for i < len(rest) && rest[i] == ' ' {
		i++
	}
	if i >= len(rest) || rest[i] != '}' {
		return Variable{}, 0, false
	}
	return Variable{Name: name, Default: def, HasDefault: true}, i + 1, true
}

// HasVariable reports whether s holds a well-formed policy variable (an
// escape such as ${*} does not count). It does not allocate.
func HasVariable(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '$' || s[i+1] != '{' {
			continue
		}
		if v, n, ok := ScanVariable(s[i+2:]); ok {
			if !v.Escape {
				return true
			}
			i += 1 + n // past the escape (the loop adds one)
		}
	}
	return false
}

// validVariableKey accepts a context key name. Tag keys may hold spaces and
// most punctuation, so only characters that would make the variable
// syntax ambiguous are refused.
func validVariableKey(name string) bool {
	return name != "" && !strings.ContainsAny(name, "${}'*?")
}
