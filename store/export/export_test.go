package export

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// sig is a signature every article of story shares exactly.
func sig(story uint32) *store.Signature {
	s := &store.Signature{MinHash: make([]uint32, 16), Bands: []uint64{uint64(story)}}
	for i := range s.MinHash {
		s.MinHash[i] = story*100 + uint32(i)
	}
	return s
}

func testStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	st := testkit.Store(t)
	t0 := time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)
	for i, a := range []struct {
		url, feed string
		story     uint32
		flagged   bool
	}{
		{"https://wire.example/story", "https://wire.example/rss", 1, true},
		{"https://a.example/copy", "https://a.example/rss", 1, true},
		{"https://b.example/copy", "https://b.example/rss", 1, false},
		{"https://c.example/other", "https://c.example/rss", 2, true},
	} {
		pub := t0.Add(time.Duration(i) * time.Hour)
		art := &store.Article{URL: a.url, Title: "Title " + a.url, Published: &pub, Fetched: pub, Feed: store.FeedRef{URL: a.feed}, Signature: sig(a.story)}
		if a.flagged {
			art.Flags = []store.Flag{{Rule: "r", Score: 1}}
		}
		if err := st.PutArticle(ctx, art); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// entry is the part of an exported Entry the tests read.
type entry struct {
	URL     string   `json:"url"`
	Cluster string   `json:"cluster"`
	Sources []Member `json:"sources"`
}

func TestWriteWith(t *testing.T) {
	st := testStore(t)
	tests := []struct {
		name    string
		q       store.Query
		o       Options
		sources []int // per entry, newest first
	}{
		{"clusters, flagged", store.Query{FlaggedOnly: true}, Options{}, []int{1, 3}},
		{"clusters, all", store.Query{}, Options{Format: JSONL}, []int{1, 3}},
		{"no cluster, flagged", store.Query{FlaggedOnly: true}, Options{NoCluster: true}, []int{1, 1, 1}},
		{"no cluster, all", store.Query{}, Options{NoCluster: true, Format: JSONL}, []int{1, 1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := WriteWith(context.Background(), &buf, st, tt.q, tt.o)
			if err != nil || n != len(tt.sources) {
				t.Fatalf("WriteWith = %d, %v; want %d entries", n, err, len(tt.sources))
			}
			var entries []entry
			if tt.o.Format == JSONL {
				for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
					var e entry
					if err := json.Unmarshal(line, &e); err != nil {
						t.Fatal(err)
					}
					entries = append(entries, e)
				}
			} else if err := json.Unmarshal(buf.Bytes(), &entries); err != nil {
				t.Fatalf("output is not a JSON array: %v", err)
			}
			for i, e := range entries {
				if len(e.Sources) != tt.sources[i] {
					t.Errorf("entry %d (%s) has %d sources, want %d", i, e.URL, len(e.Sources), tt.sources[i])
				}
				for _, m := range e.Sources {
					if m.URL == "" || m.Feed.URL == "" || m.Published == nil || m.Title == "" {
						t.Errorf("entry %d has an incomplete source %+v", i, m)
					}
				}
			}
			if len(tt.sources) == 2 && entries[1].Sources[0].URL != "https://wire.example/story" {
				t.Errorf("the cluster's sources start with %s, want the oldest, the wire story", entries[1].Sources[0].URL)
			}
		})
	}
}

func TestWriteCompatible(t *testing.T) {
	st := testStore(t)
	var a, b bytes.Buffer
	if _, err := Write(context.Background(), &a, st, store.Query{}, JSON); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteWith(context.Background(), &b, st, store.Query{}, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("Write and WriteWith with zero Options differ")
	}
}
