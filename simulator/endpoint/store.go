package endpoint

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// The data directory holds:
//
//	state.json  the account as of log record Seq, replaced atomically
//	            (write to a temporary file, fsync, rename, fsync the directory)
//	wal.log     the changes after it, one record a line:
//	            8 hex digits of CRC-32 (IEEE) of the JSON, a space, the JSON
//
// A change is acknowledged only after its record is written and fsynced. A
// crash can leave at most the last record torn (short, or failing its CRC);
// loading drops it and anything after it, and truncates the log there. A
// record is the request (Action and its parameters) with the time it was
// applied; IDs come from a counter in the state, so replaying the records on
// the snapshot rebuilds exactly the state that was acknowledged.
const (
	stateFile = "state.json"
	walFile   = "wal.log"
	lockFile  = "lock"
	// compactEvery folds the log into state.json after this many records.
	compactEvery = 1000
)

type store struct {
	dir    string
	wal    *os.File
	lock   *os.File
	seq    uint64 // last record written
	size   int64  // bytes of wal.log that hold whole records
	count  int    // records in wal.log
	broken error  // set when the log could not be restored after a failed write
}

type walRecord struct {
	Seq    uint64
	Time   time.Time
	Action string
	Params string // form-encoded request parameters
}

type snapshotFile struct {
	Seq   uint64
	State *state
}

// openStore loads dir's state (or seeds it) and opens its log for appending.
func openStore(dir string, seed func() *state) (*store, *state, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	lock, err := lockDir(filepath.Join(dir, lockFile))
	if err != nil {
		return nil, nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	s := &store{dir: dir, lock: lock}
	st, err := s.load(seed)
	if err != nil {
		lock.Close()
		return nil, nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	return s, st, nil
}

func (s *store) load(seed func() *state) (*state, error) {
	var snap snapshotFile
	raw, err := os.ReadFile(filepath.Join(s.dir, stateFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
		snap = snapshotFile{State: seed()}
		if err := s.writeSnapshot(&snap); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	default:
		if err := json.Unmarshal(raw, &snap); err != nil || snap.State == nil {
			return nil, fmt.Errorf("%s is not a state file: %v", stateFile, err)
		}
	}
	st := snap.State
	st.fillMaps()
	s.seq = snap.Seq

	f, err := os.OpenFile(filepath.Join(s.dir, walFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
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
		op := operations[rec.Action]
		form, perr := url.ParseQuery(rec.Params)
		if op == nil || op.change == nil || perr != nil {
			return nil, fmt.Errorf("%s: record %d: cannot replay %s", walFile, rec.Seq, rec.Action)
		}
		next := st.clone()
		if _, err := op.change(next, params{form}, rec.Time); err != nil {
			return nil, fmt.Errorf("%s: record %d (%s) no longer applies: %v", walFile, rec.Seq, rec.Action, err)
		}
		st, s.seq = next, rec.Seq
		s.count++
	}
	// Drop a torn tail so that new records follow whole ones.
	if err := f.Truncate(off); err != nil {
		return nil, err
	}
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return nil, err
	}
	if err := f.Sync(); err != nil {
		return nil, err
	}
	s.size = off
	return st, nil
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
	if err := json.Unmarshal(body, &rec); err != nil {
		return rec, false
	}
	return rec, true
}

// append makes one change durable: st is the state after it.
func (s *store) append(st *state, action string, form url.Values, now time.Time) error {
	if s.broken != nil {
		return s.broken
	}
	body, err := json.Marshal(walRecord{Seq: s.seq + 1, Time: now, Action: action, Params: form.Encode()})
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
	if s.count >= compactEvery {
		// The change is durable already; a failed compaction only leaves a
		// longer log to replay.
		_ = s.compact(st)
	}
	return nil
}

// rollback cuts a partly written record off the log.
func (s *store) rollback(err error) error {
	if terr := s.wal.Truncate(s.size); terr != nil {
		s.broken = fmt.Errorf("write-ahead log unusable after %v: %v", err, terr)
	}
	return err
}

// compact writes st as state.json and empties the log.
func (s *store) compact(st *state) error {
	if err := s.writeSnapshot(&snapshotFile{Seq: s.seq, State: st}); err != nil {
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

// writeSnapshot replaces state.json atomically and durably.
func (s *store) writeSnapshot(snap *snapshotFile) error {
	data, err := json.Marshal(snap)
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

func (s *store) close() error {
	err := s.wal.Close()
	if s.lock != nil {
		s.lock.Close()
	}
	return err
}

// fillMaps makes the maps of a state read from JSON non-nil.
func (s *state) fillMaps() {
	if s.Users == nil {
		s.Users = map[string]*user{}
	}
	if s.Groups == nil {
		s.Groups = map[string]*group{}
	}
	if s.Roles == nil {
		s.Roles = map[string]*role{}
	}
	if s.Policies == nil {
		s.Policies = map[string]*managedPolicy{}
	}
}
