package logparse

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
)

type decoded struct {
	seq   int
	items []item
	err   error // handle's, from items handed on early (chunkItemsHeld)
}

type item struct {
	r   Request
	err error
}

// scanParallel decodes src's chunks on every core and hands records to
// handle in file order.
func scanParallel(ctx context.Context, ch chunkable, lr *lineReader, src chunkSource, cancel context.CancelFunc, handle func(Request, error) error) error {
	workers := runtime.GOMAXPROCS(0)
	results := make(chan decoded, workers*2)
	// Decoded slices are recycled through a free list (a sync.Pool empties
	// at every GC).
	itemPool := newFreeList(workers*3, func() *[]item { s := make([]item, 0, chunkSize/128); return &s })
	sink := newProblemSink(ctx, handle)
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
				d := decoded{seq: c.seq}
				d.items, d.err = decodeChunk(ch, lr, c, (*ip)[:0], func(items []item) ([]item, error) {
					if len(items) < chunkItemsHeld {
						return items, nil
					}
					return sink.spillItems(c.seq, items)
				})
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
	waiting := map[int]decoded{}
	next := 0
	var failed error
	for d := range results {
		if failed != nil {
			continue
		}
		waiting[d.seq] = d
		for {
			d, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			failed = d.err
			for _, it := range d.items {
				if failed != nil {
					break
				}
				failed = handle(it.r, it.err)
			}
			itemPool.Put(&d.items)
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

// decodeChunk runs the format's ordinary reader over one chunk. After each
// item it calls spill, which may hand the items on and empty the slice: a
// run of junk lines follows one record (junkFollows), so a chunk may hold
// a million of them. An error is spill's, and ends the chunk.
func decodeChunk(ch chunkable, src *lineReader, c chunk, items []item, spill func([]item) ([]item, error)) ([]item, error) {
	rd := ch.chunkReader(chunkLines(src, c), c.seq, false)
	if t, ok := asTailText(rd); ok {
		return decodeTailTextItems(t, items, spill)
	}
	for {
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return items, nil
		}
		// The chunk buffer is reused: nothing in r may point into it.
		if items, err = spill(append(items, item{r: r, err: err})); err != nil {
			return items, err
		}
	}
}

// chunkItemsHeld is how many records and problems a chunk of the ordered
// scan holds before it hands them on (problemSink.spillItems). A chunk of
// ordinary lines holds far fewer (chunkSize over the shortest request
// line), so handing on, which waits for the chunk to be the head, never
// holds back the decoding of ordinary logs.
const chunkItemsHeld = 16 << 10

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
