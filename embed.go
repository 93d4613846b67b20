// Package newshound holds the files newshound ships beside its program:
// the starter configuration (config.yaml) and the entity lists it names
// (lists/*.yaml). `newshound init` writes them into a new folder, so a
// first run needs nothing but the binary.
package newshound

import "embed"

// Starter is the shipped config.yaml and lists/*.yaml, as they are in the
// repository: the starter configuration that `newshound init` writes.
//
//go:embed config.yaml lists/*.yaml
var Starter embed.FS
