package awscli

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The AWS CLI pages through an operation that has a paginator
// (botocore's; IAM's paginators-1.json gives SimulateCustomPolicy and
// SimulatePrincipalPolicy Marker/IsTruncated/MaxItems and the result key
// EvaluationResults) for the user:
//
//   - --page-size N is the API's limit (MaxItems): results per call;
//   - the CLI calls again with each output token (Marker) until the
//     response says there are no more (IsTruncated false), and prints only
//     the concatenated results;
//   - --max-items N stops after N results and prints a NextToken: base64 of
//     the JSON {"Marker": m, "boto_truncate_amount": k}, meaning "call with
//     Marker m and skip the first k results" (the truncate amount is left
//     out when the cut falls on a page boundary);
//   - --starting-token takes that NextToken back.
//
// paginate does the same, so NextToken values look and work exactly like
// the AWS CLI's.

// Paginator is how the CLI pages an operation: the members of
// paginators-1.json.
type Paginator struct {
	InputToken  string // request member that continues: "Marker"
	OutputToken string // response member to continue from: "Marker"
	MoreResults string // response member saying there is more: "IsTruncated"
	LimitKey    string // request member limiting a page: "MaxItems"
	ResultKey   string // response member holding the results: "EvaluationResults"
}

// pagingError is botocore's PaginationError.
type pagingError struct{ msg string }

func (e *pagingError) Error() string { return "Error during pagination: " + e.msg }

// badTokenError is the error for a starting token that cannot be used.
type badTokenError struct{ token string }

func (e *badTokenError) Error() string { return "Bad starting token: " + e.token }

// truncateAmount is the member of a NextToken that counts the results of
// its page already printed.
const truncateAmount = "boto_truncate_amount"

// pageConfig is what --max-items, --starting-token and --page-size asked for.
type pageConfig struct {
	maxItems      *int64
	startingToken *string
	pageSize      *int64
}

// paginate calls call once per page, starting from kwargs, and returns the
// full result as the AWS CLI prints it: EvaluationResults, and NextToken when
// --max-items cut the results short.
func paginate(pg *Paginator, kwargs *Object, cfg pageConfig, call func(*Object) (*Object, error)) (*Object, error) {
	kwargs = kwargs.clone()
	next := NewObject()
	next.Set(pg.InputToken, nil)
	var skip int64
	if cfg.startingToken != nil {
		var err error
		next, skip, err = parseStartingToken(pg, *cfg.startingToken)
		if err != nil {
			return nil, err
		}
		injectToken(kwargs, next)
	}
	if cfg.pageSize != nil {
		kwargs.Set(pg.LimitKey, *cfg.pageSize)
	}

	full := NewObject()
	var resume *Object
	var total int64
	var previous *Object
	first := true
	for {
		page, err := call(kwargs)
		if err != nil {
			return nil, err
		}
		items, hasItems := pageItems(pg, page)
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
			appendItems(pg, full, items, hasItems)
			next.Set(truncateAmount, keep+skip)
			resume = next
			break
		}
		appendItems(pg, full, items, hasItems)
		total += n
		next = nextToken(pg, page)
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
		full.Set("NextToken", base64.StdEncoding.EncodeToString([]byte(pyDumps(resume))))
	}
	return full, nil
}

// pageItems returns the page's results; hasItems is false when the page has
// none (not even an empty list).
func pageItems(pg *Paginator, page *Object) (items []any, hasItems bool) {
	v, ok := page.Get(pg.ResultKey)
	if !ok || v == nil {
		return nil, false
	}
	l, ok := v.([]any)
	return l, ok
}

func appendItems(pg *Paginator, full *Object, items []any, hasItems bool) {
	if !hasItems {
		return
	}
	if v, ok := full.Get(pg.ResultKey); ok {
		full.Set(pg.ResultKey, append(v.([]any), items...))
		return
	}
	full.Set(pg.ResultKey, append([]any{}, items...))
}

// nextToken reads the token for the next call from a page: none when
// there are no more results, else {"Marker": m} (nil for an empty m).
func nextToken(pg *Paginator, page *Object) *Object {
	t := NewObject()
	if v, _ := page.Get(pg.MoreResults); !pyTruthy(v) {
		return t
	}
	if m, _ := page.Get(pg.OutputToken); pyTruthy(m) {
		t.Set(pg.InputToken, m)
	} else {
		t.Set(pg.InputToken, nil)
	}
	return t
}

func allNil(t *Object) bool {
	for _, k := range t.keys {
		if v, _ := t.Get(k); v != nil {
			return false
		}
	}
	return true
}

// injectToken puts the token's values into the request, removing members
// whose token value is null (or the string "None").
func injectToken(kwargs, token *Object) {
	for _, k := range token.keys {
		v, _ := token.Get(k)
		if v != nil && v != "None" {
			kwargs.Set(k, v)
		} else {
			kwargs.del(k)
		}
	}
}

// parseStartingToken decodes a NextToken. A value that is not base64 JSON
// is taken, as botocore does, as a raw Marker, optionally followed by
// "___" and the number of results to skip.
func parseStartingToken(pg *Paginator, token string) (*Object, int64, error) {
	if t, ok := decodeToken(token); ok {
		var skip int64
		if v, ok := t.Get(truncateAmount); ok {
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
	t := NewObject()
	if parts[0] == "None" {
		t.Set(pg.InputToken, nil)
	} else {
		t.Set(pg.InputToken, parts[0])
	}
	return t, skip, nil
}

// decodeToken decodes base64 JSON the way Python's lenient
// base64.b64decode and json.loads do; ok is false if that fails.
func decodeToken(token string) (*Object, bool) {
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
	v, err := DecodeJSON(string(b))
	if err != nil {
		return nil, false
	}
	o, ok := v.(*Object)
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
	case *Object:
		return t.Len() > 0
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
