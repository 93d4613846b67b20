//go:build !linux && !darwin

package store

// freeSpace reports that the free space is unknown on this platform.
func freeSpace(string) (uint64, bool) { return 0, false }
