package logparse

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
)

// ScanWorkers is Scan for consumers that only aggregate: it reads the inputs
// one after the other like Scan, but a large file or pipe of compact JSON
// lines or tail-text is decoded on every core and each decoding goroutine
// hands its requests straight to its own callback, in no particular order,
// instead of funnelling them back through one goroutine in file order.
//
// newWorker is called GOMAXPROCS times, before any reading, on the calling
// goroutine; each callback it returns is only ever called from one goroutine
// at a time, so it may keep unsynchronised state (merge it after ScanWorkers
// returns). Inputs that are not decoded in chunks (formats that cannot be
// cut, pretty-printed JSON, Strict) go, in order, to the first callback; a
// pipe is cut into chunks as it is read.
//
// The *Request and every string in it are valid only during the call: they
// may point into a reused read buffer, and Livemode points to a shared value.
// A callback must copy (strings.Clone) whatever it keeps and must not write
// through r.Livemode.
//
// Stats are exact and the same as Scan's: per-chunk counts are merged in file
// order, and malformed records reach OnProblem and Stats.Problems in file
// order. OnProblem is never called by two goroutines at once, but not always
// by the calling one: a chunk with many malformed records hands them on from
// the goroutine decoding it (see problemSink). A callback error stops the
// scan and is returned.
func ScanWorkers(ctx context.Context, inputs []Input, opt ScanOptions, newWorker func() func(*Request) error) ([]Stats, error) {
	if len(inputs) == 0 {
		return nil, errors.New("no inputs given")
	}
	workers := make([]func(*Request) error, runtime.GOMAXPROCS(0))
	for i := range workers {
		workers[i] = newWorker()
	}
	first := workers[0]
	// One Request for every record handed on in order: &r of the
	// parameter would put each on the heap (first is not known here).
	var cur Request
	inOrder := func(r Request) error { cur = r; return first(&cur) }
	prog := &progress{fn: opt.Progress}
	if opt.Progress != nil {
		prog.total = totalSize(inputs)
	}
	all, err := scanEach(inputs, opt, func(in Input) (Stats, error) { return scanOne(ctx, in, opt, prog, inOrder, workers) })
	if err == nil {
		prog.report(true)
	}
	return all, err
}

// chunkResult is what one decoded chunk leaves for the collector: its
// counts, its malformed records, and the callback's error if it failed.
type chunkResult struct {
	seq    int
	counts Window
	// dashboard counts the requests left out as made in the Dashboard.
	dashboard int
	problems  []error
	err       error
	// sink, when not nil, takes the problems off a chunk that has too many
	// to hold (see problemSink): a run of junk lines follows one record
	// (junkFollows), so one chunk may hold a million of them.
	sink *problemSink
}

// chunkDecoder decodes one chunk, calling fn for each request and handing
// problems past what a chunk holds to sink; each decoding goroutine has its
// own.
type chunkDecoder func(c chunk, sink *problemSink, fn func(*Request) error) chunkResult

// workerDecoder returns what makes a decoding goroutine's chunkDecoder. A
// JSON-lines input keeps one reader per goroutine and tries tailLine first
// (decodeChunkTo); tail-text tries tailTextLine first (decodeTailTextTo);
// any other runs its reader over each chunk.
func workerDecoder(ch chunkable, src *lineReader) func() chunkDecoder {
	if js, ok := ch.(*jsonStreamReader); ok {
		return func() chunkDecoder {
			rd := &jsonStreamReader{loc: js.loc, fast: js.fast, format: js.format, borrow: true}
			sc := new(chunkScratch)
			return func(c chunk, sink *problemSink, fn func(*Request) error) chunkResult {
				sc.sink = sink
				return decodeChunkTo(rd, sc, src, c, fn)
			}
		}
	}
	if _, ok := ch.(*tailTextReader); ok {
		return func() chunkDecoder {
			return func(c chunk, sink *problemSink, fn func(*Request) error) chunkResult {
				t, _ := asTailText(ch.chunkReader(chunkLines(src, c), c.seq, !c.rest))
				return decodeTailTextTo(t, c.seq, sink, fn)
			}
		}
	}
	return func() chunkDecoder {
		return func(c chunk, sink *problemSink, fn func(*Request) error) chunkResult {
			return decodeReaderTo(ch.chunkReader(chunkLines(src, c), c.seq, !c.rest), c.seq, sink, fn)
		}
	}
}

// decodeReaderTo reads one chunk with rd, calling fn for each request.
func decodeReaderTo(rd Reader, seq int, sink *problemSink, fn func(*Request) error) chunkResult {
	res := chunkResult{seq: seq, sink: sink}
	r := new(Request) // one for the chunk: &r of a local would be one per record
	for {
		var err error
		*r, err = rd.Next()
		if !res.take(r, err, fn) {
			return res
		}
	}
}

// scanUnordered decodes src's chunks on len(workers) goroutines, worker i
// calling workers[i] for each request. Problems and counts come back to this
// goroutine and are applied in chunk order through handle and st, so the
// result does not depend on scheduling.
func scanUnordered(ctx context.Context, src chunkSource, cancel context.CancelFunc, st *Stats, handle func(Request, error) error, workers []func(*Request) error, newDecoder func() chunkDecoder) error {
	results := make(chan chunkResult, len(workers)*2)
	sink := newProblemSink(ctx, handle)
	var wg sync.WaitGroup
	for _, fn := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			decode := newDecoder()
			var scratch []byte
			for {
				c, ok := src.next(ctx, &scratch)
				if !ok {
					return
				}
				res := decode(c, sink, fn)
				src.release(c)
				select {
				case results <- res:
				case <-ctx.Done():
					return
				}
				if res.err != nil {
					// Stop calling fn, but let the collector cancel: it
					// must first get every earlier chunk, so problems before
					// the failure are reported the same each time.
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	waiting := map[int]chunkResult{}
	next := 0
	var failed error
	for res := range results {
		if failed != nil {
			continue
		}
		waiting[res.seq] = res
		for failed == nil {
			r, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			failed = applyChunk(st, r, handle)
			if failed != nil {
				cancel()
				break
			}
			next++
			sink.moveTo(next)
		}
	}
	if failed != nil {
		return failed
	}
	if err := src.err(); err != nil {
		return err
	}
	return ctx.Err()
}

// applyChunk adds one chunk's outcome to st, problems first, in the order
// the sequential reader would have met them.
func applyChunk(st *Stats, r chunkResult, handle func(Request, error) error) error {
	// The counts first: the chunk's requests went to fn as it was decoded,
	// whatever stops the run (a fatal problem ends the chunk's reader, so
	// every one of them came before it), and the Stats say so, as Scan's do.
	st.Merge(r.counts)
	st.Dashboard += r.dashboard
	for _, p := range r.problems {
		if err := handle(Request{}, p); err != nil {
			return err
		}
	}
	return r.err
}

// chunkScratch is what decodeChunkTo reuses from chunk to chunk on one
// goroutine. One Request serves every record: a fresh one per record would
// escape to the heap (fn is unknown), and even one per chunk is fresh memory
// to fault in while no GC runs (a page fault costs 12–15 µs on a virtual
// machine). Records are borrowed by fn, as every record of ScanWorkers is.
type chunkScratch struct {
	lines lineReader
	req   Request
	err   APIError
	// sink is the scan's problemSink, for decodeChunkTo's chunkResult.
	sink *problemSink
}

// decodeChunkTo decodes one chunk with rd, calling fn for each request. It
// leaves sc.req clean for the next chunk: a record the general reader
// filled is zeroed before tailLine writes its fields into the same Request,
// and the chunk ends with the general reader's zero record and io.EOF.
func decodeChunkTo(rd *jsonStreamReader, sc *chunkScratch, src *lineReader, c chunk, fn func(*Request) error) (res chunkResult) {
	res.seq, res.sink = c.seq, sc.sink
	rd.lr = chunkLinesInto(&sc.lines, src, c)
	rd.acc = rd.acc[:0]
	rd.scan = depthScanner{}
	rd.held = nil
	r, e := &sc.req, &sc.err
	general := false // r was last filled by the general reader
	lr := rd.lr
	// tailLine's times are whole seconds in UTC: their span is two numbers
	// until the chunk ends (Window.Add per line cost a call and four time
	// compares).
	span := newSecondSpan()
	defer span.into(&res.counts) // res is named: this runs after return sets it
	for {
		// Lines exactly as the CLI prints them take tailLine; any other line
		// (and a multi-line object in progress) goes to the general reader.
		if rd.fast && len(rd.acc) == 0 && lr.held == nil && rd.held == nil {
			if general {
				*r = Request{} // tailLine sets only the fields its lines hold
				general = false
			}
			// Once for a run of such lines: tailLine writes no position,
			// and fn only borrows r.
			r.Pos = Position{File: lr.name, Column: 1}
			for {
				n := tailLine(lr.pre, r, e)
				if n == 0 || n > lr.max {
					break
				}
				lr.pre = lr.pre[n:]
				lr.line++
				r.Pos.Line = lr.line
				// take's work, written out: it is not inlined, and this
				// runs once per request of a large import. tailLine's
				// Livemode is never nil.
				res.counts.Requests++
				span.add(r.Time.Unix())
				if *r.Livemode {
					res.counts.Live++
				} else {
					res.counts.Test++
				}
				if err := fn(r); err != nil {
					res.err = err
					return res
				}
			}
		}
		var err error
		*r, err = rd.Next()
		general = true
		if !res.take(r, err, fn) {
			return res
		}
	}
}

// take hands on what a chunk's reader gave: a request to fn and the
// counts, a problem to the list. It reports false when the chunk is done:
// at its end, or when fn failed.
func (res *chunkResult) take(r *Request, err error, fn func(*Request) error) bool {
	switch {
	case errors.Is(err, io.EOF):
		return false
	case err != nil:
		res.problems = append(res.problems, err)
		if len(res.problems) >= chunkProblemsHeld && res.sink != nil {
			if err := res.sink.spill(res); err != nil {
				res.err = err
				return false
			}
		}
		return true
	case madeInDashboard(r):
		res.dashboard++
		return true
	}
	res.counts.Add(r)
	if err := fn(r); err != nil {
		res.err = err
		return false
	}
	return true
}

// chunkProblemsHeld is how many malformed records a decoded chunk holds
// before it hands them on through its problemSink. A chunk is not bounded
// in lines: the lines that follow a tail-text request are read by that
// request's chunk however many there are, and 800k junk lines after a 403
// held as problems took 180 MB.
const chunkProblemsHeld = 64

// problemSink lets a decoding goroutine hand its chunk's problems to handle
// before the chunk is done, so that a chunk of a million malformed lines
// holds chunkProblemsHeld of them, not a million. Problems are handled in
// file order, so a chunk may hand them on only once every chunk before it
// has been applied (it is the head): until then spill waits. That cannot
// wait for ever: chunks are handed out in order, so each earlier one is
// being decoded or waits for the head in turn, and the collector applies
// them as they come.
//
// handle and st are the collector's: between moveTo(seq) and the arrival of
// chunk seq's result the collector touches neither, and only chunk seq's
// goroutine calls handle (the mutex and the results channel order the two).
type problemSink struct {
	ctx    context.Context
	handle func(Request, error) error
	mu     sync.Mutex
	head   int           // the chunk the collector applies next
	moved  chan struct{} // closed when head moves, if someone waits on it
}

func newProblemSink(ctx context.Context, handle func(Request, error) error) *problemSink {
	return &problemSink{ctx: ctx, handle: handle}
}

// moveTo says that every chunk before seq has been applied. It runs once
// per chunk, and a chunk rarely waits: a channel is made only for a waiter.
func (s *problemSink) moveTo(seq int) {
	s.mu.Lock()
	s.head = seq
	if s.moved != nil {
		close(s.moved)
		s.moved = nil
	}
	s.mu.Unlock()
}

// spill waits until res's chunk is the head, then hands its problems to
// handle and forgets them. An error is handle's (a fatal problem), or the
// scan's end while waiting.
func (s *problemSink) spill(res *chunkResult) error {
	if err := s.awaitHead(res.seq); err != nil {
		return err
	}
	for i, p := range res.problems {
		if err := s.handle(Request{}, p); err != nil {
			res.problems = res.problems[:0]
			return err
		}
		res.problems[i] = nil
	}
	res.problems = res.problems[:0]
	return nil
}

// awaitHead waits until chunk seq is the head. An error is the scan's end
// while waiting, or an earlier chunk's failure: then nothing more is said.
func (s *problemSink) awaitHead(seq int) error {
	for {
		s.mu.Lock()
		head := s.head
		if head != seq && s.moved == nil {
			s.moved = make(chan struct{})
		}
		moved := s.moved
		s.mu.Unlock()
		if head == seq {
			return s.ctx.Err()
		}
		select {
		case <-moved:
		case <-s.ctx.Done():
			return s.ctx.Err()
		}
	}
}

// spillItems is spill for the ordered scan (scanParallel), whose chunks
// hold their records as well as their problems, in file order: once chunk
// seq is the head, items go to handle, and the emptied slice comes back.
func (s *problemSink) spillItems(seq int, items []item) ([]item, error) {
	if err := s.awaitHead(seq); err != nil {
		return items[:0], err
	}
	for _, it := range items {
		if err := s.handle(it.r, it.err); err != nil {
			return items[:0], err
		}
	}
	clear(items) // the records' strings go with them
	return items[:0], nil
}
