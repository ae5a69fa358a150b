package iamshape

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Field is a request member's constraints.
type Field struct {
	// Name is the member's name as the API spells it ("UserName").
	Name     string
	Required bool
	// Min and Max bound the length in characters; Max 0 means no bound.
	Min, Max int
	Pattern  *regexp.Regexp
	// PatternText is the pattern as the service model writes it, which
	// AWS quotes in its messages.
	PatternText string
	// List marks a list of strings: the constraints apply to each
	// member, and MaxMembers bounds the list (0: no bound).
	List       bool
	MaxMembers int
}

// Optional returns f, not required.
func (f Field) Optional() Field { f.Required = false; return f }

// Named returns f under another member name.
func (f Field) Named(name string) Field { f.Name = name; return f }

// Check appends to msgs the violations of value v of the member at path at
// ("userName", "tags.1.member.key").
func (f Field) Check(msgs []string, at, v string) []string {
	n := utf8.RuneCountInString(v)
	if f.Min > 0 && n < f.Min {
		msgs = append(msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", Shorten(v), at, f.Min))
	}
	if f.Max > 0 && n > f.Max {
		msgs = append(msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", Shorten(v), at, f.Max))
	}
	if f.Pattern != nil && n > 0 && !f.Pattern.MatchString(v) {
		msgs = append(msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", Shorten(v), at, f.PatternText))
	}
	return msgs
}

// CheckMember appends the violations of the member's value v, at the
// member's own path.
func (f Field) CheckMember(msgs []string, v string) []string {
	return f.Check(msgs, LowerFirst(f.Name), v)
}

// CheckList appends the violations of a list member's values.
func (f Field) CheckList(msgs []string, vals []string) []string {
	at := LowerFirst(f.Name)
	if f.MaxMembers > 0 && len(vals) > f.MaxMembers {
		msgs = append(msgs, fmt.Sprintf("Value '[%s]' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", joinShort(vals), at, f.MaxMembers))
	}
	for i, v := range vals {
		msgs = f.Check(msgs, fmt.Sprintf("%s.%d.member", at, i+1), v)
	}
	return msgs
}

// joinShort joins vals with ", " as a message shows a list, cut as Shorten
// cuts, without joining more of the list than it shows.
func joinShort(vals []string) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v)
		if b.Len() > maxShown {
			break
		}
	}
	return Shorten(b.String())
}

// Missing is the message for a required member that is absent.
func Missing(name string) string {
	return fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", LowerFirst(name))
}

// OutOfRange is the message for an integer member outside [min, max].
func OutOfRange(name string, v, min, max int) string {
	bound := fmt.Sprintf("greater than or equal to %d", min)
	if v > max {
		bound = fmt.Sprintf("less than or equal to %d", max)
	}
	return fmt.Sprintf("Value '%d' at '%s' failed to satisfy constraint: Member must have value %s", v, LowerFirst(name), bound)
}

// NotInEnum is the message for a value outside an enumeration.
func NotInEnum(at, v string, values []string) string {
	return fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]", Shorten(v), at, strings.Join(values, ", "))
}

// maxShown is how many bytes of a value a message shows.
const maxShown = 200

// Shorten cuts a value that a message echoes to 200 bytes (on a character
// boundary), so that a huge input does not come back whole.
func Shorten(s string) string { return ShortenTo(s, maxShown) }

// ShortenTo cuts s to at most max bytes on a character boundary, marking
// the cut with "...".
func ShortenTo(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// LowerFirst lower-cases the first letter of a member name, as AWS's
// messages write member paths ("UserName" → "userName").
func LowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func pattern(p string) (*regexp.Regexp, string) {
	return regexp.MustCompile(`^(?:` + p + `)$`), p
}

func named(name string, max int) Field {
	re, txt := pattern(`[\w+=,.@-]+`)
	return Field{Name: name, Required: true, Min: 1, Max: max, Pattern: re, PatternText: txt}
}

func withPattern(f Field, p string) Field {
	f.Pattern, f.PatternText = pattern(p)
	return f
}

// The string shapes of the members the account-management operations take.
var (
	// UserName is userNameType, which CreateUser takes; ExistingUserName
	// is existingUserNameType, which the operations on a user take.
	UserName         = named("UserName", 64)
	ExistingUserName = named("UserName", 128)
	GroupName        = named("GroupName", 128)
	RoleName         = named("RoleName", 64)
	PolicyName       = named("PolicyName", 128)

	// Path is pathType: "/" or "/…/".
	Path = withPattern(Field{Name: "Path", Min: 1, Max: 512}, `(/)|(/[\x{21}-\x{7E}]+/)`)
	// PathPrefix is pathPrefixType.
	PathPrefix = withPattern(Field{Name: "PathPrefix", Min: 1, Max: 512}, `/[\x{21}-\x{7F}]*`)
	// PolicyPath is policyPathType.
	PolicyPath = withPattern(Field{Name: "Path", Min: 1, Max: 512}, `((/[A-Za-z0-9\.,\+@=_-]+)*)/`)
	// PolicyPathPrefix is policyPathType under the name PathPrefix.
	PolicyPathPrefix = PolicyPath.Named("PathPrefix")

	// PolicyDocument is policyDocumentType.
	PolicyDocument = withPattern(Field{Name: "PolicyDocument", Required: true, Min: 1, Max: 131072}, `[\x{09}\x{0A}\x{0D}\x{20}-\x{FF}]+`)
	// AssumeRolePolicyDocument is policyDocumentType under its own name.
	AssumeRolePolicyDocument = PolicyDocument.Named("AssumeRolePolicyDocument")

	// PolicyArn is arnType.
	PolicyArn = Field{Name: "PolicyArn", Required: true, Min: 20, Max: 2048}
	// PermissionsBoundary is arnType, optional where a user or role is
	// created.
	PermissionsBoundary = Field{Name: "PermissionsBoundary", Min: 20, Max: 2048}

	// Marker is markerType.
	Marker = withPattern(Field{Name: "Marker", Min: 1, Max: 320}, `[\x{20}-\x{FF}]+`)
	// VersionID is policyVersionIdType.
	VersionID = withPattern(Field{Name: "VersionId", Required: true}, `v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`)

	// RoleDescription is roleDescriptionType.
	RoleDescription = withPattern(Field{Name: "Description", Max: 1000}, `[\x{09}\x{0A}\x{0D}\x{20}-\x{7E}\x{A1}-\x{FF}]*`)
	// PolicyDescription is policyDescriptionType.
	PolicyDescription = Field{Name: "Description", Max: 1000}

	// TagKey and TagValue are tagKeyType and tagValueType.
	TagKey   = withPattern(Field{Min: 1, Max: 128}, `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`)
	TagValue = withPattern(Field{Max: 256}, `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`)
	// TagKeys is tagKeyListType, the keys UntagUser and UntagRole take.
	TagKeys = withPattern(Field{Name: "TagKeys", Required: true, List: true, MaxMembers: 50, Min: 1, Max: 128}, `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`)
)

// MaxTags is the most tags a tagListType holds.
const MaxTags = 50

// MaxSessionDuration bounds roleMaxSessionDurationType, in seconds.
const (
	MinSessionDuration = 3600
	MaxSessionDuration = 43200
)
