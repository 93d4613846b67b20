package api

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/newshound/newshound/cmd/newshound/internal/web"
	"github.com/newshound/newshound/store"
)

// send does a request with a body, as JSON unless hdr names another
// Content-Type, and returns the status, body and headers; redirects are
// not followed.
func send(t testing.TB, method, u, body string, hdr map[string]string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json") // as the CLI sends it; hdr may say otherwise
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(data), resp.Header
}

// labelsOf reads a story's labels through GET /api/v1/stories/{id}.
func labelsOf(t *testing.T, srvURL, id string, hdr map[string]string) []map[string]any {
	t.Helper()
	status, body, _ := fetch(t, "GET", srvURL+"/api/v1/stories/"+id, hdr)
	var got struct {
		Labels []map[string]any `json:"labels"`
	}
	if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil || got.Labels == nil {
		t.Fatalf("GET story %s = %d %s, want 200 with a labels array", id, status, body)
	}
	return got.Labels
}

// TestLabelAPI runs its steps in order: each sees the labels the earlier
// ones left.
func TestLabelAPI(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "")
	bank := "/api/v1/stories/" + f.bankMeta.ID + "/labels/bank-facebook-data-sharing"
	steps := []struct {
		name, method, path, body string
		status                   int
		want                     string // in the body
		labels                   string // then, bankMeta's labels as "rule=relevant" joined by ","
	}{
		{"no labels yet", "GET", "/api/v1/stories/" + f.bankMeta.ID, "", 200, `"labels":[]`, ""},
		{"relevant", "PUT", bank, `{"relevant": true}`, 200, `"label":{"article_id":"` + f.bankMeta.ID + `","rule":"bank-facebook-data-sharing","relevant":true`, "bank-facebook-data-sharing=true"},
		{"by prefix, irrelevant", "PUT", "/api/v1/stories/" + f.bankMeta.ID[:8] + "/labels/bank-facebook-data-sharing", `{"relevant":false}`, 200, `"title":"Bank shared customer data with Meta"`, "bank-facebook-data-sharing=false"},
		{"by URL, another rule", "PUT", "/api/v1/stories/" + url.PathEscape(f.bankMeta.URL) + "/labels/quiet", `{"relevant":true}`, 200, `"rule":"quiet"`, "bank-facebook-data-sharing=false,quiet=true"},
		{"unknown rule", "PUT", "/api/v1/stories/" + f.bankMeta.ID + "/labels/nope", `{"relevant":true}`, 404, "no rule named nope to label the story for; use one of: ad-tracking, bank-facebook-data-sharing, quiet", "bank-facebook-data-sharing=false,quiet=true"},
		{"unknown story", "PUT", "/api/v1/stories/ffffffff/labels/quiet", `{"relevant":true}`, 404, "no story with id, id prefix or URL ffffffff", "bank-facebook-data-sharing=false,quiet=true"},
		{"short prefix", "PUT", "/api/v1/stories/" + f.bankMeta.ID[:3] + "/labels/quiet", `{"relevant":true}`, 404, "no story with id", "bank-facebook-data-sharing=false,quiet=true"},
		{"empty body", "PUT", bank, ``, 400, `the body must be {\"relevant\": true} or {\"relevant\": false}`, "bank-facebook-data-sharing=false,quiet=true"},
		{"no relevant", "PUT", bank, `{}`, 400, "the body must be", "bank-facebook-data-sharing=false,quiet=true"},
		{"not a boolean", "PUT", bank, `{"relevant":"yes"}`, 400, "the body must be", "bank-facebook-data-sharing=false,quiet=true"},
		{"unknown field", "PUT", bank, `{"relevant":true,"rule":"x"}`, 400, "the body must be", "bank-facebook-data-sharing=false,quiet=true"},
		{"two objects", "PUT", bank, `{"relevant":true}{"relevant":false}`, 400, "the body must be", "bank-facebook-data-sharing=false,quiet=true"},
		{"wrong method", "POST", bank, `{"relevant":true}`, 405, "use PUT, DELETE", "bank-facebook-data-sharing=false,quiet=true"},
		{"delete", "DELETE", bank, "", 200, `"label":null`, "quiet=true"},
		{"delete again", "DELETE", bank, "", 404, `{"error":"the story ` + f.bankMeta.ID + ` has no label for rule bank-facebook-data-sharing","story":{"id":"` + f.bankMeta.ID + `"`, "quiet=true"},
		{"delete of an unknown story", "DELETE", "/api/v1/stories/ffffffff/labels/quiet", "", 404, "no story", "quiet=true"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			status, body, hdr := send(t, st.method, srv.URL+st.path, st.body, nil)
			if status != st.status || !strings.Contains(body, st.want) {
				t.Errorf("%s %s %s = %d %s, want %d containing %q", st.method, st.path, st.body, status, body, st.status, st.want)
			}
			if !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
				t.Errorf("%s %s answered %s, want JSON", st.method, st.path, hdr.Get("Content-Type"))
			}
			var got []string
			for _, l := range labelsOf(t, srv.URL, f.bankMeta.ID, nil) {
				got = append(got, l["rule"].(string)+"="+map[bool]string{true: "true", false: "false"}[l["relevant"].(bool)])
			}
			if strings.Join(got, ",") != st.labels {
				t.Errorf("after %s %s, the story's labels are %q, want %q", st.method, st.path, strings.Join(got, ","), st.labels)
			}
		})
	}
}

// TestLabelAPIToken: the label routes change state, so they need the
// bearer token when one is set, as every API route does.
func TestLabelAPIToken(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "s3cret")
	path := srv.URL + "/api/v1/stories/" + f.ads.ID + "/labels/ad-tracking"
	cookie := sessionCookie + "=" + (&Server{Token: "s3cret"}).session()
	tests := []struct {
		name, method string
		hdr          map[string]string
		status       int
	}{
		{"no token", "PUT", nil, 401},
		{"wrong token", "PUT", map[string]string{"Authorization": "Bearer nope"}, 401},
		{"the page's cookie is not enough", "PUT", map[string]string{"Cookie": cookie}, 401},
		{"token", "PUT", map[string]string{"Authorization": "Bearer s3cret"}, 200},
		{"delete without token", "DELETE", nil, 401},
		{"delete with token", "DELETE", map[string]string{"Authorization": "Bearer s3cret"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, body, _ := send(t, tt.method, path, `{"relevant":true}`, tt.hdr); status != tt.status {
				t.Errorf("%s with %v = %d %s, want %d", tt.method, tt.hdr, status, body, tt.status)
			}
		})
	}
}

func TestLabelForm(t *testing.T) {
	f := newFixture(t)
	open := f.serve(t, "")
	guarded := f.serve(t, "s3cret")
	// The form's token, as the story page puts it in the form, and its
	// cookie, as the page sets it.
	tok := "form-token-0123456789-0123456789-0123456789"[:formTokenLen]
	formToken := "&" + web.FormTokenField + "=" + tok
	cookie := sessionCookie + "=" + (&Server{Token: "s3cret"}).session() + "; " + formCookie + "=" + tok
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Cookie": formCookie + "=" + tok}
	with := func(extra map[string]string) map[string]string {
		h := maps.Clone(form)
		maps.Copy(h, extra)
		return h
	}
	tests := []struct {
		name    string
		srvURL  string
		id      string
		query   string
		body    string
		hdr     map[string]string
		status  int
		want    string // in the body, or the Location of a redirect
		labeled bool   // whether ads then has a label of ad-tracking
	}{
		{"unknown label", open.URL, f.ads.ID, "", "rule=ad-tracking&label=maybe" + formToken, form, 400, "must be relevant or irrelevant", false},
		{"unknown rule", open.URL, f.ads.ID, "", "rule=nope&label=relevant" + formToken, form, 400, "There is no rule named nope", false},
		{"unknown story", open.URL, "ffff", "", "rule=ad-tracking&label=relevant" + formToken, form, 404, "No story is stored", false},
		{"from another site", open.URL, f.ads.ID, "", "rule=ad-tracking&label=relevant" + formToken, with(map[string]string{"Sec-Fetch-Site": "cross-site"}), 403, "", false},
		{"from another origin", open.URL, f.ads.ID, "", "rule=ad-tracking&label=relevant" + formToken, with(map[string]string{"Origin": "https://evil.example"}), 403, "", false},
		{"without the form token", open.URL, f.ads.ID, "", "rule=ad-tracking&label=relevant", form, 403, "not sent from a page of this newshound", false},
		{"without the form cookie", open.URL, f.ads.ID, "", "rule=ad-tracking&label=relevant" + formToken, with(map[string]string{"Cookie": ""}), 403, "not sent from a page of this newshound", false},
		{"with another form token", open.URL, f.ads.ID, "", "rule=ad-tracking&label=relevant&" + web.FormTokenField + "=" + strings.Repeat("x", formTokenLen), form, 403, "not sent from a page of this newshound", false},
		{"without a session", guarded.URL, f.ads.ID, "", "rule=ad-tracking&label=relevant" + formToken, form, 401, `name="next" value="/stories/` + f.ads.ID + `"`, false},
		{"the token in the URL is not a session", guarded.URL, f.ads.ID, "?token=s3cret", "rule=ad-tracking&label=relevant" + formToken, form, 401, "Log in", false},
		{"with a session", guarded.URL, f.ads.ID, "", "rule=ad-tracking&label=irrelevant" + formToken, with(map[string]string{"Cookie": cookie}), 303, "/stories/" + f.ads.ID + "#labels", true},
		{"same origin, no token", open.URL, f.ads.ID, "", "rule=ad-tracking&label=relevant" + formToken, with(map[string]string{"Sec-Fetch-Site": "same-origin"}), 303, "/stories/" + f.ads.ID + "#labels", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_ = f.st.DeleteLabel(t.Context(), f.ads.ID, "ad-tracking") // each case starts unlabelled; ErrNotFound is fine
			path := "/stories/" + tt.id + "/label" + tt.query
			status, body, hdr := send(t, "POST", tt.srvURL+path, tt.body, tt.hdr)
			got := body
			if status == 303 {
				got = hdr.Get("Location")
			}
			if status != tt.status || !strings.Contains(got, tt.want) {
				t.Errorf("POST %s %s = %d %.300q, want %d containing %q", path, tt.body, status, got, tt.status, tt.want)
			}
			labels, err := f.st.ArticleLabels(t.Context(), f.ads.ID)
			if err != nil {
				t.Fatal(err)
			}
			if (len(labels) == 1) != tt.labeled {
				t.Errorf("after POST %s %s, the story's labels are %+v, want labelled %v", path, tt.body, labels, tt.labeled)
			}
		})
	}
	if status, _, hdr := fetch(t, "GET", open.URL+"/stories/"+f.ads.ID+"/label", nil); status != 405 || hdr.Get("Allow") != "POST" {
		t.Errorf("GET of the label form's target = %d (Allow %q), want 405 allowing POST", status, hdr.Get("Allow"))
	}
}

// TestStoryPageLabels: the story page has a row per configured rule with
// the current label pressed.
func TestStoryPageLabels(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "")
	if err := f.st.PutLabel(t.Context(), store.Label{ArticleID: f.bankMeta.ID, Rule: "quiet", Relevant: false}); err != nil {
		t.Fatal(err)
	}
	status, body, hdr := fetch(t, "GET", srv.URL+"/stories/"+f.bankMeta.ID, nil)
	if status != 200 {
		t.Fatalf("GET story page = %d", status)
	}
	// The page sets the form cookie and posts its value with each button.
	var tok string
	for _, c := range (&http.Response{Header: hdr}).Cookies() {
		if c.Name == formCookie && c.HttpOnly && c.SameSite == http.SameSiteStrictMode {
			tok = c.Value
		}
	}
	if len(tok) != formTokenLen || strings.Count(body, `<input type="hidden" name="`+web.FormTokenField+`" value="`+tok+`">`) != 3 {
		t.Errorf("story page: form cookie %q (Set-Cookie %q), want %d characters in the three forms", tok, hdr.Values("Set-Cookie"), formTokenLen)
	}
	for _, want := range []string{
		`<form method="post" action="/stories/` + f.bankMeta.ID + `/label" class="label" data-rule="bank-facebook-data-sharing">`,
		`data-rule="ad-tracking"`,
		`<input type="hidden" name="rule" value="quiet">`,
		`labelled irrelevant`,
		`value="irrelevant" aria-pressed="true">irrelevant</button>`,
		`not labelled`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("story page lacks %q", want)
		}
	}
	if n := strings.Count(body, `aria-pressed="true"`); n != 1 {
		t.Errorf("story page presses %d buttons, want 1 (quiet's irrelevant)", n)
	}
}
