package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// EnvConfig names the environment variable that overrides the default
// configuration path.
const EnvConfig = "NEWSHOUND_CONFIG"

// ErrInvalid is wrapped by every error Load returns for a file that was
// read but is not a valid configuration.
var ErrInvalid = errors.New("invalid configuration")

// Path picks the configuration file: flagValue when set, else
// $NEWSHOUND_CONFIG, else ./config.yaml.
func Path(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := os.Getenv(EnvConfig); v != "" {
		return v
	}
	return "config.yaml"
}

// Load reads, decodes, defaults and validates the configuration at path.
// Every problem is one sentence naming the file, the line or key, and the
// fix; several are joined with newlines.
func Load(path string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("config: %s: %w", path, err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			init := "newshound init"
			if dir := filepath.Dir(path); dir != "." {
				init += " " + dir
			}
			return nil, fmt.Errorf("config: %s does not exist: run `%s` to write a starter configuration there, or pass --config FILE or set %s", path, init, EnvConfig)
		}
		return nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	cfg, err := Parse(data, abs)
	if err != nil {
		return nil, err
	}
	return cfg, nil
}

// MaxProblems is the most problems one load reports; a file with more
// ends its message with how many were left out.
const MaxProblems = 20

// problem is one thing wrong in the file, at a line (and column) when
// known.
type problem struct {
	line, col int
	msg       string
}

// Parse decodes a configuration from data as if read from file (used to
// name the file in errors and to resolve relative paths). It reports every
// problem it finds, up to MaxProblems, each at its line when the key is in
// the file.
func Parse(data []byte, file string) (*Config, error) {
	cfg := &Config{File: file}
	name := filepath.Base(file)
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, decodeError(name, err) // the YAML syntax: nothing else can be read
	}
	var probs []problem
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // Node.Decode would not keep it, hence a second decode
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, decodeError(name, err)
		}
		for _, m := range te.Errors {
			p := typeProblem(m)
			if g := badValue.FindStringSubmatch(m); g != nil {
				col, _ := strconv.Atoi(g[2])
				if key := pathAt(&root, p.line, col); key != "" {
					p.msg = key + ": " + p.msg
				}
			}
			probs = append(probs, p)
		}
	}
	cfg.applyDefaults()
	listErrs := cfg.loadListFiles()
	bad := map[int]bool{} // lines already reported: a value that did not decode is not validated again
	for _, p := range probs {
		bad[p.line] = true
	}
	for _, msg := range append(listErrs, cfg.validate()...) {
		p := problem{line: lineOf(&root, msg), msg: msg}
		if p.line == 0 || !bad[p.line] {
			probs = append(probs, p)
		}
	}
	if len(listErrs) == 0 && len(bad) == 0 {
		probs = append(probs, cfg.ruleProblems(&root, strings.Split(string(data), "\n"))...)
	}
	if len(probs) == 0 {
		return cfg, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrInvalid, formatProblems(name, probs))
}

// typeProblem splits a message of describe, "LINE: text", into a problem.
func typeProblem(m string) problem {
	d := describe(m)
	if l, rest, ok := strings.Cut(d, ": "); ok {
		if n, err := strconv.Atoi(l); err == nil {
			return problem{line: n, msg: rest}
		}
	}
	return problem{msg: strings.TrimSpace(d)}
}

// formatProblems writes one line per problem, in file order, as
// "config.yaml:14: feeds[1].url: ...", at most MaxProblems of them.
func formatProblems(name string, probs []problem) string {
	slices.SortStableFunc(probs, func(a, b problem) int {
		switch {
		case a.line == b.line:
			return 0
		case a.line == 0:
			return 1
		case b.line == 0:
			return -1
		}
		return a.line - b.line
	})
	var b strings.Builder
	for i, p := range probs {
		if i == MaxProblems {
			fmt.Fprintf(&b, "\n%s: and %d more problems (fix these first)", name, len(probs)-MaxProblems)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		switch {
		case p.line > 0 && p.col > 0:
			fmt.Fprintf(&b, "%s:%d:%d: %s", name, p.line, p.col, p.msg)
		case p.line > 0:
			fmt.Fprintf(&b, "%s:%d: %s", name, p.line, p.msg)
		default:
			fmt.Fprintf(&b, "%s: %s", name, p.msg)
		}
	}
	return b.String()
}

var (
	unknownField = regexp.MustCompile(`(?s)^line (\d+): field (.*) not found in type config\.(\w+)$`)
	// yaml.v3 shows a scalar's value, or its first 7 bytes and "...",
	// between backquotes, and no value for a mapping or list.
	badType = regexp.MustCompile(`(?s)^line (\d+): cannot unmarshal (!.*?)(?: (\x60.*\x60))? into ([\w.\[\]*]+)$`)
	// lineError's messages.
	badValue = regexp.MustCompile(`(?s)^line (\d+):(\d+): (.*)$`)
)

// sections maps the Go type behind a YAML mapping to the key path a user
// sees, and lists its keys for suggestions.
var sections = map[string]struct {
	path string
	keys []string
}{
	"Config":   {"the top level", []string{"storage", "fetch", "schedule", "server", "log", "feeds", "lists", "lists_files", "rules", "webhooks", "alerts"}},
	"Storage":  {"storage", []string{"backend", "path", "dsn", "retention"}},
	"Fetch":    {"fetch", []string{"user_agent", "contact", "timeout", "max_body_bytes", "host_concurrency", "host_delay", "allow_private_networks"}},
	"Schedule": {"schedule", []string{"interval", "min_interval", "max_interval"}},
	"Server":   {"server", []string{"listen", "token", "public_url", "read_timeout", "write_timeout", "idle_timeout", "max_connections"}},
	"Log":      {"log", []string{"level", "format"}},
	"Feed":     {"a feed", []string{"url", "name", "interval"}},
	"Rule":     {"a rule", []string{"name", "query", "min_score", "tags", "stem", "prefilter", "clause_labels"}},
	"Alerts":   {"alerts", []string{"smtp", "from", "digests", "spikes"}},
	"SMTP":     {"alerts.smtp", []string{"server", "tls", "username", "password", "password_env", "password_file", "timeout"}},
	"Digest":   {"a digest", []string{"name", "to", "schedule", "at", "rules"}},
	"Spikes":   {"alerts.spikes", []string{"disabled", "multiple", "min_count", "baseline"}},
	"Webhook":  {"a webhook", []string{"url", "secret", "secret_env", "rules", "timeout"}},
}

// decodeError turns a YAML syntax error into one sentence naming the line.
func decodeError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if l, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(l, "line ") {
		return fmt.Errorf("%w: %s:%s: %s (fix the YAML syntax there)", ErrInvalid, name, strings.TrimPrefix(l, "line "), rest)
	}
	return fmt.Errorf("%w: %s: %s (fix the YAML syntax)", ErrInvalid, name, msg)
}

func describe(m string) string {
	if g := unknownField.FindStringSubmatch(m); g != nil {
		sec := sections[g[3]]
		s := fmt.Sprintf("%s: unknown key %q in %s", g[1], g[2], sec.path)
		if best := closest(g[2], sec.keys); best != "" {
			return s + fmt.Sprintf("; did you mean %q?", best)
		}
		return s + fmt.Sprintf(" (known keys: %s)", strings.Join(sec.keys, ", "))
	}
	if g := badType.FindStringSubmatch(m); g != nil {
		if g[3] == "" {
			return fmt.Sprintf("%s: %s is given where %s was expected", g[1], friendlyTag(g[2]), friendlyType(g[4]))
		}
		return fmt.Sprintf("%s: %q is %s where %s was expected", g[1], g[3][1:len(g[3])-1], friendlyTag(g[2]), friendlyType(g[4]))
	}
	if g := badValue.FindStringSubmatch(m); g != nil {
		return g[1] + ": " + g[3]
	}
	return " " + m
}

// friendlyTag names a YAML tag ("!!str", or a custom "!x") as a user
// would.
func friendlyTag(tag string) string {
	switch strings.TrimPrefix(tag, "!!") {
	case "map":
		return "a mapping"
	case "seq":
		return "a list"
	case "str":
		return "text"
	case "int", "float":
		return "a number"
	case "bool":
		return "true or false"
	case "timestamp":
		return "a date"
	}
	return fmt.Sprintf("a value tagged %q", tag)
}

func friendlyType(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map"), strings.HasPrefix(t, "config."):
		return "a mapping"
	case t == "int", t == "float64":
		return "a number"
	case t == "bool":
		return "true or false"
	}
	return "a " + t
}

// closest returns the key nearest to s by edit distance, if near enough.
func closest(s string, keys []string) string {
	best, bestD := "", 3
	for _, k := range keys {
		if d := editDistance(s, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
