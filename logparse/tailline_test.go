package logparse

import (
	"bytes"
	"encoding/binary"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const tailLineOne = `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"r","created_at":5,"error":null}` + "\n"

var tailLineCases = []struct {
	name, line string
	took       int // bytes tailLine should take; 0: it must leave the line to the general reader
}{
	{"success", `{"livemode":false,"method":"GET","url":"/v1/prices","status":200,"request_id":"req_1","created_at":1767225600,"error":null}` + "\n", -1},
	{"live", `{"livemode":true,"method":"DELETE","url":"/v1/customers/cus_1","status":404,"request_id":"req_2","created_at":1,"error":null}` + "\n", -1},
	{"last line without newline", `{"livemode":false,"method":"POST","url":"/v1/refunds","status":200,"request_id":"","created_at":0,"error":null}`, -1},
	{"403 with its error", `{"livemode":false,"method":"POST","url":"/v1/charges","status":403,"request_id":"req_3","created_at":1767225600,"error":{"type":"invalid_request_error","message":"Having the 'rak_charge_write' permission would allow this request to continue."}}` + "\n", -1},
	{"empty error object", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"req_4","created_at":5,"error":{"type":"","code":"","message":""}}` + "\n", -1},
	{"bare message on a success", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"req_4","created_at":5,"error":{"message":"ok"}}` + "\n", -1},
	{"takes one line of several", tailLineOne + `{"x":1}` + "\n", len(tailLineOne)},

	{"CRLF", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"r","created_at":5,"error":null}` + "\r\n", 0},
	{"spaces", `{"livemode": false,"method":"GET","url":"/v1/a","status":200,"request_id":"r","created_at":5,"error":null}` + "\n", 0},
	{"other key order", `{"method":"GET","livemode":false,"url":"/v1/a","status":200,"request_id":"r","created_at":5,"error":null}` + "\n", 0},
	{"query", `{"livemode":false,"method":"GET","url":"/v1/a?expand[]=b","status":200,"request_id":"r","created_at":5,"error":null}` + "\n", 0},
	{"full URL", `{"livemode":false,"method":"GET","url":"https://api.stripe.com/v1/a","status":200,"request_id":"r","created_at":5,"error":null}` + "\n", 0},
	{"escape in path", `{"livemode":false,"method":"GET","url":"/v1/a\u0041","status":200,"request_id":"r","created_at":5,"error":null}` + "\n", 0},
	{"non-ASCII id", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"ré","created_at":5,"error":null}` + "\n", 0},
	{"padded id", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":" r","created_at":5,"error":null}` + "\n", 0},
	{"path ending in a space", `{"livemode":false,"method":"GET","url":"/v1/a ","status":200,"request_id":"r","created_at":5,"error":null}` + "\n", 0},
	{"status out of range", `{"livemode":false,"method":"GET","url":"/v1/a","status":600,"request_id":"r","created_at":5,"error":null}` + "\n", 0},
	{"status of four digits", `{"livemode":false,"method":"GET","url":"/v1/a","status":2000,"request_id":"r","created_at":5,"error":null}` + "\n", 0},
	{"fractional time", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"r","created_at":5.5,"error":null}` + "\n", 0},
	{"milliseconds", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"r","created_at":1767225600000,"error":null}` + "\n", 0},
	{"leading zero", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"r","created_at":05,"error":null}` + "\n", 0},
	{"lower-case method", `{"livemode":false,"method":"get","url":"/v1/a","status":200,"request_id":"r","created_at":5,"error":null}` + "\n", 0},
	{"trailing text", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"r","created_at":5,"error":null} x` + "\n", 0},
	{"cut short", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"r","created_at":5,"error":nu`, 0},
	{"extra key", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"r","created_at":5,"error":null,"x":1}` + "\n", 0},
}

// TestTailLine: the lines tailLine takes, it reads as the general reader
// does; the others it leaves alone.
func TestTailLine(t *testing.T) {
	for _, tc := range tailLineCases {
		t.Run(tc.name, func(t *testing.T) {
			var r Request
			n := tailLine([]byte(tc.line), &r, new(APIError))
			want := tc.took
			if want < 0 {
				want = len(tc.line)
			}
			if n != want {
				t.Fatalf("took %d bytes, want %d", n, want)
			}
			if n > 0 {
				checkTailLine(t, []byte(tc.line)[:n], r)
			}
		})
	}
}

// TestTailLineEveryPrefix: a line cut anywhere (the end of a chunk, a
// truncated log) is never read past its end, and only a whole object is
// taken.
func TestTailLineEveryPrefix(t *testing.T) {
	for _, tc := range tailLineCases {
		for k := range len(tc.line) {
			b := []byte(tc.line[:k])
			if n := tailLine(b, new(Request), new(APIError)); n > 0 && !bytes.HasSuffix(bytes.TrimSuffix(b[:n], []byte("\n")), []byte("}")) {
				t.Errorf("%s: took %q", tc.name, b[:n])
			}
		}
	}
}

// FuzzTailLine holds tailLine to the general fast path and encoding/json:
// whatever line it takes, both read the same request from it.
func FuzzTailLine(f *testing.F) {
	for _, tc := range tailLineCases {
		f.Add([]byte(tc.line))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r Request
		n := tailLine(b, &r, new(APIError))
		if n < 0 || n > len(b) {
			t.Fatalf("took %d of %d bytes", n, len(b))
		}
		if n > 0 {
			checkTailLine(t, b[:n], r)
			if !recordIsClean(r) {
				t.Fatalf("tailLine took text that needs cleaning: %q", b[:n])
			}
		}
	})
}

func checkTailLine(t *testing.T, line []byte, got Request) {
	t.Helper()
	if i := bytes.IndexByte(line, '\n'); i >= 0 && i != len(line)-1 {
		t.Fatalf("took more than one line: %q", line)
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	var fast Request
	if !fastTailJSON(line, &fast) {
		t.Fatalf("tailLine took a line the fast path refuses: %s", line)
	}
	slow, err := decodeObject(line, nil)
	if err != nil {
		t.Fatalf("tailLine took a line encoding/json refuses (%v): %s", err, line)
	}
	if a, b, c := render(got), render(fast), render(slow); a != b || a != c {
		t.Fatalf("readings differ on %s\ntailLine: %s\nfast:     %s\njson:     %s", line, a, b, c)
	}
}

func BenchmarkTailLine(b *testing.B) {
	data := benchTailJSON(20000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var r Request
	e := new(APIError)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for rest := data; len(rest) > 0; {
			n := tailLine(rest, &r, e)
			if n == 0 {
				b.Fatalf("not taken: %.80s", rest)
			}
			rest = rest[n:]
		}
	}
}

func TestParseEightDigits(t *testing.T) {
	for _, s := range []string{"00000000", "12345678", "99999999", "17672256", "00000001", "10000000"} {
		v := binary.LittleEndian.Uint64([]byte(s))
		want, _ := strconv.ParseUint(s, 10, 64)
		if !eightDigits(v) || parseEightDigits(v) != want {
			t.Errorf("%s: eightDigits %v, value %d", s, eightDigits(v), parseEightDigits(v))
		}
	}
	for _, s := range []string{"1234567a", "/1234567", ":1234567", "1234 678", "\x001234567", "12345678"[:7] + "\xb0"} {
		if eightDigits(binary.LittleEndian.Uint64([]byte(s))) {
			t.Errorf("%q taken for digits", s)
		}
	}
}

// TestScanStops holds the word-at-a-time scans to their byte tables at every
// offset, with each kind of stop and the near misses of scanPath's folded
// tests.
func TestScanStops(t *testing.T) {
	for c := 0; c < 256; c++ {
		for at := 0; at < 20; at++ {
			b := []byte(strings.Repeat("a", 20) + "x")
			b[at] = byte(c)
			for _, sc := range []struct {
				name  string
				scan  func([]byte, int) int
				stops *[256]bool
			}{{"scanString", scanString, &stringStops}, {"scanPath", scanPath, &pathStops}} {
				want := len(b)
				for i, x := range b {
					if sc.stops[x] {
						want = i
						break
					}
				}
				if got := sc.scan(b, 0); got != want {
					t.Fatalf("%s with %#x at %d: %d, want %d", sc.name, c, at, got, want)
				}
			}
		}
	}
}

// TestFastPathOwnsItsStrings: outside ScanWorkers a record must not point
// into the line it was read from (the reader reuses its buffer), even when
// the request id is empty.
func TestFastPathOwnsItsStrings(t *testing.T) {
	for _, line := range []string{
		`{"livemode":false,"method":"GET","url":"/v1/prices","status":200,"request_id":"req_1","created_at":1767225600,"error":null}`,
		`{"livemode":true,"method":"GET","url":"/v1/prices","status":200,"request_id":"","created_at":1767225600,"error":null}`,
	} {
		b := []byte(line)
		var r Request
		if !fastTailJSON(b, &r) {
			t.Fatalf("not taken: %s", line)
		}
		path, id, live := r.Path, r.RequestID, *r.Livemode
		for i := range b {
			b[i] = 'X'
		}
		if r.Path != path || r.RequestID != id || r.Path != "/v1/prices" || *r.Livemode != live {
			t.Errorf("record changed with the line: %q %q", r.Path, r.RequestID)
		}
		if r.Livemode == &sharedTrue || r.Livemode == &sharedFalse {
			t.Error("Livemode points to the shared value")
		}
	}
}

// TestHasAtLiterals holds every hasAt call in this package to what hasAt
// assumes without checking: a literal of 8 to 16 bytes (it compares the
// first and last word, and loads them unchecked).
func TestHasAtLiterals(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset, calls := token.NewFileSet(), 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if id, isIdent := callee(call, ok); !isIdent || id != "hasAt" {
				return true
			}
			calls++
			if sel, isSel := call.Args[2].(*ast.SelectorExpr); isSel && sel.Sel.Name == "lit" {
				return true // tailMethods' literals: TestTailMethods checks them
			}
			lit, ok := call.Args[2].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: hasAt's third argument must be a string literal", fset.Position(call.Pos()))
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err != nil || len(s) < 8 || len(s) > 16 {
				t.Errorf("%s: hasAt(%s): want a literal of 8 to 16 bytes, got %d", fset.Position(call.Pos()), lit.Value, len(s))
			}
			return true
		})
	}
	if calls == 0 {
		t.Fatal("found no hasAt call: is this test still looking in the right place?")
	}
}

// TestTailMethods: tailMethods' literals fit hasAt (8 to 16 bytes), and
// each method is found by its first letter.
func TestTailMethods(t *testing.T) {
	found := 0
	for c, tm := range tailMethods {
		if tm.lit == "" {
			continue
		}
		found++
		if len(tm.lit) < 8 || len(tm.lit) > 16 || tm.method[0] != byte(c) || !strings.HasPrefix(tm.lit, tm.method+`"`) {
			t.Errorf("tailMethods[%q] = %+v", byte(c), tm)
		}
	}
	if found != 3 {
		t.Errorf("%d methods, want GET, POST and DELETE", found)
	}
}

// callee is the name of the function call calls, when it is a plain name.
func callee(call *ast.CallExpr, ok bool) (string, bool) {
	if !ok {
		return "", false
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, true
}

func TestHasAt(t *testing.T) {
	b := []byte(`xx,"created_at":12`)
	for _, c := range []struct {
		i    int
		want bool
	}{{2, true}, {1, false}, {3, false}} {
		if got := hasAt(b, c.i, `,"created_at":`); got != c.want {
			t.Errorf("hasAt(%q, %d) = %v, want %v", b, c.i, got, c.want)
		}
	}
	// Every byte of a literal counts, the middle ones of a 16-byte one too.
	lit := `DELETE","url":"/`
	for k := range len(lit) {
		b := []byte(lit)
		b[k] ^= 0x20
		if hasAt(b, 0, `DELETE","url":"/`) {
			t.Errorf("hasAt took %q for %q", b, lit)
		}
	}
	if hasAt([]byte(lit[:15]), 0, `DELETE","url":"/`) {
		t.Error("hasAt read past the end of b")
	}
}
