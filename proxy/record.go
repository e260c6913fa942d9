package proxy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// Line is one recorded request, shaped like a `stripe logs tail --format
// JSON` event so that logparse reads a recording like any tail log. It holds
// no bodies, no headers and no keys.
type Line struct {
	CreatedAt int64      `json:"created_at"`
	Livemode  bool       `json:"livemode"`
	Method    string     `json:"method"`
	URL       string     `json:"url"` // path only: queries can carry personal data
	Status    int        `json:"status"`
	RequestID string     `json:"request_id"`
	Account   string     `json:"account,omitempty"` // Stripe-Account header, when sent
	Source    string     `json:"source"`            // always "PROXY"
	Error     *LineError `json:"error"`
	// DryRun marks a denial the proxy only recorded (--dry-run): the client
	// got the upstream's real answer.
	DryRun bool `json:"dry_run,omitempty"`
	// Unmapped marks a request the catalog could not map to an operation.
	Unmapped bool `json:"unmapped,omitempty"`
}

// LineError is the error of a denied request.
type LineError struct {
	Type    string `json:"type"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
}

// Recorder appends Lines to a writer. It buffers, flushes at least every
// flushEvery, and on Close; it is safe for concurrent use.
type Recorder struct {
	mu     sync.Mutex
	w      *bufio.Writer
	closer io.Closer
	syncer interface{ Sync() error }
	err    error // first write error; later writes are dropped
	stop   chan struct{}
	done   chan struct{}
}

const flushEvery = 500 * time.Millisecond

// OpenRecorder appends to the file at path, creating it (mode 0600) if needed.
func OpenRecorder(path string) (*Recorder, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("record file: %w", err)
	}
	r := NewRecorder(f)
	r.closer, r.syncer = f, f
	return r, nil
}

// NewRecorder records to w. Close flushes but does not close w.
func NewRecorder(w io.Writer) *Recorder {
	r := &Recorder{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go r.flushLoop()
	return r
}

func (r *Recorder) flushLoop() {
	defer close(r.done)
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			_ = r.Flush()
		}
	}
}

// Record appends one line.
func (r *Recorder) Record(l Line) {
	b, err := json.Marshal(l)
	if err != nil {
		return // a Line always marshals; nothing sensible to do otherwise
	}
	// Paths and messages never hold keys by construction; redacting anyway
	// means a client that puts a key in a URL cannot leak it into the file.
	b = append(secrets.RedactBytes(b), '\n')
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		_, r.err = r.w.Write(b)
	}
}

// Flush writes buffered lines out.
func (r *Recorder) Flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		r.err = r.w.Flush()
	}
	return r.err
}

// Close flushes, syncs and closes the file (when the recorder opened it).
func (r *Recorder) Close() error {
	close(r.stop)
	<-r.done
	err := r.Flush()
	if r.syncer != nil {
		if serr := r.syncer.Sync(); err == nil {
			err = serr
		}
	}
	if r.closer != nil {
		if cerr := r.closer.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("record file: %w", err)
	}
	return nil
}
