package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// bbolt's on-disk format (version 2): every page starts with a 16-byte
// header (id, flags, count, overflow); pages 0 and 1 hold a meta record.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16
	metaSize         = 64 // up to and including the checksum
	freelistFlag     = 0x10
	noFreelist       = ^uint64(0)
	maxFreelistBytes = 256 << 20
)

// boltMeta is the part of a bbolt meta record precheck needs.
type boltMeta struct {
	pageSize, root, freelist, pgid, txid uint64
}

// precheck reads the file's meta pages and freelist with plain reads,
// before bbolt maps the file: bbolt panics or faults on a truncated file
// or a damaged freelist while opening, and a mapping left behind by that
// panic would keep the file lock. It returns nil for a missing or empty
// file and when no meta page is valid (bbolt reports that as an error).
func precheck(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // bbolt reports it
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.Size() == 0 {
		return nil
	}
	m, ok := readMeta(f)
	if !ok {
		return nil
	}
	size, ps := uint64(info.Size()), m.pageSize
	switch {
	case m.pgid*ps > size:
		return fmt.Errorf("file is %d bytes but its pages need %d: truncated", size, m.pgid*ps)
	case m.root < 2 || m.root >= m.pgid:
		return fmt.Errorf("root page %d is outside the %d pages", m.root, m.pgid)
	case m.freelist == noFreelist:
		return nil
	case m.freelist < 2 || m.freelist >= m.pgid:
		return fmt.Errorf("freelist page %d is outside the %d pages", m.freelist, m.pgid)
	}
	return checkFreelist(f, m)
}

// readMeta returns the valid meta record with the highest transaction id,
// as bbolt picks it.
func readMeta(f *os.File) (boltMeta, bool) {
	var best boltMeta
	found := false
	offsets := []int64{0}
	for i := range 15 {
		offsets = append(offsets, 1024<<i)
	}
	for _, off := range offsets {
		m, ok := readMetaAt(f, off)
		if !ok || (off != 0 && uint64(off) != m.pageSize) {
			continue
		}
		if !found || m.txid > best.txid {
			best, found = m, true
		}
		if off != 0 {
			break // the second meta page sits one page in
		}
	}
	return best, found
}

// readMetaAt decodes and validates the meta record of the page at off.
func readMetaAt(f *os.File, off int64) (boltMeta, bool) {
	b := make([]byte, metaSize)
	if _, err := f.ReadAt(b, off+pageHeaderSize); err != nil {
		return boltMeta{}, false
	}
	le := binary.NativeEndian
	h := fnv.New64a()
	h.Write(b[:56])
	if le.Uint32(b) != boltMagic || le.Uint32(b[4:]) != boltVersion || le.Uint64(b[56:]) != h.Sum64() {
		return boltMeta{}, false
	}
	m := boltMeta{pageSize: uint64(le.Uint32(b[8:])), root: le.Uint64(b[16:]),
		freelist: le.Uint64(b[32:]), pgid: le.Uint64(b[40:]), txid: le.Uint64(b[48:])}
	return m, m.pageSize >= 512
}

// checkFreelist checks the freelist page: its type, that its ids fit in
// its pages, and that every id is a page of the file.
func checkFreelist(f *os.File, m boltMeta) error {
	le := binary.NativeEndian
	hdr := make([]byte, pageHeaderSize+8)
	if _, err := f.ReadAt(hdr, int64(m.freelist*m.pageSize)); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read freelist page %d: %w", m.freelist, err)
	}
	flags, count, overflow := le.Uint16(hdr[8:]), uint64(le.Uint16(hdr[10:])), uint64(le.Uint32(hdr[12:]))
	if flags != freelistFlag {
		return fmt.Errorf("freelist page %d has page type %#x", m.freelist, flags)
	}
	first := uint64(0)
	if count == 0xFFFF {
		count, first = le.Uint64(hdr[pageHeaderSize:]), 1
	}
	span := (overflow + 1) * m.pageSize
	need := pageHeaderSize + 8*(first+count)
	if m.freelist+overflow >= m.pgid || need > span || need > maxFreelistBytes {
		return fmt.Errorf("freelist page %d lists %d pages, more than it holds", m.freelist, count)
	}
	ids := make([]byte, 8*count)
	if _, err := f.ReadAt(ids, int64(m.freelist*m.pageSize+pageHeaderSize+8*first)); err != nil {
		return fmt.Errorf("read freelist page %d: %w", m.freelist, err)
	}
	for i := range count {
		if id := le.Uint64(ids[8*i:]); id < 2 || id >= m.pgid {
			return fmt.Errorf("freelist page %d lists page %d, outside the %d pages", m.freelist, id, m.pgid)
		}
	}
	return nil
}

// heldByWriter reports whether a process holds the file's exclusive lock.
func heldByWriter(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if err == nil {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	}
	return errors.Is(err, syscall.EWOULDBLOCK)
}

// maxQuickBuckets bounds how many buckets QuickCheck visits.
const maxQuickBuckets = 1000

// QuickCheck looks for damage Check would report, in a time bounded by
// the number of buckets (at most maxQuickBuckets) and the depth of their
// trees rather than the size of the file: every top-level bucket is
// present, and the first and last entries of every bucket and nested
// bucket can be read, which walks each tree's root and its edges. It
// returns ErrCorrupt with a sentence naming the file and the fix, or nil;
// nil does not mean the file is sound (run Check for that). A file that
// was empty when opened read-only has no buckets and passes.
func (s *Store) QuickCheck(ctx context.Context) error {
	err := s.view(ctx, func(tx *bolt.Tx) error {
		missing := 0
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				missing++
			}
		}
		switch {
		case missing == len(allBuckets) && s.readOnly:
			return nil
		case missing > 0:
			return corruptError(s.path, errors.New("a bucket of the schema is missing"))
		}
		visited := 0
		var walk func(b *bolt.Bucket, name string) error
		walk = func(b *bolt.Bucket, name string) error {
			if visited++; visited > maxQuickBuckets {
				return nil
			}
			c := b.Cursor()
			for _, edge := range []func() ([]byte, []byte){c.First, c.Last} {
				k, v := edge()
				if k == nil || v != nil {
					continue
				}
				sub := b.Bucket(k)
				if sub == nil {
					return corruptError(s.path, fmt.Errorf("bucket %s: entry %q is neither a value nor a bucket", name, k))
				}
				if err := walk(sub, name+"/"+string(k)); err != nil {
					return err
				}
			}
			return nil
		}
		for _, name := range allBuckets {
			if err := walk(tx.Bucket(name), string(name)); err != nil {
				return err
			}
		}
		flags := tx.Bucket(bucketFlags) // a bucket per rule, a few
		return flags.ForEachBucket(func(rule []byte) error {
			return walk(flags.Bucket(rule), "flags/"+string(rule))
		})
	})
	if err != nil {
		return wrapf(err, "store: quick check %s", s.path)
	}
	return nil
}
