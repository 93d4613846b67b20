package testkit

import (
	"testing"
	"time"
)

// maxPoll is the longest pause between two looks of WaitFor.
const maxPoll = 50 * time.Millisecond

// WaitFor polls cond until it holds, and fails the test when it does not
// hold within d. It is for something that must happen (a server up, a
// feed polled); a test that checks that something does not happen uses
// testing/synctest or an injected clock instead. The first looks come
// quickly (1 ms apart, doubling) and then every 50 ms, so a wait costs
// little more than the thing waited for.
func WaitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	pause := time.Millisecond
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(pause)
		pause = min(2*pause, maxPoll)
	}
}
