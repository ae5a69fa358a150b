package main

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The AWS CLI pages through SimulateCustomPolicy and SimulatePrincipalPolicy
// for the user (botocore's paginator; IAM's paginators-1.json names
// Marker/IsTruncated/MaxItems and the result key EvaluationResults):
//
//   - --page-size N is the API's MaxItems: results per call;
//   - the CLI calls again with each Marker until IsTruncated is false, and
//     prints only the concatenated EvaluationResults;
//   - --max-items N stops after N results and prints a NextToken: base64 of
//     the JSON {"Marker": m, "boto_truncate_amount": k}, meaning "call with
//     Marker m and skip the first k results" (the truncate amount is left
//     out when the cut falls on a page boundary);
//   - --starting-token takes that NextToken back.
//
// paginate does the same against the simulator, so NextToken values look
// and work exactly like the AWS CLI's.

// pagingError is botocore's PaginationError.
type pagingError struct{ msg string }

func (e *pagingError) Error() string { return "Error during pagination: " + e.msg }

// badTokenError is the error for a starting token that cannot be used.
type badTokenError struct{ token string }

func (e *badTokenError) Error() string { return "Bad starting token: " + e.token }

const (
	resultKey      = "EvaluationResults"
	inputToken     = "Marker"
	truncateAmount = "boto_truncate_amount"
)

// pageConfig is what --max-items, --starting-token and --page-size asked for.
type pageConfig struct {
	maxItems      *int64
	startingToken *string
	pageSize      *int64
}

// paginate calls call once per page, starting from kwargs, and returns the
// full result as the AWS CLI prints it: EvaluationResults, and NextToken when
// --max-items cut the results short.
func paginate(kwargs *object, cfg pageConfig, call func(*object) (*object, error)) (*object, error) {
	kwargs = kwargs.clone()
	next := newObject()
	next.set(inputToken, nil)
	var skip int64
	if cfg.startingToken != nil {
		var err error
		next, skip, err = parseStartingToken(*cfg.startingToken)
		if err != nil {
			return nil, err
		}
		injectToken(kwargs, next)
	}
	if cfg.pageSize != nil {
		kwargs.set("MaxItems", *cfg.pageSize)
	}

	full := newObject()
	var resume *object
	var total int64
	var previous *object
	first := true
	for {
		page, err := call(kwargs)
		if err != nil {
			return nil, err
		}
		items, hasItems := pageItems(page)
		if first {
			if cfg.startingToken != nil && hasItems {
				items = pySliceFrom(items, skip)
			}
			first = false
		} else {
			skip = 0
		}
		n := int64(len(items))
		if cfg.maxItems != nil && total+n-*cfg.maxItems > 0 {
			keep := n - (total + n - *cfg.maxItems)
			items = pySliceTo(items, keep)
			appendItems(full, items, hasItems)
			next.set(truncateAmount, keep+skip)
			resume = next
			break
		}
		appendItems(full, items, hasItems)
		total += n
		next = nextToken(page)
		if allNil(next) {
			break
		}
		if cfg.maxItems != nil && total == *cfg.maxItems {
			resume = next
			break
		}
		if previous != nil && pyDumps(previous) == pyDumps(next) {
			return nil, &pagingError{"The same next token was received twice: " + pyRepr(next, false)}
		}
		injectToken(kwargs, next)
		previous = next
	}
	if resume != nil {
		full.set("NextToken", base64.StdEncoding.EncodeToString([]byte(pyDumps(resume))))
	}
	return full, nil
}

// pageItems returns the page's EvaluationResults; hasItems is false when the
// page has none (not even an empty list).
func pageItems(page *object) (items []any, hasItems bool) {
	v, ok := page.get(resultKey)
	if !ok || v == nil {
		return nil, false
	}
	l, ok := v.([]any)
	return l, ok
}

func appendItems(full *object, items []any, hasItems bool) {
	if !hasItems {
		return
	}
	if v, ok := full.get(resultKey); ok {
		full.set(resultKey, append(v.([]any), items...))
		return
	}
	full.set(resultKey, append([]any{}, items...))
}

// nextToken reads the token for the next call from a page: none when
// IsTruncated is false, else {"Marker": m} (nil for an empty m).
func nextToken(page *object) *object {
	t := newObject()
	if v, _ := page.get("IsTruncated"); !pyTruthy(v) {
		return t
	}
	if m, _ := page.get(inputToken); pyTruthy(m) {
		t.set(inputToken, m)
	} else {
		t.set(inputToken, nil)
	}
	return t
}

func allNil(t *object) bool {
	for _, k := range t.keys {
		if v, _ := t.get(k); v != nil {
			return false
		}
	}
	return true
}

// injectToken puts the token's values into the request, removing members
// whose token value is null (or the string "None").
func injectToken(kwargs, token *object) {
	for _, k := range token.keys {
		v, _ := token.get(k)
		if v != nil && v != "None" {
			kwargs.set(k, v)
		} else {
			kwargs.del(k)
		}
	}
}

// parseStartingToken decodes a NextToken. A value that is not base64 JSON
// is taken, as botocore does, as a raw Marker, optionally followed by
// "___" and the number of results to skip.
func parseStartingToken(token string) (*object, int64, error) {
	if t, ok := decodeToken(token); ok {
		var skip int64
		if v, ok := t.get(truncateAmount); ok {
			n, isInt := v.(int64)
			if !isInt {
				return nil, 0, &badTokenError{token}
			}
			skip = n
			t.del(truncateAmount)
		}
		t.del("boto_encoded_keys")
		return t, skip, nil
	}
	parts := strings.Split(token, "___")
	var skip int64
	if len(parts) == 2 {
		if n, err := pyInt(parts[1]); err == nil {
			skip = n
			parts = parts[:1]
		} else {
			parts = []string{token}
		}
	}
	if len(parts) > 1 {
		return nil, 0, &badTokenError{token}
	}
	t := newObject()
	if parts[0] == "None" {
		t.set(inputToken, nil)
	} else {
		t.set(inputToken, parts[0])
	}
	return t, skip, nil
}

// decodeToken decodes base64 JSON the way Python's lenient
// base64.b64decode and json.loads do; ok is false if that fails.
func decodeToken(token string) (*object, bool) {
	clean := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '=' {
			return r
		}
		return -1
	}, token)
	b, err := base64.StdEncoding.DecodeString(clean)
	if err != nil || !utf8.Valid(b) {
		return nil, false
	}
	v, err := decodeJSON(string(b))
	if err != nil {
		return nil, false
	}
	o, ok := v.(*object)
	if !ok {
		return nil, false
	}
	return o, true
}

// pyInt parses an integer as Python's int() does for ordinary input.
func pyInt(s string) (int64, error) {
	s = strings.TrimFunc(s, isPySpace)
	if strings.Contains(s, "_") {
		if strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") || strings.Contains(s, "__") {
			return 0, errors.New("invalid literal")
		}
		s = strings.ReplaceAll(s, "_", "")
	}
	return strconv.ParseInt(s, 10, 64)
}

// pyTruthy is Python's bool(v) for parsed values.
func pyTruthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case string:
		return t != ""
	case int64:
		return t != 0
	case float64:
		return t != 0
	case []any:
		return len(t) > 0
	case *object:
		return t.len() > 0
	}
	return true
}

// pySliceFrom is Python's l[i:].
func pySliceFrom(l []any, i int64) []any {
	n := int64(len(l))
	if i < 0 {
		i = max(n+i, 0)
	}
	if i > n {
		i = n
	}
	return l[i:]
}

// pySliceTo is Python's l[:i]; a negative i counts from the end, which is
// what a non-positive --max-items leads to.
func pySliceTo(l []any, i int64) []any {
	n := int64(len(l))
	if i < 0 {
		i = max(n+i, 0)
	}
	if i > n {
		i = n
	}
	return l[:i]
}
