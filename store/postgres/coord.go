package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// HostBuckets is the number of buckets hosts are hashed into; each bucket
// is owned by at most one process at a time (see Coordinator). Every
// process on a database must use the same number, so it is fixed.
const HostBuckets = 256

// The advisory lock keys of the coordination, in PostgreSQL's two-key
// form (classid, objid): a bucket's lock is (lockBucket, bucket), held
// exclusively by its owner; every live process holds (lockMember, 0)
// shared, so the number of holders is the number of processes.
const (
	lockBucket int32 = 0x6e680001 // "nh" 1
	lockMember int32 = 0x6e680002
)

// errCoordClosed is the error of a tick after Close.
var errCoordClosed = errors.New("postgres: the coordinator is closed")

// Defaults of CoordinatorOptions.
const (
	DefaultCoordTick  = 5 * time.Second
	DefaultCoordLease = 5 * time.Minute
)

// CoordinatorOptions configures NewCoordinator. Zero values take the
// documented defaults.
type CoordinatorOptions struct {
	// Tick is how often the coordinator counts the live processes and
	// takes or gives up buckets to hold its share. Default
	// DefaultCoordTick.
	Tick time.Duration
	// Settle is how long a bucket just taken waits before Acquire grants
	// its hosts, so that the first request of the new owner comes no
	// sooner than that after the last one of the previous owner: set it
	// to the crawler's host_delay. Zero grants at once.
	Settle time.Duration
	// Lease is how long a handoff taken by TakeHandoffs stays this
	// process's own before another may take it (its process died, or
	// gave up its host). Default DefaultCoordLease.
	Lease time.Duration
	// Now is the clock Settle is measured on. Default time.Now.
	Now func() time.Time
	// Logger receives the coordinator's logs; nil discards them.
	Logger *slog.Logger
}

// Coordinator shares the hosts among the crawler processes of one
// database, as crawler.Coordinator asks: hosts are hashed into
// HostBuckets buckets, and a process owns a bucket while it holds the
// bucket's session-level advisory lock on its own connection. Every Tick
// it counts the live processes (the holders of a shared member lock, in
// pg_locks), takes free buckets until it holds its share (HostBuckets
// divided by the processes, rounded up) and gives up what it holds beyond
// it, each bucket once nothing of it is in flight. PostgreSQL releases a
// dead process's locks with its session, so the others take its buckets
// on their next Tick. See docs/scaling.md.
//
// Create it with NewCoordinator, run Run, and Close it after the crawler
// stopped (its scheduler's Run returned). It is safe for concurrent use.
type Coordinator struct {
	pool *pgxpool.Pool
	opts CoordinatorOptions
	log  *slog.Logger

	tickMu sync.Mutex // serializes tick and Close, the users of conn
	conn   *pgx.Conn  // holds the locks; nil until taken, or once lost

	mu      sync.Mutex
	buckets [HostBuckets]bucket
	closed  bool
	gained  chan struct{}
	members int // the live processes at the last rebalance
	share   int // this process's share of the buckets then
}

// bucket is this process's view of one bucket. Coordinator.mu guards it.
type bucket struct {
	held     bool      // its advisory lock is held on conn
	from     time.Time // Acquire grants it from then on (Settle)
	draining bool      // being given up: no new Acquire, unlocked at zero inflight
	inflight int       // Acquires not yet released
}

// hostBucket is the bucket of a host: FNV-1a of its lower-case form.
func hostBucket(host string) int {
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(host)))
	return int(h.Sum32() % HostBuckets)
}

// NewCoordinator joins the processes sharing the database of s and takes
// a first share of the buckets before it returns, so that a process
// alone owns every host at once. Call Run next.
func NewCoordinator(ctx context.Context, s *Store, opts CoordinatorOptions) (*Coordinator, error) {
	if opts.Tick <= 0 {
		opts.Tick = DefaultCoordTick
	}
	if opts.Lease <= 0 {
		opts.Lease = DefaultCoordLease
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &Coordinator{pool: s.pool, opts: opts, log: opts.Logger, gained: make(chan struct{}, 1)}
	if c.log == nil {
		c.log = s.log
	}
	c.log = c.log.With("component", "coordinator")
	if err := c.tick(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Run rebalances every Tick until ctx is cancelled, then returns nil;
// the buckets stay held until Close, so that work still in flight when
// ctx ends finishes before another process takes its hosts. A failed
// tick (the database unreachable) is logged; the process owns nothing
// until a tick succeeds again.
func (c *Coordinator) Run(ctx context.Context) error {
	t := time.NewTicker(c.opts.Tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		err := c.tick(ctx)
		switch {
		case errors.Is(err, errCoordClosed):
			return nil
		case err != nil && ctx.Err() == nil:
			c.log.Warn("hosts not rebalanced", "error", err)
		}
	}
}

// Close gives up every bucket by closing the coordinator's connection;
// the coordinator owns nothing after. Work still in flight is not
// waited for: stop the crawler first.
func (c *Coordinator) Close() error {
	c.tickMu.Lock()
	defer c.tickMu.Unlock()
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.dropConn()
	return nil
}

// Acquire reports whether this process owns host now; when it does, the
// host's bucket is not given up before release is called (once; later
// calls do nothing).
func (c *Coordinator) Acquire(host string) (release func(), ok bool) {
	b := &c.buckets[hostBucket(host)]
	c.mu.Lock()
	defer c.mu.Unlock()
	if !b.held || b.draining || c.opts.Now().Before(b.from) {
		return nil, false
	}
	b.inflight++
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			b.inflight--
			c.mu.Unlock()
		})
	}, true
}

// Gained receives (one pending value at most) after the process took
// buckets from others, so that the crawler reloads the host pauses the
// previous owners saved.
func (c *Coordinator) Gained() <-chan struct{} { return c.gained }

// Owned returns the buckets whose hosts Acquire grants now, in order.
func (c *Coordinator) Owned() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ownedLocked()
}

// Share reports where this process stands: owned is how many buckets
// Acquire grants now (len of Owned), share how many it was to hold at the
// last tick, and processes how many live processes, this one included,
// that tick counted. All are zero before the first tick succeeded, and
// after the connection was lost or closed. A newcomer beside busy
// processes owns fewer than its share until they give buckets up (on
// their next Tick) and it takes them (on its own next Tick, then Settle).
func (c *Coordinator) Share() (owned, share, processes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, 0, 0
	}
	return len(c.ownedLocked()), c.share, c.members
}

func (c *Coordinator) ownedLocked() []int {
	now := c.opts.Now()
	var out []int
	for i := range c.buckets {
		if b := &c.buckets[i]; b.held && !b.draining && !now.Before(b.from) {
			out = append(out, i)
		}
	}
	return out
}

// tick makes sure the coordinator's connection holds the member lock,
// then takes or gives up buckets toward this process's share.
func (c *Coordinator) tick(ctx context.Context) error {
	c.tickMu.Lock()
	defer c.tickMu.Unlock()
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return errCoordClosed
	}
	if err := c.connect(ctx); err != nil {
		return err
	}
	if err := c.rebalance(ctx); err != nil {
		c.dropConn()
		return fmt.Errorf("postgres: rebalance hosts: %w", err)
	}
	return nil
}

// connect opens the coordinator's own connection, if it has none, and
// joins the members. TCP keepalives on it let the server notice within
// about 25 seconds a process whose machine vanished without closing its
// connection, and release its locks.
func (c *Coordinator) connect(ctx context.Context) error {
	if c.conn != nil {
		return nil
	}
	pc, err := c.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: coordinator: connect: %w", err)
	}
	conn := pc.Hijack()
	_, err = conn.Exec(ctx, `SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3`)
	if err == nil {
		_, err = conn.Exec(ctx, `SELECT pg_advisory_lock_shared($1, 0)`, lockMember)
	}
	if err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return fmt.Errorf("postgres: coordinator: join the processes: %w", err)
	}
	c.conn = conn
	return nil
}

// dropConn closes the connection, which releases every lock it held, and
// forgets the buckets. tickMu is held.
func (c *Coordinator) dropConn() {
	if c.conn == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.conn.Close(ctx)
	c.conn = nil
	c.mu.Lock()
	for i := range c.buckets {
		b := &c.buckets[i]
		b.held, b.draining = false, false
	}
	c.members, c.share = 0, 0
	c.mu.Unlock()
}

// rebalance is one round of the share: count the members and the buckets
// others hold, give up the buckets beyond this process's share (those
// with nothing in flight at once, the others once their work ends), or
// take free ones up to it. tickMu is held and conn is open.
func (c *Coordinator) rebalance(ctx context.Context) error {
	var members int
	var others []int32
	err := c.conn.QueryRow(ctx, `
		WITH l AS (SELECT * FROM pg_locks WHERE locktype = 'advisory' AND granted
			AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
		SELECT (SELECT count(*) FROM l WHERE classid::bigint = $1 AND objid = 0 AND objsubid = 2),
			array(SELECT objid::bigint::int4 FROM l WHERE classid::bigint = $2 AND objsubid = 2 AND pid <> pg_backend_pid())`,
		lockMember, lockBucket).Scan(&members, &others)
	if err != nil {
		return err
	}
	share := (HostBuckets + max(members, 1) - 1) / max(members, 1)
	taken := make([]bool, HostBuckets)
	for _, b := range others {
		if b >= 0 && int(b) < HostBuckets {
			taken[b] = true
		}
	}

	c.mu.Lock()
	c.members, c.share = members, share
	held := 0
	for i := range c.buckets {
		if b := &c.buckets[i]; b.held && !b.draining {
			held++
		}
	}
	// Give up the excess, idle buckets first; or call back buckets being
	// given up before taking free ones.
	for pass := 0; pass < 2 && held > share; pass++ {
		for i := range c.buckets {
			if b := &c.buckets[i]; held > share && b.held && !b.draining && (pass == 1 || b.inflight == 0) {
				b.draining = true
				held--
			}
		}
	}
	for i := range c.buckets {
		if b := &c.buckets[i]; held < share && b.draining {
			b.draining = false
			held++
		}
	}
	var unlock, free []int32
	for i := range c.buckets {
		b := &c.buckets[i]
		switch {
		case b.draining && b.inflight == 0:
			unlock = append(unlock, int32(i))
			b.held, b.draining = false, false
		case !b.held && !taken[i]:
			free = append(free, int32(i))
		}
	}
	want := share - held
	c.mu.Unlock()

	if len(unlock) > 0 {
		if _, err := c.conn.Exec(ctx, `SELECT pg_advisory_unlock($1, b) FROM unnest($2::int4[]) AS b`, lockBucket, unlock); err != nil {
			return err
		}
		c.log.Info("hosts given up", "buckets", len(unlock), "processes", members)
	}
	if want <= 0 || len(free) == 0 {
		return nil
	}
	rand.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	rows, err := c.conn.Query(ctx, `SELECT b FROM unnest($2::int4[]) AS b WHERE pg_try_advisory_lock($1, b) LIMIT $3`, lockBucket, free, want)
	if err != nil {
		return err
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return err
	}
	if len(got) == 0 {
		return nil
	}
	from := c.opts.Now().Add(c.opts.Settle)
	c.mu.Lock()
	for _, i := range got {
		b := &c.buckets[i] // inflight may count work from before a lost connection
		b.held, b.from, b.draining = true, from, false
	}
	c.mu.Unlock()
	c.log.Info("hosts taken", "buckets", len(got), "processes", members, "share", share)
	select {
	case c.gained <- struct{}{}:
	default:
	}
	return nil
}
