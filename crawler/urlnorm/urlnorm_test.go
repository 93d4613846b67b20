package urlnorm

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"case", "HTTPS://News.Example.COM/Story", "https://news.example.com/Story"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"default http port", "http://example.com:80/a", "http://example.com/a"},
		{"other port kept", "http://example.com:8080/a", "http://example.com:8080/a"},
		{"fragment", "https://example.com/a#comments", "https://example.com/a"},
		{"utm", "https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x", "https://example.com/a"},
		{"click ids", "https://example.com/a?id=3&fbclid=abc&gclid=def&mc_cid=1&mc_eid=2&igshid=z&ref_src=twsrc&_hsenc=p2", "https://example.com/a?id=3"},
		{"sorted query", "https://example.com/a?b=2&a=1&c=3&a=0", "https://example.com/a?a=0&a=1&b=2&c=3"},
		{"query encoding kept", "https://example.com/s?q=a%20b&p=x+y", "https://example.com/s?p=x+y&q=a%20b"},
		{"empty path", "https://example.com", "https://example.com/"},
		{"trailing slash kept", "https://example.com/news/story/", "https://example.com/news/story/"},
		{"dot segments", "https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"amp suffix slash", "https://example.com/2024/01/story/amp/", "https://example.com/2024/01/story/"},
		{"amp suffix", "https://example.com/2024/01/story/amp", "https://example.com/2024/01/story"},
		{"amp query", "https://example.com/story?amp=1", "https://example.com/story"},
		{"amp bare query", "https://example.com/story?amp", "https://example.com/story"},
		{"amp outputType", "https://example.com/story?outputType=amp&id=4", "https://example.com/story?id=4"},
		{"amp subdomain", "https://amp.example.com/story", "https://example.com/story"},
		{"amp html", "https://example.com/news/story-123.amp.html", "https://example.com/news/story-123.html"},
		{"amp page only", "https://example.com/amp", "https://example.com/amp"},
		{"idna", "https://Bücher.example/Straße", "https://xn--bcher-kva.example/Stra%C3%9Fe"},
		{"trailing dot host", "https://example.com./a", "https://example.com/a"},
		{"ipv6", "http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"},
		{"spaces around", "  https://example.com/a \n", "https://example.com/a"},
		{"encoded path kept", "https://example.com/a%2Fb", "https://example.com/a%2Fb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err != nil {
				t.Fatalf("Normalize(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	for _, in := range []string{"", "example.com/a", "/relative/path", "ftp://example.com/a", "mailto:a@example.com", "https://", "http://%zz/", "https://" + strings.Repeat("a", 64) + ".example/", "https://" + strings.Repeat("abcdefgh.", 32) + "example/"} {
		t.Run(in, func(t *testing.T) {
			got, err := Normalize(in)
			if err == nil {
				t.Errorf("Normalize(%q) = %q, want an error", in, got)
			}
		})
	}
	if _, err := Normalize("ftp://example.com/a"); !errors.Is(err, ErrNotHTTP) {
		t.Errorf("Normalize(ftp) error = %v, want ErrNotHTTP", err)
	}
}

func TestPreferCanonical(t *testing.T) {
	tests := []struct {
		name, page, canonical, want string
	}{
		{"same host", "https://example.com/story?utm_source=rss", "https://example.com/news/story", "https://example.com/news/story"},
		{"relative", "https://example.com/story?id=3", "/news/story", "https://example.com/news/story"},
		{"same site other subdomain", "https://m.example.co.uk/story", "https://www.example.co.uk/story", "https://www.example.co.uk/story"},
		{"other site ignored", "https://copycat.example.net/story", "https://example.com/story", "https://copycat.example.net/story"},
		{"public suffix is not a site", "https://alice.github.io/post", "https://bob.github.io/post", "https://alice.github.io/post"},
		{"feed proxy", "http://feedproxy.google.com/~r/Example/~3/abc/", "https://example.com/story", "https://example.com/story"},
		{"amp cache", "https://example-com.cdn.ampproject.org/c/s/example.com/story", "https://example.com/story", "https://example.com/story"},
		{"no canonical", "https://example.com/story#top", "", "https://example.com/story"},
		{"bad canonical", "https://example.com/story", "javascript:alert(1)", "https://example.com/story"},
		{"bad page", "not a url", "https://example.com/story", "not a url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PreferCanonical(tt.page, tt.canonical); got != tt.want {
				t.Errorf("PreferCanonical(%q, %q) = %q, want %q", tt.page, tt.canonical, got, tt.want)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"https://Example.com:443/a/../b/amp/?utm_source=x&b=2&a=1#f",
		"http://amp.example.org/x.amp.html?amp=1",
		"https://Bücher.example/Straße?q=a%20b",
		"http://[::1]:80/a%2Fb/./c/",
		"https://example.com/?&&a=&=b",
		"https://example.com/amp/amp/",
		"https://amp.amp.example.com/a.amp.amp.html",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		once, err := Normalize(in)
		if err != nil {
			return
		}
		twice, err := Normalize(once)
		if err != nil {
			t.Fatalf("Normalize(%q) = %q, which does not normalize: %v", in, once, err)
		}
		if twice != once {
			t.Fatalf("Normalize(Normalize(%q)) = %q, want %q", in, twice, once)
		}
	})
}
