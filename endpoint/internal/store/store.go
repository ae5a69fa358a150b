package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/iamsim/iamsim/account"
)

// The data directory holds:
//
//	state.json  the account as of log record Seq, replaced atomically
//	            (write to a temporary file, fsync, rename, fsync the directory):
//	            {"Seq": N, "Account": <the account's JSON, see account.WriteJSON>}
//	wal.log     the changes after it, one record a line:
//	            8 hex digits of CRC-32 (IEEE) of the JSON, a space, the JSON
//	            {"Seq": N, "Change": <an account.Change>}
//
// A change takes effect only after its record is written and fsynced. A
// crash can leave at most the last record torn (short, or failing its CRC);
// loading drops it and anything after it, and truncates the log there. A
// record holds the entities the change wrote, whole, so replaying the
// records on the snapshot rebuilds exactly the account that was
// acknowledged.
const (
	stateFile = "state.json"
	walFile   = "wal.log"
	lockFile  = "lock"
	// compactEvery folds the log into state.json after this many records.
	compactEvery = 1000
)

// Store is an open data directory. It implements account.Journal for the
// account it loaded.
type Store struct {
	mu     sync.Mutex
	dir    string
	acct   *account.Account
	wal    *os.File
	lock   *os.File
	seq    uint64 // last record written
	size   int64  // bytes of wal.log that hold whole records
	count  int    // records in wal.log
	broken error  // set when the log could not be restored after a failed write
}

type walRecord struct {
	Seq    uint64
	Change *account.Change
}

type snapshotFile struct {
	Seq     uint64
	Account json.RawMessage
}

// Open loads dir's account, or seeds dir with the account seed returns when
// it holds none, and makes the Store the account's journal. Options apply
// to the account loaded. Only one Store may have a directory open.
func Open(dir string, seed func() *account.Account, opts ...account.Option) (*Store, *account.Account, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	lock, err := lockDir(filepath.Join(dir, lockFile))
	if err != nil {
		return nil, nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	s := &Store{dir: dir, lock: lock}
	if err := s.load(seed, opts); err != nil {
		lock.Close()
		return nil, nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	s.acct.SetJournal(s)
	return s, s.acct, nil
}

func (s *Store) load(seed func() *account.Account, opts []account.Option) error {
	var snap snapshotFile
	raw, err := os.ReadFile(filepath.Join(s.dir, stateFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
		s.acct = seed()
		if err := s.writeSnapshot(0); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		var old struct{ State json.RawMessage }
		if json.Unmarshal(raw, &old) == nil && len(old.State) > 0 {
			// The format of iamsim versions that kept a private copy of
			// the account: its log holds requests, not changes.
			return fmt.Errorf("%s was written by an older iamsim, whose format this one does not read; "+
				"export the account with `aws iam get-account-authorization-details` against the older server "+
				"and start from it with --account-snapshot and a new --data-dir", stateFile)
		}
		if err := json.Unmarshal(raw, &snap); err != nil || len(snap.Account) == 0 {
			return fmt.Errorf("%s is not a state file: %v", stateFile, err)
		}
		if s.acct, err = account.Load(bytes.NewReader(snap.Account), opts...); err != nil {
			return fmt.Errorf("%s: %w", stateFile, err)
		}
		s.seq = snap.Seq
	}

	f, err := os.OpenFile(filepath.Join(s.dir, walFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	s.wal = f
	r := bufio.NewReaderSize(f, 1<<16)
	var off int64
	for {
		line, err := r.ReadBytes('\n')
		rec, ok := parseRecord(line, err)
		if !ok || rec.Seq > s.seq+1 || rec.Seq == 0 {
			break // end of the log, or a torn last record
		}
		off += int64(len(line))
		if rec.Seq <= s.seq {
			continue // already in state.json (a crash between compaction and truncation)
		}
		if err := s.acct.Replay(rec.Change); err != nil {
			return fmt.Errorf("%s: record %d (%s) no longer applies: %v", walFile, rec.Seq, rec.Change.Op, err)
		}
		s.seq = rec.Seq
		s.count++
	}
	// Drop a torn tail so that new records follow whole ones.
	if err := f.Truncate(off); err != nil {
		return err
	}
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	s.size = off
	return nil
}

// parseRecord reads one log line; ok is false for a short or corrupt one.
func parseRecord(line []byte, readErr error) (walRecord, bool) {
	var rec walRecord
	if readErr != nil || len(line) < 10 || line[8] != ' ' {
		return rec, false
	}
	body := line[9 : len(line)-1]
	var sum uint32
	if _, err := fmt.Sscanf(string(line[:8]), "%08x", &sum); err != nil || crc32.ChecksumIEEE(body) != sum {
		return rec, false
	}
	if err := json.Unmarshal(body, &rec); err != nil || rec.Change == nil {
		return rec, false
	}
	return rec, true
}

// Record makes one change durable before the account installs it. When the
// log is long, the account as it stands (without c) is first written as the
// snapshot, and the log starts afresh.
func (s *Store) Record(c *account.Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.broken != nil {
		return s.broken
	}
	if s.count >= compactEvery {
		// A failed compaction only leaves a longer log to replay.
		_ = s.compact()
	}
	body, err := json.Marshal(walRecord{Seq: s.seq + 1, Change: c})
	if err != nil {
		return err
	}
	var line bytes.Buffer
	fmt.Fprintf(&line, "%08x ", crc32.ChecksumIEEE(body))
	line.Write(body)
	line.WriteByte('\n')
	if _, err := s.wal.WriteAt(line.Bytes(), s.size); err != nil {
		return s.rollback(err)
	}
	if err := s.wal.Sync(); err != nil {
		return s.rollback(err)
	}
	s.seq++
	s.size += int64(line.Len())
	s.count++
	return nil
}

// rollback cuts a partly written record off the log.
func (s *Store) rollback(err error) error {
	if terr := s.wal.Truncate(s.size); terr != nil {
		s.broken = fmt.Errorf("write-ahead log unusable after %v: %v", err, terr)
	}
	return err
}

// compact writes the account as state.json and empties the log. The
// account does not change meanwhile: Record runs while the account holds
// its change lock.
func (s *Store) compact() error {
	if err := s.writeSnapshot(s.seq); err != nil {
		return err
	}
	if err := s.wal.Truncate(0); err != nil {
		return err
	}
	if err := s.wal.Sync(); err != nil {
		return err
	}
	s.size, s.count = 0, 0
	return nil
}

// writeSnapshot replaces state.json atomically and durably with the
// account as of record seq.
func (s *Store) writeSnapshot(seq uint64) error {
	var acct bytes.Buffer
	if err := s.acct.WriteJSON(&acct); err != nil {
		return err
	}
	data, err := json.Marshal(snapshotFile{Seq: seq, Account: acct.Bytes()})
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(s.dir, stateFile+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(s.dir, stateFile)); err != nil {
		return err
	}
	return syncDir(s.dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// Close stops journaling the account and releases the directory.
func (s *Store) Close() error {
	s.acct.SetJournal(nil)
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.wal.Close()
	if s.lock != nil {
		s.lock.Close()
	}
	s.broken = errors.New("the data directory is closed")
	return err
}

// Records returns how many records the log holds now (for tests of
// compaction).
func (s *Store) Records() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// CompactEvery is how many records the log holds before the next change
// folds it into the snapshot.
const CompactEvery = compactEvery
