package store

import (
	"encoding/binary"
	"errors"
	"time"
)

// Signature is what story clustering knows of an article's main text: a
// MinHash sketch and its locality-sensitive band keys, computed by the
// crawler (crawler/dedupe) and indexed by PutArticle. The crawler's
// clustering policy (Threshold, Window) travels with it, so the store
// applies it without knowing how the sketch was made.
type Signature struct {
	// MinHash holds one minimum hash value per hash function. Signatures
	// are comparable only when made with the same functions, hence the
	// same length; at most MaxMinHash values.
	MinHash []uint32
	// Bands are the band keys: hashes of disjoint runs of MinHash. Two
	// articles sharing a band key are candidates, then compared by
	// Similarity. At most MaxBands keys.
	Bands []uint64
	// Threshold is the least Similarity at which an article joins a
	// candidate's cluster, in (0, 1]. Zero means DefaultThreshold.
	Threshold float64
	// Window is how far apart the sort times (published, else fetched) of
	// two articles may be for them to join one cluster. Zero means
	// DefaultWindow.
	Window time.Duration
}

// Defaults and limits of a Signature.
const (
	// DefaultThreshold is the Threshold of a Signature that gives none,
	// and the one crawler/dedupe signs with unless told otherwise: the one
	// default of the clustering threshold.
	DefaultThreshold = 0.45
	// DefaultWindow is the Window of a Signature that gives none, and
	// crawler/dedupe's default.
	DefaultWindow = 72 * time.Hour
	// MaxMinHash caps len(Signature.MinHash).
	MaxMinHash = 1024
	// MaxBands caps len(Signature.Bands).
	MaxBands = 256
	// maxCandidates bounds the candidates compared for one article, so a
	// text shared by thousands (a paywall stub) costs no more than this.
	maxCandidates = 256
)

// Similarity estimates the Jaccard similarity of the shingle sets behind
// two signatures: the fraction of positions where their MinHash values
// agree. It is 0 when either is empty or their lengths differ.
func (s *Signature) Similarity(o *Signature) float64 {
	if s == nil || o == nil || len(s.MinHash) == 0 || len(s.MinHash) != len(o.MinHash) {
		return 0
	}
	return similarity(s.MinHash, o.MinHash)
}

func similarity(a, b []uint32) float64 {
	same := 0
	for i, v := range a {
		if v == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

func (s *Signature) check() error {
	switch {
	case len(s.MinHash) == 0 || len(s.MinHash) > MaxMinHash:
		return errors.New("its signature has no MinHash values or more than MaxMinHash")
	case len(s.Bands) == 0 || len(s.Bands) > MaxBands:
		return errors.New("its signature has no band keys or more than MaxBands")
	case s.Threshold < 0 || s.Threshold > 1:
		return errors.New("its signature's threshold is outside [0, 1]")
	case s.Window < 0:
		return errors.New("its signature's window is negative")
	}
	return nil
}

func (s *Signature) threshold() float64 {
	if s.Threshold == 0 {
		return DefaultThreshold
	}
	return s.Threshold
}

func (s *Signature) window() time.Duration {
	if s.Window == 0 {
		return DefaultWindow
	}
	return s.Window
}

// sigRecord is an article's entry in the signature bucket: its cluster,
// its sort time, its band keys and its MinHash values.
type sigRecord struct {
	cluster string
	t       time.Time
	bands   []uint64
	minhash []uint32
}

// encode lays out a record as: cluster length (1 byte), cluster, Unix
// nanoseconds (8), band count (2), bands (8 each), MinHash (4 each).
func (r *sigRecord) encode() []byte {
	b := make([]byte, 0, 1+len(r.cluster)+8+2+8*len(r.bands)+4*len(r.minhash))
	b = append(b, byte(len(r.cluster)))
	b = append(b, r.cluster...)
	b = binary.BigEndian.AppendUint64(b, uint64(r.t.UnixNano()))
	b = binary.BigEndian.AppendUint16(b, uint16(len(r.bands)))
	for _, k := range r.bands {
		b = binary.BigEndian.AppendUint64(b, k)
	}
	for _, v := range r.minhash {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}

var errBadSigRecord = errors.New("malformed signature record")

// sigView is a signature record read in place, for comparing a
// candidate without copying it: the slices point into the record.
type sigView struct {
	cluster []byte
	t       time.Time
	minhash []byte // big-endian uint32 values
}

// viewSigRecord checks v's layout as decodeSigRecord does and returns a
// view of it, valid as long as v is.
func viewSigRecord(v []byte) (sigView, error) {
	if len(v) < 1 || len(v) < 1+int(v[0])+10 {
		return sigView{}, errBadSigRecord
	}
	r := sigView{cluster: v[1 : 1+v[0]]}
	v = v[1+v[0]:]
	r.t = time.Unix(0, int64(binary.BigEndian.Uint64(v))).UTC()
	n := int(binary.BigEndian.Uint16(v[8:]))
	v = v[10:]
	if len(v) < 8*n || (len(v)-8*n)%4 != 0 {
		return sigView{}, errBadSigRecord
	}
	r.minhash = v[8*n:]
	return r, nil
}

// similarityBytes is similarity with b as a view's minhash; a and b must
// hold the same number of values.
func similarityBytes(a []uint32, b []byte) float64 {
	b = b[:4*len(a)]
	same := 0
	for i, v := range a {
		if v == binary.BigEndian.Uint32(b[4*i:]) {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// decodeSigRecord reverses encode, copying everything out of v.
func decodeSigRecord(v []byte) (*sigRecord, error) {
	if len(v) < 1 || len(v) < 1+int(v[0])+10 {
		return nil, errBadSigRecord
	}
	r := &sigRecord{cluster: string(v[1 : 1+v[0]])}
	v = v[1+v[0]:]
	r.t = time.Unix(0, int64(binary.BigEndian.Uint64(v))).UTC()
	n := int(binary.BigEndian.Uint16(v[8:]))
	v = v[10:]
	if len(v) < 8*n || (len(v)-8*n)%4 != 0 {
		return nil, errBadSigRecord
	}
	r.bands = make([]uint64, n)
	for i := range r.bands {
		r.bands[i] = binary.BigEndian.Uint64(v[8*i:])
	}
	v = v[8*n:]
	r.minhash = make([]uint32, len(v)/4)
	for i := range r.minhash {
		r.minhash[i] = binary.BigEndian.Uint32(v[4*i:])
	}
	return r, nil
}
