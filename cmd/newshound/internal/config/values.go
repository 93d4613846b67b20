package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Duration is a time.Duration written as a Go duration string ("90s",
// "30m", "1h30m") or as a number of days ("7d").
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// UnmarshalYAML parses a duration string, naming the line on error.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseDuration(n.Value)
	if err != nil {
		return lineError(n, err.Error())
	}
	*d = Duration(v)
	return nil
}

// maxDays is the most days a Duration holds (106751, 292 years).
const maxDays = int64(math.MaxInt64 / int64(24*time.Hour))

// ParseDuration parses a Go duration or a whole number of days ("7d", at
// most 106751d: a larger count is refused, not wrapped).
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok && days != "" && strings.Trim(days, "0123456789") == "" {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n > maxDays {
			return 0, fmt.Errorf("%q is more days than a duration holds (use at most %dd)", s, maxDays)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a duration (write it like 30s, 15m, 2h or 7d)", s)
	}
	return v, nil
}

// Size is a byte count written as a number or with a unit: "512KiB",
// "10MiB", "1GiB", "10MB", "1000kB".
type Size int64

// UnmarshalYAML parses a size, naming the line on error.
func (s *Size) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseSize(n.Value)
	if err != nil {
		return lineError(n, err.Error())
	}
	*s = Size(v)
	return nil
}

var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"kB", 1000}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000},
	{"B", 1},
}

// ParseSize parses a byte count with an optional unit.
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	num := s
	for _, u := range sizeUnits {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			num, mult = strings.TrimSpace(v), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a size (write it like 512KiB, 10MiB or 1048576)", s)
	}
	return n * mult, nil
}

// lineError is a bad value found while decoding, with its line, as a
// *yaml.TypeError: the decoder then goes on, so that one load reports
// every bad value, not only the first.
// The column, after the line, lets Parse name the key.
func lineError(n *yaml.Node, msg string) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d:%d: %s", n.Line, n.Column, msg)}}
}
