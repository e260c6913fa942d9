package logparse

import (
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

// canChunk says whether a JSON-lines input can be cut at line ends and
// decoded in parallel: nothing of it has been read yet and its first record
// was one line (compact output, not a pretty-printed TTY capture).
func canChunk(js *jsonStreamReader) bool {
	if js.lr.line != 0 || len(js.acc) > 0 {
		return false
	}
	pre := bytes.TrimLeft(js.lr.pre, " \t\r\n")
	nl := bytes.IndexByte(pre, '\n')
	if len(pre) == 0 || pre[0] != '{' || nl < 0 {
		return false
	}
	var d depthScanner
	d.feed(pre[:nl])
	return d.depth == 0
}

type chunk struct {
	seq       int
	firstLine int // number of the chunk's first line
	data      []byte
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

// newChunkSource picks how js's input is cut into chunks. A regular file
// read straight (not decompressed or transcoded) is read by the decoding
// goroutines themselves, each at its own offset (fileChunks); anything else
// by one reading goroutine (streamChunks).
func newChunkSource(ctx context.Context, js *jsonStreamReader, file *os.File, prog *progress, workers int) chunkSource {
	if file != nil && js.lr.direct {
		if s, err := newFileChunks(js.lr, file, prog); err == nil {
			return s
		}
	}
	return newStreamChunks(ctx, js.lr, workers)
}

// streamChunks cuts a stream into chunks on one goroutine (readChunks) and
// passes them over a channel; buffers come back through a free list.
type streamChunks struct {
	work    chan chunk
	pool    *freeList[[]byte]
	readErr chan error
}

func newStreamChunks(ctx context.Context, lr *lineReader, workers int) *streamChunks {
	s := &streamChunks{
		work:    make(chan chunk, workers),
		pool:    newFreeList(workers*3, func() *[]byte { b := make([]byte, 0, chunkSize+8<<10); return &b }),
		readErr: make(chan error, 1),
	}
	go func() {
		defer close(s.work)
		s.readErr <- readChunks(ctx, lr, s.pool, s.work)
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

	mu     sync.Mutex
	turn   sync.Cond // signalled when seq moves on
	seq    int       // the chunk whose first line is line
	line   int
	failed error
}

func newFileChunks(lr *lineReader, file *os.File, prog *progress) (*fileChunks, error) {
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
		max: lr.max, prog: prog, line: 1}
	s.turn.L = &s.mu
	return s, nil
}

func (s *fileChunks) next(ctx context.Context, scratch *[]byte) (chunk, bool) {
	if ctx.Err() != nil {
		return chunk{}, false
	}
	k := s.claimed.Add(1) - 1
	lo := k * int64(chunkSize)
	if lo >= s.size {
		return chunk{}, false
	}
	hi := min(lo+int64(chunkSize), s.size)
	data, err := s.read(lo, hi, scratch)
	lines := bytes.Count(data, []byte{'\n'})
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
	c := chunk{seq: int(k), firstLine: s.line, data: data}
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

func (s *fileChunks) release(chunk) {}

func (s *fileChunks) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}

// lineSlack is how far past its end a chunk first reads to finish its last
// line: nearly every line ends within it, so one read does.
const lineSlack = 8 << 10

// read returns the lines that start in the input's bytes [lo, hi), in
// *scratch. A last line longer than the limit is cut short with a line end
// after max+1 bytes, so the chunk's reader reports it (the chunks after
// skip the rest of it, since it does not start in them).
func (s *fileChunks) read(lo, hi int64, scratch *[]byte) (data []byte, err error) {
	from := lo
	if lo > 0 {
		from = lo - 1 // to see whether a line starts right at lo
	}
	buf, eof, err := s.readAt((*scratch)[:0], from, min(hi+lineSlack, s.size))
	defer func() { *scratch = buf[:0] }() // keep the grown buffer for the next chunk
	if err != nil {
		return nil, err
	}
	if eof { // the file shrank since the scan began: the input ends here
		if hi = min(hi, from+int64(len(buf))); hi <= lo {
			return nil, nil
		}
	}
	start := 0
	if lo > 0 {
		// The first line start at or after lo comes after the first line
		// end at or after lo-1; none before hi means no line starts here.
		i := bytes.IndexByte(buf[:hi-lo], '\n')
		if i < 0 {
			return nil, nil
		}
		start = i + 1
	}
	// The last line ends at the first line end at or after hi-1.
	endFrom := int(hi - 1 - from)
	for {
		if j := bytes.IndexByte(buf[endFrom:], '\n'); j >= 0 {
			return buf[start : endFrom+j+1], nil
		}
		if eof || from+int64(len(buf)) >= s.size {
			return buf[start:], nil // the input's last line, without a line end
		}
		last := start // where the unfinished line starts
		if j := bytes.LastIndexByte(buf[start:endFrom], '\n'); j >= 0 {
			last = start + j + 1
		}
		if len(buf)-last > s.max {
			buf = append(buf[:last+s.max+1], '\n')
			return buf[start:], nil
		}
		endFrom = len(buf)
		more := min(from+int64(len(buf))+max(int64(len(buf)), lineSlack), s.size)
		if buf, eof, err = s.readAt(buf, from, more); err != nil {
			return nil, err
		}
	}
}

// readAt appends the input's bytes [from+len(buf), to) to buf; eof says the
// file ended sooner (it shrank since the scan began).
func (s *fileChunks) readAt(buf []byte, from, to int64) (_ []byte, eof bool, _ error) {
	pos := from + int64(len(buf))
	if n := int(to - from); cap(buf) < n {
		buf = append(make([]byte, 0, n), buf...)
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

// readChunks fills line-aligned chunks from the replayed sniff bytes and the
// buffered file. A line longer than the limit is sent alone, cut short, so
// the chunk's reader reports it; the rest of it is skipped.
func readChunks(ctx context.Context, lr *lineReader, pool *freeList[[]byte], work chan<- chunk) error {
	seq, line := 0, 1
	var carry []byte
	skipping := false
	src := io.MultiReader(bytes.NewReader(lr.pre), lr.br)
	lr.pre = nil
	for {
		bp := pool.Get()
		buf := append((*bp)[:0], carry...)
		if cap(buf)-len(buf) < chunkSize {
			buf = append(make([]byte, 0, len(buf)+chunkSize), buf...)
		}
		n, err := io.ReadFull(src, buf[len(buf):len(buf)+chunkSize])
		buf = buf[:len(buf)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return err
		}
		carry = carry[:0]
		if skipping {
			i := bytes.IndexByte(buf, '\n')
			if i < 0 {
				if eof {
					return nil
				}
				continue
			}
			buf = append(buf[:0], buf[i+1:]...)
			skipping = false
		}
		cut := len(buf)
		if !eof {
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
		data := buf[:cut]
		if len(data) > 0 {
			select {
			case work <- chunk{seq: seq, firstLine: line, data: data}:
			case <-ctx.Done():
				return ctx.Err()
			}
			seq++
			line += bytes.Count(data, []byte{'\n'})
		}
		if eof {
			return nil
		}
	}
}
