package extract

import "testing"

func TestPruneUnshared(t *testing.T) {
	story := "The council voted on Tuesday to rebuild the harbour wall before winter storms."
	more := "Work starts in May, the mayor said, and the plans are public at the town hall."
	tests := []struct {
		name, text, other, hl, want string
		removed                     int
	}{
		{"short heading the other left out", story + "\n\nVideos zum Thema\n\n" + more, story + " " + more, "", story + "\n\n" + more, 1},
		{"short paragraph both have", story + "\n\nThe vote\n\n" + more, story + "\n\nThe vote\n\n" + more, "", story + "\n\nThe vote\n\n" + more, 0},
		{"white space differs", story + "\n\nThe  vote\n\n" + more, story + " The vote " + more, "", story + "\n\nThe  vote\n\n" + more, 0},
		{"long paragraph the other left out", story + "\n\n" + more, story, "", story + "\n\n" + more, 0},
		{"the headline is kept", "Harbour wall\n\n" + story + "\n\n" + more, story + " " + more, "Harbour wall", "Harbour wall\n\n" + story + "\n\n" + more, 0},
		{"the texts disagree", story + "\n\nStart\n\n" + more, "Something else entirely.", "", story + "\n\nStart\n\n" + more, 0},
		{"no other text", story + "\n\nStart", "", "", story + "\n\nStart", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := pruneUnshared(tt.text, tt.hl, func() string { return tt.other })
			if got != tt.want || n != tt.removed {
				t.Errorf("pruneUnshared(%q, %q, %q) = %q, %d, want %q, %d", tt.text, tt.other, tt.hl, got, n, tt.want, tt.removed)
			}
		})
	}
}

func TestPruneUnsharedSparesTheSecondExtractor(t *testing.T) {
	long := "The council voted on Tuesday to rebuild the harbour wall before winter storms."
	for _, text := range []string{long + "\n\n" + long, "Harbour wall\n\n" + long, ""} {
		asked := false
		if got, n := pruneUnshared(text, "Harbour wall", func() string { asked = true; return long }); got != text || n != 0 || asked {
			t.Errorf("pruneUnshared(%q) = %q, %d, asked the second extractor %v; want the text unchanged, unasked", text, got, n, asked)
		}
	}
}
