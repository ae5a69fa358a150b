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
// loading drops that one record and truncates the log after the record
// before it. Damage anywhere else, a gap in the sequence numbers or a log
// without its snapshot is no crash's doing: loading refuses the directory
// and changes nothing in it (Recover salvages it). A record holds the
// entities the change wrote, whole, so replaying the records on the
// snapshot rebuilds exactly the account that was acknowledged. Every file
// is the owner's only, and so is a directory Open creates.
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
	// compactAt is how many records the log holds before the next change
	// folds it into the snapshot (compactEvery; tests lower it).
	compactAt int
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
//
// Open refuses a directory whose log it cannot replay whole: a damaged
// record before the last, a gap in the records' sequence, a log without
// the snapshot it follows. Only a damaged last record is taken for a write
// that a crash cut short, and dropped. Recover salvages what it can of a
// refused directory into a new one.
func Open(dir string, seed func() *account.Account, opts ...account.Option) (*Store, *account.Account, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, err
	}
	lock, err := lockDir(filepath.Join(dir, lockFile))
	if err != nil {
		return nil, nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	s := &Store{dir: dir, lock: lock, compactAt: compactEvery}
	if err := s.load(seed, opts); err != nil {
		if s.wal != nil {
			s.wal.Close()
		}
		lock.Close()
		return nil, nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	s.acct.SetJournal(s)
	return s, s.acct, nil
}

func (s *Store) load(seed func() *account.Account, opts []account.Option) error {
	removeTemporaries(s.dir)
	f, err := os.OpenFile(filepath.Join(s.dir, walFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	s.wal = f
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	records, err := readLog(f)
	if err != nil {
		return err
	}
	acct, seq, found, err := readSnapshot(s.dir, os.Chmod, opts)
	switch {
	case err != nil:
		return err
	case !found && len(records) > 0:
		return fmt.Errorf("%s is missing, but %s holds %d records of changes made after it: "+
			"put %s back, or salvage the log with `iamsim recover`", stateFile, walFile, len(records), stateFile)
	case !found:
		s.acct = seed()
		if err := s.writeSnapshot(0); err != nil {
			return err
		}
	default:
		s.acct, s.seq = acct, seq
	}
	var off int64
	for i, r := range records {
		switch {
		case r.err != nil && i == len(records)-1:
			// The last record only: a write a crash cut short, never
			// acknowledged. Dropped below.
		case r.err != nil:
			return fmt.Errorf("%s: record %d, at byte offset %d, is damaged (%v) and %d records follow it: "+
				"refusing to start; salvage what can be salvaged into a new directory with `iamsim recover`",
				walFile, i+1, r.off, r.err, len(records)-1-i)
		case r.rec.Seq <= s.seq && (i == 0 || r.rec.Seq == records[i-1].rec.Seq+1):
			// Already in the snapshot: a crash between writing it and
			// emptying the log.
		case r.rec.Seq != s.seq+1:
			return fmt.Errorf("%s: record %d, at byte offset %d, has sequence number %d where %d was due: "+
				"records are missing (is %s older than the log?); refusing to start; salvage with `iamsim recover`",
				walFile, i+1, r.off, r.rec.Seq, s.seq+1, stateFile)
		default:
			if err := s.acct.Replay(r.rec.Change); err != nil {
				return fmt.Errorf("%s: record %d, at byte offset %d (sequence %d, %s), no longer applies: %v",
					walFile, i+1, r.off, r.rec.Seq, r.rec.Change.Op, err)
			}
			s.seq = r.rec.Seq
			s.count++
		}
		if r.err == nil {
			off = r.off + r.len
		}
	}
	// Drop a torn last record so that new records follow whole ones.
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

// readSnapshot reads state.json; found is false when there is none. chmod,
// when not nil, makes the file owner-only.
func readSnapshot(dir string, chmod func(string, os.FileMode) error, opts []account.Option) (acct *account.Account, seq uint64, found bool, err error) {
	path := filepath.Join(dir, stateFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, false, err
	}
	if chmod != nil {
		if err := chmod(path, 0o600); err != nil {
			return nil, 0, false, err
		}
	}
	var old struct{ State json.RawMessage }
	if json.Unmarshal(raw, &old) == nil && len(old.State) > 0 {
		// The format of iamsim versions that kept a private copy of the
		// account: its log holds requests, not changes.
		return nil, 0, false, fmt.Errorf("%s was written by an older iamsim, whose format this one does not read; "+
			"export the account with `aws iam get-account-authorization-details` against the older server "+
			"and start from it with --account-snapshot and a new --data-dir", stateFile)
	}
	var snap snapshotFile
	if err := json.Unmarshal(raw, &snap); err != nil || len(snap.Account) == 0 {
		return nil, 0, false, fmt.Errorf("%s is not a state file: %v", stateFile, err)
	}
	if acct, err = account.Load(bytes.NewReader(snap.Account), opts...); err != nil {
		return nil, 0, false, fmt.Errorf("%s: %w", stateFile, err)
	}
	return acct, snap.Seq, true, nil
}

// removeTemporaries deletes the snapshot files a crash left half written.
func removeTemporaries(dir string) {
	tmps, _ := filepath.Glob(filepath.Join(dir, stateFile+".tmp*"))
	for _, t := range tmps {
		_ = os.Remove(t)
	}
}

// maxRecordBytes bounds one log line: far more than a change of one entity
// can hold under IAM's quotas, so that a log without line breaks cannot
// make loading read it whole.
const maxRecordBytes = 64 << 20

// logRecord is one line of the log as read: its place, and the record or
// what is wrong with it.
type logRecord struct {
	off, len int64
	rec      walRecord
	err      error
}

// readLog reads every line of the log from the start.
func readLog(f *os.File) ([]logRecord, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	r := bufio.NewReaderSize(f, 1<<16)
	var out []logRecord
	var off int64
	for {
		line, err := readLine(r)
		if len(line) == 0 && errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, errLongLine) {
			return nil, err
		}
		lr := logRecord{off: off, len: int64(len(line))}
		lr.rec, lr.err = parseRecord(line, err)
		out = append(out, lr)
		off += int64(len(line))
		if err != nil {
			// EOF inside a line, or a line too long to be a record: the
			// rest of the file is not read as records.
			if errors.Is(err, errLongLine) {
				rest, _ := io.Copy(io.Discard, r)
				if rest > 0 {
					out = append(out, logRecord{off: off, len: rest, err: errors.New("unreadable after an overlong line")})
				}
			}
			return out, nil
		}
	}
}

var errLongLine = errors.New("a line longer than any record")

// readLine reads up to and including the next line break, at most
// maxRecordBytes.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxRecordBytes {
			return line, errLongLine
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, err
		}
	}
}

// parseRecord reads one log line and says what is wrong with a damaged
// one.
func parseRecord(line []byte, readErr error) (walRecord, error) {
	var rec walRecord
	switch {
	case readErr != nil:
		return rec, fmt.Errorf("cut short: %v", readErr)
	case len(line) < 10 || line[8] != ' ':
		return rec, errors.New("not a record line")
	}
	body := line[9 : len(line)-1]
	var sum uint32
	if _, err := fmt.Sscanf(string(line[:8]), "%08x", &sum); err != nil {
		return rec, errors.New("no checksum")
	}
	if crc32.ChecksumIEEE(body) != sum {
		return rec, errors.New("checksum mismatch")
	}
	if err := json.Unmarshal(body, &rec); err != nil || rec.Change == nil || rec.Seq == 0 {
		return rec, fmt.Errorf("not a change record: %v", err)
	}
	return rec, nil
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
	if s.count >= s.compactAt {
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
