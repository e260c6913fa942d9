package secrets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Severity says how bad a finding is.
type Severity string

const (
	SeverityError Severity = "error" // a secret that must not be committed
	SeverityInfo  Severity = "info"  // public by design (publishable keys)
)

// Finding is one key found by Scan. It never holds the key itself: Masked
// and Preview are redacted.
type Finding struct {
	Path     string   `json:"path"`
	Line     int      `json:"line"`
	Column   int      `json:"column"` // 1-based byte column
	Rule     string   `json:"rule"`
	Kind     Kind     `json:"kind"`
	Mode     Mode     `json:"mode,omitempty"`
	Severity Severity `json:"severity"`
	Masked   string   `json:"masked"`
	Preview  string   `json:"preview"` // the line, redacted and shortened
}

// ScanRule describes one kind of finding; the table is what SARIF lists as
// rules and what text output names.
type ScanRule struct {
	ID       string
	Kind     Kind
	Severity Severity
	Summary  string
}

// ScanRules, one per kind, in report order.
var ScanRules = []ScanRule{
	{"stripe-secret-key", KindSecret, SeverityError, "Stripe secret key (full account access)"},
	{"stripe-restricted-key", KindRestricted, SeverityError, "Stripe restricted key"},
	{"stripe-webhook-secret", KindWebhookSecret, SeverityError, "Stripe webhook signing secret"},
	{"stripe-unknown-key", KindUnknown, SeverityError, "Stripe credential with a newer prefix"},
	{"stripe-publishable-key", KindPublishable, SeverityInfo, "Stripe publishable key (public by design)"},
}

func ruleFor(k Kind) ScanRule {
	for _, r := range ScanRules {
		if r.Kind == k {
			return r
		}
	}
	return ScanRules[3]
}

// scanMinBody is the shortest body scan reports. Redact masks from 8
// characters; scan wants fewer false alarms in source code, and no real
// Stripe key body has been shorter than 24.
const scanMinBody = 12

// markerBytes are the markers as byte slices, for bytes.Index.
var markerBytes = func() [][]byte {
	b := make([][]byte, len(markers))
	for i, m := range markers {
		b[i] = []byte(m)
	}
	return b
}()

// binarySniff is how much of a file is checked for a NUL byte, like git.
const binarySniff = 8000

// ErrBinary is returned by Scan for content that looks binary.
var ErrBinary = errors.New("binary file")

// chunkSize is how much Scan reads at a time: memory stays flat however
// large the file.
const chunkSize = 1 << 20

// keyOverlap is kept from one chunk to the next when a chunk holds no
// newline, so a key across the boundary is still seen whole.
const keyOverlap = 512

// Scan reads r (the file path) and calls emit for every key it holds. Lines
// carrying AllowMarker are skipped, and counted in allowed. It returns
// ErrBinary, without reading further, for binary content.
func Scan(path string, r io.Reader, emit func(Finding)) (allowed int, err error) {
	s := scanState{path: path, emit: emit, line: 1}
	buf := make([]byte, 0, chunkSize+keyOverlap)
	first := true
	for {
		n, rerr := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if first {
			first = false
			if bytes.IndexByte(buf[:min(len(buf), binarySniff)], 0) >= 0 {
				return 0, ErrBinary
			}
		}
		eof := rerr == io.EOF || rerr == io.ErrUnexpectedEOF
		if rerr != nil && !eof {
			return s.allowed, fmt.Errorf("%s: %w", path, rerr)
		}
		if eof {
			s.scanLines(buf)
			return s.allowed, nil
		}
		// Process whole lines; keep the incomplete last one for the next read.
		cut := bytes.LastIndexByte(buf, '\n') + 1
		if cut == 0 {
			// One enormous line: process it in pieces, keeping an overlap
			// that is longer than any key, not cutting inside a key.
			cut = len(buf) - keyOverlap
			if c := safeCut(buf, cut); cut-c < keyOverlap/2 {
				cut = c // back off to before a key that might straddle
			}
			s.scanPiece(buf[:cut])
		} else {
			s.scanLines(buf[:cut])
		}
		buf = append(buf[:0], buf[cut:]...)
	}
}

type scanState struct {
	path    string
	emit    func(Finding)
	line    int // line number of the first byte not yet processed
	col     int // byte offset within that line already consumed by a piece
	allowed int
}

// scanLines handles a run of complete lines (at the end of the input the
// last may lack its newline).
func (s *scanState) scanLines(b []byte) {
	if len(b) == 0 {
		return
	}
	pos, line := 0, s.line // b[pos:] starts at line number `line`
	for _, start := range candidateLines(b) {
		line += bytes.Count(b[pos:start], []byte{'\n'})
		end := bytes.IndexByte(b[start:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += start
		}
		col := 0
		if start == 0 {
			col = s.col
		}
		s.scanLine(b[start:end], line, col)
		pos = start
	}
	s.line = line + bytes.Count(b[pos:], []byte{'\n'})
	s.col = 0
}

// scanPiece handles part of a line too long to hold at once.
func (s *scanState) scanPiece(b []byte) {
	if hasMarker(b) {
		s.scanLine(b, s.line, s.col)
	}
	s.col += len(b)
}

// candidateLines returns the start offsets of the lines of b that hold a
// marker, in order, each once.
func candidateLines(b []byte) []int {
	var starts []int
	// next[i] caches where markers[i] next occurs at or after from (-1: no
	// more), so each marker is searched for once per occurrence, not once
	// per line: without it a marker absent from the chunk costs a full
	// pass per candidate line.
	var next [8]int
	for i := range markers {
		next[i] = -2
	}
	for from := 0; from < len(b); {
		at := -1
		for i, m := range markerBytes {
			if next[i] == -2 || next[i] >= 0 && next[i] < from {
				if j := bytes.Index(b[from:], m); j >= 0 {
					next[i] = from + j
				} else {
					next[i] = -1
				}
			}
			if next[i] >= 0 && (at < 0 || next[i] < at) {
				at = next[i]
			}
		}
		if at < 0 {
			break
		}
		start := bytes.LastIndexByte(b[:at], '\n') + 1
		starts = append(starts, start)
		nl := bytes.IndexByte(b[at:], '\n')
		if nl < 0 {
			break
		}
		from = at + nl + 1
	}
	return starts
}

func hasMarker(b []byte) bool {
	for _, m := range markerBytes {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return false
}

// scanLine reports the keys on one line; col is the offset of line within
// the real line (non-zero only for pieces of a very long line).
func (s *scanState) scanLine(line []byte, lineNo, col int) {
	var found []Finding
	// A zero-copy view: findKeys only reads, and line is not modified while
	// the view lives (converting would allocate once per candidate line).
	for _, k := range findKeys(unsafe.String(unsafe.SliceData(line), len(line))) {
		body := line[k.prefixEnd:k.end]
		if k.start > 0 && isAlnum(line[k.start-1]) {
			continue // inside a word: "disk_live_migration…"
		}
		if len(body) < scanMinBody || !bytes.ContainsAny(body, "0123456789") {
			continue // a word or placeholder (sk_test_xxxxxxxxxxxx), not a key
		}
		kind, mode := Classify(string(line[k.start:k.end]))
		rule := ruleFor(kind)
		found = append(found, Finding{
			Path: s.path, Line: lineNo, Column: col + k.start + 1,
			Rule: rule.ID, Kind: kind, Mode: mode, Severity: rule.Severity,
			Masked:  string(line[k.start:k.prefixEnd]) + "…" + string(body[len(body)-4:]),
			Preview: preview(line, k.start),
		})
	}
	if len(found) == 0 {
		return
	}
	if bytes.Contains(line, []byte(AllowMarker)) {
		s.allowed += len(found)
		return
	}
	for _, f := range found {
		s.emit(f)
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// previewWidth is the most of a line a finding shows.
const previewWidth = 120

// preview is the line around the key at offset at, redacted, trimmed and
// shortened. The text before and after at are redacted separately (no key
// spans at: one starts there), so cutting the left part short can only cut
// into text that is already masked.
func preview(line []byte, at int) string {
	left := Redact(string(line[:at]))
	ellipsis := ""
	if keep := previewWidth / 3; len(left) > keep {
		cut := len(left) - keep
		for cut < len(left) && !utf8.RuneStart(left[cut]) {
			cut++
		}
		left, ellipsis = left[cut:], "…"
	}
	red := strings.TrimSpace(left + Redact(string(line[at:])))
	if len(red) > previewWidth {
		cut := previewWidth
		for cut > 0 && !utf8.RuneStart(red[cut]) {
			cut--
		}
		red = red[:cut] + "…"
	}
	return sanitizePreview(ellipsis + red)
}

// sanitizePreview replaces control characters so a finding cannot move the
// cursor or recolour the terminal it is printed on.
func sanitizePreview(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 && c != '\t' || c == 0x7f {
			b[i] = '?'
		}
	}
	return string(b)
}
