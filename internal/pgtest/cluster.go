package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// dirPrefix starts the name of every cluster folder, so that removeStale
// finds those of dead test binaries.
const dirPrefix = "newshound-pgtest-"

// Cluster is a running throwaway PostgreSQL cluster. Its methods are safe
// for concurrent use.
type Cluster struct {
	dir  string // the temporary folder: data/, the socket, the log
	bin  string // the folder of initdb and postgres
	cred *syscall.Credential

	cmd  *exec.Cmd
	done chan struct{} // closed when postgres exits

	mu    sync.Mutex // guards admin
	admin *pgx.Conn  // to database postgres, as the superuser

	stopOnce sync.Once
	stopErr  error
}

// Start runs initdb in a new temporary folder and starts postgres on a
// Unix socket there, waiting until it accepts connections. bin is the
// folder of the binaries; empty looks them up (see the package doc) and
// returns an error wrapping Missing when there are none. Stop the cluster
// with Stop; Main stops the shared one.
func Start(bin string) (_ *Cluster, err error) {
	if bin == "" {
		if bin, err = findBin(os.Getenv("PATH"), "/usr/lib/postgresql/*/bin"); err != nil {
			return nil, err
		}
	}
	c := &Cluster{bin: bin, done: make(chan struct{})}
	if c.dir, err = os.MkdirTemp("", dirPrefix); err != nil {
		return nil, fmt.Errorf("pgtest: create the cluster folder: %w (set TMPDIR to a writable folder)", err)
	}
	defer func() {
		if err != nil {
			c.Stop()
		}
	}()
	if err := os.WriteFile(filepath.Join(c.dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	if c.cred, err = credential(); err != nil {
		return nil, err
	}
	if c.cred != nil {
		if err := os.Chown(c.dir, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			return nil, fmt.Errorf("pgtest: give the cluster folder to the postgres user: %w", err)
		}
	}
	if err := c.initdb(); err != nil {
		return nil, err
	}
	if err := c.start(); err != nil {
		return nil, err
	}
	return c, nil
}

// credential is the user initdb and postgres run as: nil (this process's)
// unless this process is root, which PostgreSQL refuses.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgtest: the tests run as root, which PostgreSQL refuses, and there is no postgres user to run it as: %w (install Debian's postgresql package, which creates it, or run the tests as another user)", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("pgtest: the postgres user's ids: %w", err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// command is the binary name of the cluster's PostgreSQL, run in the
// cluster folder as the cluster's user.
func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	cmd.Env = []string{"LANG=C", "LC_ALL=C", "PATH=" + os.Getenv("PATH")}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	return cmd
}

// initdb creates the data folder: UTF-8, C locale, no fsync; the
// superuser connects without a password and every other role with one.
func (c *Cluster) initdb() error {
	cmd := c.command("initdb", "-D", c.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pgtest: initdb in %s failed: %w\n%s", c.dir, err, out)
	}
	hba := "local all postgres trust\nlocal all all scram-sha-256\n"
	if err := os.WriteFile(filepath.Join(c.data(), "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		return fmt.Errorf("pgtest: write pg_hba.conf: %w", err)
	}
	return nil
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

// start runs postgres and waits until it answers.
func (c *Cluster) start() error {
	logf, err := os.Create(filepath.Join(c.dir, "postgres.log"))
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer logf.Close() // postgres holds its own copy
	c.cmd = c.command("postgres", "-D", c.data(), "-k", c.dir,
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "shared_buffers=32MB", "-c", "max_connections=200")
	c.cmd.Stdout, c.cmd.Stderr = logf, logf
	// The kernel sends SIGQUIT (immediate shutdown) to postgres when the
	// thread that started it ends: the goroutine below holds that thread
	// until postgres exits, so only the end of the process ends it.
	c.cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		if err := c.cmd.Start(); err != nil {
			started <- err
			close(c.done)
			return
		}
		started <- nil
		c.cmd.Wait()
		close(c.done)
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("pgtest: start postgres: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		conn, err := pgx.Connect(ctx, c.DSN("postgres"))
		if err == nil {
			c.admin = conn
			return nil
		}
		select {
		case <-c.done:
			return fmt.Errorf("pgtest: postgres exited at start: %s", c.logTail())
		case <-ctx.Done():
			return fmt.Errorf("pgtest: postgres did not accept connections within 60 s (%w): %s", err, c.logTail())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// logTail is the end of the postgres log, for errors.
func (c *Cluster) logTail() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "postgres.log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(bytes.TrimSpace(b))
}

// Dir is the cluster's temporary folder, which holds its Unix socket.
func (c *Cluster) Dir() string { return c.dir }

// DSN is the connection string of database name as the superuser.
func (c *Cluster) DSN(name string) string {
	return fmt.Sprintf("host=%s port=5432 user=postgres dbname=%s sslmode=disable", c.dir, name)
}

// AdminDSN is DSN for a role and its password: roles other than postgres
// authenticate with scram-sha-256.
func (c *Cluster) AdminDSN(name, role, password string) string {
	return fmt.Sprintf("host=%s port=5432 user=%s password=%s dbname=%s sslmode=disable", c.dir, role, password, name)
}

// Exec runs sql on the superuser's connection to database postgres (for
// CREATE ROLE and the like).
func (c *Cluster) Exec(ctx context.Context, sql string, args ...any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.admin == nil {
		return errors.New("pgtest: the cluster is stopped")
	}
	if _, err := c.admin.Exec(ctx, sql, args...); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	return nil
}

// CreateDatabase creates the database name, which must be a plain
// identifier.
func (c *Cluster) CreateDatabase(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return c.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
}

// DropDatabase drops the database name, closing the connections still
// open to it.
func (c *Cluster) DropDatabase(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
}

// Stop shuts postgres down (fast shutdown, then SIGKILL after 30 s) and
// removes the cluster's folder. Calling it again returns the first result.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() { c.stopErr = c.stop() })
	return c.stopErr
}

func (c *Cluster) stop() error {
	c.mu.Lock()
	if c.admin != nil {
		c.admin.Close(context.Background())
		c.admin = nil
	}
	c.mu.Unlock()
	var errs []error
	if c.cmd != nil && c.cmd.Process != nil {
		c.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-c.done:
		case <-time.After(30 * time.Second):
			c.cmd.Process.Kill()
			<-c.done
			errs = append(errs, errors.New("pgtest: postgres did not shut down within 30 s and was killed"))
		}
	}
	if err := os.RemoveAll(c.dir); err != nil {
		errs = append(errs, fmt.Errorf("pgtest: remove the cluster folder: %w", err))
	}
	return errors.Join(errs...)
}

// Running reports whether the cluster's postgres process is still running.
func (c *Cluster) Running() bool {
	select {
	case <-c.done:
		return false
	default:
		return c.cmd != nil
	}
}
