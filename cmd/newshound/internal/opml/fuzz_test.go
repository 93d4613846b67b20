package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html/charset"
)

// referenceParse is Parse as it was before it read tokens: the whole
// document decoded into a tree of outlines, then walked, each level's
// folder path concatenated. It is quadratic in the nesting, so it only
// serves as the reference FuzzParse compares Parse with.
func referenceParse(data []byte) ([]Feed, error) {
	type node struct {
		Text     string `xml:"text,attr"`
		Title    string `xml:"title,attr"`
		XMLURL   string `xml:"xmlUrl,attr"`
		HTMLURL  string `xml:"htmlUrl,attr"`
		Outlines []node `xml:"outline"`
	}
	var doc struct {
		XMLName xml.Name `xml:"opml"`
		Body    []node   `xml:"body>outline"`
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charset.NewReaderLabel
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var feeds []Feed
	var walk func(outs []node, folder string) error
	walk = func(outs []node, folder string) error {
		for _, o := range outs {
			label := strings.TrimSpace(firstNonEmpty(o.Title, o.Text))
			if u := strings.TrimSpace(o.XMLURL); u != "" {
				if len(feeds) == MaxFeeds {
					return errors.New("too many feeds")
				}
				feeds = append(feeds, Feed{URL: u, Title: label, SiteURL: strings.TrimSpace(o.HTMLURL), Category: folder})
			}
			sub := label
			if folder != "" {
				sub = folder + "/" + label
			}
			if err := walk(o.Outlines, sub); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(doc.Body, ""); err != nil {
		return nil, err
	}
	return feeds, nil
}

// FuzzParse compares Parse with referenceParse on arbitrary documents:
// both read the same feeds, or both refuse, or Parse refuses at one of
// its limits (nesting, folder path) where the reference reads on. A
// refusal wraps ErrInvalid and names the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`<opml version="2.0"><body><outline text="Tech"><outline text="Privacy"><outline text="C" xmlUrl="https://c.example/feed"/></outline></outline><outline text="x" xmlUrl="u"/></body></opml>`))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><opml><head><title>t</title></head><body><outline title="B" text="b" htmlUrl=" h "><outline text="b1" xmlUrl="https://b.example/1"/></outline></body><body><outline xmlUrl="v"/></body></opml>`))
	f.Add([]byte(`<x:opml xmlns:x="urn:x"><x:body><outline x:text="n" xmlUrl="u"/></x:body></x:opml><opml/>`))
	f.Add([]byte("<opml><body>" + strings.Repeat(`<outline text="f">`, MaxDepth) + `<outline xmlUrl="u"/>` + strings.Repeat("</outline>", MaxDepth) + "</body></opml>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Parse(bytes.NewReader(data), "fuzz.opml")
		want, werr := referenceParse(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "fuzz.opml") {
				t.Fatalf("Parse(%q) = %v, want an error wrapping ErrInvalid naming the file", data, err)
			}
			if werr == nil && !strings.Contains(err.Error(), "nested deeper than") && !strings.Contains(err.Error(), "bytes") {
				t.Fatalf("Parse(%q) = %v, but the reference reads %d feeds and no limit was passed", data, err, len(want))
			}
			return
		}
		if werr != nil {
			t.Fatalf("Parse(%q) = %d feeds, but the reference refuses it: %v", data, len(got), werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Parse(%q) = %+v, want %+v as the reference", data, got, want)
		}
	})
}
