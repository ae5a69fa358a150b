// Package store keeps an account on disk for the endpoint: a snapshot of the
// account and a write-ahead log of the changes made since, each change
// written and fsynced before it takes effect. It is the account's Journal.
//
// The endpoint opens a Store when WithDataDir names a directory:
//
//	Open(dir, seed) ─► state.json + replay of wal.log ─► *account.Account (journaled)
//	account change ─► Store.Record (append, fsync) ─► the account installs it
//
// Open seeds an empty directory with the seed account, and otherwise loads
// the snapshot and replays the log on it, dropping a record torn by a
// crash, so the account reopened is the one whose changes were
// acknowledged. The log is folded into the snapshot every CompactEvery
// records. One Store at a time may hold a directory.
package store
