package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/newshound/newshound/rules"
)

// fetch does a request and returns the status, body and headers.
func fetch(t testing.TB, method, u string, hdr map[string]string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

func TestStories(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "")
	tests := []struct {
		name, query string
		want        []string // titles, in order
	}{
		{"flagged newest first", "", []string{f.bankMeta.Title, f.ads.Title, f.hostile.Title}},
		{"all", "all=true", []string{f.bankMeta.Title, f.plain.Title, f.ads.Title, f.hostile.Title}},
		{"rule", "rule=bank-facebook-data-sharing", []string{f.bankMeta.Title, f.hostile.Title}},
		{"feed counts sources", "feed=" + url.QueryEscape("https://two.example/feed"), []string{f.bankMeta.Title, f.ads.Title, f.hostile.Title}},
		{"since", "since=2026-03-10T08:30:00Z", []string{f.bankMeta.Title, f.ads.Title}},
		{"until", "until=2026-03-10T08:30:00Z", []string{f.hostile.Title}},
		{"date", "since=2026-03-11", nil},
		{"text query ignores case", "q=CUSTOMER+meta", []string{f.bankMeta.Title}},
		{"phrase", "q=" + url.QueryEscape(`"pixel sent"`), []string{f.ads.Title}},
		{"no match", "q=weather", nil},
		{"all and text", "all=1&q=sun", []string{f.plain.Title}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := fetch(t, "GET", srv.URL+"/api/v1/stories?"+tt.query, nil)
			var got storiesJSON
			if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil {
				t.Fatalf("GET stories?%s = %d %s (%v), want 200 and JSON", tt.query, status, body, err)
			}
			var titles []string
			for _, s := range got.Stories {
				titles = append(titles, s.Title)
			}
			if !reflect.DeepEqual(titles, tt.want) || got.Next != "" {
				t.Errorf("GET stories?%s = %q next %q, want %q and no next", tt.query, titles, got.Next, tt.want)
			}
		})
	}
}

func TestStoriesPaging(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "")
	var titles []string
	cursor := ""
	for pages := 1; ; pages++ {
		u := srv.URL + "/api/v1/stories?all=true&limit=1"
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		status, body, _ := fetch(t, "GET", u, nil)
		var got storiesJSON
		if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil || len(got.Stories) != 1 {
			t.Fatalf("page %d = %d %s, want one story", pages, status, body)
		}
		titles = append(titles, got.Stories[0].Title)
		if got.Stories[0].Text != "" {
			t.Errorf("a story in a list carries its text, want it only on /api/v1/stories/{id}")
		}
		if cursor = got.Next; cursor == "" {
			break
		}
	}
	if want := []string{f.bankMeta.Title, f.plain.Title, f.ads.Title, f.hostile.Title}; !reflect.DeepEqual(titles, want) {
		t.Errorf("pages of one = %q, want %q", titles, want)
	}
}

func TestStory(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "")
	status, body, _ := fetch(t, "GET", srv.URL+"/api/v1/stories/"+f.bankMeta.ID, nil)
	var got storyJSON
	if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil {
		t.Fatalf("GET story = %d %s, want 200", status, body)
	}
	if got.Text != f.bankMeta.Text || len(got.Sources) != 2 || got.Sources[1].Title != "Two Daily" || got.Page != "/stories/"+f.bankMeta.ID {
		t.Errorf("story = text %q, sources %v, page %q; want the text, both sources, its page", got.Text, got.Sources, got.Page)
	}
	if len(got.Flags) != 1 || len(got.Flags[0].Matches) != 2 || got.Flags[0].Matches[1].Snippet != "customer data with Meta for advertising." {
		t.Errorf("story flags = %+v, want the flag with both matches and snippets", got.Flags)
	}
	status, body, _ = fetch(t, "GET", srv.URL+"/api/v1/stories/"+f.plain.ID, nil)
	if status != 200 || !strings.Contains(body, `"flags":[]`) {
		t.Errorf("unflagged story = %d %s, want flags as an empty array", status, body)
	}
}

func TestErrors(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "")
	tests := []struct {
		name, method, path string
		status             int
		want               string
	}{
		{"unknown story", "GET", "/api/v1/stories/0123", 404, "no story with id 0123"},
		{"bad since", "GET", "/api/v1/stories?since=soon", 400, `since=\"soon\" is not a time`},
		{"until before since", "GET", "/api/v1/stories?since=1h&until=2h", 400, "is not before until"},
		{"bad limit", "GET", "/api/v1/stories?limit=0", 400, "limit"},
		{"bad all", "GET", "/api/v1/stories?all=maybe", 400, "not a boolean"},
		{"unknown parameter", "GET", "/api/v1/stories?rul=x", 400, `unknown parameter \"rul\"`},
		{"bad cursor", "GET", "/api/v1/stories?cursor=nope", 400, "cursor"},
		{"post", "POST", "/api/v1/stories", 405, "method POST is not allowed"},
		{"delete story", "DELETE", "/api/v1/stories/x", 405, "not allowed"},
		{"post feeds", "PUT", "/api/v1/rules", 405, "not allowed"},
		{"unknown rule feed", "GET", "/feeds/rules/nope.atom", 404, "no rule named nope"},
		{"not an atom file", "GET", "/feeds/rules/quiet", 404, "no such feed"},
		{"unknown path", "GET", "/api/v2/stories", 404, "no such endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := fetch(t, tt.method, srv.URL+tt.path, nil)
			if status != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("%s %s = %d %s, want %d containing %q", tt.method, tt.path, status, body, tt.status, tt.want)
			}
			var e map[string]string
			if err := json.Unmarshal([]byte(body), &e); err != nil || e["error"] == "" || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
				t.Errorf("%s %s body %q (%s) is not {\"error\": ...}", tt.method, tt.path, body, hdr.Get("Content-Type"))
			}
			if tt.status == 405 && hdr.Get("Allow") == "" {
				t.Errorf("405 without an Allow header")
			}
		})
	}
}

func TestRules(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "")
	_, body, _ := fetch(t, "GET", srv.URL+"/api/v1/rules", nil)
	var rs struct{ Rules []ruleJSON }
	if err := json.Unmarshal([]byte(body), &rs); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range rs.Rules {
		got[r.Name] = r.Flagged
	}
	if want := map[string]int{"bank-facebook-data-sharing": 2, "ad-tracking": 1, "quiet": 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("rule counts = %v, want %v", got, want)
	}
	if r := rs.Rules[1]; r.Name != "bank-facebook-data-sharing" || r.Query != "bank AND (facebook OR meta)" || !reflect.DeepEqual(r.Tags, []string{"privacy", "finance"}) || !r.Configured || r.Atom != "/feeds/rules/bank-facebook-data-sharing.atom" {
		t.Errorf("first rule = %+v, want its query, tags, configured, atom path", r)
	}
}

func TestSetRules(t *testing.T) {
	f := newFixture(t)
	s := &Server{Store: f.st, Rules: f.set}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	set, err := rules.Compile([]rules.Definition{{Name: "reloaded", Query: "bank"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.SetRules(set)
	_, body, _ := fetch(t, "GET", srv.URL+"/api/v1/rules", nil)
	var rs struct{ Rules []ruleJSON }
	if err := json.Unmarshal([]byte(body), &rs); err != nil {
		t.Fatal(err)
	}
	var configured []string
	for _, r := range rs.Rules {
		if r.Configured {
			configured = append(configured, r.Name)
		}
	}
	if !reflect.DeepEqual(configured, []string{"reloaded"}) || len(rs.Rules) != 3 {
		t.Errorf("after SetRules, rules = %+v; want reloaded configured and the two stored rules listed as not configured", rs.Rules)
	}
	if status, _, _ := fetch(t, "GET", srv.URL+"/feeds/rules/reloaded.atom", nil); status != 200 {
		t.Errorf("Atom feed of the reloaded rule = %d, want 200", status)
	}
}
