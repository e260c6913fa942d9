package secrets

import (
	"bytes"
	"io"
	"sync"
)

// Writer redacts keys from everything written through it before passing it
// on. It holds back an incomplete last line so that a key split across two
// Write calls is still seen whole; Flush (or a newline) releases it.
type Writer struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

// NewWriter wraps w. Callers that stop writing must call Flush.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// maxHold bounds what a Writer keeps back while waiting for a newline: a
// longer run cannot be a single key waiting for its tail (keys are < 256
// characters), so it is redacted and released.
const maxHold = 4096

func (rw *Writer) Write(p []byte) (int, error) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	rw.buf = append(rw.buf, p...)
	cut := bytes.LastIndexByte(rw.buf, '\n') + 1
	if cut == 0 && len(rw.buf) > maxHold {
		cut = safeCut(rw.buf, len(rw.buf)-256)
	}
	if cut > 0 {
		if _, err := rw.w.Write(RedactBytes(rw.buf[:cut])); err != nil {
			return 0, err
		}
		rw.buf = append(rw.buf[:0], rw.buf[cut:]...)
	}
	return len(p), nil
}

// Flush writes out whatever is held back, redacted.
func (rw *Writer) Flush() error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if len(rw.buf) == 0 {
		return nil
	}
	_, err := rw.w.Write(RedactBytes(rw.buf))
	rw.buf = rw.buf[:0]
	return err
}

// safeCut moves a cut point back to just after a byte that cannot be part of
// a key, so a key is never split in two (its tail would then be printed
// unredacted). A run of key characters as long as the whole buffer is no key.
func safeCut(b []byte, cut int) int {
	for i := cut; i > 0; i-- {
		if !isKeyByte(b[i-1]) {
			return i
		}
	}
	return cut
}

func isKeyByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
