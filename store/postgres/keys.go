package postgres

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/newshound/newshound/store"
)

// timeKeyLen is the length of a time key.
const timeKeyLen = 12

// timeKey encodes t so that byte order is newest first, as the bbolt
// file's index keys do: the complement of the biased Unix seconds
// (8 bytes) and of the nanoseconds (4 bytes), big-endian.
func timeKey(t time.Time) []byte {
	k := make([]byte, timeKeyLen, timeKeyLen+32)
	binary.BigEndian.PutUint64(k, ^(uint64(t.Unix()) ^ 1<<63))
	binary.BigEndian.PutUint32(k[8:], ^uint32(t.Nanosecond()))
	return k
}

// sortKey is an article's articles.sort_key: the time key of its sort
// time (store.SortTime), then its id.
func sortKey(a *store.Article) []byte {
	return append(timeKey(store.SortTime(a)), a.ID...)
}

// encodeCursor turns a sort key into the opaque cursor of a page.
func encodeCursor(k []byte) string { return base64.RawURLEncoding.EncodeToString(k) }

// decodeCursor reverses encodeCursor, checking the result is a sort key.
func decodeCursor(c string) ([]byte, error) {
	k, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(k) <= timeKeyLen {
		return nil, fmt.Errorf("postgres: cursor %q is not one this store returned (pass the next value of the previous page unchanged): %w", c, store.ErrBadCursor)
	}
	return k, nil
}

// secNsec splits t into the (seconds, nanoseconds) columns that order
// times exactly: PostgreSQL's timestamps keep only microseconds.
func secNsec(t time.Time) (int64, int32) { return t.Unix(), int32(t.Nanosecond()) }
