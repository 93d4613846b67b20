// Package testkit is the set-up newshound's tests share, so that no
// package's tests carry their own copy: a fresh bbolt store in
// t.TempDir() (Store, OpenStore), a rule set compiled from YAML (Rules,
// BankRules), a crawler with test options on a simulated web (Crawler,
// Web, Specs), RSS feeds and article pages for httptest servers (RSS,
// RSSEvery, Page, Host), a goroutine-safe log buffer (Buffer), bounded
// polling for something that must happen (WaitFor), HTTP calls with a
// bearer token (Do, DecodeJSON, WaitHealthy) and a database file with one
// record that does not decode (DamagedDB, DamageArticle).
//
// Nothing here asserts what a test is about: each helper sets something
// up, or waits for it, and fails the test with t.Fatal when it cannot, so
// a test that leaves out its own checks cannot pass because of testkit.
// Every helper that takes a testing.TB calls t.Helper, and everything it
// opens is closed by t.Cleanup.
//
// testkit imports store, rules and crawler, so their own in-package tests
// cannot import it; what they need lives in leaf sub-packages that import
// nothing of newshound: testkit/clock (a fake clock) and testkit/seeds
// (feed fuzz seeds).
package testkit
