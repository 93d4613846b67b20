// Package extract turns a fetched article page into its main text and metadata.
package extract

import "time"

// Result is what extraction found in a page. Zero values mean "not found".
type Result struct {
	Title       string
	Authors     []string
	Published   time.Time
	Modified    time.Time
	Text        string
	Lang        string
	Canonical   string
	SiteName    string
	Description string
	Image       string
}
