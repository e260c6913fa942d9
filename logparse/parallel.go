package logparse

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
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

type decoded struct {
	seq   int
	items []item
}

type item struct {
	r   Request
	err error
}

// scanParallel decodes src's chunks on every core and hands records to
// handle in file order.
func scanParallel(ctx context.Context, js *jsonStreamReader, src chunkSource, cancel context.CancelFunc, opts Options, handle func(Request, error) error) error {
	workers := runtime.GOMAXPROCS(0)
	results := make(chan decoded, workers*2)
	// Decoded slices are recycled through a free list (a sync.Pool empties
	// at every GC).
	itemPool := newFreeList(workers*3, func() *[]item { s := make([]item, 0, chunkSize/128); return &s })
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch []byte
			for {
				c, ok := src.next(ctx, &scratch)
				if !ok {
					return
				}
				ip := itemPool.Get()
				d := decoded{seq: c.seq, items: decodeChunk(js, opts, c, (*ip)[:0])}
				src.release(c)
				select {
				case results <- d:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// Put chunks back in order; at most a few are ever waiting.
	waiting := map[int][]item{}
	next := 0
	var failed error
	for d := range results {
		if failed != nil {
			continue
		}
		waiting[d.seq] = d.items
		for {
			items, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			for _, it := range items {
				if err := handle(it.r, it.err); err != nil {
					failed = err
					cancel()
					break
				}
			}
			itemPool.Put(&items)
			if failed != nil {
				break
			}
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

// decodeChunk runs the ordinary JSON-lines reader over one chunk.
func decodeChunk(js *jsonStreamReader, opts Options, c chunk, items []item) []item {
	lr := newLineReader(js.lr.name, c.data, nil, js.lr.max)
	lr.line = c.firstLine - 1
	rd := &jsonStreamReader{lr: lr, loc: js.loc, fast: js.fast, format: js.format}
	for {
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return items
		}
		// The chunk buffer is reused: nothing in r may point into it.
		items = append(items, item{r: r, err: err})
	}
}

// parallelDecode switches chunked decoding on; tests turn it off to compare
// against the sequential reader.
var parallelDecode = true

// freeList recycles up to n values; Get makes a new one when none is free.
type freeList[T any] struct {
	free chan *T
	make func() *T
}

func newFreeList[T any](n int, mk func() *T) *freeList[T] {
	return &freeList[T]{free: make(chan *T, n), make: mk}
}

func (f *freeList[T]) Get() *T {
	select {
	case v := <-f.free:
		return v
	default:
		return f.make()
	}
}

func (f *freeList[T]) Put(v *T) {
	select {
	case f.free <- v:
	default:
	}
}
