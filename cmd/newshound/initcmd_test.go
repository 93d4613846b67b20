package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitWritesTheShippedConfig checks that init writes the repository's
// config.yaml and lists byte for byte, that the result passes config
// check, that the printed next command names it, and that a second init
// refuses to overwrite.
func TestInitWritesTheShippedConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "watch")
	out, _, err := newshound(t, "init", dir)
	if err != nil {
		t.Fatalf("init %s: %v", dir, err)
	}
	for _, name := range []string{"config.yaml", "lists/meta.yaml", "lists/financial-firms.yaml"} {
		want, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatalf("init wrote no %s: %v", name, err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from the shipped file", name)
		}
	}
	cfg := filepath.Join(dir, "config.yaml")
	if !strings.Contains(out, "next: newshound crawl --config "+cfg) {
		t.Errorf("init printed %q, want the next command naming %s", out, cfg)
	}
	if _, _, err := newshound(t, "config", "check", "--config", cfg); err != nil {
		t.Errorf("config check of the starter config: %v", err)
	}

	if err := os.WriteFile(cfg, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = newshound(t, "init", dir)
	if err == nil || !strings.Contains(err.Error(), cfg+" already exists") {
		t.Errorf("second init = %v, want a refusal naming %s", err, cfg)
	}
	if data, _ := os.ReadFile(cfg); string(data) != "# mine\n" {
		t.Errorf("second init overwrote config.yaml: %q", data)
	}
}

// TestMissingConfigSaysToRunInit checks that a command with no config at
// all points to newshound init.
func TestMissingConfigSaysToRunInit(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "config.yaml")
	for _, args := range [][]string{
		{"crawl", "--config", missing},
		{"stats", "--config", missing},
		{"config", "check", "--config", missing},
	} {
		_, _, err := newshound(t, args...)
		if err == nil || !strings.Contains(err.Error(), "run `newshound init "+dir+"`") {
			t.Errorf("%s: %v, want it to say to run newshound init %s", strings.Join(args, " "), err, dir)
		}
	}
}
