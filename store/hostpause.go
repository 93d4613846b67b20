package store

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketHostPauses holds the hosts that asked newshound to slow down:
// host -> HostPause as JSON. It is created on first write, so older files
// need no migration, and stays small: a pause is dropped once it is over
// (when a later pause is written, or when HostPauses reads past it).
var bucketHostPauses = []byte("host_pauses")

// HostPause is a host that answered 429, or 503 with Retry-After: no
// request goes to it before Until. Kept in the database so that the next
// one-shot crawl, or a daemon started later, waits as well.
type HostPause struct {
	// Host is the paused host, host:port as in the URL; the key.
	Host string `json:"host"`
	// Until is when requests to the host may start again.
	Until time.Time `json:"until"`
	// Status is the HTTP status that asked for the pause (429 or 503);
	// zero when not known.
	Status int `json:"status,omitempty"`
	// Since is when the host asked for it.
	Since time.Time `json:"since"`
}

// PutHostPause stores p, unless the host is already paused until later
// than p.Until (a pause is never shortened). Pauses over at p.Since are
// removed in the same transaction.
func (s *Store) PutHostPause(ctx context.Context, p HostPause) error {
	if p.Host == "" {
		return errors.New("store: put host pause: the pause has no host")
	}
	v, err := json.Marshal(p)
	if err != nil {
		return wrapf(err, "store: put host pause %s", p.Host)
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketHostPauses)
		if err != nil {
			return err
		}
		var stale [][]byte
		keep := false
		err = b.ForEach(func(k, raw []byte) error {
			var old HostPause
			if err := json.Unmarshal(raw, &old); err != nil || !old.Until.After(p.Since) {
				stale = append(stale, append([]byte(nil), k...))
				return nil
			}
			if string(k) == p.Host && !p.Until.After(old.Until) {
				keep = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range stale {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		if keep {
			return nil
		}
		return b.Put([]byte(p.Host), v)
	})
	if err != nil {
		return wrapf(err, "store: put host pause %s", p.Host)
	}
	return nil
}

// HostPauses returns the pauses still running at now, by host. A record
// that does not decode is skipped (a pause is a courtesy, not data).
func (s *Store) HostPauses(ctx context.Context, now time.Time) ([]HostPause, error) {
	var out []HostPause
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHostPauses)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, raw []byte) error {
			var p HostPause
			if err := json.Unmarshal(raw, &p); err != nil {
				s.log.Warn("host pause record skipped", "host", string(k), "error", err)
				return nil
			}
			if p.Until.After(now) {
				out = append(out, p)
			}
			return nil
		})
	})
	if err != nil {
		return nil, wrapf(err, "store: host pauses")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Host < out[j].Host })
	return out, nil
}
