package policy

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kindFromName reads the kind from a testdata file name's prefix
// ("trust_service_role.json" is a trust policy).
func kindFromName(t testing.TB, name string) Kind {
	prefix, _, _ := strings.Cut(filepath.Base(name), "_")
	for k, s := range kindNames {
		if s == prefix {
			return Kind(k)
		}
	}
	t.Fatalf("%s: file name does not start with a policy kind", name)
	return 0
}

// validDocs returns the documents under testdata/valid.
func validDocs(t testing.TB) map[string][]byte {
	files, err := filepath.Glob("testdata/valid/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/valid documents: %v", err)
	}
	docs := make(map[string][]byte, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[f] = b
	}
	return docs
}

// TestRoundTrip: every valid document parses, Marshal's output re-parses to
// an Equal policy, and Marshal is a fixed point on its own output.
func TestRoundTrip(t *testing.T) {
	for name, doc := range validDocs(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			t.Parallel()
			kind := kindFromName(t, name)
			p, err := ParseKind(doc, kind)
			if err != nil {
				t.Fatalf("ParseKind: %v", err)
			}
			checkRoundTrip(t, p)
		})
	}
}

func checkRoundTrip(t testing.TB, p *Policy) {
	t.Helper()
	out, err := Marshal(p)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	q, err := ParseKind(out, p.Kind)
	if err != nil {
		t.Fatalf("re-parse of Marshal output: %v\n%s", err, out)
	}
	if !Equal(p, q) {
		t.Fatalf("re-parsed policy differs\noriginal: %#v\nre-parsed: %#v\n%s", p, q, out)
	}
	again, err := Marshal(q)
	if err != nil {
		t.Fatalf("second Marshal: %v", err)
	}
	if !bytes.Equal(out, again) {
		t.Fatalf("Marshal is not canonical:\n%s\n---\n%s", out, again)
	}
	if s := p.String(); s != string(out) {
		t.Fatalf("String() differs from Marshal")
	}
}
