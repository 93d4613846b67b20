package fetch

import (
	"bytes"
	"slices"
	"testing"

	"github.com/newshound/newshound/internal/testkit/seeds"
)

// FuzzRepairFeed checks repairFeed on arbitrary bytes: no panic, and a
// repaired body starts with '<', holds no control character XML forbids,
// and needs no second repair.
func FuzzRepairFeed(f *testing.F) {
	for _, s := range seeds.Feeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in := slices.Clone(body)
		fixed := repairFeed(body)
		if !bytes.Equal(body, in) {
			t.Fatalf("repairFeed changed its argument")
		}
		if fixed == nil {
			return
		}
		if fixed[0] != '<' {
			t.Fatalf("repairFeed(%q) = %q, which does not start with '<'", body, fixed)
		}
		if i := bytes.IndexFunc(fixed, isBadControl); i >= 0 {
			t.Fatalf("repairFeed(%q) = %q, which keeps control character %#x at %d", body, fixed, fixed[i], i)
		}
		if again := repairFeed(fixed); again != nil {
			t.Fatalf("repairFeed(%q) = %q, which repairs again into %q", body, fixed, again)
		}
	})
}

// TestRepairControlInDeclaration pins what FuzzRepairFeed found: a control
// character inside the XML declaration hid the encoding it names from the
// repair, so a feed declaring an unknown encoding stayed unreadable.
func TestRepairControlInDeclaration(t *testing.T) {
	body := "<?xml version=\"1.0\" enco\x01ding=\"x-unknown\"?><rss version=\"2.0\"><channel><title>T</title>" +
		"<item><title>I</title><link>https://news.example/i</link></item></channel></rss>"
	f, err := ParseFeed([]byte(body), "https://feeds.example/rss")
	if err != nil {
		t.Fatalf("ParseFeed(%q) = %v, want the feed read after repair", body, err)
	}
	if len(f.Items) != 1 || f.Items[0].Title != "I" {
		t.Errorf("ParseFeed(%q) gave items %+v, want the one item I", body, f.Items)
	}
}
