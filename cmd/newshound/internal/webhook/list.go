package webhook

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/newshound/newshound/store"
)

// WriteDeliveries prints the outbox's deliveries as `newshound webhooks
// list` does: a table, or JSON (an array, empty rather than null) when
// asJSON.
func WriteDeliveries(w io.Writer, ds []store.Delivery, asJSON bool) error {
	if asJSON {
		if ds == nil {
			ds = []store.Delivery{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ds)
	}
	if len(ds) == 0 {
		_, err := fmt.Fprintln(w, "the webhook outbox is empty: every alert was delivered")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DELIVERY\tSTATE\tATTEMPTS\tNEXT\tWEBHOOK\tRULE\tSTORY\tLAST ERROR")
	for _, d := range ds {
		state, next := "pending", "now"
		switch {
		case d.Dead:
			state, next = "dead", "-"
		case d.NextAttempt.After(time.Now()):
			next = d.NextAttempt.Local().Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", d.ID, state, d.Attempts, next, d.Target, d.Flag.Rule, d.Story.URL, d.LastError)
	}
	return tw.Flush()
}
