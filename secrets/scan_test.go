package secrets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func scanString(t *testing.T, s string) ([]Finding, int) {
	t.Helper()
	var got []Finding
	allowed, err := Scan("f.go", strings.NewReader(s), func(f Finding) { got = append(got, f) })
	if err != nil {
		t.Fatal(err)
	}
	return got, allowed
}

func TestScanFinds(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string // "line:col rule mode masked"
		allowed int
	}{
		{"nothing", "package main\nfunc is_live_mode() {}\n", nil, 0},
		{"secret live", "x := \"sk_live_CANARY0000000000000000000000001\"\n",
			[]string{"1:7 stripe-secret-key live sk_live_…0001"}, 0},
		{"restricted test on line 3 with CRLF", "a\r\nb\r\nKEY=rk_test_CANARY0000000000000000000000002\r\n",
			[]string{"3:5 stripe-restricted-key test rk_test_…0002"}, 0},
		{"webhook secret", "WH=whsec_CANARY00000000000000000000003\n",
			[]string{"1:4 stripe-webhook-secret  whsec_…0003"}, 0},
		{"publishable is info", "pk: pk_live_CANARY00000000000000000000004\n",
			[]string{"1:5 stripe-publishable-key live pk_live_…0004"}, 0},
		{"unknown prefixes", "rkcs_test_CANARY0000000000005 oak_CANARY00000000000006\n",
			[]string{"1:1 stripe-unknown-key test rkcs_test_…0005", "1:31 stripe-unknown-key  oak_…0006"}, 0},
		{"two on a line, no final newline", "a sk_test_CANARY0000000000007 b rk_live_CANARY0000000000008",
			[]string{"1:3 stripe-secret-key test sk_test_…0007", "1:33 stripe-restricted-key live rk_live_…0008"}, 0},
		{"glued to an env name", "MY_sk_live_CANARY000000000009\n",
			[]string{"1:4 stripe-secret-key live sk_live_…0009"}, 0},
		{"inside a word", "disk_live_migration2024abcdef\n", nil, 0},
		{"placeholder without digits", "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx\nsk_test_YOUR_KEY_HERE\n", nil, 0},
		{"too short", "sk_test_CANARY12\n", nil, 0},
		{"allowed inline", "k = 'sk_test_CANARY0000000000010' # rakmigrate:allow\nk2 = 'rk_test_CANARY0000000000011'\n",
			[]string{"2:7 stripe-restricted-key test rk_test_…0011"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, allowed := scanString(t, tt.in)
			var got []string
			for _, f := range found {
				got = append(got, fmt.Sprintf("%d:%d %s %s %s", f.Line, f.Column, f.Rule, f.Mode, f.Masked))
				if strings.Contains(f.Preview+f.Masked, "CANARY") {
					t.Errorf("finding leaks the key: %+v", f)
				}
				if want := ruleFor(f.Kind).Severity; f.Severity != want {
					t.Errorf("severity %s, want %s", f.Severity, want)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if allowed != tt.allowed {
				t.Errorf("allowed = %d, want %d", allowed, tt.allowed)
			}
		})
	}
}

func TestScanPreview(t *testing.T) {
	long := strings.Repeat("x", 200)
	in := long + " sk_test_CANARYaaaaaaaaaaaaaaaaaaaaaaaa1 then " + long + "\x1b[31m\n"
	found, _ := scanString(t, in)
	if len(found) != 1 {
		t.Fatalf("found %d", len(found))
	}
	p := found[0].Preview
	if !strings.HasPrefix(p, "…") || !strings.HasSuffix(p, "…") || !strings.Contains(p, "sk_test_…aaa1 then") {
		t.Errorf("preview = %q", p)
	}
	if len(p) > previewWidth+8 || strings.ContainsRune(p, 0x1b) {
		t.Errorf("preview too long or has control chars: %q", p)
	}
	// A key right before the one reported is cut from the preview's left
	// edge only after it was masked.
	in = strings.Repeat("y", 30) + "rk_live_CANARY" + strings.Repeat("b", 30) + "zz9 sk_live_CANARYcccccccccccccc2\n"
	found, _ = scanString(t, in)
	for _, f := range found {
		if strings.Contains(f.Preview, "bbbbb") || strings.Contains(f.Preview, "CANARY") {
			t.Errorf("preview shows part of a key: %q", f.Preview)
		}
	}
}

func TestScanLineNumbersAcrossChunks(t *testing.T) {
	var b strings.Builder
	lines := 0
	for b.Len() < 3*chunkSize {
		b.WriteString("some ordinary source line with is_test_mode and whsec_ mentioned\n")
		lines++
	}
	b.WriteString("key = rk_live_CANARY000000000000000000000042\n")
	found, _ := scanString(t, b.String())
	if len(found) != 1 || found[0].Line != lines+1 || found[0].Column != 7 {
		t.Fatalf("found %+v, want line %d col 7", found, lines+1)
	}
}

func TestScanHugeLine(t *testing.T) {
	// A minified file: one line of several chunks, keys anywhere, one right
	// on a chunk boundary.
	for _, at := range []int{10, chunkSize - 20, chunkSize - keyOverlap + 3, 2*chunkSize + 7} {
		pad := strings.Repeat("a,", at/2)
		in := pad + "sk_live_CANARY0000000000000000077," + strings.Repeat("b,", chunkSize)
		found, _ := scanString(t, in)
		if len(found) != 1 || found[0].Line != 1 || found[0].Column != len(pad)+1 {
			t.Fatalf("at %d: found %+v, want column %d", at, found, len(pad)+1)
		}
	}
}

func TestScanBinary(t *testing.T) {
	_, err := Scan("img.png", bytes.NewReader([]byte("\x89PNG\x00\x00sk_live_CANARY0000000000000000001")), func(Finding) { t.Fatal("emitted") })
	if !errors.Is(err, ErrBinary) {
		t.Fatalf("err = %v", err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestScanReadError(t *testing.T) {
	_, err := Scan("a.txt", io.MultiReader(strings.NewReader("ok\n"), failingReader{}), func(Finding) {})
	if err == nil || !strings.Contains(err.Error(), "a.txt") || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v", err)
	}
}

func FuzzScan(f *testing.F) {
	f.Add("k=sk_live_CANARY0000000000000000001\n# rakmigrate:allow rk_test_CANARY00000000000002")
	f.Add("whsec_CANARYaaaaaaaaaaaa3\r\npk_test_CANARY0000000000004 oak_x")
	f.Add("\x00binary")
	f.Fuzz(func(t *testing.T, in string) {
		lines := strings.Count(in, "\n") + 1
		_, err := Scan("f", strings.NewReader(in), func(fd Finding) {
			if fd.Line < 1 || fd.Line > lines || fd.Column < 1 {
				t.Fatalf("bad position %d:%d in %q", fd.Line, fd.Column, in)
			}
			if m := keyAt.FindString(fd.Preview); m != "" {
				t.Fatalf("preview holds a key: %q", fd.Preview)
			}
			for i := range fd.Preview {
				if keyAt.MatchString(fd.Preview[i:]) {
					t.Fatalf("preview holds a key: %q", fd.Preview)
				}
			}
		})
		if err != nil && !errors.Is(err, ErrBinary) {
			t.Fatal(err)
		}
	})
}

// FuzzFindKeys holds the hand-written matcher to keyPattern: every span it
// returns is exactly a keyPattern match at that offset, and every
// non-overlapping regexp match is found.
func FuzzFindKeys(f *testing.F) {
	for _, s := range []string{"sk_org_live_CANARY000000000001", "rkcs_test_CANARY00000000 sk_org_CANARY0000000002",
		"xsk_test_AAAAAAAArk_live_BBBBBBBBBB", "whsec_oak_abcdefghijk", "is_live_mode pk_prod_12345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		spans := findKeys(line)
		at := map[int]keySpan{}
		for _, sp := range spans {
			m := keyAt.FindStringSubmatchIndex(line[sp.start:])
			if m == nil || m[3] != sp.prefixEnd-sp.start || m[1] != sp.end-sp.start {
				t.Fatalf("span %+v of %q is not the keyPattern match %v", sp, line, m)
			}
			at[sp.start] = sp
		}
		for _, m := range keyPattern().FindAllStringIndex(line, -1) {
			if _, ok := at[m[0]]; !ok {
				t.Fatalf("keyPattern match %q at %d of %q not found (spans %+v)", line[m[0]:m[1]], m[0], line, spans)
			}
		}
	})
}

// BenchmarkScan measures throughput over source-like text: Go code, JSON
// config and logs, with a key every few hundred lines.
func BenchmarkScan(b *testing.B) {
	var src strings.Builder
	for i := 0; src.Len() < 16<<20; i++ {
		fmt.Fprintf(&src, "func handle%d(w http.ResponseWriter, r *http.Request) { // is_live_mode check\n", i)
		src.WriteString("\tparams := &stripe.PaymentIntentParams{Amount: stripe.Int64(2000), Currency: stripe.String(\"usd\")}\n")
		src.WriteString("\t{\"id\": \"pi_3MtwBwLkdIwHu7ix28a3tqPa\", \"object\": \"payment_intent\", \"livemode\": false}\n")
		if i%200 == 0 {
			fmt.Fprintf(&src, "\tconst key = \"sk_test_CANARY%028d\"\n", i)
		}
	}
	data := []byte(src.String())
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		n := 0
		if _, err := Scan("bench.go", bytes.NewReader(data), func(Finding) { n++ }); err != nil || n == 0 {
			b.Fatal(err, n)
		}
	}
}
