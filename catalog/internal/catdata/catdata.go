package catdata

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The names of the generated files under catalog/data, and what they hold.
const (
	// ServicesDir holds ServiceIndex and one file per service prefix
	// (ServiceFile).
	ServicesDir = "services"
	// ServiceIndex lists the services and their actions' names.
	ServiceIndex = ServicesDir + "/index" + Ext
	// PoliciesDir holds PolicyIndex and one file per AWS managed policy
	// (PolicyFile).
	PoliciesDir = "policies"
	// PolicyIndex lists the AWS managed policies and their versions.
	PolicyIndex = PoliciesDir + "/index" + Ext
	// Manifest records where the files come from and their SHA-256.
	Manifest = "MANIFEST"
	// Ext ends the name of every compressed file.
	Ext = ".deflate"
)

// ServiceFile is the name of the file of the service prefix.
func ServiceFile(prefix string) string { return ServicesDir + "/" + prefix + Ext }

// PolicyFile is the name of the file holding the documents of the AWS
// managed policy name.
func PolicyFile(name string) string { return PoliciesDir + "/" + name + Ext }

// Magic strings open each kind of file, after decompression; the digit is
// the layout's version.
const (
	MagicServiceIndex = "iamsim-services-1\n"
	MagicService      = "iamsim-service-1\n"
	MagicPolicyIndex  = "iamsim-policies-1\n"
	MagicPolicy       = "iamsim-policy-1\n"
)

// Compress returns b compressed with DEFLATE at its best compression.
func Compress(b []byte) []byte {
	var out bytes.Buffer
	w, _ := flate.NewWriter(&out, flate.BestCompression) // the level is valid
	w.Write(b)                                           // a bytes.Buffer does not fail
	w.Close()
	return out.Bytes()
}

// Decompress returns the decompressed text of b.
func Decompress(b []byte) (string, error) {
	r := flate.NewReader(bytes.NewReader(b))
	var out strings.Builder
	out.Grow(4 * len(b))
	if _, err := io.Copy(&out, r); err != nil {
		return "", err
	}
	return out.String(), nil
}

// Writer builds a file's text.
type Writer struct {
	buf []byte
}

// NewWriter returns a Writer whose text starts with magic.
func NewWriter(magic string) *Writer { return &Writer{buf: []byte(magic)} }

// Uint appends v as a uvarint.
func (w *Writer) Uint(v int) {
	if v < 0 {
		panic("catdata: negative number")
	}
	w.buf = binary.AppendUvarint(w.buf, uint64(v))
}

// Bool appends b as 0 or 1.
func (w *Writer) Bool(b bool) {
	if b {
		w.Uint(1)
	} else {
		w.Uint(0)
	}
}

// Text appends s, its length first.
func (w *Writer) Text(s string) {
	w.Uint(len(s))
	w.buf = append(w.buf, s...)
}

// Strings appends a list of strings, its length first.
func (w *Writer) Strings(ss []string) {
	w.Uint(len(ss))
	for _, s := range ss {
		w.Text(s)
	}
}

// Bytes returns the text written so far.
func (w *Writer) Bytes() []byte { return w.buf }

// Reader reads a file's text. Strings it returns share the text's memory.
// The first error sticks: later reads return zero values, and Err reports
// it.
type Reader struct {
	s   string
	off int
	err error
}

// NewReader returns a Reader of s, which must start with magic.
func NewReader(s, magic string) *Reader {
	r := &Reader{s: s}
	if !strings.HasPrefix(s, magic) {
		r.err = fmt.Errorf("catdata: the text does not start with %q", strings.TrimSpace(magic))
		return r
	}
	r.off = len(magic)
	return r
}

var errShort = errors.New("catdata: the text ends early")

// Uint reads a uvarint.
func (r *Reader) Uint() int {
	if r.err != nil {
		return 0
	}
	v, n := uvarint(r.s[r.off:])
	if n <= 0 || v > 1<<40 {
		r.err = errShort
		return 0
	}
	r.off += n
	return int(v)
}

// uvarint is binary.Uvarint on a string.
func uvarint(s string) (uint64, int) {
	var v uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		v |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// Count reads a list's length, which must be at most the bytes left (each
// element takes at least one), so that corrupt text cannot make a caller
// allocate much.
func (r *Reader) Count() int {
	n := r.Uint()
	if r.err == nil && n > len(r.s)-r.off {
		r.err = errShort
		return 0
	}
	return n
}

// Bool reads a Bool.
func (r *Reader) Bool() bool { return r.Uint() != 0 }

// Text reads a Text.
func (r *Reader) Text() string {
	n := r.Uint()
	if r.err != nil {
		return ""
	}
	if n > len(r.s)-r.off {
		r.err = errShort
		return ""
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

// Index reads a uint that must be less than n: an index into a list of n.
func (r *Reader) Index(n int) int {
	i := r.Uint()
	if r.err == nil && i >= n {
		r.err = fmt.Errorf("catdata: index %d out of range [0, %d)", i, n)
		return 0
	}
	return i
}

// Ref reads a ref: an index into the string table, which it returns the
// string of.
func (r *Reader) Ref(table []string) string {
	i := r.Index(len(table))
	if r.err != nil {
		return ""
	}
	return table[i]
}

// Strings reads a Strings: a count, then that many Texts.
func (r *Reader) Strings() []string {
	n := r.Count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.Text()
	}
	return out
}

// Err returns the first error, or an error if text is left over once
// the caller is done.
func (r *Reader) Err() error {
	if r.err == nil && r.off != len(r.s) {
		return fmt.Errorf("catdata: %d bytes left over", len(r.s)-r.off)
	}
	return r.err
}

// The codes of access levels and condition key types in a ServiceFile: a
// name's code is its index, 0 being unused.
var (
	AccessLevels = []string{"", "List", "Read", "Write", "Permissions management", "Tagging"}
	KeyTypes     = []string{"", "String", "ArrayOfString", "ARN", "ArrayOfARN", "Numeric", "ArrayOfNumeric",
		"Date", "ArrayOfDate", "Bool", "ArrayOfBool", "IPAddress", "ArrayOfIPAddress", "Binary", "ArrayOfBinary"}
)

// Code returns the index of name in names, or 0.
func Code(names []string, name string) int {
	for i, n := range names[1:] {
		if n == name {
			return i + 1
		}
	}
	return 0
}

// PolicyDocument reads the document of version (the number of "vN") from
// the compressed PolicyFile b, decompressing only as far as that version.
func PolicyDocument(b []byte, version int) (doc string, found bool, err error) {
	br := bufio.NewReader(flate.NewReader(bytes.NewReader(b)))
	magic := make([]byte, len(MagicPolicy))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != MagicPolicy {
		return "", false, fmt.Errorf("catdata: not a policy file")
	}
	for {
		v, err := binary.ReadUvarint(br)
		if err == io.EOF {
			return "", false, nil
		}
		if err != nil {
			return "", false, err
		}
		n, err := binary.ReadUvarint(br)
		if err != nil {
			return "", false, err
		}
		if n > 1<<24 {
			return "", false, errShort
		}
		if int(v) != version {
			if _, err := br.Discard(int(n)); err != nil {
				return "", false, err
			}
			continue
		}
		text := make([]byte, n)
		if _, err := io.ReadFull(br, text); err != nil {
			return "", false, err
		}
		return string(text), true, nil
	}
}
