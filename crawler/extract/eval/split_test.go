package eval

import "testing"

func TestSplitParts(t *testing.T) {
	// Pinned (FNV-1a 32 mod 100, computed apart): these ids must never change part,
	// or pages tuned on would enter the check part.
	for _, tt := range []struct {
		id   string
		want Split
	}{
		{"a", SplitTune},         // 20
		{"b", SplitCheck},        // 77
		{"newshound", SplitTune}, // 56
	} {
		if got := Part(tt.id); got != tt.want {
			t.Errorf("Part(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
	tune, check := 0, 0
	for i := range 1000 {
		id := string(rune('a'+i%26)) + string(rune('0'+i/26%10)) + string(rune('A'+i/260))
		switch Part(id) {
		case SplitTune:
			tune++
		case SplitCheck:
			check++
		default:
			t.Fatalf("Part(%q) = %v, want tune or check", id, Part(id))
		}
		if !SplitAll.Includes(id) || SplitTune.Includes(id) == SplitCheck.Includes(id) {
			t.Errorf("Includes(%q): all %v tune %v check %v, want all and exactly one part", id,
				SplitAll.Includes(id), SplitTune.Includes(id), SplitCheck.Includes(id))
		}
	}
	if tune < 520 || tune > 680 {
		t.Errorf("tuning part holds %d of 1000 ids, want about 600", tune)
	}
}

func TestParseSplit(t *testing.T) {
	for _, name := range []string{"all", "tune", "check"} {
		s, err := ParseSplit(name)
		if err != nil || s.String() != name {
			t.Errorf("ParseSplit(%q) = %v, %v; want %s, nil", name, s, err, name)
		}
	}
	if _, err := ParseSplit("train"); err == nil {
		t.Errorf("ParseSplit(%q) error = nil, want an error", "train")
	}
}
