package rules

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// wordKind says how a query word is compared with a document word.
type wordKind uint8

const (
	wordExact  wordKind = iota // equal folded words
	wordPrefix                 // bank* : the document word starts with it
	wordStem                   // equal English stems
)

// word is one folded word of a query term, with its dictionary id.
type word struct {
	key  string
	kind wordKind
	id   int32
}

// list is a named list compiled for one stemming setting.
type list struct {
	name    string
	entries []entry
	idx     int // its index among the lists of its Set, for listMemo
}

// entry is one term of a list.
type entry struct {
	words []word
	term  int32
}

// rule is one compiled Definition.
type rule struct {
	def      Definition
	q        query // the query
	p        query // the prefilter; p.root is nil when none
	maxScore float64
}

// Set is a compiled rule set. It is safe for concurrent use; the zero
// value is an empty set that matches nothing.
type Set struct {
	rules  []rule
	dict   dict
	terms  []string // display text of every clause, by node.term
	main   postings // the rules' queries
	pre    postings // their prefilters
	prog   []uint32 // the check programs of every query
	allPre bool     // every rule has a prefilter
	pool   statePool
}

// Compile checks and compiles defs, resolving @name against lists. The
// error lists every bad rule and list; each is an *Error (use errors.As).
// Rules are kept in name order.
func Compile(defs []Definition, lists map[string][]string) (*Set, error) {
	return newCompiler(lists).compile(defs)
}

// compile compiles defs with c.
func (c *compiler) compile(defs []Definition) (*Set, error) {
	lists := c.lists
	var errs []error
	for name, entries := range lists {
		if err := checkList(name, entries); err != nil {
			errs = append(errs, err)
		}
	}
	seen := map[string]bool{}
	s := &Set{}
	for _, d := range defs {
		r, err := c.rule(d)
		if err == nil && seen[d.Name] {
			err = &Error{Rule: d.Name, Msg: "another rule has the same name: rename one of them"}
		}
		seen[d.Name] = true
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s.rules = append(s.rules, r)
	}
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(s.rules, func(a, b rule) int { return strings.Compare(a.def.Name, b.def.Name) })
	if len(c.words) >= maxWords {
		return nil, &Error{Msg: fmt.Sprintf("the rules and lists have %d distinct words, more than the limit of %d: use fewer rules", len(c.words), maxWords)}
	}
	s.terms = c.terms
	s.dict = c.buildDict()
	s.index()
	return s, nil
}

// Rules returns the compiled definitions in name order.
func (s *Set) Rules() []Definition {
	out := make([]Definition, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.def
	}
	return out
}

// Len returns the number of rules in s.
func (s *Set) Len() int { return len(s.rules) }

// compiler turns parsed queries into nodes sharing one dictionary.
type compiler struct {
	lists    map[string][]string
	compiled map[string]*list // by name + stem flag
	ids      map[word]int32   // key+kind -> id (id field zero)
	words    []word           // by id
	terms    []string
	termIdx  map[string]int32
	// stemSources are the stemmed words as written, for stemForms.
	stemSources map[string]bool
	// unbudgeted skips the check of MaxRuleCost, for the benchmarks of
	// what it refuses.
	unbudgeted bool
}

func newCompiler(lists map[string][]string) *compiler {
	return &compiler{lists: lists, compiled: map[string]*list{},
		ids: map[word]int32{}, termIdx: map[string]int32{}, stemSources: map[string]bool{}}
}

// rule compiles one definition.
func (c *compiler) rule(d Definition) (rule, error) {
	r := rule{def: d}
	if strings.TrimSpace(d.Name) == "" {
		return r, &Error{Rule: d.Name, Msg: "the rule has no name: add name:"}
	}
	if math.IsNaN(d.MinScore) || math.IsInf(d.MinScore, 0) || d.MinScore < 0 {
		return r, &Error{Rule: d.Name, Msg: "min_score must be a number of 0 or more"}
	}
	var err error
	if r.q.root, err = c.query(d.Name, d.Query, d.Stem); err != nil {
		return r, err
	}
	if err := c.checkBudget(d.Name, d.Query, r.q.root); err != nil {
		return r, err
	}
	if strings.TrimSpace(d.Prefilter) != "" {
		r.p.root, err = c.query(d.Name, d.Prefilter, d.Stem)
		if err == nil {
			err = c.checkBudget(d.Name, d.Prefilter, r.p.root)
		}
		if err != nil {
			var e *Error
			if errors.As(err, &e) {
				e.Msg = "in prefilter: " + e.Msg
			}
			return r, err
		}
	}
	if err := checkLabels(d.ClauseLabels, r.q.root); err != nil {
		return r, &Error{Rule: d.Name, Msg: "in clause_labels: " + err.Error()}
	}
	r.maxScore = maxScore(r.q.root)
	return r, nil
}

// query parses and compiles one query of rule name.
func (c *compiler) query(name, q string, stem bool) (*node, error) {
	root, err := parse(q)
	if err == nil {
		err = c.node(root, defaultFields, false, 1, stem)
	}
	if err != nil {
		var le *lexError
		if errors.As(err, &le) {
			pos := 0
			if le.pos >= 0 {
				pos = column(q, le.pos)
			}
			return nil, &Error{Rule: name, Pos: pos, Msg: le.msg}
		}
		return nil, err
	}
	return root, nil
}

// node resolves n and its children: fields, weights, words and lists.
func (c *compiler) node(n *node, fields uint8, scoped bool, weight float64, stem bool) error {
	if n.field != "" {
		if scoped {
			return &lexError{n.pos, fmt.Sprintf("field %s: is inside another field scope and could never match: scope once", n.field)}
		}
		fields, scoped = fieldMask(n.field), true
	}
	n.fields = fields
	if n.count != 0 && !positional(n) {
		return &lexError{n.pos, fmt.Sprintf("a count #%d applies to a word, phrase, @list, NEAR or an OR of them, and %q is none of these", n.count, n.src)}
	}
	if n.count != 0 {
		for _, k := range n.kids {
			if c := counted(k); c != nil {
				return &lexError{c.pos, fmt.Sprintf("a count cannot be inside a counted group (%q in %q): count the group or the terms inside it, not both", c.src, n.src)}
			}
		}
	}
	if n.weight != 0 {
		weight *= n.weight
	}
	n.eff = weight
	switch n.kind {
	case nodeText:
		words, err := c.textWords(n.text, stem, n.pos)
		if err != nil {
			return err
		}
		n.words = words
		n.term = c.term(n.text)
	case nodeList:
		l, ok := c.list(n.text, stem)
		if !ok {
			return &lexError{n.pos, fmt.Sprintf("unknown list @%s: define it under lists: or fix the name", n.text)}
		}
		n.list = l
		n.term = c.term(n.src)
	case nodeNear:
		for _, k := range n.kids {
			if !positional(k) {
				return &lexError{k.pos, fmt.Sprintf("NEAR and ONEAR join words, phrases, @lists or ORs of them, and %q is none of these: join it with AND instead", k.src)}
			}
			if c := counted(k); c != nil {
				return &lexError{c.pos, fmt.Sprintf("a count cannot be inside NEAR (%q): count the whole NEAR instead, as in (a NEAR/sentence b)#2", c.src)}
			}
		}
		n.term = c.term(n.src)
	}
	for _, k := range n.kids {
		if err := c.node(k, fields, scoped, weight, stem); err != nil {
			return err
		}
	}
	return nil
}

// topClauses returns the top-level clauses of a query: the kids of its
// outermost AND, or the query itself.
func topClauses(root *node) []*node {
	if root.kind == nodeAnd {
		return root.kids
	}
	return []*node{root}
}

// checkLabels checks the clause labels of a query: none, or one
// non-blank label per top-level clause.
func checkLabels(labels []string, root *node) error {
	if len(labels) == 0 {
		return nil
	}
	if n := len(topClauses(root)); len(labels) != n {
		return fmt.Errorf("there are %d labels but the query has %d top-level clauses (the parts its outermost AND joins): give one label per clause, in order", len(labels), n)
	}
	for i, l := range labels {
		if strings.TrimSpace(l) == "" {
			return fmt.Errorf("label %d is empty: name the clause or drop the labels", i+1)
		}
	}
	return nil
}

// counted returns a node of the tree n that has a count, or nil.
func counted(n *node) *node {
	if n.count != 0 {
		return n
	}
	for _, k := range n.kids {
		if c := counted(k); c != nil {
			return c
		}
	}
	return nil
}

// positional reports whether n has word positions, so NEAR can use it.
func positional(n *node) bool {
	switch n.kind {
	case nodeText, nodeList, nodeNear:
		return true
	case nodeOr:
		for _, k := range n.kids {
			if !positional(k) {
				return false
			}
		}
		return true
	}
	return false
}

// term returns the index of a clause's display text.
func (c *compiler) term(s string) int32 {
	if i, ok := c.termIdx[s]; ok {
		return i
	}
	c.terms = append(c.terms, s)
	c.termIdx[s] = int32(len(c.terms) - 1)
	return int32(len(c.terms) - 1)
}

// textWords folds a word or phrase into query words. A piece ending in *
// is a prefix; stem stems the others.
func (c *compiler) textWords(text string, stem bool, pos int) ([]word, error) {
	var out []word
	for _, piece := range strings.Fields(text) {
		prefix := strings.HasSuffix(piece, "*")
		core := strings.TrimSuffix(piece, "*")
		if strings.Contains(core, "*") {
			return nil, &lexError{pos, fmt.Sprintf("%q has a * that is not at the end of a word: wildcards only end words, as in bank*", piece)}
		}
		ws := splitWords(core)
		if len(ws) == 0 {
			return nil, &lexError{pos, fmt.Sprintf("%q has no letters or digits to match: remove it or quote a word", piece)}
		}
		for i, w := range ws {
			kind := wordExact
			switch {
			case prefix && i == len(ws)-1:
				if len(w) > maxPrefixBytes {
					return nil, &lexError{pos, fmt.Sprintf("wildcard word %q is longer than %d bytes: shorten it", piece, maxPrefixBytes)}
				}
				kind = wordPrefix
			case stem:
				if c.stemSources != nil {
					c.stemSources[w] = true
				}
				kind, w = wordStem, string(stemString(w))
			}
			out = append(out, c.word(w, kind))
		}
	}
	if len(out) == 0 {
		return nil, &lexError{pos, fmt.Sprintf("%q has no letters or digits to match: remove it or put words in it", text)}
	}
	return out, nil
}

func stemString(w string) []byte { return stem(nil, []byte(w)) }

// word returns w with its dictionary id, adding it if new.
func (c *compiler) word(key string, kind wordKind) word {
	k := word{key: key, kind: kind}
	if id, ok := c.ids[k]; ok {
		k.id = id
		return k
	}
	k.id = int32(len(c.words))
	c.ids[word{key: key, kind: kind}] = k.id
	c.words = append(c.words, k)
	return k
}

// list compiles the list called name once per stemming setting.
func (c *compiler) list(name string, stem bool) (*list, bool) {
	raw, ok := c.lists[name]
	if !ok {
		return nil, false
	}
	key := fmt.Sprint(name, stem)
	if l, ok := c.compiled[key]; ok {
		return l, true
	}
	l := &list{name: name, idx: len(c.compiled)}
	for _, e := range raw {
		ws, err := c.textWords(e, stem, 0)
		if err != nil {
			continue // reported by checkList
		}
		l.entries = append(l.entries, entry{words: ws, term: c.term(e)})
	}
	c.compiled[key] = l
	return l, true
}

// checkList reports a list that is too long or has entries without words.
func checkList(name string, entries []string) error {
	if len(entries) > MaxListEntries {
		return &Error{List: name, Msg: fmt.Sprintf("has %d entries, more than the limit of %d: split it", len(entries), MaxListEntries)}
	}
	var c compiler
	c.ids, c.termIdx = map[word]int32{}, map[string]int32{}
	for i, e := range entries {
		if len(e) > MaxEntryBytes {
			return &Error{List: name, Msg: fmt.Sprintf("entry %d is longer than %d bytes: shorten it", i+1, MaxEntryBytes)}
		}
		if _, err := c.textWords(e, false, 0); err != nil {
			return &Error{List: name, Msg: fmt.Sprintf("entry %d: %s", i+1, err)}
		}
	}
	return nil
}

// maxScore is the score of n when every positive clause matches.
func maxScore(n *node) float64 {
	if n.count != 0 {
		return n.eff // a counted clause counts once
	}
	switch n.kind {
	case nodeText, nodeList, nodeNear:
		return n.eff
	case nodeNot:
		return 0
	}
	sum := 0.0
	for _, k := range n.kids {
		sum += maxScore(k)
	}
	return sum
}
