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
				d := decoded{seq: c.seq, items: decodeChunk(ch, lr, c, (*ip)[:0])}
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

// decodeChunk runs the format's ordinary reader over one chunk.
func decodeChunk(ch chunkable, src *lineReader, c chunk, items []item) []item {
	rd := ch.chunkReader(chunkLines(src, c), c.seq, false)
	if t, ok := asTailText(rd); ok {
		return decodeTailTextItems(t, items)
	}
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
