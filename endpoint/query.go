package endpoint

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iamsim/iamsim/account"
	"github.com/iamsim/iamsim/endpoint/internal/sigv4"
	"github.com/iamsim/iamsim/internal/iamshape"
)

// params are a request's form values, read the way the Query protocol
// encodes them: scalars by name, lists as Name.member.N, structures in a list
// as Name.member.N.Field.
type params struct{ form url.Values }

// str returns a scalar parameter and whether it was given.
func (p params) str(name string) (string, bool) {
	v, ok := p.form[name]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// get returns a scalar parameter, "" when absent.
func (p params) get(name string) string { v, _ := p.str(name); return v }

// opt returns a scalar parameter as a pointer, nil when absent.
func (p params) opt(name string) *string {
	if v, ok := p.str(name); ok {
		return &v
	}
	return nil
}

// indices returns, in numeric order, the N of every prefix.member.N[.…]
// parameter.
func (p params) indices(prefix string) []int {
	prefix += ".member."
	seen := map[int]bool{}
	for k := range p.form {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		if i := strings.IndexByte(rest, '.'); i >= 0 {
			rest = rest[:i]
		}
		if n, err := strconv.Atoi(rest); err == nil && n > 0 {
			seen[n] = true
		}
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// list returns the list Name.member.N, in N order. A list sent empty (the
// SDKs send "Name=") is an empty, non-nil slice; an absent one is nil.
func (p params) list(name string) []string {
	ix := p.indices(name)
	if len(ix) == 0 {
		if _, ok := p.form[name]; ok {
			return []string{}
		}
		return nil
	}
	out := make([]string, 0, len(ix))
	for _, n := range ix {
		out = append(out, p.get(name+".member."+strconv.Itoa(n)))
	}
	return out
}

// tags reads a tagListType member; nil when absent.
func (p params) tags(name string) []account.Tag {
	var out []account.Tag
	for _, n := range p.indices(name) {
		pre := name + ".member." + strconv.Itoa(n) + "."
		out = append(out, account.Tag{Key: p.get(pre + "Key"), Value: p.get(pre + "Value")})
	}
	return out
}

// boolean reads a booleanType member (absent is false).
func (p params) boolean(name string) (bool, error) {
	v, ok := p.str(name)
	if !ok {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, account.ValidationError(fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must be a boolean", iamshape.Shorten(v), iamshape.LowerFirst(name)))
	}
	return b, nil
}

// integer reads an integer member; absent is (0, false).
func (p params) integer(name string) (int, bool, error) {
	v, ok := p.str(name)
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return 0, false, account.ValidationError(fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must be a number", iamshape.Shorten(v), iamshape.LowerFirst(name)))
	}
	return int(n), true, nil
}

// optInt reads an integer member as a pointer, nil when absent.
func (p params) optInt(name string) (*int, error) {
	v, ok, err := p.integer(name)
	if err != nil || !ok {
		return nil, err
	}
	return &v, nil
}

// enum reads a member whose value must be one of values ("" when absent).
func (p params) enum(name string, values ...string) (string, error) {
	v, ok := p.str(name)
	if ok && !slices.Contains(values, v) {
		return "", account.ValidationError(iamshape.NotInEnum(iamshape.LowerFirst(name), v, values))
	}
	return v, nil
}

// validate checks the members' lengths and patterns and reports every
// violation at once, as AWS's ValidationError does.
func validate(p params, fields []iamshape.Field) error {
	var msgs []string
	for _, f := range fields {
		if f.List {
			vals := p.list(f.Name)
			if vals == nil && f.Required {
				msgs = append(msgs, iamshape.Missing(f.Name))
				continue
			}
			msgs = f.CheckList(msgs, vals)
			continue
		}
		v, ok := p.str(f.Name)
		if !ok {
			if f.Required {
				msgs = append(msgs, iamshape.Missing(f.Name))
			}
			continue
		}
		msgs = f.CheckMember(msgs, v)
	}
	if len(msgs) > 0 {
		return account.ValidationError(msgs...)
	}
	// The List operations check MaxItems here; the simulator operations
	// leave it to the simulator, which answers InvalidInput.
	if !slices.ContainsFunc(fields, func(f iamshape.Field) bool { return f.Name == iamshape.Marker.Name }) {
		return nil
	}
	if v, ok, err := p.integer("MaxItems"); err != nil {
		return err
	} else if ok && (v < 1 || v > 1000) {
		return account.ValidationError(iamshape.OutOfRange("MaxItems", v, 1, 1000))
	}
	return nil
}

// page returns the slice of items that a Marker and MaxItems select. The
// marker is the (opaque to callers) key of the first item of the next page.
func page[T any](p params, items []T, keyOf func(T) string) ([]T, bool, string, error) {
	start := 0
	if m, ok := p.str("Marker"); ok {
		k, err := base64.RawURLEncoding.DecodeString(m)
		if err != nil {
			return nil, false, "", invalidInput("Invalid Marker %q.", iamshape.Shorten(m))
		}
		start, _ = slices.BinarySearchFunc(items, string(k), func(it T, k string) int { return strings.Compare(keyOf(it), k) })
	}
	n := 100
	if v, ok, _ := p.integer("MaxItems"); ok {
		n = v
	}
	end := min(start+n, len(items))
	if end < len(items) {
		return items[start:end], true, base64.RawURLEncoding.EncodeToString([]byte(keyOf(items[end]))), nil
	}
	return items[start:end], false, "", nil
}

// pageOf pages items as page does and gives the page in its XML shape.
func pageOf[T, X any](p params, items []T, keyOf func(T) string, conv func(T) X) (xList[X], xPaged, error) {
	in, trunc, marker, err := page(p, items, keyOf)
	if err != nil {
		return xList[X]{}, xPaged{}, err
	}
	var out xList[X]
	for _, it := range in {
		out.Member = append(out.Member, conv(it))
	}
	return out, xPaged{trunc, marker}, nil
}

// withPath keeps the items whose path has the request's PathPrefix.
func withPath[T any](p params, items []T, path func(T) string) []T {
	var out []T
	for _, it := range items {
		if hasPrefixPath(p, path(it)) {
			out = append(out, it)
		}
	}
	return out
}

func hasPrefixPath(p params, path string) bool {
	pre, ok := p.str("PathPrefix")
	return !ok || strings.HasPrefix(path, pre)
}

// nameKey is the sort and paging key of an entity name: names compare
// without regard to case.
func nameKey(name string) string { return strings.ToLower(name) }

// Time stamps are ISO 8601 in UTC, as IAM writes them.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// urlEncode percent-encodes a policy document as the API returns it
// (RFC 3986: everything but unreserved characters).
func urlEncode(s string) string { return sigv4.URIEncode(s) }
