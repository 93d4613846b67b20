package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/newshound/newshound/store/export"
)

// The headers of an incremental /api/v1/export (one with after): the
// cursor to pass as after and after_at next time, once the body was read
// whole; how many stories were newly flagged since the cursor given; and,
// when set, why the export could not be narrowed to them
// (export.Resumed.Catchup).
const (
	ExportCursorHeader   = "Newshound-Export-Cursor"
	ExportCursorAtHeader = "Newshound-Export-Cursor-At"
	ExportStoriesHeader  = "Newshound-Export-Stories"
	ExportCatchupHeader  = "Newshound-Export-Catchup"
)

// cursorOf reads the cursor of an incremental export from the parameters
// after (a flag log sequence) and after_at (RFC 3339; absent on a first
// run), for rule.
func cursorOf(q url.Values, rule string) (export.Cursor, error) {
	c := export.Cursor{Rule: rule}
	seq, err := strconv.ParseUint(q.Get("after"), 10, 64)
	if err != nil {
		return c, fmt.Errorf("after must be a flag log sequence (a whole number), not %s", strconv.Quote(q.Get("after")))
	}
	c.FlagLog = seq
	if at := q.Get("after_at"); at != "" {
		if c.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return c, fmt.Errorf("after_at must be an RFC 3339 time, not %s", strconv.Quote(at))
		}
	}
	return c, nil
}

// setResumed sets the headers of an incremental export.
func setResumed(h http.Header, r export.Resumed) {
	h.Set(ExportCursorHeader, strconv.FormatUint(r.Next.FlagLog, 10))
	h.Set(ExportCursorAtHeader, r.Next.At.Format(time.RFC3339Nano))
	h.Set(ExportStoriesHeader, strconv.Itoa(r.Stories))
	if r.Catchup != "" {
		h.Set(ExportCatchupHeader, r.Catchup)
	}
}

// ResumedOf reads back the headers setResumed set, as the client of an
// incremental export does; rule is the export's rule.
func ResumedOf(h http.Header, rule string) (export.Resumed, error) {
	var r export.Resumed
	seq, err := strconv.ParseUint(h.Get(ExportCursorHeader), 10, 64)
	if err != nil {
		return r, fmt.Errorf("no %s header", ExportCursorHeader)
	}
	at, err := time.Parse(time.RFC3339Nano, h.Get(ExportCursorAtHeader))
	if err != nil {
		return r, fmt.Errorf("no %s header", ExportCursorAtHeader)
	}
	r.Next = export.Cursor{FlagLog: seq, At: at, Rule: rule}
	r.Stories, _ = strconv.Atoi(h.Get(ExportStoriesHeader))
	r.Catchup = h.Get(ExportCatchupHeader)
	return r, nil
}

// ruleNames are the names of the rules the daemon flags with.
func (s *Server) ruleNames() []string {
	var names []string
	for _, d := range s.ruleDefs() {
		names = append(names, d.Name)
	}
	return names
}
