package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamsim/iamsim/account"
)

// newDir makes a data directory whose log holds n CreateUser records after
// an empty snapshot (or, with compactAt, after as many compactions as that
// brings), and returns it closed.
func newDir(t *testing.T, n, compactAt int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	s, a, err := Open(dir, func() *account.Account { return account.New("111122223333") })
	if err != nil {
		t.Fatal(err)
	}
	if compactAt > 0 {
		s.compactAt = compactAt
	}
	for i := range n {
		if _, err := a.CreateUser(account.CreateUserInput{UserName: fmt.Sprintf("user-%03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// snapshotDir returns every file of dir and its bytes.
func snapshotDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// lineOffsets returns the byte offset of every line of the log.
func lineOffsets(t *testing.T, dir string) []int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, walFile))
	if err != nil {
		t.Fatal(err)
	}
	offs := []int{0}
	for i, c := range b {
		if c == '\n' && i+1 < len(b) {
			offs = append(offs, i+1)
		}
	}
	return offs
}

// flip inverts one bit of the log's byte at off.
func flip(t *testing.T, dir string, off int) {
	t.Helper()
	path := filepath.Join(dir, walFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[off] ^= 0x04
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func users(t *testing.T, dir string) int {
	t.Helper()
	s, a, err := Open(dir, func() *account.Account { t.Fatal("seeded"); return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return len(a.Users())
}

// A log damaged anywhere but in its last record is refused, naming the
// file, the record and its offset, and nothing in the directory changes;
// a damaged last record is a write a crash cut short, and only it is
// dropped.
func TestDamagedLog(t *testing.T) {
	t.Parallel()
	const n = 500
	for _, c := range []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   string // the refusal; "" when the directory opens
		users  int
	}{
		{"a bit flipped in the first record", func(t *testing.T, dir string) { flip(t, dir, 20) },
			"wal.log: record 1, at byte offset 0, is damaged (checksum mismatch) and 499 records follow it", 0},
		{"a bit flipped in a middle record", func(t *testing.T, dir string) { flip(t, dir, lineOffsets(t, dir)[250]+30) },
			"wal.log: record 251, at byte offset", 0},
		{"a line removed from the middle", func(t *testing.T, dir string) {
			path := filepath.Join(dir, walFile)
			b, _ := os.ReadFile(path)
			offs := lineOffsets(t, dir)
			b = append(b[:offs[100]:offs[100]], b[offs[101]:]...)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "has sequence number 102 where 101 was due", 0},
		{"a bit flipped in the last record", func(t *testing.T, dir string) { flip(t, dir, lineOffsets(t, dir)[n-1]+30) }, "", n - 1},
		{"the last record cut short", func(t *testing.T, dir string) {
			path := filepath.Join(dir, walFile)
			fi, _ := os.Stat(path)
			if err := os.Truncate(path, fi.Size()-7); err != nil {
				t.Fatal(err)
			}
		}, "", n - 1},
		{"the last line break gone", func(t *testing.T, dir string) {
			path := filepath.Join(dir, walFile)
			fi, _ := os.Stat(path)
			if err := os.Truncate(path, fi.Size()-1); err != nil {
				t.Fatal(err)
			}
		}, "", n - 1},
		{"nothing damaged", func(*testing.T, string) {}, "", n},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := newDir(t, n, 0)
			c.damage(t, dir)
			before := snapshotDir(t, dir)
			s, a, err := Open(dir, func() *account.Account { t.Fatal("seeded"); return nil })
			if c.want != "" {
				if err == nil {
					s.Close()
					t.Fatalf("opened with %d users", len(a.Users()))
				}
				if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "iamsim recover") {
					t.Fatalf("got %v\nwant %q", err, c.want)
				}
				after := snapshotDir(t, dir)
				for name, b := range before {
					if !bytes.Equal(b, after[name]) {
						t.Fatalf("%s changed", name)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := len(a.Users())
			s.Close()
			if got != c.users {
				t.Fatalf("%d users, want %d", got, c.users)
			}
			// Opening again finds the same, with the torn record gone.
			if got := users(t, dir); got != c.users {
				t.Fatalf("reopened: %d users", got)
			}
		})
	}
}

// After a compaction, a log without its snapshot, or with an older one put
// back, is refused rather than read as an empty account; the log is not
// truncated.
func TestLogWithoutItsSnapshot(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		setup func(t *testing.T, dir, older string)
		want  string
	}{
		{"state.json deleted", func(t *testing.T, dir, _ string) {
			if err := os.Remove(filepath.Join(dir, stateFile)); err != nil {
				t.Fatal(err)
			}
		}, "state.json is missing, but wal.log holds"},
		{"an older state.json put back", func(t *testing.T, dir, older string) {
			if err := os.WriteFile(filepath.Join(dir, stateFile), []byte(older), 0o600); err != nil {
				t.Fatal(err)
			}
		}, "where 1 was due: records are missing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "data")
			s, a, err := Open(dir, func() *account.Account { return account.New("111122223333") })
			if err != nil {
				t.Fatal(err)
			}
			older, _ := os.ReadFile(filepath.Join(dir, stateFile))
			s.compactAt = 10
			for i := range 25 {
				if _, err := a.CreateUser(account.CreateUserInput{UserName: fmt.Sprint("u", i)}); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			c.setup(t, dir, string(older))
			wal := snapshotDir(t, dir)[walFile]
			_, _, err = Open(dir, func() *account.Account { return account.New("111122223333") })
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
			if !bytes.Equal(wal, snapshotDir(t, dir)[walFile]) {
				t.Fatal("wal.log changed")
			}
		})
	}
}

// A compaction that a crash interrupted leaves a temporary snapshot, which
// the next start removes; the directory and its files are the owner's
// only.
func TestTemporariesAndPermissions(t *testing.T) {
	t.Parallel()
	dir := newDir(t, 3, 0)
	tmp := filepath.Join(dir, stateFile+".tmp123")
	if err := os.WriteFile(tmp, []byte("half a snapshot"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, walFile), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatalf("temporary snapshot left: %v", err)
	}
	for name, want := range map[string]os.FileMode{".": 0o700, stateFile: 0o600, walFile: 0o600, lockFile: 0o600} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", name, got, want)
		}
	}
}

// Recover carries over what a damaged directory still holds into a new
// one, reports what it lost, and leaves the damaged directory as it was.
func TestRecover(t *testing.T) {
	t.Parallel()
	const n = 500
	for _, c := range []struct {
		name     string
		damage   func(t *testing.T, dir string)
		users    int
		snapshot string
		lost     []string
	}{
		{"a damaged middle record", func(t *testing.T, dir string) { flip(t, dir, lineOffsets(t, dir)[250]+30) },
			n - 1, "read, as of record 0", []string{"record 251 at byte offset", "damaged (checksum mismatch)", "missing before record 252"}},
		{"the snapshot deleted", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, stateFile)); err != nil {
				t.Fatal(err)
			}
		}, n, "missing", nil},
		{"the snapshot unreadable", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, stateFile), []byte("{"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, n, "damaged", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := newDir(t, n, 0)
			c.damage(t, dir)
			before := snapshotDir(t, dir)
			into := filepath.Join(t.TempDir(), "recovered")
			rep, err := Recover(dir, into)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(rep.Snapshot, c.snapshot) {
				t.Errorf("snapshot %q, want %q", rep.Snapshot, c.snapshot)
			}
			text := rep.String()
			for _, w := range c.lost {
				if !strings.Contains(text, w) {
					t.Errorf("report lacks %q:\n%s", w, text)
				}
			}
			if len(c.lost) == 0 && !strings.Contains(text, "nothing lost") {
				t.Errorf("report:\n%s", text)
			}
			after := snapshotDir(t, dir)
			if len(after) != len(before) {
				t.Fatalf("files %d -> %d", len(before), len(after))
			}
			for name, b := range before {
				if !bytes.Equal(b, after[name]) {
					t.Fatalf("%s changed", name)
				}
			}
			s, a, err := Open(into, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := len(a.Users()); got != c.users {
				t.Fatalf("%d users recovered, want %d", got, c.users)
			}
			if a.ID() != "111122223333" {
				t.Fatalf("account %q", a.ID())
			}
		})
	}
	t.Run("into a directory that is not empty", func(t *testing.T) {
		t.Parallel()
		dir := newDir(t, 1, 0)
		if _, err := Recover(dir, dir); err == nil || !strings.Contains(err.Error(), "is not empty") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a directory in use", func(t *testing.T) {
		t.Parallel()
		dir := newDir(t, 1, 0)
		s, _, err := Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := Recover(dir, filepath.Join(t.TempDir(), "x")); err == nil || !strings.Contains(err.Error(), "in use") {
			t.Fatalf("got %v", err)
		}
	})
}
