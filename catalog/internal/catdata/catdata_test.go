package catdata

import (
	"strings"
	"testing"
)

func TestReaderErrors(t *testing.T) {
	t.Parallel()
	full := NewWriter(MagicPolicyIndex)
	full.Text("ReadOnlyAccess")
	full.Uint(300)
	text := string(full.Bytes())
	for _, tc := range []struct {
		name string
		read func(r *Reader)
		text string
		want string
	}{
		{"all read", func(r *Reader) { r.Text(); r.Uint() }, text, ""},
		{"left over", func(r *Reader) { r.Text() }, text, "left over"},
		{"ends early", func(r *Reader) { r.Text(); r.Uint(); r.Uint() }, text, "ends early"},
		{"string past the end", func(r *Reader) { r.Text() }, text[:len(text)-4], "ends early"},
		{"count past the end", func(r *Reader) { r.Count() }, MagicPolicyIndex + "\x7f", "ends early"},
		{"index out of range", func(r *Reader) { r.Index(2) }, MagicPolicyIndex + "\x02", "out of range"},
		{"ref out of range", func(r *Reader) { r.Ref(nil) }, MagicPolicyIndex + "\x00", "out of range"},
		{"wrong magic", func(r *Reader) {}, MagicService, "does not start with"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(tc.text, MagicPolicyIndex)
			tc.read(r)
			err := r.Err()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Err() = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestPolicyDocument(t *testing.T) {
	t.Parallel()
	w := NewWriter(MagicPolicy)
	for _, v := range []struct {
		n   int
		doc string
	}{{3, `{"v":3}`}, {2, `{"v":2}`}, {1, `{"v":1}`}} {
		w.Uint(v.n)
		w.Text(v.doc)
	}
	b := Compress(w.Bytes())
	for n, want := range map[int]string{1: `{"v":1}`, 2: `{"v":2}`, 3: `{"v":3}`, 4: ""} {
		doc, found, err := PolicyDocument(b, n)
		if err != nil || found != (want != "") || doc != want {
			t.Errorf("version %d: %q, %v, %v", n, doc, found, err)
		}
	}
	if _, _, err := PolicyDocument(Compress([]byte(MagicService)), 1); err == nil {
		t.Error("a service file read as a policy file")
	}
	if _, _, err := PolicyDocument([]byte("not deflate"), 1); err == nil {
		t.Error("garbage read as a policy file")
	}
}
