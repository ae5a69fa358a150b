package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/iamsim/iamsim/account"
)

// Report says what Recover carried over and what it could not.
type Report struct {
	// Snapshot says how state.json was found: read (with its sequence
	// number), missing or damaged.
	Snapshot string
	// Replayed counts the log records applied on top of it.
	Replayed int
	// Lost holds one line per record, or run of records, not carried
	// over, with where it was and why.
	Lost []string
}

// String formats the report for people.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "snapshot: %s\nrecords replayed: %d\n", r.Snapshot, r.Replayed)
	if len(r.Lost) == 0 {
		b.WriteString("nothing lost\n")
		return b.String()
	}
	fmt.Fprintf(&b, "not carried over (%d):\n", len(r.Lost))
	for _, l := range r.Lost {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// Recover salvages the account of the data directory dir, which Open
// refused, into the new directory into, and reports what it lost. dir is
// only read: nothing in it changes. into must not exist or be empty.
//
// It starts from state.json when it can read it (else from an empty
// account named by the first account ID the log's records carry), and
// replays every whole record of the log that comes after the snapshot, in
// order, skipping damaged records, and records that no longer apply. A
// record holds the entities its change wrote, whole, so the records after
// a lost one still apply: an entity the lost record alone changed keeps
// its earlier state.
func Recover(dir, into string, opts ...account.Option) (*Report, error) {
	lock, err := lockExisting(filepath.Join(dir, lockFile))
	if err != nil {
		return nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	if lock != nil {
		defer lock.Close()
	}
	if err := checkEmpty(into); err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(dir, walFile))
	var records []logRecord
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		records, err = readLog(f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}

	rep := &Report{}
	acct, seq, found, err := readSnapshot(dir, nil, opts)
	switch {
	case err != nil:
		rep.Snapshot = "damaged (" + err.Error() + "); starting from an empty account"
	case !found:
		rep.Snapshot = "missing; starting from an empty account"
	default:
		rep.Snapshot = fmt.Sprintf("read, as of record %d", seq)
	}
	if acct == nil {
		acct = account.New(firstAccountID(records), opts...)
		seq = 0
	}
	last := seq
	for i, r := range records {
		where := fmt.Sprintf("record %d at byte offset %d", i+1, r.off)
		switch {
		case r.err != nil:
			rep.Lost = append(rep.Lost, where+": damaged ("+r.err.Error()+")")
			continue
		case r.rec.Seq <= last:
			continue // in the snapshot already, or a repeat
		case r.rec.Seq > last+1:
			rep.Lost = append(rep.Lost, fmt.Sprintf("records with sequence numbers %d to %d: missing before %s", last+1, r.rec.Seq-1, where))
		}
		if err := acct.Replay(r.rec.Change); err != nil {
			rep.Lost = append(rep.Lost, fmt.Sprintf("%s (sequence %d, %s): no longer applies: %v", where, r.rec.Seq, r.rec.Change.Op, err))
			last = r.rec.Seq
			continue
		}
		rep.Replayed++
		last = r.rec.Seq
	}
	s, _, err := Open(into, func() *account.Account { return acct }, opts...)
	if err != nil {
		return nil, err
	}
	return rep, s.Close()
}

// checkEmpty accepts a directory that does not exist or holds nothing.
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty: recover into a new directory", dir)
	}
	return nil
}

// firstAccountID returns the account of the first entity ARN the records
// carry, or "" (the default account).
func firstAccountID(records []logRecord) string {
	for _, r := range records {
		if r.err != nil {
			continue
		}
		c := r.rec.Change
		var arns []string
		for _, u := range c.Users {
			arns = append(arns, u.Arn)
		}
		for _, g := range c.Groups {
			arns = append(arns, g.Arn)
		}
		for _, ro := range c.Roles {
			arns = append(arns, ro.Arn)
		}
		for _, p := range c.Policies {
			arns = append(arns, p.Arn)
		}
		for _, arn := range arns {
			if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 && len(parts[4]) == 12 {
				return parts[4]
			}
		}
	}
	return ""
}
