package logparse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// variedLog is n requests in the format kind (tail-text, tail-json, json)
// with ids and paths that vary as a real log's do: it compresses as one
// does (about 5:1), not as a fixture repeated hundreds of times (150:1).
func variedLog(kind string, n int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), 11))
	paths := []string{"/v1/customers/cus_", "/v1/refunds/re_", "/v1/payment_intents/pi_", "/v1/prices/price_"}
	methods := []string{"GET", "POST", "DELETE"}
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		path := paths[r.IntN(len(paths))] + strconv.FormatUint(r.Uint64(), 36)
		method, status := methods[r.IntN(len(methods))], []int{200, 200, 200, 403, 404}[r.IntN(5)]
		id := "req_" + strconv.FormatUint(r.Uint64(), 36)
		sec := 1772619302 + i/7
		switch kind {
		case "tail-text":
			fmt.Fprintf(&b, "%s [%d] %s %s [%s]\n", time.Unix(int64(sec), 0).UTC().Format("2006-01-02 15:04:05"), status, method, path, id)
		case "tail-json":
			fmt.Fprintf(&b, `{"livemode":false,"method":%q,"url":%q,"status":%d,"request_id":%q,"created_at":%d,"error":null}`+"\n", method, path, status, id, sec)
		default:
			fmt.Fprintf(&b, `{"time":%q,"method":%q,"path":%q,"status":%d}`+"\n", time.Unix(int64(sec), 0).UTC().Format(time.RFC3339), method, path, status)
		}
	}
	return b.Bytes()
}

// flipInside is a gzip member of text with n bytes flipped in the middle
// of its data: a bad sector or a bad copy inside a .gz.
func flipInside(t *testing.T, text []byte, seed uint64, n int) []byte {
	t.Helper()
	m := gz(t, text)
	r := rand.New(rand.NewPCG(seed, 7))
	at := len(m)/3 + r.IntN(len(m)/3)
	for i := 0; i < n; i++ {
		m[at+i] ^= byte(1 + r.IntN(255))
	}
	return m
}

// TestGzipDamagedInsideMember: a .gz member with bytes flipped in the
// middle of its data decodes on into wrong text (pieces of the log spliced
// by back-references gone astray) until its end, where the checksum fails,
// or the data runs out early (the decoder read its trailer as data) or, now
// and then, the decoder meets a code no encoder writes. That text is not
// read: the member's lines are held back until it ends whole, and when it
// fails they are left out, counted in the one report, which names the
// member's bytes; the members after it are read. Through Scan and
// ScanWorkers at chunk sizes alike. Before, each wrong line was a report
// (hundreds), and about one in seven read as a request with a spliced
// path, wrong permissions for the key.
func TestGzipDamagedInsideMember(t *testing.T) {
	dir := t.TempDir()
	for _, rel := range []string{"tail-text", "tail-json", "json"} {
		text := variedLog(rel, 4000)
		wholeN := countRequests(t, writeFile(t, dir, "plain", text))
		for seed := uint64(1); seed <= 6; seed++ {
			damaged := flipInside(t, text, seed, 8)
			for _, tc := range []struct {
				name   string
				file   []byte
				wantN  int // the whole members' requests
				wantAt int // the report's line
			}{
				{"damaged then whole", append(append([]byte{}, damaged...), gz(t, text)...), wholeN, 1},
				{"whole, damaged, whole", append(append(gz(t, text), damaged...), gz(t, text)...), 2 * wholeN, bytes.Count(text, []byte("\n")) + 1},
			} {
				p := writeFile(t, dir, "damaged.gz", tc.file)
				for _, size := range []int{97, 4096, 1 << 20} {
					for _, workers := range []bool{false, true} {
						t.Run(fmt.Sprintf("%s seed=%d %s chunk=%d workers=%v", rel, seed, tc.name, size, workers), func(t *testing.T) {
							withChunkSize(t, size, func() {
								n, problems := scanGz(t, p, workers)
								if n != tc.wantN {
									t.Errorf("read %d requests, want the whole members' %d", n, tc.wantN)
								}
								if len(problems) != 1 {
									t.Fatalf("%d problems, want the one damage report: %v", len(problems), problems[:min(len(problems), 4)])
								}
								pe := problems[0]
								if pe.Line != tc.wantAt || !errors.Is(pe, ErrMalformed) || !strings.Contains(pe.Error(), "damaged.gz:") ||
									!strings.Contains(pe.Error(), "lines it held") || !strings.Contains(pe.Error(), "are left out") ||
									!strings.Contains(pe.Error(), "reading goes on at the next member") {
									t.Errorf("problem %v, want the member's damage at line %d, its lines left out", pe, tc.wantAt)
								}
							})
						})
					}
				}
			}
		}
	}
}

// TestGzipDamagedLastMember: the damaged member is the input's last: the
// members before it are read, and the input ends with the report, which
// says the damaged member's lines are left out.
func TestGzipDamagedLastMember(t *testing.T) {
	dir := t.TempDir()
	text := variedLog("tail-json", 4000)
	wholeN := countRequests(t, writeFile(t, dir, "plain", text))
	for seed := uint64(1); seed <= 6; seed++ {
		p := writeFile(t, dir, "last.gz", append(gz(t, text), flipInside(t, text, seed, 8)...))
		for _, workers := range []bool{false, true} {
			n, problems := scanGz(t, p, workers)
			if n != wholeN || len(problems) != 1 || !errors.Is(problems[0], ErrTruncated) ||
				!strings.Contains(problems[0].Error(), "are left out") || problems[0].Line != bytes.Count(text, []byte("\n"))+1 {
				t.Errorf("seed %d workers=%v: %d requests (want %d), problems %v", seed, workers, n, wholeN, problems)
			}
		}
	}
}

// TestGzipDamagedPastHoldBack: a damaged member longer than what is held
// back hands its earlier lines on as they come; the report says how many
// of its last lines were left out and that the ones before may hold wrong
// text too. The text is the same for any read size of the input.
func TestGzipDamagedPastHoldBack(t *testing.T) {
	old := gzipHoldBack
	gzipHoldBack = 16 << 10
	defer func() { gzipHoldBack = old }()
	text := variedLog("tail-text", 4000)
	file := append(flipInside(t, text, 3, 8), gz(t, text)...)
	var first []byte
	for _, size := range []int{1, 7, 4096, 1 << 20} {
		g, err := newGzipMembers("in.gz", &sizedReader{bytes.NewReader(file), size})
		if err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(g)
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.SplitAfter(out, []byte("\n"))
		var damage []string
		for _, l := range lines {
			if isDamageLine(l) {
				damage = append(damage, string(l))
			}
		}
		if len(damage) != 1 || !strings.Contains(damage[0], "its last ") || !strings.Contains(damage[0], "may hold such text too") {
			t.Fatalf("reads of %d: damage lines %q, want one saying its last lines were left out", size, damage)
		}
		if !bytes.HasSuffix(out, text) {
			t.Errorf("reads of %d: the whole member after the damage is not read whole", size)
		}
		if first == nil {
			first = out
		} else if !bytes.Equal(out, first) {
			t.Errorf("reads of %d: the text differs from reads of 1", size)
		}
	}
}

// TestGzipCutNotTakenForDamage: a member cut short (its random last bytes
// are no trailer) keeps its whole lines, as before: a cut adds nothing
// wrong to the text before it.
func TestGzipCutNotTakenForDamage(t *testing.T) {
	text := variedLog("tail-json", 4000)
	m := gz(t, text)
	for _, frac := range []float64{0.2, 0.5, 0.9, 0.999} {
		cut := m[:int(float64(len(m))*frac)]
		want := wholeLines(gzPrefix(t, cut))
		for _, after := range [][]byte{nil, gz(t, text)} {
			g, err := newGzipMembers("in.gz", bytes.NewReader(append(append([]byte{}, cut...), after...)))
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(g)
			if !bytes.HasPrefix(out, want) || bytes.Contains(out, []byte("left out")) {
				t.Errorf("cut at %.3f (then %d bytes): the cut member's %d bytes of whole lines are not read as they were", frac, len(after), len(want))
			}
		}
	}
}
