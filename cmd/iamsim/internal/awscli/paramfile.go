package awscli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"
)

// Any option value may be written as file://PATH (the file's text) or
// fileb://PATH (its bytes), as in the AWS CLI. PATH may use ~ and $VAR.

const (
	prefixFile  = "file://"
	prefixFileB = "fileb://"
)

// maxParamFileBytes bounds what a file:// or fileb:// value reads: 16 MiB,
// which no request comes near. The longest member of the IAM service model
// is a policy document, 131,072 characters of at most U+00FF, so at most
// 256 KiB of UTF-8. A file that holds a list of them or a whole request
// (--cli-input-json) holds at most what the simulator's input limits let
// through, 1 MiB of documents and 1 MiB of context values, which JSON
// writes in under 10 MiB even with every character escaped (\u00e9 is six
// bytes). A larger file is refused after reading one byte more than the
// bound, and so is anything but a regular file (a device such as /dev/zero
// never ends, a FIFO without a writer never starts).
const maxParamFileBytes = 16 << 20

// loadParamFile resolves a file:// or fileb:// value. ok is false when v is
// not such a reference (it is then used as written).
//
// Like the AWS CLI, which reads file:// in Python's text mode, file://
// requires UTF-8 and turns "\r\n" and "\r" into "\n"; fileb:// keeps the
// bytes as they are. Statement positions in results count lines of the text
// that was read.
func loadParamFile(v string) (data string, ok bool, err error) {
	var binary bool
	var path string
	switch {
	case strings.HasPrefix(v, prefixFile):
		path = v[len(prefixFile):]
	case strings.HasPrefix(v, prefixFileB):
		path, binary = v[len(prefixFileB):], true
	default:
		return "", false, nil
	}
	path = expandUser(expandVars(path))
	b, err := readParamFile(path)
	if err != nil {
		return "", true, &paramFileError{value: v, path: path, err: err}
	}
	if binary {
		return string(b), true, nil
	}
	if !utf8.Valid(b) {
		return "", true, &paramFileError{value: v, path: path}
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n"), true, nil
}

// readParamFile reads the regular file path, at most maxParamFileBytes.
func readParamFile(path string) ([]byte, error) {
	// Opening a FIFO waits for a writer, unless it is opened
	// non-blocking; the check below refuses it then.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, err
	case fi.IsDir():
		return nil, &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	case !fi.Mode().IsRegular():
		return nil, errNotRegular
	case fi.Size() > maxParamFileBytes:
		return nil, errTooLarge
	}
	// The size a file reports may be wrong (files of /proc report 0).
	b, err := io.ReadAll(io.LimitReader(f, maxParamFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxParamFileBytes {
		return nil, errTooLarge
	}
	return b, nil
}

var (
	errNotRegular = errors.New("not a regular file (a device, FIFO or socket is not read)")
	errTooLarge   = fmt.Errorf("larger than %d bytes, more than any parameter value", maxParamFileBytes)
)

// paramFileError is a file:// or fileb:// value that cannot be read, worded
// as the AWS CLI words it.
type paramFileError struct {
	value string // as given: "file://policy.json"
	path  string // the file, ~ and $VAR expanded
	err   error  // why it could not be read; nil when file:// text is not UTF-8
}

func (e *paramFileError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("Unable to load paramfile (%s), text contents could not be decoded.  "+
			"If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.", e.path)
	}
	if errors.Is(e.err, errNotRegular) || errors.Is(e.err, errTooLarge) {
		return fmt.Sprintf("Unable to load paramfile %s: %s", e.value, e.err)
	}
	return fmt.Sprintf("Unable to load paramfile %s: %s", e.value, osErrorText(e.err, e.path))
}

func (e *paramFileError) Unwrap() error { return e.err }

// Open opens the file name, written as the AWS CLI reads paths in option
// values: an optional file:// prefix, ~ for the home directory, $NAME and
// ${NAME} for environment variables. Its error, when the file cannot be
// opened, reads as Python's OSError does ("[Errno 2] No such file or
// directory: 'x.json'") and wraps the *fs.PathError.
func Open(name string) (*os.File, error) {
	name = strings.TrimPrefix(name, prefixFile)
	f, err := os.Open(expandUser(expandVars(name)))
	if err != nil {
		return nil, &osError{name: name, err: err}
	}
	return f, nil
}

// osError words a file error as Python's OSError does.
type osError struct {
	name string
	err  error
}

func (e *osError) Error() string { return osErrorText(e.err, e.name) }

func (e *osError) Unwrap() error { return e.err }

// expandVars replaces $NAME and ${NAME} by the environment's value, leaving
// unknown names as written.
func expandVars(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	return os.Expand(s, func(name string) string {
		if v, ok := os.LookupEnv(name); ok {
			return v
		}
		return "${" + name + "}"
	})
}

// expandUser replaces a leading ~ by the home directory.
func expandUser(s string) string {
	if s != "~" && !strings.HasPrefix(s, "~/") {
		return s
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return s
	}
	return filepath.Join(home, s[1:])
}

// osErrorText words a file error as Python's OSError does, which is what
// the AWS CLI prints: "[Errno 2] No such file or directory: 'x.json'".
func osErrorText(err error, path string) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return fmt.Sprintf("[Errno %d] %s: %s", int(errno), pyStrerror(errno), pyQuote(path))
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// pyStrerror is the C library's wording of an errno, capitalised as glibc
// does (Go's wording is lower case).
func pyStrerror(e syscall.Errno) string {
	s := e.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
