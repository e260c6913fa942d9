package logparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestGzipSmallDamagedMemberLeftOut pins a decision: a small .gz member
// damaged inside is left out whole, the lines decoded before the damage
// too, however small it is. Where the damage is cannot be told from the
// text: a damaged deflate stream decodes on into text made of the log's
// own pieces, and the decoder fails, if it fails before the checksum at the
// member's end, some way after the damage. Keeping the lines that parse up
// to the first that does not would keep a request with a spliced path now
// and then (measured on 300 damaged members each of 30, 100 and 300
// tail-json lines, 8 bytes flipped at random: 1, 3 and 6 members gave such
// a request, while a third to a half of the good lines came back), and a
// spliced path is a permission the key does not need, or one it lacks. The
// member's lines are counted in its one report, so that the user knows to
// fetch the .gz again. Here: members of 5 to 100 lines, damaged anywhere in
// their data, between whole members, through Scan and ScanWorkers: no
// request of the damaged member is read, and the whole members' all are.
func TestGzipSmallDamagedMemberLeftOut(t *testing.T) {
	dir := t.TempDir()
	before, after := variedLog("tail-json", 300), variedLog("tail-json", 301)
	ids := func(text []byte) []string {
		var out []string
		for _, l := range strings.Split(string(text), "\n") {
			if _, rest, ok := strings.Cut(l, `"request_id":"`); ok {
				id, _, _ := strings.Cut(rest, `"`)
				out = append(out, id)
			}
		}
		return out
	}
	want := slices.Sorted(slices.Values(append(ids(before), ids(after)...)))
	for _, n := range []int{5, 12, 30, 100} {
		small := variedLog("tail-json", n)
		m := gz(t, small)
		for seed := uint64(1); seed <= 12; seed++ {
			r := rand.New(rand.NewPCG(seed, uint64(n)))
			damaged := bytes.Clone(m)
			at := 10 + r.IntN(len(m)-10-8-4) // in the deflate data: past the header, before the trailer
			for i := range 4 {
				damaged[at+i] ^= byte(1 + r.IntN(255))
			}
			file := append(append(gz(t, before), damaged...), gz(t, after)...)
			p := writeFile(t, dir, fmt.Sprintf("small-%d-%d.gz", n, seed), file)
			for _, workers := range []bool{false, true} {
				t.Run(fmt.Sprintf("%d lines seed=%d workers=%v", n, seed, workers), func(t *testing.T) {
					var mu sync.Mutex
					var got []string
					var problems []*ParseError
					opt := ScanOptions{OnProblem: func(pe *ParseError) { mu.Lock(); problems = append(problems, pe); mu.Unlock() }}
					in := []Input{{Name: "small.gz", Path: p}}
					var err error
					if workers {
						_, err = ScanWorkers(context.Background(), in, opt, func() func(*Request) error {
							return func(r *Request) error {
								mu.Lock()
								got = append(got, strings.Clone(r.RequestID))
								mu.Unlock()
								return nil
							}
						})
					} else {
						_, err = Scan(context.Background(), in, opt, func(r Request) error { got = append(got, r.RequestID); return nil })
					}
					if err != nil {
						t.Fatal(err)
					}
					slices.Sort(got)
					if !slices.Equal(got, want) {
						t.Errorf("read %d requests, want the whole members' %d and none of the damaged one's", len(got), len(want))
					}
					// One report; it counts the lines left out when any were
					// decoded before the decoder failed.
					if len(problems) != 1 || !errors.Is(problems[0], ErrMalformed) || !strings.Contains(problems[0].Error(), "reading goes on at the next member") {
						t.Errorf("problems %v, want the one report of the damaged member", problems)
					}
				})
			}
		}
	}
}
