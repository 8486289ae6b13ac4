package mamori

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// LogEntry is one entry of the change log: an append-only, hash-chained
// record of every change to a case, a decision, an asset or a mute. Each
// entry carries the hash of the one before, so that changing, removing or
// reordering any entry breaks the chain from there on, and `mamori auditlog
// verify` names the first entry that does not match.
type LogEntry struct {
	// Seq numbers the entries from 1, without gaps.
	Seq    int64     `json:"seq"`
	Tenant string    `json:"tenant"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	// Kind is what changed: "case", "decision", "asset", "mute".
	Kind string `json:"kind"`
	// Ref names it ("C-42", "D-7", "shop-web").
	Ref string `json:"ref"`
	// Action is what was done ("open", "assign", "decide", "approve", ...).
	Action string `json:"action"`
	// Data is the record after the change and any detail, as JSON.
	Data json.RawMessage `json:"data,omitempty"`
	// Prev is the Hash of the entry before ("" for the first); Hash this
	// entry's, over every field above.
	Prev string `json:"prev"`
	Hash string `json:"hash"`
}

// ComputeHash returns the entry's hash: SHA-256 over its fields in a fixed
// order (times in UTC, RFC 3339 with nanoseconds), hex-encoded.
func (e *LogEntry) ComputeHash() string {
	h := sha256.New()
	fmt.Fprintf(h, "mamori-log-v1\n%d\n%q\n%s\n%q\n%q\n%q\n%q\n", e.Seq, e.Tenant, e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Kind, e.Ref, e.Action)
	h.Write(e.Data)
	fmt.Fprintf(h, "\n%s", e.Prev)
	return hex.EncodeToString(h.Sum(nil))
}

// LogVerifier walks a chain entry by entry.
type LogVerifier struct {
	prev    string
	seq     int64
	Checked int64
}

// Check checks the next entry: its sequence number follows, its Prev is the
// hash of the entry before, and its Hash matches its content. The error
// names the entry and what does not match.
func (v *LogVerifier) Check(e *LogEntry) error {
	switch {
	case e.Seq != v.seq+1:
		return fmt.Errorf("entry %d: expected entry %d here (an entry was removed or reordered)", e.Seq, v.seq+1)
	case e.Prev != v.prev:
		return fmt.Errorf("entry %d: it does not follow entry %d (prev hash %.12s, expected %.12s)", e.Seq, v.seq, e.Prev, v.prev)
	case e.ComputeHash() != e.Hash:
		return fmt.Errorf("entry %d (%s %s %s by %s): its content does not match its hash", e.Seq, e.Kind, e.Ref, e.Action, e.Actor)
	}
	v.prev, v.seq = e.Hash, e.Seq
	v.Checked++
	return nil
}

// ChangeLog is the store of the change log.
type ChangeLog interface {
	// AppendLog appends entries in one transaction, filling Seq, Prev and
	// Hash (and At when zero): AppendLog(ctx, LogEntry{Kind: ..., Ref: ...,
	// ...}). A change to a record the store keeps is logged by the store in
	// the transaction of the change itself (cases, decisions, assets,
	// mutes), never by a second call after it.
	AppendLog(ctx context.Context, es ...LogEntry) error
	// WalkLog calls fn for each entry in order, one at a time.
	WalkLog(ctx context.Context, fn func(*LogEntry) error) error
}

// ActorMamori is the actor of the changes mamori makes by itself rather than
// on a person's behalf: the case sync, an asset stored by code.
const ActorMamori = "mamori"
