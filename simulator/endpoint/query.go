package endpoint

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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

// tags reads a tagListType member.
func (p params) tags(name string) []tagKV {
	var out []tagKV
	for _, n := range p.indices(name) {
		pre := name + ".member." + strconv.Itoa(n) + "."
		out = append(out, tagKV{Key: p.get(pre + "Key"), Value: p.get(pre + "Value")})
	}
	return out
}

type tagKV struct{ Key, Value string }

// boolean reads a booleanType member (absent is false).
func (p params) boolean(name string) (bool, error) {
	v, ok := p.str(name)
	if !ok {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, validationError([]string{fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must be a boolean", v, lowerFirst(name))})
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
		return 0, false, validationError([]string{fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must be a number", v, lowerFirst(name))})
	}
	return int(n), true, nil
}

// field is a request member's constraints from the IAM service model.
type field struct {
	name     string
	required bool
	min, max int // characters; max 0 means no bound
	pattern  *regexp.Regexp
	patText  string
	list     bool // a list of strings: constraints apply to each member
	nmax     int  // most members of a list
}

func mustPattern(p string) (*regexp.Regexp, string) {
	return regexp.MustCompile(`^(?:` + p + `)$`), p
}

// The service model's string shapes used by the operations served here.
var (
	reName, txtName                 = mustPattern(`[\w+=,.@-]+`)
	rePath, txtPath                 = mustPattern(`(/)|(/[\x{21}-\x{7E}]+/)`)
	rePathPrefix, txtPathPrefix     = mustPattern(`/[\x{21}-\x{7F}]*`)
	rePolicyPath, txtPolicyPath     = mustPattern(`((/[A-Za-z0-9\.,\+@=_-]+)*)/`)
	reDocument, txtDocument         = mustPattern(`[\x{09}\x{0A}\x{0D}\x{20}-\x{FF}]+`)
	reMarker, txtMarker             = mustPattern(`[\x{20}-\x{FF}]+`)
	reVersionID, txtVersionID       = mustPattern(`v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`)
	reRoleDesc, txtRoleDesc         = mustPattern(`[\x{09}\x{0A}\x{0D}\x{20}-\x{7E}\x{A1}-\x{FF}]*`)
	reTagKey, txtTagKey             = mustPattern(`[\p{L}\p{Z}\p{N}_.:/=+\-@]+`)
	reTagValue, txtTagValue         = mustPattern(`[\p{L}\p{Z}\p{N}_.:/=+\-@]*`)
	rePolicyDescription, txtPolDesc = mustPattern(`[\s\S]*`)
)

func nameField(name string, max int) field {
	return field{name: name, required: true, min: 1, max: max, pattern: reName, patText: txtName}
}

func optional(f field) field { f.required = false; return f }

var (
	fUserName         = nameField("UserName", 64)
	fExistingUserName = nameField("UserName", 128)
	fGroupName        = nameField("GroupName", 128)
	fRoleName         = nameField("RoleName", 64)
	fPolicyName       = nameField("PolicyName", 128)
	fPath             = field{name: "Path", min: 1, max: 512, pattern: rePath, patText: txtPath}
	fPathPrefix       = field{name: "PathPrefix", min: 1, max: 512, pattern: rePathPrefix, patText: txtPathPrefix}
	fPolicyPath       = field{name: "Path", min: 1, max: 512, pattern: rePolicyPath, patText: txtPolicyPath}
	fPolicyPathPrefix = field{name: "PathPrefix", min: 1, max: 512, pattern: rePolicyPath, patText: txtPolicyPath}
	fPolicyDocument   = field{name: "PolicyDocument", required: true, min: 1, max: 131072, pattern: reDocument, patText: txtDocument}
	fTrustDocument    = field{name: "AssumeRolePolicyDocument", required: true, min: 1, max: 131072, pattern: reDocument, patText: txtDocument}
	fPolicyArn        = field{name: "PolicyArn", required: true, min: 20, max: 2048}
	fBoundary         = field{name: "PermissionsBoundary", min: 20, max: 2048}
	fMarker           = field{name: "Marker", min: 1, max: 320, pattern: reMarker, patText: txtMarker}
	fVersionID        = field{name: "VersionId", required: true, pattern: reVersionID, patText: txtVersionID}
	fRoleDescription  = field{name: "Description", max: 1000, pattern: reRoleDesc, patText: txtRoleDesc}
	fPolicyDesc       = field{name: "Description", max: 1000, pattern: rePolicyDescription, patText: txtPolDesc}
	fTagKeys          = field{name: "TagKeys", required: true, list: true, nmax: 50, min: 1, max: 128, pattern: reTagKey, patText: txtTagKey}
)

// pageFields are Marker and MaxItems, which every List operation takes.
var pageFields = []field{fMarker}

// validate checks the members' lengths and patterns and reports every
// violation at once, as AWS's ValidationError does.
func validate(p params, fields []field) error {
	var msgs []string
	for _, f := range fields {
		if f.list {
			vals := p.list(f.name)
			if vals == nil && f.required {
				msgs = append(msgs, fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", lowerFirst(f.name)))
				continue
			}
			if f.nmax > 0 && len(vals) > f.nmax {
				msgs = append(msgs, fmt.Sprintf("Value '[%s]' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", strings.Join(vals, ", "), lowerFirst(f.name), f.nmax))
			}
			for i, v := range vals {
				msgs = checkString(msgs, fmt.Sprintf("%s.%d.member", lowerFirst(f.name), i+1), v, f)
			}
			continue
		}
		v, ok := p.str(f.name)
		if !ok {
			if f.required {
				msgs = append(msgs, fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", lowerFirst(f.name)))
			}
			continue
		}
		msgs = checkString(msgs, lowerFirst(f.name), v, f)
	}
	if len(msgs) > 0 {
		return validationError(msgs)
	}
	// The List operations check MaxItems here; the simulator operations
	// leave it to the simulator, which answers InvalidInput.
	if !slices.ContainsFunc(fields, func(f field) bool { return f.name == "Marker" }) {
		return nil
	}
	if v, ok, err := p.integer("MaxItems"); err != nil {
		return err
	} else if ok && (v < 1 || v > 1000) {
		m := "greater than or equal to 1"
		if v > 1000 {
			m = "less than or equal to 1000"
		}
		return validationError([]string{fmt.Sprintf("Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value %s", v, m)})
	}
	return nil
}

func checkString(msgs []string, at, v string, f field) []string {
	n := utf8.RuneCountInString(v)
	if f.min > 0 && n < f.min {
		msgs = append(msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", v, at, f.min))
	}
	if f.max > 0 && n > f.max {
		msgs = append(msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", shorten(v), at, f.max))
	}
	if f.pattern != nil && n > 0 && !f.pattern.MatchString(v) {
		msgs = append(msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", shorten(v), at, f.patText))
	}
	return msgs
}

func shorten(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// validationError is the 400 ValidationError of AWS's request validation.
func validationError(msgs []string) *apiError {
	noun := "error"
	if len(msgs) > 1 {
		noun = "errors"
	}
	return errorf(http.StatusBadRequest, "ValidationError", "%d validation %s detected: %s", len(msgs), noun, strings.Join(msgs, "; "))
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
