package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// ListEntry is one entry of a list file: a name and the other ways it is
// written. A list file maps list names to entries; each entry is a plain
// string or this mapping.
type ListEntry struct {
	// Name is the entry's common name. It is a term of the list unless
	// OrdinaryWord is set.
	Name string `yaml:"name"`
	// Aliases are other names and short forms; each is a term of the list.
	Aliases []string `yaml:"aliases"`
	// OrdinaryWord marks a name that is also an ordinary word ("Chase",
	// "Discover", "Square", "Marcus"): the name alone then never matches,
	// only its aliases do, which are written as phrases ("Chase Bank",
	// "JPMorgan Chase") so that "police gave chase" is not a bank.
	OrdinaryWord bool `yaml:"ordinary_word"`

	line int // where the entry starts in its file, for messages
}

// entryKeys are the keys of a ListEntry written as a mapping.
var entryKeys = []string{"name", "aliases", "ordinary_word"}

// UnmarshalYAML takes a plain string as an entry with only a name, and
// refuses unknown keys in a mapping: yaml.v3's Node.Decode does not keep
// the decoder's KnownFields, so a misspelt key would be dropped.
func (e *ListEntry) UnmarshalYAML(n *yaml.Node) error {
	e.line = n.Line
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&e.Name)
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if slices.Contains(entryKeys, k.Value) {
				continue
			}
			msg := fmt.Sprintf("unknown key %q in a list entry", k.Value)
			if best := closest(k.Value, entryKeys); best != "" {
				msg += fmt.Sprintf("; did you mean %q?", best)
			} else {
				msg += fmt.Sprintf(" (known keys: %s)", strings.Join(entryKeys, ", "))
			}
			return lineError(k, msg)
		}
	}
	type plain ListEntry
	if err := n.Decode((*plain)(e)); err != nil {
		return err
	}
	e.line = n.Line
	return nil
}

// terms returns the list terms of the entry.
func (e ListEntry) terms() []string {
	var out []string
	if !e.OrdinaryWord {
		out = append(out, e.Name)
	}
	return append(out, e.Aliases...)
}

// loadListFiles reads every file of c.ListsFiles (relative to the
// configuration's folder) and adds its lists to c.Lists. A list defined
// twice, in the configuration or another file, is an error.
func (c *Config) loadListFiles() []string {
	var errs []string
	origin := map[string]string{}
	for name := range c.Lists {
		origin[name] = "lists:"
	}
	for i, f := range c.ListsFiles {
		path := f
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(c.File), f)
		}
		lists, problems := readListFile(path)
		if len(problems) > 0 {
			for _, p := range problems {
				errs = append(errs, fmt.Sprintf("lists_files[%d]: %s", i+1, p))
			}
			continue
		}
		names := make([]string, 0, len(lists))
		for name := range lists {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			if prev, dup := origin[name]; dup {
				errs = append(errs, fmt.Sprintf("lists_files[%d]: %s defines list %q, already defined in %s: rename one", i+1, f, name, prev))
				continue
			}
			origin[name] = f
			if c.Lists == nil {
				c.Lists = map[string][]string{}
			}
			c.Lists[name] = lists[name]
		}
	}
	return errs
}

// listFileHint ends every message about a list file's form.
const listFileHint = "(a list file maps list names to entries: a string, or name, aliases and ordinary_word)"

// maxListFileBytes caps a list file, so that a wrong path (a device, a
// database) cannot stall or exhaust loading.
const maxListFileBytes = 4 << 20

// readListFile reads one list file into list terms. Each problem is one
// sentence naming the file (by its base name) and, when known, the line.
func readListFile(path string) (map[string][]string, []string) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, []string{fmt.Sprintf("%s does not exist (list files are relative to the configuration's folder)", path)}
	case err != nil:
		return nil, []string{err.Error()}
	case !fi.Mode().IsRegular():
		return nil, []string{fmt.Sprintf("%s is not a regular file: name a YAML list file", path)}
	case fi.Size() > maxListFileBytes:
		return nil, []string{fmt.Sprintf("%s is %d bytes, more than the limit of %d: split it into several list files", path, fi.Size(), maxListFileBytes)}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, []string{err.Error()}
	}
	name := filepath.Base(path)
	var raw map[string][]ListEntry
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
		return nil, listFileErrors(name, err)
	}
	lists := make([]string, 0, len(raw))
	for l := range raw {
		lists = append(lists, l)
	}
	slices.Sort(lists)
	out := map[string][]string{}
	var errs []string
	for _, l := range lists {
		terms := []string{}
		for j, e := range raw[l] {
			switch {
			case strings.TrimSpace(e.Name) == "":
				errs = append(errs, fmt.Sprintf("%s:%d: list %s entry %d has no name: add name: to it", name, e.line, l, j+1))
			case e.OrdinaryWord && len(e.Aliases) == 0:
				errs = append(errs, fmt.Sprintf("%s:%d: list %s entry %q is an ordinary word with no aliases, so it can never match: give phrases as aliases", name, e.line, l, e.Name))
			}
			terms = append(terms, e.terms()...)
		}
		out[l] = terms
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// listFileErrors turns yaml.v3's errors about list file name into one
// sentence per problem, as decodeError does for the configuration.
func listFileErrors(name string, err error) []string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		out := make([]string, 0, len(te.Errors))
		for _, m := range te.Errors {
			out = append(out, name+":"+describe(m)+" "+listFileHint)
		}
		return out
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if l, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(l, "line ") {
		return []string{fmt.Sprintf("%s:%s: %s (fix the YAML syntax there)", name, strings.TrimPrefix(l, "line "), rest)}
	}
	return []string{fmt.Sprintf("%s: %s (fix the YAML syntax)", name, msg)}
}
