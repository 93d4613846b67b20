// Package corpus reads labeled stories and measures rules against them:
// precision, recall and F1, the stories a rule gets wrong and why, and
// terms that would mend it.
//
// # Format
//
// A corpus is a folder of files ending in .jsonl (one story per line) or
// .json (one story, or an array of them), read in name order; a single
// such file is a corpus too. A story is an object with these keys:
//
//	{"id": "pixel-taxact-01",                   required, unique in the corpus
//	 "headline": "Tax sites sent filers' ...",  the title
//	 "text": "...",                             the article text, paragraphs separated by blank lines
//	 "label": "relevant",                       required: "relevant" or "irrelevant"
//	 "kind": "tracking-pixel",                  optional: the kind of story, for reports by kind
//	 "reason": "..."}                           optional: one line on why it has its label
//
// Unknown keys are errors, so a misspelt key is not silently ignored.
//
// # Tuning and check parts
//
// [Part] puts every story, by a hash of its id, into a tuning part (about
// 60%) or a check part (about 40%). Tune a rule on the first; the second
// is the figure that counts, since a gain on the tuning part alone is
// fitting, not progress.
package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newshound/newshound/rules"
)

// Story is one labeled story.
type Story struct {
	// ID identifies the story; it decides its Part.
	ID string `json:"id"`
	// Headline and Text are what a rule is matched against.
	Headline string `json:"headline"`
	Text     string `json:"text"`
	// Label is LabelRelevant or LabelIrrelevant.
	Label string `json:"label"`
	// Kind and Reason are optional notes: the kind of story and why it
	// has its label.
	Kind   string `json:"kind,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Source is the file and line the story was read from (for messages).
	Source string `json:"-"`
	// Stages, when set, are the documents matched instead of Headline and
	// Text, in turn; the story is flagged when one is. A stored story has
	// two, as the crawler matches them: its feed item and its article.
	Stages []rules.Doc `json:"-"`
}

// The two labels.
const (
	LabelRelevant   = "relevant"
	LabelIrrelevant = "irrelevant"
)

// Relevant reports whether the story is labeled relevant.
func (s *Story) Relevant() bool { return s.Label == LabelRelevant }

// Docs are the documents a rule is matched against: Stages, or one of
// Headline and Text.
func (s *Story) Docs() []rules.Doc {
	if len(s.Stages) > 0 {
		return s.Stages
	}
	return []rules.Doc{{Title: s.Headline, Text: s.Text}}
}

// The parts of a corpus.
const (
	PartTune  = "tune"
	PartCheck = "check"
)

// Part returns PartTune or PartCheck for a story id: PartTune when the
// FNV-1a hash of the id modulo 100 is below 60. It never changes, so a
// story stays in its part however the corpus grows.
func Part(id string) string {
	h := fnv.New32a()
	h.Write([]byte(id))
	if h.Sum32()%100 < 60 {
		return PartTune
	}
	return PartCheck
}

// Select returns the stories of part (PartTune, PartCheck, or "" or
// "all" for every story).
func Select(stories []Story, part string) []Story {
	if part == "" || part == "all" {
		return stories
	}
	var out []Story
	for _, s := range stories {
		if Part(s.ID) == part {
			out = append(out, s)
		}
	}
	return out
}

// Load reads the corpus at path, a folder or one .jsonl or .json file.
// Every problem is reported with its file and line; a corpus with none is
// an error too.
func Load(path string) ([]Story, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	files := []string{path}
	if fi.IsDir() {
		files = nil
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		for _, e := range entries {
			if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".jsonl" || ext == ".json") {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
		sort.Strings(files)
	}
	var out []Story
	var errs []error
	seen := map[string]string{}
	for _, f := range files {
		stories, err := loadFile(f)
		if err != nil {
			errs = append(errs, err)
		}
		for _, s := range stories {
			if prev, dup := seen[s.ID]; dup {
				errs = append(errs, fmt.Errorf("corpus: %s: id %q is also at %s: ids must be unique", s.Source, s.ID, prev))
				continue
			}
			seen[s.ID] = s.Source
			out = append(out, s)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("corpus: %s holds no stories (want .jsonl or .json files of labeled stories, see the rules/corpus documentation)", path)
	}
	return out, nil
}

func loadFile(path string) ([]Story, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	var out []Story
	var errs []error
	add := func(line int, raw []byte) {
		s, err := decode(raw)
		s.Source = fmt.Sprintf("%s:%d", path, line)
		if err != nil {
			errs = append(errs, fmt.Errorf("corpus: %s: %w", s.Source, err))
			return
		}
		out = append(out, s)
	}
	if filepath.Ext(path) == ".json" {
		start := len(b) - len(bytes.TrimLeft(b, " \t\r\n"))
		trimmed := bytes.TrimSpace(b)
		if len(trimmed) == 0 || trimmed[0] != '[' {
			add(lineAt(b, start), trimmed)
			return out, errors.Join(errs...)
		}
		// An array: each story is reported at the line where it starts.
		var raws []json.RawMessage
		if err := json.Unmarshal(b, &raws); err != nil {
			line := ""
			if se, ok := errors.AsType[*json.SyntaxError](err); ok {
				line = fmt.Sprintf(":%d", lineAt(b, int(se.Offset)))
			}
			return nil, fmt.Errorf("corpus: %s%s: %w", path, line, err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.Token() // the '[', valid as Unmarshal found
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, fmt.Errorf("corpus: %s: %w", path, err)
			}
			add(lineAt(b, int(dec.InputOffset())-len(raw)), raw)
		}
		return out, errors.Join(errs...)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for line := 1; sc.Scan(); line++ {
		if raw := bytes.TrimSpace(sc.Bytes()); len(raw) > 0 {
			add(line, raw)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("corpus: %s: %w", path, err))
	}
	return out, errors.Join(errs...)
}

// lineAt returns the line (from 1) of byte offset off of b.
func lineAt(b []byte, off int) int {
	return 1 + bytes.Count(b[:max(0, min(off, len(b)))], []byte("\n"))
}

func decode(raw []byte) (Story, error) {
	var s Story
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("not a story (%w); keys are id, headline, text, label, kind, reason", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return s, errors.New("more than one JSON value on the line")
	}
	switch {
	case strings.TrimSpace(s.ID) == "":
		return s, errors.New("the story has no id")
	case s.Label != LabelRelevant && s.Label != LabelIrrelevant:
		return s, fmt.Errorf("story %s: label is %q, want %q or %q", s.ID, s.Label, LabelRelevant, LabelIrrelevant)
	case strings.TrimSpace(s.Headline) == "" && strings.TrimSpace(s.Text) == "":
		return s, fmt.Errorf("story %s has neither headline nor text", s.ID)
	}
	return s, nil
}
