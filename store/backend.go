package store

import (
	"context"
	"time"
)

// Backend is what newshound asks of its storage, whichever database holds
// it: the bbolt file (*Store, the embedded default) or a PostgreSQL server
// (package store/postgres). Every method keeps the meaning its doc comment
// gives on *Store; package store/storetest checks a Backend against that
// meaning, and both backends run it.
//
// What only a file can do (Backup, Snapshot, Compact, Path) is not part of
// it: a PostgreSQL archive is backed up with pg_dump.
type Backend interface {
	// Feeds, their polling state and the feeds added at run time.
	Feed(ctx context.Context, url string) (Feed, error)
	Feeds(ctx context.Context) ([]Feed, error)
	PutFeed(ctx context.Context, f Feed) error
	DeleteFeed(ctx context.Context, url string) error
	AddSubscriptions(ctx context.Context, subs []Subscription) ([]string, error)
	Subscriptions(ctx context.Context) ([]Subscription, error)
	DeleteSubscription(ctx context.Context, url string) error

	// Articles, their flags and their story clusters.
	AddArticle(ctx context.Context, a *Article) (bool, error)
	PutArticle(ctx context.Context, a *Article) error
	AddSource(ctx context.Context, id string, f FeedRef) error
	HasArticle(ctx context.Context, id string) (bool, error)
	Article(ctx context.Context, id string) (*Article, error)
	ResolveArticle(ctx context.Context, ref string) (*Article, error)
	Articles(ctx context.Context, q Query, fn func(*Article) error) error
	ArticlesPage(ctx context.Context, q Query) ([]*Article, string, error)
	SearchPage(ctx context.Context, q Query, text string, scan int) ([]*Article, string, error)
	SearchPageFunc(ctx context.Context, q Query, text string, scan int, fn func(*Article) error) (string, error)
	Cluster(ctx context.Context, cluster string) ([]*Article, error)
	RuleNames(ctx context.Context) ([]string, error)

	// People's labels of stories.
	PutLabel(ctx context.Context, l Label) error
	DeleteLabel(ctx context.Context, articleID, rule string) error
	ArticleLabels(ctx context.Context, articleID string) ([]Label, error)
	Labels(ctx context.Context, rule string, fn func(Label) error) error

	// Articles whose page is fetched again, and hosts that asked for a pause.
	PutRetry(ctx context.Context, r Retry) error
	DeleteRetry(ctx context.Context, id string) error
	DueRetries(ctx context.Context, now time.Time, limit int) ([]Retry, error)
	Retries(ctx context.Context) ([]Retry, error)
	PutHostPause(ctx context.Context, p HostPause) error
	HostPauses(ctx context.Context, now time.Time) ([]HostPause, error)

	// The flag log, the webhook outbox and the email notices.
	SetAlertPolicy(p AlertPolicy)
	OutboxSignal() <-chan struct{}
	ReadFlagLog(ctx context.Context, after uint64, fn func(FlagEvent) error) (FlagLogRead, error)
	FlagEvents(ctx context.Context, since time.Time) ([]FlagEvent, error)
	PruneFlagLog(ctx context.Context, before time.Time) (int, error)
	Deliveries(ctx context.Context) ([]Delivery, error)
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	UpdateDelivery(ctx context.Context, d Delivery) error
	DeliverySucceeded(ctx context.Context, id string) error
	Outbox(ctx context.Context) (OutboxCounts, error)
	EnqueueDigest(ctx context.Context, p DigestPeriod) (Notice, bool, error)
	SetSpike(ctx context.Context, c SpikeChange) (bool, error)
	Spiking(ctx context.Context, rule string) (bool, error)
	Notices(ctx context.Context) ([]Notice, error)
	DueNotices(ctx context.Context, now time.Time, limit int) ([]Notice, error)
	UpdateNotice(ctx context.Context, n Notice) error
	NoticeSent(ctx context.Context, id string, t time.Time) error
	PruneNotices(ctx context.Context, t time.Time) (int, error)

	// Retention, figures and checks.
	Prune(ctx context.Context, olderThan time.Time, includeFlagged bool) (int, error)
	Stats(ctx context.Context) (Stats, error)
	Check(ctx context.Context) error
	QuickCheck(ctx context.Context) error
	Close() error
}

var _ Backend = (*Store)(nil)
