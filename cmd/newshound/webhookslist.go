package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/store"
)

// webhooksList is `newshound webhooks list [--json]`: the deliveries in
// the outbox, pending and dead, from the file or the running daemon.
func webhooksList(ctx context.Context, cf *commonFlags, asJSON bool, stdout io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	var ds []store.Delivery
	err = dbfile.ReadFileOrDaemon(ctx, cfg,
		func(st *store.Store) (err error) { ds, err = st.Deliveries(ctx); return err },
		func() (err error) { ds, err = deliveriesViaDaemon(ctx, cfg); return err })
	if err != nil {
		return err
	}
	if asJSON {
		if ds == nil {
			ds = []store.Delivery{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ds)
	}
	if len(ds) == 0 {
		_, err := fmt.Fprintln(stdout, "the webhook outbox is empty: every alert was delivered")
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
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

// deliveriesViaDaemon lists the outbox through the daemon's API.
func deliveriesViaDaemon(ctx context.Context, cfg *config.Config) ([]store.Delivery, error) {
	var ds []store.Delivery
	err := client.New(cfg).GetJSON(ctx, "webhooks", "/api/v1/webhooks/deliveries", &ds)
	return ds, err
}
