package eval

import (
	"fmt"
	"hash/fnv"
)

// Split selects a fixed part of each evaluation corpus, so that tuning on one part
// can be checked on the other. The zero value, SplitAll, is every page.
//
// A page belongs to the tuning part when the FNV-1a (32-bit) hash of its id, modulo
// splitModulus, is below tunePercent, and to the check part otherwise. The id is the
// aeb-dev key (the sha256 of the page URL) or the trafilatura-dev key (the page URL
// or file name). The constants are fixed: changing them would mix pages already
// tuned on into the check part.
type Split int

// The splits.
const (
	// SplitAll is every page of each corpus.
	SplitAll Split = iota
	// SplitTune is the tuning part: about 60 % of the pages. Tune on it.
	SplitTune
	// SplitCheck is the check part: the other 40 %. Only measure on it; a change
	// that raises the tuning part but not the check part is fitting, not improving.
	SplitCheck
)

const (
	splitModulus = 100
	tunePercent  = 60
)

// ParseSplit returns the Split named s: "all", "tune" or "check".
func ParseSplit(s string) (Split, error) {
	switch s {
	case "all", "":
		return SplitAll, nil
	case "tune":
		return SplitTune, nil
	case "check":
		return SplitCheck, nil
	}
	return SplitAll, fmt.Errorf("eval: unknown split %q (want tune, check or all)", s)
}

// String returns the split's name.
func (s Split) String() string {
	switch s {
	case SplitAll:
		return "all"
	case SplitTune:
		return "tune"
	case SplitCheck:
		return "check"
	}
	return fmt.Sprintf("split(%d)", int(s))
}

// Part returns the part (SplitTune or SplitCheck) the page with this id belongs to.
func Part(id string) Split {
	h := fnv.New32a()
	h.Write([]byte(id))
	if h.Sum32()%splitModulus < tunePercent {
		return SplitTune
	}
	return SplitCheck
}

// Includes reports whether the page with this id is in s.
func (s Split) Includes(id string) bool {
	return s == SplitAll || Part(id) == s
}
