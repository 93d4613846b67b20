package rules

import (
	"fmt"
	"strings"
)

// nodeKind is the kind of a query node.
type nodeKind uint8

const (
	nodeText nodeKind = iota // a word or a quoted phrase
	nodeList                 // @name
	nodeAnd
	nodeOr
	nodeNot
	nodeNear // NEAR/n and ONEAR/n
)

// node is one clause of a parsed query. The parser fills the syntax part;
// compile fills words, list and term.
type node struct {
	kind    nodeKind
	pos     int     // byte offset in the query
	src     string  // the clause as written
	field   string  // field scope written on this node, if any
	fields  uint8   // effective field mask, set by compile
	weight  float64 // ^w written on this node; 0 when none
	paren   bool    // written in parentheses
	kids    []*node
	text    string // word or phrase content; list name
	phrase  bool   // text was quoted
	dist    int    // NEAR: the most words between the sides
	scope   scope  // NEAR: the sides must also share a sentence or paragraph
	ordered bool
	count   int // #n written on this node: it must match at n places; 0 when none

	words []word  // nodeText: the folded words
	list  *list   // nodeList: the resolved list
	term  int32   // index of src in Set.terms
	eff   float64 // effective weight, set by compile
}

// parser is a recursive-descent parser over the tokens of one query.
type parser struct {
	q     string
	toks  []lexTok
	i     int
	depth int
	last  *node // the last operand parsed, for error messages
}

// parse parses q into a tree, or returns a *lexError.
func parse(q string) (*node, error) {
	if strings.TrimSpace(q) == "" {
		return nil, &lexError{-1, "the query is empty: write at least one word"}
	}
	if len(q) > MaxQueryBytes {
		return nil, &lexError{-1, fmt.Sprintf("the query is %d bytes, more than the limit of %d: split it into several rules or use @lists", len(q), MaxQueryBytes)}
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{q: q, toks: toks}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != lexEOF {
		return nil, p.unexpected(t, "")
	}
	return n, nil
}

func (p *parser) peek() lexTok { return p.toks[p.i] }
func (p *parser) next() lexTok { t := p.toks[p.i]; p.i++; return t }

// unexpected explains a token that cannot follow what came before.
func (p *parser) unexpected(t lexTok, closing string) error {
	prev := ""
	if p.last != nil {
		prev = oneLine(p.last.src)
	}
	switch {
	case t.kind == lexWord && prev != "" && isLowerOp(t.text):
		return &lexError{t.pos, fmt.Sprintf("%q is not an operator: operators are upper case, write %s", t.text, strings.ToUpper(t.text))}
	case t.kind == lexNot && prev != "":
		after := "..."
		for j, x := range p.toks[:len(p.toks)-1] {
			if x.pos == t.pos && p.toks[j+1].kind != lexEOF {
				after = oneLine(p.q[p.toks[j+1].pos:p.toks[j+1].end])
			}
		}
		return &lexError{t.pos, fmt.Sprintf("NOT only negates what follows it: write %s AND NOT %s", prev, after)}
	case t.kind == lexMinus && prev != "":
		return &lexError{t.pos, fmt.Sprintf("a space does not combine terms: write %s AND %s", prev, strings.Fields(p.q[t.pos:])[0])}
	case t.isPrimaryStart() && prev != "":
		next := t.describe(p.q)
		if t.kind == lexWord || t.kind == lexPhrase {
			next = oneLine(p.q[t.pos:t.end])
		}
		msg := fmt.Sprintf("a space does not combine terms: write %s AND %s or %s OR %s", prev, next, prev, next)
		if p.last.kind == nodeText && (t.kind == lexWord || t.kind == lexPhrase) {
			msg += fmt.Sprintf(", or the phrase \"%s %s\"", strings.Trim(prev, `"`), strings.Trim(next, `"`))
		}
		return &lexError{t.pos, msg}
	case closing != "":
		return &lexError{t.pos, fmt.Sprintf("expected \")\" to close the \"(\" at position %s, found %s", closing, t.describe(p.q))}
	}
	return &lexError{t.pos, fmt.Sprintf("unexpected %s: expected AND, OR, NEAR/n or the end of the query", t.describe(p.q))}
}

// oneLine turns every run of white space in s into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func isLowerOp(w string) bool {
	switch w {
	case "and", "or", "not", "And", "Or", "Not":
		return true
	}
	return false
}

func (p *parser) or() (*node, error) {
	return p.binary(nodeOr, lexOr, p.and)
}

func (p *parser) and() (*node, error) {
	return p.binary(nodeAnd, lexAnd, p.near)
}

// binary parses operands of sub joined by op into one node of kind k.
func (p *parser) binary(k nodeKind, op lexKind, sub func() (*node, error)) (*node, error) {
	first, err := sub()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != op {
		return first, nil
	}
	n := &node{kind: k, pos: first.pos, kids: []*node{first}}
	for p.peek().kind == op {
		opTok := p.next()
		if !p.peek().isPrimaryStart() {
			return nil, &lexError{opTok.pos, fmt.Sprintf("%s must be followed by a term, found %s", p.q[opTok.pos:opTok.end], p.peek().describe(p.q))}
		}
		kid, err := sub()
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, kid)
	}
	n.src = p.q[n.pos:p.toks[p.i-1].end]
	return n, nil
}

func (p *parser) near() (*node, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == lexNear {
		op := p.next()
		if !p.peek().isPrimaryStart() {
			return nil, &lexError{op.pos, fmt.Sprintf("%s must be followed by a term, found %s", p.q[op.pos:op.end], p.peek().describe(p.q))}
		}
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		left = &node{kind: nodeNear, pos: left.pos, kids: []*node{left, right},
			dist: op.n, scope: op.scope, ordered: op.ordered, src: p.q[left.pos:p.toks[p.i-1].end]}
	}
	return left, nil
}

func (p *parser) unary() (*node, error) {
	t := p.peek()
	if t.kind != lexNot && t.kind != lexMinus {
		return p.primary()
	}
	p.next()
	if p.depth++; p.depth > MaxDepth {
		return nil, &lexError{t.pos, fmt.Sprintf("the query nests NOTs and parentheses more than %d deep: simplify it", MaxDepth)}
	}
	defer func() { p.depth-- }()
	if !p.peek().isPrimaryStart() {
		return nil, &lexError{t.pos, fmt.Sprintf("%s must be followed by the term to exclude, found %s", p.q[t.pos:t.end], p.peek().describe(p.q))}
	}
	kid, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &node{kind: nodeNot, pos: t.pos, kids: []*node{kid}, src: p.q[t.pos:p.toks[p.i-1].end]}, nil
}

func (p *parser) primary() (*node, error) {
	t := p.next()
	field, start := "", t.pos
	if t.kind == lexField {
		field = strings.ToLower(t.text)
		if fieldMask(field) == 0 {
			return nil, &lexError{t.pos, fmt.Sprintf("unknown field %q: use title:, summary:, text:, author:, url: or feed:, or put the text in quotes, as in \"%s\"", t.text, strings.Fields(p.q[t.pos:])[0])}
		}
		t = p.next()
		if t.kind == lexField {
			return nil, &lexError{t.pos, fmt.Sprintf("field %s: cannot be followed by another field", field)}
		}
	}
	var n *node
	switch t.kind {
	case lexWord, lexPhrase:
		n = &node{kind: nodeText, pos: t.pos, text: t.text, phrase: t.kind == lexPhrase}
	case lexList:
		n = &node{kind: nodeList, pos: t.pos, text: t.text}
	case lexLParen:
		if p.depth++; p.depth > MaxDepth {
			return nil, &lexError{t.pos, fmt.Sprintf("the query nests NOTs and parentheses more than %d deep: simplify it", MaxDepth)}
		}
		kid, err := p.or()
		p.depth--
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != lexRParen {
			return nil, p.unexpected(c, fmt.Sprint(column(p.q, t.pos)))
		}
		n = kid
		n.paren = true
	default:
		return nil, &lexError{t.pos, fmt.Sprintf("expected a word, a \"phrase\", an @list or \"(\", found %s", t.describe(p.q))}
	}
	if field != "" {
		if n.field != "" {
			return nil, &lexError{t.pos, fmt.Sprintf("field %s: is inside field %s: and could never match: scope once", n.field, field)}
		}
		n.field = field
	} else {
		start = t.pos
	}
	weighted := false
	for k := p.peek().kind; k == lexWeight || k == lexCount; k = p.peek().kind {
		t := p.next()
		switch {
		case k == lexCount && n.count != 0:
			return nil, &lexError{t.pos, "a clause has one count: write it once"}
		case k == lexCount:
			n.count = t.n
		case weighted:
			return nil, &lexError{t.pos, "a clause has one weight: write it once, as in bank^2"}
		case n.weight != 0:
			weighted = true
			n.weight *= t.weight
		default:
			weighted = true
			n.weight = t.weight
		}
	}
	if n.src == "" || field != "" || n.weight != 0 || n.paren || n.count != 0 {
		n.src = p.q[start:p.toks[p.i-1].end]
		n.pos = start
	}
	p.last = n
	return n, nil
}

// fieldMask returns the mask of a field name, 0 if unknown.
func fieldMask(name string) uint8 {
	for i, f := range fieldNames {
		if f == name {
			return 1 << i
		}
	}
	return 0
}
