package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// allLabels lists every label of rule, failing the test on error.
func allLabels(t testing.TB, s *Store, rule string) []Label {
	t.Helper()
	var out []Label
	if err := s.Labels(context.Background(), rule, func(l Label) error {
		out = append(out, l)
		return nil
	}); err != nil {
		t.Fatalf("Labels(%q) = %v", rule, err)
	}
	return out
}

func TestPutLabel(t *testing.T) {
	ctx := context.Background()
	s := smallSet(t)
	a1, a2 := ArticleID("a1"), ArticleID("a2")
	aliased := article("https://news.example/story", "https://a.example/rss", nil, t0)
	aliased.Aliases = []string{"https://news.example/story?amp=1"}
	put(t, s, aliased)
	tests := []struct {
		name    string
		label   Label
		wantErr error  // nil for success
		wantMsg string // in the error
		stored  Label  // what ArticleLabels then holds for the article and rule
	}{
		{"new", Label{ArticleID: a1, Rule: "bank", Relevant: true, Labeled: t0}, nil, "",
			Label{ArticleID: a1, Rule: "bank", Relevant: true, Labeled: t0}},
		{"replaces", Label{ArticleID: a1, Rule: "bank", Relevant: false, Labeled: t0.Add(time.Hour)}, nil, "",
			Label{ArticleID: a1, Rule: "bank", Relevant: false, Labeled: t0.Add(time.Hour)}},
		{"rule that did not flag it", Label{ArticleID: a2, Rule: "bank", Relevant: true, Labeled: t0.In(time.FixedZone("CET", 3600))}, nil, "",
			Label{ArticleID: a2, Rule: "bank", Relevant: true, Labeled: t0}},
		{"alias id", Label{ArticleID: ArticleID("https://news.example/story?amp=1"), Rule: "privacy", Labeled: t0}, nil, "",
			Label{ArticleID: aliased.ID, Rule: "privacy", Labeled: t0}},
		{"unknown article", Label{ArticleID: ArticleID("nope"), Rule: "bank"}, ErrNotFound, "store: put label of ", Label{}},
		{"no rule", Label{ArticleID: a1}, errAny, "store: put label: the label has no rule name", Label{}},
		{"no id", Label{Rule: "bank"}, errAny, "store: put label: the label has no article id", Label{}},
		{"zero byte", Label{ArticleID: a1, Rule: "ba\x00nk"}, errAny, "zero byte", Label{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.PutLabel(ctx, tt.label)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("PutLabel(%+v) = %v, want nil", tt.label, err)
			case tt.wantErr == nil:
				got, err := s.ArticleLabels(ctx, tt.stored.ArticleID)
				if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], tt.stored) {
					t.Errorf("ArticleLabels(%s) = %+v, %v; want [%+v]", tt.stored.ArticleID, got, err, tt.stored)
				}
			case err == nil || (tt.wantErr != errAny && !errors.Is(err, tt.wantErr)) || !strings.Contains(err.Error(), tt.wantMsg):
				t.Errorf("PutLabel(%+v) = %v, want %v containing %q", tt.label, err, tt.wantErr, tt.wantMsg)
			}
		})
	}
	if got := allLabels(t, s, ""); len(got) != 3 {
		t.Errorf("Labels(\"\") after the table = %+v, want 3 labels (failed puts store nothing)", got)
	}
	mustCheck(t, s)
}

// errAny marks a table case that wants some error, whatever its kind.
var errAny = errors.New("any error")

func TestPutLabelDefaultsTime(t *testing.T) {
	ctx := context.Background()
	s := smallSet(t)
	before := time.Now()
	if err := s.PutLabel(ctx, Label{ArticleID: ArticleID("a1"), Rule: "bank", Relevant: true}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ArticleLabels(ctx, ArticleID("a1"))
	if err != nil || len(got) != 1 || got[0].Labeled.Before(before.Add(-time.Second)) || got[0].Labeled.Location() != time.UTC {
		t.Errorf("ArticleLabels after PutLabel without a time = %+v, %v; want one label timed now, in UTC", got, err)
	}
}

func TestDeleteLabel(t *testing.T) {
	ctx := context.Background()
	s := smallSet(t)
	a1 := ArticleID("a1")
	for _, rule := range []string{"bank", "privacy"} {
		if err := s.PutLabel(ctx, Label{ArticleID: a1, Rule: rule, Relevant: true, Labeled: t0}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, id, rule string
		wantErr        error
		left           int
	}{
		{"existing", a1, "bank", nil, 1},
		{"again", a1, "bank", ErrNotFound, 1},
		{"other rule", a1, "nope", ErrNotFound, 1},
		{"unknown article", ArticleID("nope"), "privacy", ErrNotFound, 1},
		{"last", a1, "privacy", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.DeleteLabel(ctx, tt.id, tt.rule); !errors.Is(err, tt.wantErr) {
				t.Errorf("DeleteLabel(%s, %q) = %v, want %v", tt.id, tt.rule, err, tt.wantErr)
			}
			if got := allLabels(t, s, ""); len(got) != tt.left {
				t.Errorf("after DeleteLabel(%s, %q), %d labels, want %d", tt.id, tt.rule, len(got), tt.left)
			}
		})
	}
}

// TestLabelsOrderAndPaging reads more labels than one read transaction
// holds, with a callback that reads the store itself.
func TestLabelsOrderAndPaging(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	arts := many(400)
	putParallel(t, s, arts)
	for i, a := range arts {
		rules := []string{"bank"}
		if i%2 == 0 {
			rules = append(rules, "privacy")
		}
		for _, r := range rules {
			if err := s.PutLabel(ctx, Label{ArticleID: a.ID, Rule: r, Relevant: i%3 == 0, Labeled: t0}); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		rule string
		want int
	}{{"", 600}, {"bank", 400}, {"privacy", 200}, {"nope", 0}}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("rule %q", tt.rule), func(t *testing.T) {
			var got []Label
			err := s.Labels(ctx, tt.rule, func(l Label) error {
				if _, err := s.Article(ctx, l.ArticleID); err != nil { // the store is usable inside fn
					return err
				}
				got = append(got, l)
				return nil
			})
			if err != nil || len(got) != tt.want {
				t.Fatalf("Labels(%q) = %d labels, %v; want %d", tt.rule, len(got), err, tt.want)
			}
			for i := 1; i < len(got); i++ {
				p, c := got[i-1], got[i]
				if p.ArticleID > c.ArticleID || p.ArticleID == c.ArticleID && p.Rule >= c.Rule {
					t.Fatalf("Labels(%q)[%d] = %s %q after %s %q, want article id order, then rule order", tt.rule, i, c.ArticleID, c.Rule, p.ArticleID, p.Rule)
				}
				if tt.rule != "" && c.Rule != tt.rule {
					t.Fatalf("Labels(%q) gave a label of rule %q", tt.rule, c.Rule)
				}
			}
		})
	}
	stop := errors.New("stop")
	n := 0
	err := s.Labels(ctx, "", func(Label) error {
		if n++; n == 300 {
			return stop
		}
		return nil
	})
	if err != stop || n != 300 {
		t.Errorf("Labels with fn failing at the 300th = %v after %d calls, want fn's error unchanged after 300", err, n)
	}
	mustCheck(t, s)
}

func TestResolveArticle(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	s, err := Open(ctx, path, Options{NormalizeURL: func(u string) (string, error) {
		// A stand-in for crawler/urlnorm: drop the query.
		base, _, _ := strings.Cut(u, "?")
		return base, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	twinA := &Article{ID: "abcdef0123456789abcdef0123456789", URL: "https://twin.example/a", Fetched: t0}
	twinB := &Article{ID: "abcdef9876543210abcdef9876543210", URL: "https://twin.example/b", Fetched: t0}
	story := article("https://news.example/story", "https://a.example/rss", nil, t0)
	story.Aliases = []string{"https://feed.example/redirect/1"}
	put(t, s, twinA, twinB, story)
	tests := []struct {
		name, ref string
		want      string // article id; "" for an error
		wantErr   error
		wantMsg   string
	}{
		{"full id", story.ID, story.ID, nil, ""},
		{"prefix", story.ID[:8], story.ID, nil, ""},
		{"upper-case prefix", strings.ToUpper(story.ID[:10]), story.ID, nil, ""},
		{"spaces around", "  " + story.ID[:8] + "\n", story.ID, nil, ""},
		{"unique longer prefix of twins", "abcdef01", twinA.ID, nil, ""},
		{"URL", "https://news.example/story", story.ID, nil, ""},
		{"URL normalized", "https://news.example/story?utm_source=x", story.ID, nil, ""},
		{"alias URL", "https://feed.example/redirect/1", story.ID, nil, ""},
		{"alias id", ArticleID("https://feed.example/redirect/1"), story.ID, nil, ""},
		{"ambiguous prefix", "abcdef", "", ErrAmbiguous, `2 stories have ids starting with "abcdef"`},
		{"short prefix", story.ID[:5], "", ErrNotFound, "at least 6 characters"},
		{"unknown prefix", "ffffff00", "", ErrNotFound, `no story has an id starting with "ffffff00"`},
		{"unknown URL", "https://news.example/other", "", ErrNotFound, "no story is stored under this URL"},
		{"empty", " ", "", ErrNotFound, "no id, id prefix or URL given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := s.ResolveArticle(ctx, tt.ref)
			if tt.want != "" {
				if err != nil || a.ID != tt.want {
					t.Errorf("ResolveArticle(%q) = %v, %v; want article %s", tt.ref, a, err, tt.want)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) || !strings.HasPrefix(err.Error(), "store: resolve story") {
				t.Errorf("ResolveArticle(%q) = %v, want %v saying %q", tt.ref, err, tt.wantErr, tt.wantMsg)
			}
		})
	}
}

// TestResolveArticleWithoutNormalizer looks URLs up only as given.
func TestResolveArticleWithoutNormalizer(t *testing.T) {
	s := openTest(t)
	put(t, s, article("https://news.example/x", "f", nil, t0))
	if a, err := s.ResolveArticle(context.Background(), "https://news.example/x"); err != nil || a.URL != "https://news.example/x" {
		t.Errorf("ResolveArticle(stored URL) without NormalizeURL = %v, %v; want the article", a, err)
	}
	if _, err := s.ResolveArticle(context.Background(), "https://news.example/x?utm_source=y"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ResolveArticle(unnormalized URL) without NormalizeURL = %v, want ErrNotFound", err)
	}
}

func TestLabelsReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	s := openAt(t, path)
	put(t, s, article("https://news.example/1", "f", nil, t0), article("https://news.example/2", "f", nil, t0))
	id := ArticleID("https://news.example/1")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := allLabels(t, ro, ""); len(got) != 0 {
		t.Errorf("Labels of a file without a labels bucket = %+v, want none", got)
	}
	if got, err := ro.ArticleLabels(ctx, id); err != nil || got != nil {
		t.Errorf("ArticleLabels without a labels bucket = %+v, %v; want none", got, err)
	}
	for name, err := range map[string]error{
		"PutLabel":    ro.PutLabel(ctx, Label{ArticleID: id, Rule: "bank", Relevant: true}),
		"DeleteLabel": ro.DeleteLabel(ctx, id, "bank"),
	} {
		if !errors.Is(err, berrors.ErrDatabaseReadOnly) || !strings.Contains(err.Error(), "is open read-only") {
			t.Errorf("%s on a read-only store = %v, want ErrDatabaseReadOnly in a sentence", name, err)
		}
	}
	if err := ro.Check(ctx); err != nil {
		t.Errorf("Check() read-only = %v", err)
	}
	ro.Close()

	s = openAt(t, path)
	if err := s.PutLabel(ctx, Label{ArticleID: id, Rule: "bank", Relevant: true, Labeled: t0}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err = Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	want := []Label{{ArticleID: id, Rule: "bank", Relevant: true, Labeled: t0}}
	if got := allLabels(t, ro, "bank"); !reflect.DeepEqual(got, want) {
		t.Errorf("Labels after reopening read-only = %+v, want %+v", got, want)
	}
}

func TestPruneDeletesLabels(t *testing.T) {
	ctx := context.Background()
	s := smallSet(t)
	// Pruning at t0+1m removes the unflagged a2, a5, a6 and keeps a1.
	for _, url := range []string{"a1", "a2", "a5"} {
		for _, rule := range []string{"bank", "privacy"} {
			if err := s.PutLabel(ctx, Label{ArticleID: ArticleID(url), Rule: rule, Labeled: t0}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n, err := s.Prune(ctx, t0.Add(time.Minute), false); err != nil || n != 3 {
		t.Fatalf("Prune = %d, %v; want 3", n, err)
	}
	var ids []string
	for _, l := range allLabels(t, s, "") {
		ids = append(ids, l.ArticleID)
	}
	if want := []string{ArticleID("a1"), ArticleID("a1")}; !reflect.DeepEqual(ids, want) {
		t.Errorf("labels after Prune are of %v, want only a1's two: %v", ids, want)
	}
	mustCheck(t, s)
}

func TestCheckLabels(t *testing.T) {
	id := ArticleID("a1")
	tests := []struct {
		name       string
		key, value string
		want       string
	}{
		{"article not stored", ArticleID("gone") + "\x00bank", `{"article_id":"` + ArticleID("gone") + `","rule":"bank"}`, "the article is not stored"},
		{"value of another rule", id + "\x00bank", `{"article_id":"` + id + `","rule":"privacy"}`, `names article ` + id + ` and rule "privacy"`},
		{"not JSON", id + "\x00bank", `{`, "cannot decode"},
		{"key without rule", id, `{}`, "has no article id and rule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := smallSet(t)
			err := s.db.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucketIfNotExists(bucketLabels)
				if err != nil {
					return err
				}
				return b.Put([]byte(tt.key), []byte(tt.value))
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Check(context.Background()); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check() with a bad label = %v, want ErrCorrupt saying %q", err, tt.want)
			}
		})
	}
}
