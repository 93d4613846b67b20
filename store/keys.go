package store

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"
)

// ArticleID returns the stable id of an article: the first 16 bytes of the
// SHA-256 of its normalized URL, as 32 lower-case hex digits. The caller
// normalizes the URL; the same string always gives the same id.
func ArticleID(normalizedURL string) string {
	sum := sha256.Sum256([]byte(normalizedURL))
	return hex.EncodeToString(sum[:16])
}

// timeKeyLen is the length of the time prefix of an index key.
const timeKeyLen = 12

// SortTime returns the time a stored article is ordered and filtered by
// (see sortTime), for other backends that keep the same order.
func SortTime(a *Article) time.Time { return sortTime(a) }

// sortTime is the time an article is ordered and filtered by: Published,
// or Fetched when Published is unknown or later than Fetched (a future date
// from a misconfigured feed). It is never later than Fetched, which Prune
// relies on.
func sortTime(a *Article) time.Time {
	if a.Published != nil && !a.Published.IsZero() && !a.Published.After(a.Fetched) {
		return *a.Published
	}
	return a.Fetched
}

// timeKey encodes t so that byte order is newest first: the bitwise
// complement of the biased Unix seconds (8 bytes) and of the nanoseconds
// (4 bytes), both big-endian. Any time.Time fits.
func timeKey(t time.Time) []byte {
	k := make([]byte, timeKeyLen, timeKeyLen+32)
	binary.BigEndian.PutUint64(k, ^(uint64(t.Unix()) ^ 1<<63))
	binary.BigEndian.PutUint32(k[8:], ^uint32(t.Nanosecond()))
	return k
}

// indexKey is the key of an article in a time index: timeKey, then the id.
func indexKey(t time.Time, id string) []byte {
	return append(timeKey(t), id...)
}

// parseIndexKey splits an index key into its time and article id.
func parseIndexKey(k []byte) (time.Time, string, error) {
	if len(k) <= timeKeyLen {
		return time.Time{}, "", fmt.Errorf("index key %x is %d bytes, want more than %d", k, len(k), timeKeyLen)
	}
	sec := int64(^binary.BigEndian.Uint64(k) ^ 1<<63)
	nsec := int64(^binary.BigEndian.Uint32(k[8:]))
	return time.Unix(sec, nsec).UTC(), string(k[timeKeyLen:]), nil
}

// encodeCursor turns an index key into the opaque cursor of a page.
func encodeCursor(k []byte) string {
	return base64.RawURLEncoding.EncodeToString(k)
}

// decodeCursor reverses encodeCursor, checking the result is an index key.
func decodeCursor(c string) ([]byte, error) {
	k, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		_, _, err = parseIndexKey(k)
	}
	if err != nil {
		return nil, fmt.Errorf("store: cursor %q is not one this store returned (pass the next value of the previous page unchanged): %w", c, ErrBadCursor)
	}
	return k, nil
}
