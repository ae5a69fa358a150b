package iamshape

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		field Field
		value string
		want  []string
	}{
		{"valid", UserName, "alice", nil},
		{"too short", UserName, "", []string{"Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1"}},
		{"too long and bad pattern", UserName, strings.Repeat("a", 64) + "!", []string{
			"Value '" + strings.Repeat("a", 64) + "!' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64",
			"Value '" + strings.Repeat("a", 64) + "!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"}},
		{"existing user names are longer", ExistingUserName, strings.Repeat("a", 128), nil},
		{"path", Path, "/a/b/", nil},
		{"bad path", Path, "a", []string{"Value 'a' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (/)|(/[\\x{21}-\\x{7E}]+/)"}},
		{"document characters", PolicyDocument, "{\x01}", []string{"Value '{\x01}' at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\x{09}\\x{0A}\\x{0D}\\x{20}-\\x{FF}]+"}},
		{"version id", VersionID, "v0", []string{"Value 'v0' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := c.field.CheckMember(nil, c.value)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

func TestCheckList(t *testing.T) {
	t.Parallel()
	keys := make([]string, 51)
	for i := range keys {
		keys[i] = "k"
	}
	keys[3] = ""
	got := TagKeys.CheckList(nil, keys)
	if len(got) != 2 || !strings.Contains(got[0], "Member must have length less than or equal to 50") ||
		!strings.HasPrefix(got[1], "Value '' at 'tagKeys.4.member'") {
		t.Fatalf("%q", got)
	}
}

// A list far over its bound is quoted shortened, and so is each bad
// member, however long.
func TestCheckListShortens(t *testing.T) {
	t.Parallel()
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = strings.Repeat("!", 10000)
	}
	for _, m := range TagKeys.CheckList(nil, keys) {
		if len(m) > 500 {
			t.Fatalf("a message of %d bytes: %.300s", len(m), m)
		}
	}
}

// A message echoes at most 200 bytes of a value, cut between characters.
func TestShorten(t *testing.T) {
	t.Parallel()
	s := strings.Repeat("é", 150) // 300 bytes
	got := Shorten(s)
	if !strings.HasSuffix(got, "...") || len(got) > 203 || !utf8.ValidString(got) {
		t.Fatalf("%d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	if Shorten("short") != "short" {
		t.Fatal("a short value is kept")
	}
}

func TestMessages(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, got, want string }{
		{"Missing", Missing("UserName"), "Value null at 'userName' failed to satisfy constraint: Member must not be null"},
		{"OutOfRange below", OutOfRange("MaxItems", 0, 1, 1000), "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"OutOfRange above", OutOfRange("MaxItems", 1001, 1, 1000), "Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000"},
		{"NotInEnum", NotInEnum("scope", "x", []string{"All", "AWS"}), "Value 'x' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if c.got != c.want {
				t.Errorf("got %q\nwant %q", c.got, c.want)
			}
		})
	}
}
