package golden

import "testing"

func TestDiff(t *testing.T) {
	tests := []struct {
		name, want, got, diff string
	}{
		{"same", "a\nb\n", "a\nb\n", ""},
		{"changed line", "a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nX\ne\nf\ng\n",
			"@@ line 2\n  b\n  c\n- d\n+ X\n  e\n  f\n"},
		{"added line", "a\nb\n", "a\nnew\nb\n", "@@ line 1\n  a\n+ new\n  b\n  \n"},
		{"two groups", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "X\n2\n3\n4\n5\n6\n7\n8\nY\n",
			"@@ line 1\n- 1\n+ X\n  2\n  3\n@@ line 7\n  7\n  8\n- 9\n+ Y\n  \n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Diff(tt.want, tt.got); got != tt.diff {
				t.Errorf("Diff(%q, %q) =\n%s\nwant\n%s", tt.want, tt.got, got, tt.diff)
			}
		})
	}
}
