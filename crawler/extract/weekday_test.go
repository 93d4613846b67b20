package extract

import (
	"testing"
	"time"
)

func TestByWeekday(t *testing.T) {
	feb7 := time.Date(2009, 2, 7, 14, 22, 0, 0, time.UTC) // a Saturday; 2 July 2009 is a Thursday
	tests := []struct {
		name, text, lang string
		in               time.Time
		want             time.Time
	}{
		{"Dutch Thursday: the other reading", "Ingezonden door redactie op do, 07/02/2009 - 14:22", "nl", feb7, time.Date(2009, 7, 2, 14, 22, 0, 0, time.UTC)},
		{"a regional tag", "donderdag 07-02-2009", "nl-BE", feb7, time.Date(2009, 7, 2, 14, 22, 0, 0, time.UTC)},
		{"German Saturday: as read", "Sa, 07.02.2009", "de", feb7, feb7},
		{"both weekdays named: as read", "Sa, 07.02.2009 (Do.)", "de", feb7, feb7},
		{"no weekday", "07/02/2009 - 14:22", "nl", feb7, feb7},
		{"a month's name, not numbers", "do 7 februari 2009", "nl", feb7, feb7},
		{"a language without names here", "do, 07/02/2009", "ja", feb7, feb7},
		{"no language", "do, 07/02/2009", "", feb7, feb7},
		{"a day above 12 reads one way", "Thursday 13/02/2009", "en", time.Date(2009, 2, 13, 0, 0, 0, 0, time.UTC), time.Date(2009, 2, 13, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := byWeekday(tt.in, tt.text, tt.lang); !got.Equal(tt.want) {
				t.Errorf("byWeekday(%v, %q, %q) = %v, want %v", tt.in, tt.text, tt.lang, got, tt.want)
			}
		})
	}
}
