package logparse

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// TestEncodingShapes: text whose bytes are not plain UTF-8 lines, as real
// tools leave it, reads like the plain text.
func TestEncodingShapes(t *testing.T) {
	const tail = "2026-03-04 10:15:02 [200] POST /v1/customers [req_1]\r\n2026-03-04 10:15:04 [403] POST /v1/refunds [req_2]\r\n"
	le := func(s string) string {
		var b strings.Builder
		for _, u := range utf16.Encode([]rune(s)) {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
		return b.String()
	}
	be := func(s string) string {
		var b strings.Builder
		for _, u := range utf16.Encode([]rune(s)) {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		}
		return b.String()
	}
	nuls := strings.Repeat("\x00", 5000)
	for _, tt := range []struct{ name, in string }{
		// `cmd /u /c type tail.log > u.log`: UTF-16LE without a BOM.
		{"utf-16le without bom", le(tail)},
		{"utf-16be without bom", be(tail)},
		{"utf-16be with bom", "\xfe\xff" + be(tail)},
		// logrotate copytruncate under a writer without O_APPEND.
		{"nul hole before the lines", nuls + tail},
		{"nul hole, then a line cut by the truncation", nuls + "q_0]\n" + tail},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rd, format := openString(t, tt.in, Options{})
			if format != FormatTailText {
				t.Fatalf("format %s, want tail-text", format)
			}
			reqs, errs := readAll(t, rd)
			if len(reqs) != 2 || reqs[1].Path != "/v1/refunds" || reqs[1].Status != 403 {
				t.Errorf("requests %+v, problems %v", reqs, errs)
			}
			for _, err := range errs {
				if strings.Contains(err.Error(), "q_0]") {
					continue // the line the truncation cut is malformed, and said to be
				}
				t.Errorf("problem %v", err)
			}
		})
	}
}
