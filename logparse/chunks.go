package logparse

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// chunkSize is how much of a file one worker decodes at a time (a variable
// so that tests can cut small chunks). Measured on a 1M-line import
// (BenchmarkImportFile, best of 5, file chunks read by the workers): 64 KiB
// 98 ms, 128 KiB 87 ms, 256 KiB 81 ms, 512 KiB 82 ms. Smaller chunks cost
// a system call, a turn in the line chain and a hand-over each; larger ones
// touch more fresh pages, which costs microseconds each on a virtual
// machine, and leave the caches.
var chunkSize = 256 << 10

// chunkable is a reader whose input can be cut into chunks of lines and
// decoded on every core, giving exactly what it gives read whole.
type chunkable interface {
	// cut says whether the input can be cut, and how; ok is false when
	// something of it has been read already, or it must be read whole.
	cut() (c cutPlan, ok bool)
	// chunkReader reads one chunk's lines; chunk 0 is the start of the
	// input. Its records may alias the lines when borrow is set (see
	// ScanWorkers).
	chunkReader(lr *lineReader, seq int, borrow bool) Reader
}

// cutPlan is how a chunkable input is cut (see fileChunks).
type cutPlan struct {
	lr      *lineReader // the input's lines, none read yet
	origin  int64
	follows func(line []byte) bool
	// values: the lines hold JSON values, and a line over the limit is
	// read whole, a value at a time (lineReader.values): the chunk it
	// starts in reads it to its end (fileChunks.read).
	values bool
}

// asChunkable returns rd as a chunkable, looking through the cleaning.
func asChunkable(rd Reader) (chunkable, bool) {
	if c, ok := rd.(cleanReader); ok {
		rd = c.Reader
	}
	ch, ok := rd.(chunkable)
	return ch, ok
}

// cut: a JSON-lines input can be cut before a line that starts a record
// when nothing of it has been read yet and its first record was one line
// (compact output, not a pretty-printed TTY capture): see
// jsonLinesFollows.
func (js *jsonStreamReader) cut() (cutPlan, bool) {
	if js.lr.line != 0 || len(js.acc) > 0 {
		return cutPlan{}, false
	}
	// Records at the start of their lines, as cuts need them: indented
	// ones would all follow the first (jsonLinesFollows), read by one
	// chunk a line at a time, slower than by the reader itself.
	pre := bytes.TrimLeft(js.lr.pre, "\r\n")
	nl := bytes.IndexByte(pre, '\n')
	if len(pre) == 0 || pre[0] != '{' || nl < 0 {
		return cutPlan{}, false
	}
	var d depthScanner
	d.feed(pre[:nl])
	return cutPlan{lr: js.lr, follows: jsonLinesFollows, values: js.lr.values}, d.depth == 0
}

// jsonLinesFollows is how JSON lines are cut: never inside a run of binary
// lines (junkFollows), and only before a line that starts with "{", where a
// record starts: a chunk never starts inside a pretty-printed object among
// compact ones (its lines are indented, or "}"), nor at a line that an
// object left open may take. The reader ends an object left open at such
// a line (jsonStreamReader.Next), so a chunk's reader, which sees the input
// go on there (chunk.goesOn), reads what a reader of the whole input does.
func jsonLinesFollows(line []byte) bool {
	return junkFollows(line) || line[0] != '{'
}

func (js *jsonStreamReader) chunkReader(lr *lineReader, _ int, borrow bool) Reader {
	return &jsonStreamReader{lr: lr, loc: js.loc, fast: js.fast, format: js.format, borrow: borrow}
}

// chunkLines is the line reader over one chunk: its lines, then the lines
// past its end that follow its last record.
func chunkLines(src *lineReader, c chunk) *lineReader {
	return chunkLinesInto(new(lineReader), src, c)
}

// chunkLinesInto is chunkLines reusing lr, for a goroutine that decodes
// chunk after chunk: nothing of one chunk's reader outlives the chunk, and
// each allocation is fresh memory to fault in while no GC runs.
func chunkLinesInto(lr *lineReader, src *lineReader, c chunk) *lineReader {
	var more *bufio.Reader
	if c.more != nil {
		more = bufio.NewReaderSize(c.more, runRead)
	}
	*lr = *newLineReader(src.name, c.data, more, src.max)
	lr.line = c.firstLine - 1
	lr.values = src.values
	lr.goesOn = c.goesOn
	return lr
}

type chunk struct {
	seq       int
	firstLine int // number of the chunk's first line
	data      []byte
	// more reads the lines past the chunk's end that follow its last
	// record (see fileChunks.follows); nil when none do.
	more io.Reader
	// rest: more is the rest of a stream (readChunks found no place to
	// cut), requests and all. What is read from it does not stay put, so
	// a reader must not borrow from it.
	rest bool
	// goesOn, asked at the end of what the chunk's reader read, reports
	// whether the input goes on after it (at a line that follows nothing):
	// a record left open there was cut by the next one, not by the end
	// of the input (lineReader.goesOn). Nil: it does not.
	goesOn func() bool
}

// chunkSource hands the line-aligned chunks of one input to the decoding
// goroutines. Each goroutine calls next for its next chunk and release when
// it no longer needs the chunk's bytes; err, after every goroutine is done,
// is why the chunks stopped early (nil at the end of the input).
type chunkSource interface {
	// next returns the calling goroutine's next chunk, or false when
	// there is none. scratch is that goroutine's own buffer, to fill if
	// the source reads for it.
	next(ctx context.Context, scratch *[]byte) (chunk, bool)
	release(c chunk)
	err() error
}

// newChunkSource picks how an input is cut into chunks. A regular file
// read straight (not decompressed or transcoded) is read by the decoding
// goroutines themselves, each at its own offset (fileChunks); anything else
// by one reading goroutine (streamChunks), which cuts at line ends the plan
// allows (readChunks).
func newChunkSource(ctx context.Context, p cutPlan, file *os.File, prog *progress, workers int) chunkSource {
	if file != nil && p.lr.direct {
		if s, err := newFileChunks(p, file, prog); err == nil {
			return s
		}
	}
	return newStreamChunks(ctx, p, workers)
}

// streamChunks cuts a stream into chunks on one goroutine (readChunks) and
// passes them over a channel; buffers come back through a free list.
type streamChunks struct {
	work    chan chunk
	pool    *freeList[[]byte]
	readErr chan error
}

func newStreamChunks(ctx context.Context, p cutPlan, workers int) *streamChunks {
	s := &streamChunks{
		work:    make(chan chunk, workers),
		pool:    newFreeList(workers*3, func() *[]byte { b := make([]byte, 0, chunkSize+8<<10); return &b }),
		readErr: make(chan error, 1),
	}
	go func() {
		defer close(s.work)
		s.readErr <- readChunks(ctx, p, s.pool, s.work)
	}()
	return s
}

func (s *streamChunks) next(ctx context.Context, _ *[]byte) (chunk, bool) {
	select {
	case c, ok := <-s.work:
		return c, ok
	case <-ctx.Done():
		return chunk{}, false
	}
}

func (s *streamChunks) release(c chunk) {
	buf := c.data[:0] // nothing may point into it any more
	s.pool.Put(&buf)
}

func (s *streamChunks) err() error {
	select {
	case err := <-s.readErr:
		return err
	default:
		return nil // the reader was stopped before it finished
	}
}

// fileChunks cuts a regular file into chunks that the decoding goroutines
// read themselves, with pread, each at its own offset. Copying the file out
// of the page cache is the largest cost of an import after decoding; this
// way it runs on every core instead of on one reading goroutine, and no
// chunk changes hands. On a 1M-line import (BenchmarkImportFile) that took
// the CPU from 180 to 172 ms and the time from 85 to 80 ms.
//
// The input is the bytes already read (sniffing and buffering: head) and
// then the file from base on. Chunk k covers the input's bytes
// [k·chunkSize, (k+1)·chunkSize) and owns the lines that start there: it
// skips the end of a line begun in the chunk before, and reads on past its
// end to finish its last line. Line numbers pass from chunk to chunk in
// order (seq and line, under mu): a chunk counts its lines as soon as it has
// read them and then waits its turn to take its first line's number, so the
// wait is short.
type fileChunks struct {
	head    []byte
	file    io.ReaderAt
	base    int64 // file offset of the input's byte len(head)
	size    int64 // length of the input, fixed when the scan starts
	max     int   // longest line allowed (lineReader.max)
	prog    *progress
	claimed atomic.Int64 // chunks handed out so far

	// origin, when not 0, ends chunk 0: the chunks after it start at
	// origin + (k-1)·chunkSize. A format whose first lines are read
	// differently (tail-text's preamble) ends chunk 0 after them.
	origin int64
	// follows, when not nil, marks lines that belong to the record before
	// them (tail-text's error lines): the chunk holding the record reads
	// on past its end to take them, and the chunk they start in passes
	// over them.
	follows func(line []byte) bool
	values  bool // cutPlan.values

	mu     sync.Mutex
	turn   sync.Cond // signalled when seq moves on
	seq    int       // the chunk whose first line is line
	line   int
	failed error
}

func newFileChunks(p cutPlan, file *os.File, prog *progress) (*fileChunks, error) {
	lr := p.lr
	fi, err := file.Stat()
	if err != nil {
		return nil, err
	}
	base, err := file.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, err
	}
	head := lr.pre
	if lr.br != nil && lr.br.Buffered() > 0 {
		buffered, _ := lr.br.Peek(lr.br.Buffered())
		head = append(append(make([]byte, 0, len(head)+len(buffered)), head...), buffered...)
	}
	s := &fileChunks{head: head, file: file, base: base, size: int64(len(head)) + max(fi.Size()-base, 0),
		max: lr.max, prog: prog, line: 1, origin: p.origin, follows: p.follows, values: p.values}
	s.turn.L = &s.mu
	return s, nil
}

func (s *fileChunks) next(ctx context.Context, scratch *[]byte) (chunk, bool) {
	if ctx.Err() != nil {
		return chunk{}, false
	}
	k := s.claimed.Add(1) - 1
	lo, hi := s.bounds(k)
	if lo >= s.size {
		return chunk{}, false
	}
	hi = min(hi, s.size)
	owned, data, ext, long, endAt, err := s.read(lo, hi, scratch)
	// data is a suffix of owned (nearly always all of it): count each byte
	// once.
	skipped := bytes.Count(owned[:len(owned)-len(data)], []byte{'\n'})
	lines := skipped + bytes.Count(data, []byte{'\n'})
	if long >= 0 {
		lines++ // the long line data ends inside
	}
	// Every chunk handed out takes its turn, even a failed one: the next
	// chunk waits for it.
	s.mu.Lock()
	for int64(s.seq) != k {
		s.turn.Wait()
	}
	if err != nil && s.failed == nil {
		s.failed = err
	}
	failed := s.failed
	c := chunk{seq: int(k), firstLine: s.line + skipped, data: data}
	switch {
	case long >= 0:
		lr := &longRest{s: s, from: long}
		c.more, c.goesOn = lr, lr.goesOn
	case ext >= 0:
		rr := &runReader{s: s, from: ext}
		c.more, c.goesOn = rr, rr.goesOn
	default:
		c.goesOn = func() bool { return endAt < s.size }
	}
	s.line += lines
	s.seq++
	s.turn.Broadcast()
	if s.prog.fn != nil && hi > int64(len(s.head)) { // what pread read; sniffing counted the head
		s.prog.add(int(hi - max(lo, int64(len(s.head)))))
	}
	s.mu.Unlock()
	if failed != nil {
		return chunk{}, false
	}
	return c, true
}

// bounds are chunk k's bytes of the input, before cutting at lines.
func (s *fileChunks) bounds(k int64) (lo, hi int64) {
	size := int64(chunkSize)
	switch {
	case s.origin == 0:
		return k * size, (k + 1) * size
	case k == 0:
		return 0, s.origin
	}
	return s.origin + (k-1)*size, s.origin + k*size
}

func (s *fileChunks) release(chunk) {}

func (s *fileChunks) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}

// lineSlack is how far past its end a chunk first reads to finish its last
// line: nearly every line ends within it, so one read does. (A variable so
// that tests can make every line straddle a read.)
var lineSlack int64 = 8 << 10

// longRest reads, for a chunk that ends inside a long line of JSON values
// (cutPlan.values), the rest of that line from offset from on, and then the
// lines after it that follow it (runReader), holding a piece at a time.
type longRest struct {
	s    *fileChunks
	from int64 // input offset of the next byte of the line
	buf  []byte
	run  *runReader // past the line's end
}

// goesOn reports whether the input goes on after the long line and the
// lines that followed it (see chunk.goesOn).
func (l *longRest) goesOn() bool { return l.run != nil && l.run.goesOn() }

func (l *longRest) Read(p []byte) (int, error) {
	if l.run != nil {
		return l.run.Read(p)
	}
	if l.from >= l.s.size || len(p) == 0 {
		return 0, io.EOF
	}
	buf, eof, err := l.s.readAt(l.buf[:0], l.from, min(l.from+int64(min(len(p), runRead)), l.s.size))
	l.buf = buf
	if err != nil {
		return 0, err
	}
	n := copy(p, buf)
	if i := bytes.IndexByte(p[:n], '\n'); i >= 0 {
		n = i + 1
		l.run = &runReader{s: l.s, from: l.from + int64(n)}
	}
	l.from += int64(n)
	if n == 0 && eof {
		return 0, io.EOF // the file shrank
	}
	return n, nil
}

// read returns the lines that start in the input's bytes [lo, hi), in
// *scratch (owned), and of those the ones the chunk decodes (data, a suffix
// of owned); long, when not -1, is where the rest of its last line starts,
// a line of JSON values over the limit that data ends inside. A last line longer than the limit is cut short with a line end
// after max+1 bytes, so the chunk's reader reports it (the chunks after skip
// the rest of it, since it does not start in them).
//
// With follows, the lines at the start of owned that follow a record of an
// earlier chunk are left out of data, and ext is where the lines past hi
// that follow this chunk's last record begin (-1 when none do).
func (s *fileChunks) read(lo, hi int64, scratch *[]byte) (owned, data []byte, ext, long, endAt int64, err error) {
	from := lo
	if lo > 0 {
		from = lo - 1 // to see whether a line starts right at lo
	}
	buf, eof, err := s.readAt((*scratch)[:0], from, min(hi+lineSlack, s.size))
	defer func() { *scratch = buf[:0] }() // keep the grown buffer for the next chunk
	if err != nil {
		return nil, nil, -1, -1, 0, err
	}
	if eof { // the file shrank since the scan began: the input ends here
		if hi = min(hi, from+int64(len(buf))); hi <= lo {
			return nil, nil, -1, -1, 0, nil
		}
	}
	start := 0
	if lo > 0 {
		// The first line start at or after lo comes after the first line
		// end at or after lo-1; none before hi means no line starts here.
		i := bytes.IndexByte(buf[:hi-lo], '\n')
		if i < 0 {
			return nil, nil, -1, -1, 0, nil
		}
		start = i + 1
	}
	// The last line ends at the first line end at or after hi-1. base is
	// the input offset of buf[0] as far as the bytes after the last line
	// start go: a hole dropped from that line moves them (see below).
	endFrom, base := int(hi-1-from), from
	for {
		if j := bytes.IndexByte(buf[endFrom:], '\n'); j >= 0 {
			owned, data, ext = s.follow(buf, start, endFrom+j+1, base, lo > 0)
			return owned, data, ext, -1, base + int64(endFrom+j+1), nil
		}
		if eof || base+int64(len(buf)) >= s.size {
			// The input's last line, without a line end.
			owned, data, _ = s.follow(buf, start, len(buf), base, lo > 0)
			return owned, data, -1, -1, base + int64(len(buf)), nil
		}
		last := start // where the unfinished line starts
		if j := bytes.LastIndexByte(buf[start:endFrom], '\n'); j >= 0 {
			last = start + j + 1
		}
		if n := len(buf) - last - len(dropNULs(buf[last:])); n > 0 {
			// A hole where the line starts (see dropNULs): the lineReader
			// drops it without counting it toward the limit, and so does
			// this, as it is read, so that it never fills memory.
			buf = append(buf[:last], buf[last+n:]...)
			base += int64(n)
		}
		if len(buf)-last > s.max && s.values && opensValues(buf[last:]) {
			// A line of JSON values over the limit: this chunk reads it
			// whole, a value at a time (longLine), the rest of it, and
			// the lines after it that follow, from more (longRest).
			cut := last + s.max + 1
			owned, data, _ = s.follow(buf[:cut], start, cut, base, lo > 0)
			return owned, data, -1, base + int64(cut), 0, nil
		}
		if len(buf)-last > s.max {
			// Too long: no line after it can follow a record before it.
			skipTo := base + int64(len(buf)) // the line goes on past here: a later chunk or none starts after it
			buf = append(buf[:last+s.max+1], '\n')
			owned, data, _ = s.follow(buf, start, len(buf), base, lo > 0)
			return owned, data, -1, -1, skipTo, nil
		}
		endFrom = len(buf)
		// Through a hole, a chunk's worth at a time.
		more := min(base+int64(len(buf))+max(int64(len(buf)), lineSlack, int64(min(base-from, int64(chunkSize)))), s.size)
		if buf, eof, err = s.readAt(buf, base, more); err != nil {
			return nil, nil, -1, -1, 0, err
		}
	}
}

// follow applies s.follows to the chunk's lines buf[start:end], the input's
// bytes from from on: with skip, the lines at the start that follow an
// earlier record are left out of data; ext is where the lines past end that
// follow the chunk's last record begin, or -1. A line that follows is
// decided by its own bytes, so the chunk before and the chunk after always
// agree on it, wherever the cut falls.
func (s *fileChunks) follow(buf []byte, start, end int, from int64, skip bool) (owned, data []byte, ext int64) {
	owned, data, ext = buf[start:end], buf[start:end], -1
	if s.follows == nil {
		return owned, data, ext
	}
	defer func() {
		if len(data) == 0 {
			ext = -1 // no record of its own: the lines after follow an earlier chunk's
		}
	}()
	for skip && len(data) > 0 {
		line, rest := cutLine(data)
		if !s.belongs(line) {
			break
		}
		data = rest
	}
	if end == len(buf) && from+int64(end) < s.size {
		// The next line is not read yet: the run reader decides.
		return owned, data, from + int64(end)
	}
	if end < len(buf) {
		line, _ := cutLine(buf[end:])
		if i := bytes.IndexByte(buf[end:], '\n'); i < 0 && from+int64(len(buf)) < s.size {
			return owned, data, from + int64(end) // read only in part
		}
		if s.belongs(line) {
			ext = from + int64(end)
		}
	}
	return owned, data, ext
}

// belongs reports whether line (without its line end) follows the record
// before it. A line over the limit never does: both sides of a cut see at
// least that much of it.
func (s *fileChunks) belongs(line []byte) bool {
	return followsLine(s.follows, s.max, line)
}

// followsLine is how every cut decides whether line (without its line end)
// follows the record before it: by its bytes as the lineReader hands them
// on (a hole dropped, see dropNULs, and a CR), and never when it is too long
// to read.
func followsLine(follows func([]byte) bool, max int, line []byte) bool {
	line = dropNULs(line)
	return len(line) <= max && follows(trimCR(line))
}

// cutLine splits b after its first line: the line without its "\n", and
// what follows.
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:]
	}
	return b, nil
}

// readAt appends the input's bytes [from+len(buf), to) to buf; eof says the
// file ended sooner (it shrank since the scan began).
func (s *fileChunks) readAt(buf []byte, from, to int64) (_ []byte, eof bool, _ error) {
	pos := from + int64(len(buf))
	if n := int(to - from); cap(buf) < n {
		// Room for any chunk's usual read (chunk 0 reads one byte less
		// than the others): a buffer that grows on the second chunk leaves
		// the first as garbage, and touching fresh pages is not free (a
		// page fault costs 12–15 µs on a virtual machine).
		buf = append(make([]byte, 0, max(n, chunkSize+int(lineSlack)+1)), buf...)
	}
	if pos < int64(len(s.head)) {
		buf = append(buf, s.head[pos:min(to, int64(len(s.head)))]...)
		pos = int64(len(s.head))
	}
	if pos >= to {
		return buf, false, nil
	}
	dst := buf[len(buf) : len(buf)+int(to-pos)]
	n, err := s.file.ReadAt(dst, s.base+pos-int64(len(s.head)))
	if errors.Is(err, io.EOF) {
		return buf[:len(buf)+n], true, nil
	}
	return buf[:len(buf)+n], false, err
}

// runLimit is how many bytes readChunks holds looking for a place to cut
// before it hands the rest of a stream to one chunk: a few chunks' worth, so
// that the tests' small chunks reach it.
func runLimit() int { return 4*chunkSize + 4<<10 }

// plannedCut is the last place in buf (which starts at off in the stream)
// where a chunk may start under p: the start of a complete line, at or past
// p.origin, that p.follows does not claim. 0 when there is none.
func plannedCut(buf []byte, p cutPlan, off int64) int {
	end := bytes.LastIndexByte(buf, '\n') // the last complete line ends here
	for end > 0 {
		start := bytes.LastIndexByte(buf[:end], '\n') + 1
		if start == 0 || off+int64(start) < p.origin {
			return 0
		}
		// As fileChunks decides: a line too long to read follows nothing.
		if p.follows == nil || !followsLine(p.follows, p.lr.max, buf[start:end]) {
			return start
		}
		end = start - 1
	}
	return 0
}

// readChunks fills line-aligned chunks from the replayed sniff bytes and the
// buffered file. A line longer than the limit is sent alone, cut short, so
// the chunk's reader reports it; the rest of it is skipped.
//
// With a plan's origin and follows (tail-text), a chunk may only start at a
// complete line at or past the origin that does not follow the record
// before it (fileChunks' rules, decided here where the stream is read in
// order): the lines that follow a request stay in its chunk. When a buffer
// of runLimit bytes holds no such place (a long run of error lines, or one
// very long line), the rest of the stream goes to one last chunk, which
// its decoder reads on through (chunk.more): exact, and memory stays flat.
func readChunks(ctx context.Context, p cutPlan, pool *freeList[[]byte], work chan<- chunk) error {
	lr := p.lr
	seq, line := 0, 1
	var carry []byte
	skipping := false
	src := io.MultiReader(bytes.NewReader(lr.pre), lr.br)
	lr.pre = nil
	planned := p.origin != 0 || p.follows != nil
	var off int64 // where the buffer starts in the stream
	var broken error
	// send hands data on as the next chunk (more and rest as in chunk).
	// goesOn: the stream goes on after data (a line there follows
	// nothing, or the stream broke there).
	send := func(data []byte, more io.Reader, rest, goesOn bool) error {
		c := chunk{seq: seq, firstLine: line, data: data, more: more, rest: rest}
		if goesOn {
			c.goesOn = alwaysGoesOn
		}
		select {
		case work <- c:
		case <-ctx.Done():
			return ctx.Err()
		}
		seq++
		line += bytes.Count(data, []byte{'\n'})
		return nil
	}
	// end sends, after the last chunk, one that reads only broken: the
	// stream's own failure, a problem in its place like any other.
	end := func() error {
		if broken == nil {
			return nil
		}
		return send(nil, failedRead{broken}, true, false)
	}
	for {
		bp := pool.Get()
		buf := append((*bp)[:0], carry...)
		if cap(buf)-len(buf) < chunkSize {
			buf = append(make([]byte, 0, len(buf)+chunkSize), buf...)
		}
		n, err := io.ReadFull(src, buf[len(buf):len(buf)+chunkSize])
		buf = buf[:len(buf)+n]
		if err != nil && endsInput(err) {
			// A .gz cut off or damaged: what was read is cut as at the end,
			// and a last chunk's reader hears why (brokenEnd), as a reader
			// of the whole stream would.
			broken, err = err, io.EOF
		}
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return err
		}
		carry = carry[:0]
		if planned {
			cut := len(buf)
			switch {
			case broken != nil:
				cut = brokenCut(buf)
			case !eof:
				cut = plannedCut(buf, p, off)
			}
			if cut == 0 && len(buf) > runLimit() {
				// No place to cut: hand the rest of the stream over.
				return send(buf, src, true, false)
			}
			carry = append(carry, buf[cut:]...)
			if data := buf[:cut]; len(data) > 0 {
				if err := send(data, nil, false, !eof || broken != nil); err != nil {
					return err
				}
				off += int64(cut)
			}
			if eof {
				return end()
			}
			continue
		}
		if skipping {
			i := bytes.IndexByte(buf, '\n')
			if i < 0 {
				if eof {
					return end()
				}
				continue
			}
			buf = append(buf[:0], buf[i+1:]...)
			skipping = false
		}
		if n := len(buf) - len(dropNULs(buf)); n > 0 {
			// buf starts a line: a hole there (see dropNULs) is dropped as
			// it is read, whatever its length, as the lineReader drops it.
			buf = append(buf[:0], buf[n:]...)
		}
		cut := len(buf)
		if broken != nil {
			cut = brokenCut(buf)
		} else if !eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
			if cut == 0 {
				if len(buf) <= lr.max {
					carry = append(carry, buf...)
					continue
				}
				// Longer than allowed: send it cut, with a line end.
				buf = append(buf[:lr.max+1], '\n')
				cut = len(buf)
				skipping = true
			}
		}
		carry = append(carry, buf[cut:]...)
		if data := buf[:cut]; len(data) > 0 {
			if err := send(data, nil, false, !eof || broken != nil); err != nil {
				return err
			}
		}
		if eof {
			return end()
		}
	}
}

func alwaysGoesOn() bool { return true }

// brokenCut is where the last chunk of a broken stream ends: after its last
// complete line. The line the failure cut short is dropped, as a reader of
// the whole stream drops it: its error says the rest.
func brokenCut(buf []byte) int { return bytes.LastIndexByte(buf, '\n') + 1 }

// failedRead is a reader that only fails, with err.
type failedRead struct{ err error }

func (f failedRead) Read([]byte) (int, error) { return 0, f.err }

// runReader reads the input from offset from on, line by line, for as long
// as the lines follow the record before them (fileChunks.follows), and then
// ends: the error lines of a chunk's last failed request that lie past the
// chunk's end. However long the run, it holds one line at a time.
type runReader struct {
	s    *fileChunks
	from int64  // input offset of buf[0]
	buf  []byte // read, not yet given out
	out  []byte // the line being given out
	mem  []byte // buf's backing array
	done bool
}

// runRead is how much the run reader reads at a time: a failed request's
// error lines take a few hundred bytes.
const runRead = 4 << 10

// goesOn reports whether the input goes on after the run (see
// chunk.goesOn): it ended at a line that does not follow.
func (r *runReader) goesOn() bool { return r.from < r.s.size }

func (r *runReader) Read(p []byte) (int, error) {
	for len(r.out) == 0 {
		if r.done {
			return 0, io.EOF
		}
		if err := r.nextLine(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.out)
	r.out = r.out[n:]
	return n, nil
}

// nextLine moves the next line of the run into out, or sets done.
func (r *runReader) nextLine() error {
	for {
		end := r.from + int64(len(r.buf))
		i := bytes.IndexByte(r.buf, '\n')
		switch {
		case i >= 0 || end >= r.s.size || len(r.buf) > r.s.max:
			line, rest := cutLine(r.buf)
			if len(r.buf) == 0 || !r.s.belongs(line) {
				r.done = true
				return nil
			}
			n := len(r.buf) - len(rest)
			r.out, r.buf, r.from = r.buf[:n], rest, r.from+int64(n)
			return nil
		}
		// Read on, the unread bytes moved to the front of the buffer, as
		// much again as they are: a long line costs a few reads and copies
		// of itself, not one of each per runRead bytes (quadratic: a line
		// near --max-line took seconds).
		buf, eof, err := r.s.readAt(append(r.mem[:0], r.buf...), r.from, min(end+max(runRead, int64(len(r.buf))), r.s.size))
		if err != nil {
			return err
		}
		r.buf, r.mem = buf, buf
		if eof && len(buf) == int(end-r.from) {
			r.done = true // the file shrank
			return nil
		}
	}
}
