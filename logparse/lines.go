package logparse

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"time"
	"unicode/utf8"
)

// lineReader hands out one line at a time, as soon as it is complete, with
// its 1-based number. It enforces the maximum line length without holding an
// overlong line in memory, and it first replays what sniffing already read.
type lineReader struct {
	name string
	pre  []byte // bytes sniffing consumed, replayed first
	br   *bufio.Reader
	max  int
	line int    // number of the line last returned
	buf  []byte // assembles lines longer than the bufio buffer
	eof  bool
	// direct: br reads the input as it is (not decompressed or
	// transcoded), so its bytes are the file's (see fileChunks).
	direct bool
	live   *liveReader // the live stream br reads, if it is one
	rows   [][]byte    // peekLines' result, kept for the next call
	held   error       // what ended a run of binary lines, told after it (nextText)
	// values: the lines hold JSON values one after another (the JSON
	// stream reader: JSON Lines, and documents joined "}{" on one line).
	// A line over max is handed out a value at a time (longLine): a JSON
	// value read is not a line, and max bounds each value instead.
	values bool
	long   *longLine // the line over max being handed out, if any
	col    int       // where the piece last handed out starts in its line (0 but in a long line)
	piece  bool      // what next handed out last is a piece of a long line
	// goesOn, for a chunk's lines, reports at their end whether the input
	// goes on after them (chunk.goesOn); nil for a whole input.
	goesOn func() bool
}

func newLineReader(name string, pre []byte, br *bufio.Reader, max int) *lineReader {
	if max <= 0 {
		max = DefaultMaxLine
	}
	return &lineReader{name: name, pre: pre, br: br, max: max}
}

// buffered reports how many bytes can be read without blocking.
func (lr *lineReader) buffered() int {
	if lr.br == nil {
		return len(lr.pre)
	}
	return len(lr.pre) + lr.br.Buffered()
}

// quiet reports whether the input has nothing more for now: nothing is
// buffered, and on a live stream nothing arrives for d. A reader holding a
// record that later lines could complete hands it on then.
func (lr *lineReader) quiet(d time.Duration) bool {
	return lr.buffered() == 0 && (lr.live == nil || lr.live.quiet(d))
}

// next returns the next line without its "\n" or "\r\n". The slice is valid
// until the following call. It returns io.EOF after the last line, and a
// *ParseError (ErrLineTooLong) for a line over the limit, which it skips.
func (lr *lineReader) next() ([]byte, error) {
	lr.col, lr.piece = 0, false
	if lr.long != nil {
		return lr.nextValue()
	}
	if len(lr.pre) > 0 {
		if i := bytes.IndexByte(lr.pre, '\n'); i >= 0 {
			line := dropNULs(lr.pre[:i])
			rest := lr.pre[i+1:]
			lr.pre = rest
			lr.line++
			if len(line) > lr.max {
				if lr.values && opensValues(line) {
					// The pieces come before the lines after it: those
					// wait in the long line's place of pre until it ends.
					lr.pre, line = nil, trimCR(line)
					lr.long = &longLine{buf: line, end: len(line), after: rest}
					return lr.nextValue()
				}
				return nil, lr.tooLong()
			}
			if isDamageLine(line) {
				return nil, lr.damage(line)
			}
			return trimCR(line), nil
		}
		// The replayed bytes end mid-line: join them with what follows.
		lr.buf = append(lr.buf[:0], dropNULs(lr.pre)...)
		lr.pre = nil
		if lr.br == nil {
			return lr.finish(io.EOF)
		}
		return lr.readRest()
	}
	if lr.eof || lr.br == nil {
		return nil, io.EOF
	}
	lr.buf = lr.buf[:0]
	line, err := lr.br.ReadSlice('\n')
	if err == nil {
		lr.line++
		if line = dropNULs(line[:len(line)-1]); len(line) > lr.max {
			if lr.values && opensValues(line) {
				return lr.startLong(append(lr.buf[:0], line...))
			}
			return nil, lr.tooLong()
		}
		if isDamageLine(line) {
			return nil, lr.damage(line)
		}
		return trimCR(line), nil
	}
	lr.buf = append(lr.buf, dropNULs(line)...)
	if errors.Is(err, bufio.ErrBufferFull) {
		return lr.readRest()
	}
	return lr.finish(err)
}

// readRest continues a line already started in lr.buf.
func (lr *lineReader) readRest() ([]byte, error) {
	for {
		if len(lr.buf) > lr.max+1 {
			if lr.values && opensValues(lr.buf) {
				lr.line++
				lr.long = &longLine{buf: lr.buf, end: -1}
				lr.buf = nil
				return lr.nextValue()
			}
			return nil, lr.skipLong()
		}
		chunk, err := lr.br.ReadSlice('\n')
		if len(lr.buf) == 0 {
			chunk = dropNULs(chunk) // still in a hole at the line's start
		}
		lr.buf = append(lr.buf, chunk...)
		if err == nil {
			lr.line++
			line := lr.buf[:len(lr.buf)-1]
			if len(line) > lr.max {
				if lr.values && opensValues(line) {
					return lr.startLong(line)
				}
				return nil, lr.tooLong()
			}
			if isDamageLine(line) {
				return nil, lr.damage(line)
			}
			return trimCR(line), nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return lr.finish(err)
		}
	}
}

// finish handles the end of input: a last line without "\n" is still a line.
// A .gz cut off or damaged ends the input too (see endsInput).
func (lr *lineReader) finish(err error) ([]byte, error) {
	if !errors.Is(err, io.EOF) {
		lr.eof = endsInput(err)
		return nil, lr.placeDamage(err)
	}
	lr.eof = true
	if len(lr.buf) == 0 {
		return nil, io.EOF // no last line, or only a hole
	}
	lr.line++
	if len(lr.buf) > lr.max {
		if lr.values && opensValues(lr.buf) {
			return lr.startLong(lr.buf)
		}
		return nil, lr.tooLong()
	}
	return trimCR(lr.buf), nil
}

// opensValues reports whether a line over the limit, in an input of JSON
// values, is read a value at a time (longLine): it opens an object, and
// its start is no binary data. Any other line over the limit is too long,
// as in every format. The line's start decides, which a chunk's cut sees
// too (fileChunks.read).
func opensValues(line []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(line, utf8BOM), " \t")
	return len(t) > 0 && t[0] == '{' && !isJunkLine(t[:min(len(t), valuesProbe)])
}

// valuesProbe is how much of a line's start opensValues looks at.
const valuesProbe = 64

// startLong hands out the whole line over the limit in lr.buf, a line of
// JSON values, a value at a time.
func (lr *lineReader) startLong(line []byte) ([]byte, error) {
	line = trimCR(line)
	lr.long = &longLine{buf: line, end: len(line)}
	lr.buf = nil
	return lr.nextValue()
}

// placeDamage gives a .gz's damage (unpackReader's *ParseError, which knows
// no line) the place where the text stops: the line after the last whole
// one (at its start: a chunk of a parallel read may hold its bytes).
func (lr *lineReader) placeDamage(err error) error {
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 0 {
		return err
	}
	placed := *pe
	placed.Line, placed.Column = lr.line+1, 1
	return &placed
}

// damageMark starts a line that gzipMembers puts into the text where the
// compressed data broke and reading went on after it: the line reader
// reports the damage in the line's place (a malformed record). A DEL and a
// NUL start it, which no text log holds, and which no dropping of a hole's
// NULs where a line starts (dropNULs) can hide.
const damageMark = "\x7f\x00rakmigrate damage\x00"

// damageLine is the line that reports damage saying detail.
func damageLine(detail string) []byte {
	return append(append([]byte(damageMark), detail...), '\n')
}

// isDamageLine reports a damage line (one compare for every other line).
func isDamageLine(line []byte) bool {
	return len(line) > 0 && line[0] == damageMark[0] && bytes.HasPrefix(line, []byte(damageMark))
}

// damage is the report of the damage line just read.
func (lr *lineReader) damage(line []byte) error {
	return newParseError(Position{File: lr.name, Line: lr.line, Column: 1}, ErrMalformed, string(line[len(damageMark):]), damageHint)
}

const damageHint = "a .gz copied while it was written, or a bad sector; the lines before and after it are read"

// skipLong discards the rest of an overlong line.
func (lr *lineReader) skipLong() error {
	lr.buf = lr.buf[:0]
	for {
		_, err := lr.br.ReadSlice('\n')
		if err == nil {
			lr.line++
			return lr.tooLong()
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			if errors.Is(err, io.EOF) {
				lr.eof = true
				lr.line++
				return lr.tooLong()
			}
			lr.eof = endsInput(err)
			return lr.placeDamage(err)
		}
	}
}

func (lr *lineReader) tooLong() error {
	return newParseError(Position{File: lr.name, Line: lr.line, Column: 1}, ErrLineTooLong,
		"longer than "+itoa(lr.max)+" bytes",
		"raise --max-line if such long lines are real, or check the file is a request log")
}

// dropNULs drops the NUL bytes at the start of a line. They are a hole,
// not data: logrotate's copytruncate emptied the file while its writer
// kept writing at its old offset (no O_APPEND), so the writer's next line
// lands after as many NULs as the log held; the lines that were there went
// to the rotated file. Open drops such a run at the very start of an
// input; this drops one met later (a file read while it was rotated, or
// files joined with cat), silently: nothing is lost and there is nothing
// for the user to do. NULs elsewhere in a line are kept. The NULs do not
// count toward --max-line, and are dropped as they are read: such a hole is
// as long as the log was at rotation, megabytes or gigabytes, and the line
// after it is a record (fileChunks.read drops a hole the same way).
func dropNULs(b []byte) []byte {
	if len(b) == 0 || b[0] != 0 {
		return b // every line of a healthy log: one compare
	}
	return bytes.TrimLeft(b, "\x00")
}

func trimCR(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\r' {
		return b[:n-1]
	}
	return b
}

// peekHead returns up to n bytes of the next line without reading it.
// With fill false it looks only at bytes already read, which a peek leaves
// in place, and complete says whether they were enough (n bytes, or the
// whole line); with fill it reads on, which may move the buffer the last
// line returned by next points into.
func (lr *lineReader) peekHead(n int, fill bool) (head []byte, complete bool) {
	if len(lr.pre) > 0 {
		// Replayed bytes never move; a line that goes on past them is
		// judged by its start.
		head = lr.pre
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			head = head[:i]
		}
		return head[:min(n, len(head))], true
	}
	if lr.eof || lr.br == nil {
		return nil, true
	}
	want := n
	if !fill {
		want = min(n, lr.br.Buffered())
	}
	b, err := lr.br.Peek(want)
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], true
	}
	return b, len(b) >= n || err != nil
}

// peekLines returns up to k of the next lines (each without its line end)
// in the next n bytes, without reading them. Like peekHead with fill, it
// may move the buffer the last line returned by next points into. A line
// that goes on past n bytes is left out. The result is valid until the
// next call.
func (lr *lineReader) peekLines(k, n int) [][]byte {
	var b []byte
	switch {
	case len(lr.pre) > 0:
		b = lr.pre
		if len(b) < n && lr.br != nil && !lr.eof && bytes.Count(b, []byte{'\n'}) < k {
			// The lines go on past the replayed bytes: see them joined
			// (rare: only around the lines sniffing read).
			more, _ := lr.br.Peek(n - len(b))
			b = append(append(make([]byte, 0, len(b)+len(more)), b...), more...)
		}
	case lr.eof || lr.br == nil:
		return nil
	default:
		b, _ = lr.br.Peek(n)
	}
	b = b[:min(len(b), n)]
	lines := lr.rows[:0]
	defer func() { lr.rows = lines[:0] }()
	for len(lines) < k {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			break
		}
		lines = append(lines, trimCR(b[:i]))
		b = b[i+1:]
	}
	return lines
}

// endsInput reports a read error that is the bytes' own failure, a .gz cut
// off or damaged (unpackReader's *ParseError): the reader under it repeats
// it on every call, and a format that skips a bad record and reads on would
// hear it forever. The log-event feed's in-band errors (elementProblem,
// elementRequest) are not that, and reading goes on after them.
func endsInput(err error) bool {
	var pe *ParseError
	return errors.As(err, &pe)
}

// unread has rest read next as a line of its own, under the number of the
// line just read: what a reader found to follow a line end inside that
// line (a hole, a bare CR, a record joined to one cut short). rest is
// copied: it may point into the line's buffer.
func (l *lineReader) unread(rest []byte) {
	if l.long != nil {
		l.long.unread(rest)
		return
	}
	pre := make([]byte, 0, len(rest)+1+len(l.pre))
	l.pre = append(append(append(pre, rest...), '\n'), l.pre...)
	l.line--
}

// unreadJoined has rest, the values after the first on a line of values
// joined ("}{"), read next a value at a time, as a line over the limit is
// (longLine): put back whole, each value after would copy all the rest
// again (a joined line just under --max-line took seconds).
func (l *lineReader) unreadJoined(rest []byte) {
	if l.long != nil || !l.values {
		l.unread(rest)
		return
	}
	l.long = &longLine{buf: bytes.Clone(rest), end: len(rest), after: l.pre, unplaced: true}
	l.pre = nil
}

// cutAtHole ends line at a run of NULs inside it: a hole that a
// copytruncate, or a write cut short on a full disk, left in the file (a
// log holds no raw NUL). What follows the run is read next (unread).
func (l *lineReader) cutAtHole(line []byte) []byte {
	i := bytes.IndexByte(line, 0)
	if rest := bytes.TrimLeft(line[i:], "\x00"); len(rest) > 0 {
		l.unread(rest)
	}
	return line[:i]
}

// junkProbe is how much of a line nextText looks at to decide whether the
// line may be binary data at all. A run of binary data is cut into lines by
// its own newline bytes, so each of its lines starts at a random byte:
// sixteen of them are all printable ASCII about once in ten million lines.
// A text line starts with its time or level, ASCII: looking no further
// spares every line of a large application log a pass over its bytes (a
// seventh of reading one, BenchmarkReadSDKAppLog).
const junkProbe = 16

// nextText is next for a reader that passes over lines it does not know
// (an SDK or application log, a table without a header): a run of lines
// of binary data (a bad sector, bytes written over the log) comes as one
// report at its first line, saying how many lines it took, where next
// would give each line, which such a reader would read as text and pass
// over without a word. A chunked reader (tail-text, JSON lines) may use
// it only with a cut plan whose follows takes in junkFollows: a chunk then
// never starts inside a run, and each run is read whole by one chunk.
func (lr *lineReader) nextText() ([]byte, error) {
	if err := lr.held; err != nil {
		lr.held = nil
		return nil, err
	}
	line, err := lr.next()
	if err != nil || !mayBeJunk(line[:min(len(line), junkProbe)]) || !isJunkLine(line) {
		return line, err
	}
	first, n, size := lr.line, 1, len(line)
	for {
		line, err := lr.next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				lr.held = err // after the run
			}
			break
		}
		if lr.piece || !junkFollows(line) {
			// A piece of a line of values over the limit ends a run, as
			// the line's "too long" did: a chunk's cut never takes such a
			// line into the run before it (followsLine).
			lr.unread(line)
			break
		}
		n++
		size += len(line)
		if size > maxJunkRun {
			// No bad sector is this long: the file is binary data from
			// here on (a disk image, an archive, a log written over). Its
			// end is not looked for: reading it all would take one worker
			// through gigabytes a line at a time, and nothing after so
			// much damage can be trusted to be the log's own.
			lr.pre, lr.held, lr.eof = nil, nil, true
			return nil, newParseError(Position{File: lr.name, Line: first, Column: 1}, ErrBinary,
				"from line "+itoa(first)+" on, over "+itoa(maxJunkRun)+" bytes of binary data in a row ("+itoa(n)+" lines), which no bad sector leaves: the rest of the input is not read",
				"pass a text log; if only this part of it is damaged, cut the damage out (head -n "+itoa(first-1)+") and pass the rest")
		}
	}
	what := "a line of binary data (" + itoa(size) + " bytes)"
	if n > 1 {
		what = "lines " + itoa(first) + "-" + itoa(first+n-1) + ": " + itoa(n) + " lines of binary data (" + itoa(size) + " bytes)"
	}
	return nil, newParseError(Position{File: lr.name, Line: first, Column: 1}, ErrMalformed,
		what+" in a text log: a bad sector or bytes written over the log; what it held is lost",
		"the lines before and after it are read")
}

// junkFollows reports a line that nextText may take into a run of binary
// lines begun before it: one that is binary data itself, or no longer
// than maxJunkPiece. It is decided by the line alone (as the lineReader
// hands it on), so that a cut plan can hold it to the chunk before
// (cutPlan.follows): the chunk holding a run's first line reads the run to
// its end, and the chunk after starts at the line that ended it, which
// nextText reads as the sequential reader does. A clean line longer than
// maxJunkPiece costs the probe of its first 16 bytes; only chunk cuts ask.
// (A run is bounded by maxJunkRun: past it the input is binary data, a
// fatal error, and one worker reads no more than that of it.)
func junkFollows(line []byte) bool {
	return len(line) <= maxJunkPiece || mayBeJunk(line) && (len(line) <= maxJunkShort || isJunkLine(line))
}

// maxJunkShort is the longest line a run of binary lines takes in for a
// single byte that is no text: a short piece of random bytes is often
// mostly text by chance (a 6-byte line with one bad byte is not a
// quarter bad), and each such piece ended the run, so that a file of
// binary data came as reports of a few dozen KiB each and never reached
// maxJunkRun. A record so short and holding a control byte or a byte
// past ASCII, right after binary data, is as damaged as the data.
const maxJunkShort = 32

// maxJunkRun is the most binary data in a row that a text log's reader
// takes for damage (bad sectors, 512 or 4096 bytes each, or bytes written
// over the log) and reads on after; more is a binary input (ErrBinary).
const maxJunkRun = 1 << 20

// maxJunkPiece is the longest line a run of binary lines takes in
// whatever it holds: random bytes hold line ends and bare CRs, and a few
// bytes between two of them may all be text by chance. No record is so
// short.
const maxJunkPiece = 4

// mayBeJunk reports whether b holds a control byte (a tab or CR among
// them: the cheap test lets nothing through that isJunkLine counts) or a
// byte past ASCII, eight bytes at a time: only such a line can be binary
// data.
func mayBeJunk(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if junkWord(binary.LittleEndian.Uint64(b[i:])) {
			return true
		}
	}
	for ; i < len(b); i++ {
		if b[i] < 0x20 || b[i] >= 0x80 {
			return true
		}
	}
	return false
}

// mayBeJunkString is mayBeJunk for a CSV cell.
func mayBeJunkString(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if junkWord(w) {
			return true
		}
	}
	for ; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// junkWord reports whether one of w's bytes is below 0x20 or past 0x7f
// (a borrow may flag a byte after a true one: a "maybe" either way).
func junkWord(w uint64) bool {
	const lo, hi = 0x2020202020202020, 0x8080808080808080
	return (w|(w-lo)&^w)&hi != 0
}

// isJunkLine reports a line of binary data: at least a quarter of its
// characters are control bytes a text log does not hold, or bytes that
// are not UTF-8. NULs do not count either way: a hole inside a line of
// text is the reader's to report (its text is read), and a run of them
// alone is dropped. A Latin-1 word in a UTF-8 log is a few bad bytes in a
// long line; a random sector's lines are more than half bad.
func isJunkLine(b []byte) bool {
	bad, n := junkCount(b)
	return bad > 0 && bad*4 >= n
}

// junkCount counts b's characters (NULs aside) and the bad ones among
// them (see isJunkLine).
func junkCount[T string | []byte](b T) (bad, n int) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			if c == 0 {
				continue
			}
			n++
			if c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != '\b' && c != 0x07 && c != 0x1b || c == 0x7f {
				bad++
			}
			continue
		}
		r, size := decodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		}
		n++
		i += size
	}
	return bad, n
}

func decodeRune[T string | []byte](b T) (rune, int) {
	switch v := any(b).(type) {
	case string:
		return utf8.DecodeRuneInString(v)
	case []byte:
		return utf8.DecodeRune(v)
	}
	return utf8.RuneError, 1
}

// longLine is a line over the limit in an input of JSON values (see
// lineReader.values), handed out a value at a time: documents joined
// "}{" on one line (files joined with cat, a tool that writes no line
// ends), a one-line export of records. Each value must fit the limit; one
// that does not is one problem, and is passed over to its end with no more
// held than the limit, so memory stays flat however long the line. The
// bytes after the last value (spaces, a value cut short) are the line's
// last piece.
type longLine struct {
	buf     []byte // the line's bytes read and not handed out: buf[off:]
	off     int
	base    int // how many of the line's bytes lay before buf[0]
	scanned int // buf[off:scanned] is scanned, its state in d
	d       depthScanner
	end     int    // where the line ends in buf; -1 until it is read
	after   []byte // the replayed bytes after the line, pre again once it ends
	stop    int    // a piece ends here (what unread put back), when stops
	stops   bool
	over    bool  // passing over a value longer than the limit
	err     error // what ended the input inside the line, told after it
	// unplaced: the values were put back (unreadJoined), their place in
	// the line not known: they are placed at its start, as a line's are.
	unplaced bool
}

// nextValue hands out the next piece of the long line: a value, or what
// is left at the line's end; the line done, it reads on as next does.
func (lr *lineReader) nextValue() ([]byte, error) {
	l := lr.long
	for {
		if piece, ok := l.scan(); ok {
			at := l.base + l.off - len(piece)
			switch {
			case l.over:
				l.over = false // the value passed over ends here
				continue
			case len(piece) > lr.max:
				return nil, lr.valueTooLong(at)
			}
			lr.col, lr.piece = at, true
			if l.unplaced {
				lr.col, piece = 0, bytes.TrimLeft(piece, " \t\r")
			}
			return piece, nil
		}
		limit := len(l.buf)
		if l.end >= 0 {
			limit = l.end
		}
		if !l.over && l.scanned-l.off > lr.max {
			// A value over the limit: said once, at its start, and passed
			// over to its end, holding nothing of it.
			at := l.base + l.off
			l.over = true
			l.drop()
			return nil, lr.valueTooLong(at)
		}
		if l.over {
			l.drop()
		}
		if l.end >= 0 && l.scanned >= limit {
			// The line is done: its last bytes are its last piece.
			rest := l.buf[l.off:l.end]
			lr.long = nil
			lr.pre = l.after
			if l.over || len(bytes.TrimSpace(rest)) == 0 {
				if l.err != nil {
					return nil, l.err
				}
				return lr.next()
			}
			lr.held = l.err // told after the piece (nextText)
			lr.col, lr.piece = l.base+l.off, true
			if l.unplaced {
				lr.col, rest = 0, bytes.TrimLeft(rest, " \t\r")
			}
			return rest, nil
		}
		lr.readLong(l)
	}
}

// valueTooLong reports a value of the long line, at byte at of it, that
// is over the limit.
func (lr *lineReader) valueTooLong(at int) error {
	if at == 0 {
		return lr.tooLong() // the line's first value: what a line too long always said
	}
	return newParseError(Position{File: lr.name, Line: lr.line, Column: at + 1}, ErrLineTooLong,
		"a JSON value longer than "+itoa(lr.max)+" bytes, on a line of values one after another",
		"raise --max-line if such records are real; the values after it are read")
}

// scan looks for the end of the value that starts buf[off:] (or the place
// unread put back), and hands the piece up to it out.
func (l *longLine) scan() ([]byte, bool) {
	limit := len(l.buf)
	if l.end >= 0 {
		limit = l.end
	}
	if l.stops {
		limit = min(limit, l.stop)
	}
	for i := l.scanned; i < limit; i++ {
		if l.d.step(l.buf[i]) {
			piece := l.buf[l.off : i+1]
			l.off, l.scanned, l.d = i+1, i+1, depthScanner{}
			return piece, true
		}
	}
	l.scanned = limit
	if l.stops && limit == l.stop {
		piece := l.buf[l.off:l.stop]
		l.off, l.stops, l.d = l.stop, false, depthScanner{}
		return piece, true
	}
	return nil, false
}

// drop forgets the bytes scanned of a value passed over.
func (l *longLine) drop() {
	l.off = l.scanned
}

// readLong reads more of the long line from the input, after the bytes
// not handed out yet (moved to the front of the buffer).
func (lr *lineReader) readLong(l *longLine) {
	if l.off > 0 {
		n := copy(l.buf, l.buf[l.off:])
		l.base += l.off
		l.scanned -= l.off
		l.stop -= l.off
		l.buf, l.off = l.buf[:n], 0
	}
	if lr.br == nil || lr.eof {
		l.end = len(l.buf)
		return
	}
	chunk, err := lr.br.ReadSlice('\n')
	if len(l.buf) == 0 {
		chunk = dropNULs(chunk) // a hole past a value passed over is no value either
	}
	l.buf = append(l.buf, chunk...)
	switch {
	case err == nil:
		l.buf = trimCR(l.buf[:len(l.buf)-1])
		l.end = len(l.buf)
	case errors.Is(err, bufio.ErrBufferFull):
	case errors.Is(err, io.EOF):
		lr.eof = true
		l.end = len(l.buf)
	default:
		lr.eof = endsInput(err)
		l.end = len(l.buf)
		l.err = lr.placeDamage(err)
	}
}

// unread puts rest back before what is not handed out yet, to be handed
// out next as a piece of its own (see lineReader.unread).
func (l *longLine) unread(rest []byte) {
	if len(rest) == 0 {
		return
	}
	n := len(rest)
	if n <= l.off && &l.buf[l.off-n] == &rest[0] {
		l.off -= n // the tail of the piece just handed out: still in place
	} else {
		buf := make([]byte, 0, n+len(l.buf)-l.off)
		buf = append(append(buf, rest...), l.buf[l.off:]...)
		l.base += l.off - n
		if l.end >= 0 {
			l.end += n - l.off
		}
		l.buf, l.off = buf, 0
	}
	l.scanned, l.d, l.stop, l.stops = l.off, depthScanner{}, l.off+len(rest), true
}
